// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "models/whenfinished.h"
#include "passwordkeychain.h"
#include "storage/datadirectory.h"
#include "storage/postgresconnection.h"
#include "write/postgreswritestore.h"

#include <QButtonGroup>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>
#include <QtConcurrentRun>

#include <algorithm>
#include <climits>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString trText(const char *text, int n = -1)
{
    return QCoreApplication::translate("OrderDesk::SettingsDialog", text, nullptr, n);
}

/// Runs on the thread pool, with a connection of its own: what a desktop would find there.
Result<QString> probe(const QString &databaseUrl)
{
    const Result<PostgresSettings> settings = PostgresSettings::fromUrl(databaseUrl);
    if (!settings)
        return settings.error();
    PostgresConnection connection(u"settings"_s);
    if (auto ok = connection.open(*settings); !ok)
        return ok.error();
    const Result<int> version = connection.schemaVersion();
    if (!version)
        return version.error();
    if (*version == 0)
        return trText("Connected. The database has no OrderDesk tables yet; OrderDesk creates them "
                  "when it first starts with it (the user needs the right to create tables).");
    if (*version > PostgresWriteStore::migrations().constLast().version)
        return Error{ErrorCode::SchemaTooNew,
                     trText("Connected, but the store was written by a newer version of OrderDesk "
                        "(schema %1); update OrderDesk to use it.")
                             .arg(*version)};
    const Result<QVariant> head =
            connection.scalar(u"SELECT coalesce(max(position), 0) FROM events"_s);
    if (!head)
        return head.error();
    return trText("Connected to an OrderDesk store with %n event(s).",
              int(std::min<qint64>(head->toLongLong(), INT_MAX)));
}

