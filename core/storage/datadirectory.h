// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QString>

namespace OrderDesk {

/// Where OrderDesk keeps its files: the write store (orders.db) and the read store
/// (orders-read.db) side by side in one owner-only directory.
class DataDirectory
{
public:
    /// The platform's application data location (QStandardPaths::AppDataLocation).
    static QString defaultPath();

    explicit DataDirectory(const QString &path = defaultPath());

    const QString &path() const { return m_path; }
    QString writeStorePath() const;
    QString readStorePath() const;

    /// Creates the directory (owner-only) when it does not exist.
    Result<void> ensureExists() const;

private:
    QString m_path;
};

} // namespace OrderDesk
