// SPDX-License-Identifier: MIT
#pragma once

#include "storechoice.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QVBoxLayout;

namespace OrderDesk {

/// Settings ▸ the write store: the embedded SQLite file in the data directory or a shared
/// PostgreSQL server (host, port, database, user). The password is never asked for or stored:
/// libpq reads it from PGPASSWORD or ~/.pgpass, and the dialog says so. "Test Connection"
/// tries the server off the GUI thread. The choice takes effect when OrderDesk next starts.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    struct Context
    {
        /// What Settings holds now.
        StoreChoice choice;
        /// The store this session uses (WriteStore::description()) and what chose it.
        QString storeInUse;
        StoreSource source = StoreSource::Settings;
        QString dataDirectory;
    };

    explicit SettingsDialog(const Context &context, QWidget *parent = nullptr);

    /// The choice as the fields show it.
    StoreChoice choice() const;
    /// Why the fields do not describe a usable server; empty when they do (or SQLite is
    /// chosen).
    QString problem() const;

    QRadioButton *sqliteButton() const { return m_sqlite; }
    QRadioButton *postgresButton() const { return m_postgres; }
    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portBox() const { return m_port; }
    QLineEdit *databaseEdit() const { return m_database; }
    QLineEdit *userEdit() const { return m_user; }
    QPushButton *testButton() const { return m_test; }
    QLabel *testResult() const { return m_testResult; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    /// Adds a group of settings that take effect at once, below the write store's; the dialog
    /// takes it.
    void addSection(QWidget *section);

    /// The sentence on where the password comes from, as the dialog shows it.
    static QString passwordRule();

Q_SIGNALS:
    /// "Test Connection" has an answer: whether the server took the login, and what to say.
    void connectionTested(bool ok, const QString &message);

private:
    void updateState();
    void testConnection();

    QRadioButton *m_sqlite;
    QRadioButton *m_postgres;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QPushButton *m_test;
    QLabel *m_testResult;
    QDialogButtonBox *m_buttons;
    QVBoxLayout *m_layout;
    bool m_testing = false;
};

} // namespace OrderDesk
