// SPDX-License-Identifier: MIT
#include "datadirectory.h"

#include "sqliteconnection.h"

#include <QDir>
#include <QStandardPaths>

namespace OrderDesk {

using namespace Qt::StringLiterals;

QString DataDirectory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

DataDirectory::DataDirectory(const QString &path) : m_path(QDir::cleanPath(QDir(path).absolutePath()))
{
}

QString DataDirectory::writeStorePath() const
{
    return m_path + u"/orders.db"_s;
}

QString DataDirectory::readStorePath() const
{
    return m_path + u"/orders-read.db"_s;
}

Result<void> DataDirectory::ensureExists() const
{
    return ensurePrivateDirectory(m_path);
}

} // namespace OrderDesk
