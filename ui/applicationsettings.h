// SPDX-License-Identifier: MIT
#pragma once

#include <QSettings>

#include <memory>

namespace OrderDesk {

/// The application's settings file (~/.config/OrderDesk/OrderDesk.conf on Linux).
///
/// OrderDesk sets no organization name, so that its data directory is ~/.local/share/OrderDesk
/// rather than one level deeper; QSettings() would then file the settings under "Unknown
/// Organization" and report an access error. The application's name stands in for the
/// organization.
std::unique_ptr<QSettings> openApplicationSettings();

} // namespace OrderDesk