QString sourceText(StoreSource source)
{
    switch (source) {
    case StoreSource::CommandLine:
        return trText("the --database-url option");
    case StoreSource::DataDirectory:
        return trText("the --data-dir option (its own SQLite file)");
    case StoreSource::Environment:
        return trText("the ORDERDESK_DATABASE_URL environment variable");
    case StoreSource::Settings:
        break;
    }
    return {};
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

QString SettingsDialog::passwordRule()
{
#ifdef Q_OS_WIN
    const QString passFile = u"%APPDATA%\\postgresql\\pgpass.conf"_s;
#else
    const QString passFile = u"~/.pgpass"_s;
#endif
    return tr("OrderDesk never stores the password in its settings: one typed here is remembered "
              "in the system keychain when you press OK. At start the password is, first to "
              "last: the PGPASSWORD environment variable when it is set, the one remembered in "
              "the keychain, a line host:port:database:user:password in %1 (readable by you "
              "only).")
            .arg(passFile);
}

SettingsDialog::SettingsDialog(const Context &context, QWidget *parent)
    : QDialog(parent)
    , m_sqlite(new QRadioButton(tr("&Embedded SQLite in the data directory"), this))
    , m_postgres(new QRadioButton(tr("Shared &PostgreSQL server"), this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_keychainStatus(new QLabel(this))
    , m_forget(new QPushButton(tr("&Forget"), this))
    , m_test(new QPushButton(tr("&Test Connection"), this))
    , m_testResult(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_keychain(context.keychain ? context.keychain : &PasswordKeychain::system())
{
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(this);
    m_layout = layout;

    auto *store = new QGroupBox(tr("Write store"), this);
    auto *storeLayout = new QVBoxLayout(store);
    auto *group = new QButtonGroup(this);
    group->addButton(m_sqlite);
    group->addButton(m_postgres);
    m_sqlite->setObjectName(u"sqliteButton"_s);
    m_postgres->setObjectName(u"postgresButton"_s);

    storeLayout->addWidget(m_sqlite);
    const DataDirectory dataDirectory(context.dataDirectory);
    auto *sqliteNote =
            note(tr("%1 \u2014 for one desktop; nothing to set up.")
                         .arg(QDir::toNativeSeparators(dataDirectory.writeStorePath())),
                 store);
    sqliteNote->setContentsMargins(fontMetrics().averageCharWidth() * 4, 0, 0, 0);
    storeLayout->addWidget(sqliteNote);

    storeLayout->addWidget(m_postgres);
    auto *server = new QWidget(store);
    server->setObjectName(u"serverFields"_s);
    // The fields in a form; the notes and Test Connection below it in a plain column, where
    // wrapped labels get the height their text needs (QFormLayout gives them more).
    auto *serverLayout = new QVBoxLayout(server);
    serverLayout->setContentsMargins(fontMetrics().averageCharWidth() * 4, 0, 0, 0);
    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    serverLayout->addLayout(form);
    m_host->setObjectName(u"hostEdit"_s);
    m_host->setPlaceholderText(u"db.example.com"_s);
    m_port->setObjectName(u"portBox"_s);
    m_port->setRange(1, 65535);
    m_port->setGroupSeparatorShown(false);
    m_database->setObjectName(u"databaseEdit"_s);
    m_database->setPlaceholderText(u"orderdesk"_s);
    m_user->setObjectName(u"userEdit"_s);
    m_user->setPlaceholderText(tr("your login on the server"));
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("P&ort:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&User:"), m_user);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setEnabled(keychain().isAvailable());
    m_forget->setObjectName(u"forgetPasswordButton"_s);
    m_forget->setToolTip(tr("Remove the password remembered for this server from the system "
                            "keychain"));
    auto *passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_password, 1);
    passwordRow->addWidget(m_forget);
    auto *passwordLabel = new QLabel(tr("Pass&word:"), server);
    passwordLabel->setBuddy(m_password);
    form->addRow(passwordLabel, passwordRow);
    m_keychainStatus->setObjectName(u"keychainStatus"_s);
    m_keychainStatus->setWordWrap(true);
    m_keychainStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *password = note(passwordRule(), server);
    password->setObjectName(u"passwordRule"_s);
    // Under the fields, in line with them.
    int labelWidth = 0;
    for (QWidget *field : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
                           static_cast<QWidget *>(m_database), static_cast<QWidget *>(m_user)}) {
        if (QWidget *label = form->labelForField(field))
            labelWidth = std::max(labelWidth, label->sizeHint().width());
    }
    labelWidth = std::max(labelWidth, passwordLabel->sizeHint().width());
    const int fieldIndent = labelWidth + style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing);
    auto *notes = new QVBoxLayout;
    notes->setContentsMargins(fieldIndent, 0, 0, 0);
    notes->addWidget(m_keychainStatus);
    notes->addWidget(password);
    serverLayout->addLayout(notes);
    auto *testRow = new QHBoxLayout;
    m_test->setObjectName(u"testConnectionButton"_s);
    m_testResult->setObjectName(u"testResult"_s);
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);
    serverLayout->addLayout(testRow);
    storeLayout->addWidget(server);
    layout->addWidget(store);

    layout->addWidget(note(tr("Each desktop keeps its own read store, the copy of the orders that "
                              "the window shows, in its data directory (%1); with a shared server "
                              "only the write store is shared, and every desktop projects it "
                              "locally.")
                                   .arg(QDir::toNativeSeparators(dataDirectory.readStorePath())),
                           this));
    QString inUse = tr("In use now: %1.").arg(context.storeInUse);
    if (context.source != StoreSource::Settings)
        inUse += u' '
                + tr("This session was started with %1, which takes precedence over this "
                     "setting.")
                          .arg(sourceText(context.source));
    auto *current = note(inUse, this);
    current->setObjectName(u"storeInUse"_s);
    layout->addWidget(current);
    auto *restart = note(tr("A change takes effect when OrderDesk starts next time."), this);
    restart->setObjectName(u"restartNote"_s);
    QFont bold = restart->font();
    bold.setBold(true);
    restart->setFont(bold);
    layout->addWidget(restart);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    const StoreChoice &choice = context.choice;
    (choice.backend == StoreChoice::Backend::Postgres ? m_postgres : m_sqlite)->setChecked(true);
    m_host->setText(choice.host);
    m_port->setValue(choice.port);
    m_database->setText(choice.database);
    m_user->setText(choice.user);

    // The keychain is asked about a server once its fields have stopped changing, not at every
    // key press (a locked keychain may ask its user to unlock it).
    m_lookUp.setSingleShot(true);
    m_lookUp.setInterval(400);
    connect(&m_lookUp, &QTimer::timeout, this, &SettingsDialog::lookUpStoredPassword);
    const auto serverChanged = [this] {
        m_testResult->clear();
        updateState();
        m_lookUp.start();
    };
    connect(m_postgres, &QRadioButton::toggled, this, serverChanged);
    for (QLineEdit *edit : {m_host, m_database, m_user})
        connect(edit, &QLineEdit::textChanged, this, serverChanged);
    connect(m_port, &QSpinBox::valueChanged, this, serverChanged);
    connect(m_password, &QLineEdit::textChanged, m_testResult, &QLabel::clear);
    connect(m_forget, &QPushButton::clicked, this, &SettingsDialog::forgetPassword);
    connect(m_test, &QPushButton::clicked, this, &SettingsDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::saveAndAccept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    lookUpStoredPassword();
    fitHeight(fontMetrics().averageCharWidth() * 96);
}

