// SPDX-License-Identifier: MIT
#pragma once

#include "storechoice.h"

#include <QDialog>
#include <QTimer>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QVBoxLayout;

namespace OrderDesk {

class PasswordKeychain;

/// Settings ▸ the write store: the embedded SQLite file in the data directory or a shared
/// PostgreSQL server (host, port, database, user, password). The password never goes into the
/// settings: one typed here is remembered in the system keychain on OK (the dialog stays open
/// and says why when that fails), and "Forget" removes the one remembered for the server.
/// "Test Connection" tries the server off the GUI thread with the typed password, else with the
/// remembered one, else as libpq finds it (PGPASSWORD, ~/.pgpass). Keychain calls never block
/// the dialog. The choice takes effect when OrderDesk next starts.
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
        /// Where passwords are remembered; null: PasswordKeychain::system(). Must outlive the
        /// dialog.
        PasswordKeychain *keychain = nullptr;
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
    QLineEdit *passwordEdit() const { return m_password; }
    /// What the keychain holds for the server in the fields, or why it cannot be asked.
    QLabel *keychainStatus() const { return m_keychainStatus; }
    QPushButton *forgetButton() const { return m_forget; }
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
    /// The keychain answered about the server in the fields (a look-up, Forget or the save on
    /// OK); keychainStatus() says what it said.
    void keychainAnswered();

private:
    /// Resizes to width and the height the contents need at that width.
    void fitHeight(int width);
    void updateState();
    void testConnection();
    /// Tries the server, with a password in the URL or without, off the GUI thread.
    void runProbe(const QString &url);
    void lookUpStoredPassword();
    void forgetPassword();
    void saveAndAccept();
    void showKeychainStatus(const QString &text);

    PasswordKeychain &keychain() const { return *m_keychain; }

    QRadioButton *m_sqlite;
    QRadioButton *m_postgres;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_keychainStatus;
    QPushButton *m_forget;
    QPushButton *m_test;
    QLabel *m_testResult;
    QDialogButtonBox *m_buttons;
    QVBoxLayout *m_layout;
    PasswordKeychain *m_keychain;
    /// Looks the server up in the keychain once the fields have stopped changing.
    QTimer m_lookUp;
    /// The server the keychain status speaks of, and whether it holds a password for it.
    QString m_keychainKey;
    bool m_stored = false;
    bool m_testing = false;
    bool m_saving = false;
};

} // namespace OrderDesk
