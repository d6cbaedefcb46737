// SPDX-License-Identifier: MIT
#include "applicationsettings.h"

#include <QCoreApplication>

namespace OrderDesk {

std::unique_ptr<QSettings> openApplicationSettings()
{
    const QString application = QCoreApplication::applicationName();
    const QString organization = QCoreApplication::organizationName();
    // The default format, not QSettings(organization, application)'s native one, so that
    // QSettings::setDefaultFormat() and setPath() (tests use them) decide where it goes.
    return std::make_unique<QSettings>(QSettings::defaultFormat(), QSettings::UserScope,
                                       organization.isEmpty() ? application : organization,
                                       application);
}

} // namespace OrderDesk