StoreChoice SettingsDialog::choice() const
{
    StoreChoice choice;
    choice.backend =
            m_postgres->isChecked() ? StoreChoice::Backend::Postgres : StoreChoice::Backend::Sqlite;
    choice.host = m_host->text().trimmed();
    choice.port = m_port->value();
    choice.database = m_database->text().trimmed();
    choice.user = m_user->text().trimmed();
    return choice;
}

QString SettingsDialog::problem() const
{
    const StoreChoice current = choice();
    if (current.backend == StoreChoice::Backend::Sqlite)
        return {};
    if (current.host.isEmpty())
        return tr("Enter the server's host name.");
    if (current.database.isEmpty())
        return tr("Enter the name of the database.");
    if (const Result<PostgresSettings> parsed = PostgresSettings::fromUrl(current.databaseUrl());
        !parsed)
        return parsed.error().message;
    return {};
}

void SettingsDialog::fitHeight(int width)
{
    // The height its wrapped notes need at this width, not at the narrow one sizeHint() assumes.
    resize(width, hasHeightForWidth() ? heightForWidth(width) : sizeHint().height());
}

void SettingsDialog::addSection(QWidget *section)
{
    section->setParent(this);
    // Above the stretch and the buttons, which are last.
    m_layout->insertWidget(m_layout->count() - 2, section);
    fitHeight(width());
}

void SettingsDialog::updateState()
{
    const bool postgres = m_postgres->isChecked();
    findChild<QWidget *>(u"serverFields"_s)->setEnabled(postgres);
    const QString why = problem();
    // While the password is being saved, OK waits for the keychain and nothing may change.
    m_buttons->setEnabled(!m_saving);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(why);
    m_test->setEnabled(postgres && why.isEmpty() && !m_testing);
    m_forget->setEnabled(m_stored && !m_saving);
    m_forget->setVisible(keychain().isAvailable());
    m_password->setPlaceholderText(
            m_stored ? tr("remembered; type a new one to replace it")
                     : tr("optional; remembered in the system keychain"));
}

void SettingsDialog::showKeychainStatus(const QString &text)
{
    m_keychainStatus->setText(text);
    m_keychainStatus->setVisible(!text.isEmpty());
}

