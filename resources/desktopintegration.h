// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QString>

namespace OrderDesk {

/// The reverse-DNS application id. It names the installed .desktop file, the AppStream
/// metainfo and the themed icon, and is the app id Wayland compositors match windows by.
QString applicationId();

/// The application icon in every size the embedded resources hold (16 to 256 px), so that
/// title bars and task switchers get a sharp image without an SVG plugin at run time.
QIcon applicationIcon();

} // namespace OrderDesk
