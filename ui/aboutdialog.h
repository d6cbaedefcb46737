// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QAction;

namespace OrderDesk {

/// About OrderDesk, and where it keeps things: version, data directory, write store, read
/// store, settings file; the read-your-writes setting.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    struct Facts
    {
        QString dataDirectory;
        QString writeStore;
        QString readStore;
        QString settingsFile;
    };

    AboutDialog(const Facts &facts, QAction *readYourWrites, QWidget *parent = nullptr);
};

} // namespace OrderDesk