void SettingsDialog::lookUpStoredPassword()
{
    m_lookUp.stop();
    const QString key = keychainKey(choice());
    m_keychainKey = key;
    m_stored = false;
    updateState();
    if (key.isEmpty()) {
        showKeychainStatus(QString());
        return;
    }
    showKeychainStatus(tr("Looking for a password for %1 in the system keychain\u2026").arg(key));
    keychain().read(key, this, [this, key](const Result<QString> &stored) {
        if (key != m_keychainKey)
            return; // the fields have changed since; another look-up is on its way
        m_stored = stored && !stored->isEmpty();
        if (!stored)
            showKeychainStatus(tr("The system keychain cannot be used: %1. The password comes "
                                  "from PGPASSWORD or the password file.")
                                       .arg(stored.error().message));
        else if (m_stored)
            showKeychainStatus(
                    tr("A password for %1 is remembered in the system keychain.").arg(key));
        else
            showKeychainStatus(
                    tr("No password for %1 is remembered in the system keychain.").arg(key));
        updateState();
        Q_EMIT keychainAnswered();
    });
}

void SettingsDialog::forgetPassword()
{
    const QString key = m_keychainKey;
    if (key.isEmpty() || !m_stored)
        return;
    m_forget->setEnabled(false);
    keychain().remove(key, this, [this, key](const Result<void> &removed) {
        if (removed) {
            if (key == m_keychainKey)
                m_stored = false;
            showKeychainStatus(
                    tr("The password for %1 was removed from the system keychain.").arg(key));
        } else {
            showKeychainStatus(tr("The password for %1 could not be removed: %2.")
                                       .arg(key, removed.error().message));
        }
        updateState();
        Q_EMIT keychainAnswered();
    });
}

void SettingsDialog::saveAndAccept()
{
    if (m_saving || !problem().isEmpty())
        return;
    const QString password = m_password->text();
    const QString key = keychainKey(choice());
    if (password.isEmpty() || key.isEmpty() || !keychain().isAvailable()) {
        accept();
        return;
    }
    m_saving = true;
    showKeychainStatus(tr("Saving the password for %1 in the system keychain\u2026").arg(key));
    updateState();
    keychain().write(key, password, this, [this, key](const Result<void> &saved) {
        m_saving = false;
        if (saved) {
            m_password->clear();
            m_keychainKey = key;
            m_stored = true;
            showKeychainStatus(
                    tr("A password for %1 is remembered in the system keychain.").arg(key));
            updateState();
            Q_EMIT keychainAnswered();
            accept();
            return;
        }
        showKeychainStatus(tr("The password was not saved: %1. Nothing was changed; clear the "
                              "password field to keep the other settings without it.")
                                   .arg(saved.error().message));
        updateState();
        Q_EMIT keychainAnswered();
    });
}

void SettingsDialog::testConnection()
{
    if (m_testing || !problem().isEmpty())
        return;
    m_testing = true;
    m_testResult->setText(tr("Connecting\u2026"));
    updateState();
    const QString url = choice().databaseUrl();
    const QString typed = m_password->text();
    // The typed password; else what the next start would use, the keychain's unless PGPASSWORD
    // is set; else libpq's own rules.
    if (!typed.isEmpty() || !m_stored || m_keychainKey != keychainKey(choice())
        || !qEnvironmentVariableIsEmpty("PGPASSWORD")) {
        runProbe(withPassword(url, typed));
        return;
    }
    keychain().read(m_keychainKey, this, [this, url](const Result<QString> &stored) {
        runProbe(withPassword(url, stored ? *stored : QString()));
    });
}

void SettingsDialog::runProbe(const QString &url)
{
    whenFinished(QtConcurrent::run([url] { return probe(url); }), this,
                 [this](const Result<QString> &result) {
                     m_testing = false;
                     const QString message = result ? *result : result.error().message;
                     m_testResult->setText(message);
                     updateState();
                     Q_EMIT connectionTested(result.hasValue(), message);
                 });
}

} // namespace OrderDesk
