// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QAction;
class QVBoxLayout;

namespace OrderDesk {

/// About OrderDesk, and where it keeps things: version, data directory, write store, read
/// store, settings file; the read-your-writes setting and, where the window offers it, the
/// HTTP API's.
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

    /// Adds a group of settings below the read-your-writes setting; the dialog takes it.
    void addSettings(QWidget *section);

private:
    QVBoxLayout *m_layout;
};

} // namespace OrderDesk
