// SPDX-License-Identifier: MIT
#include "apisettingspanel.h"

#include "apiserver.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace OrderDesk {

using namespace Qt::StringLiterals;

ApiSettingsPanel::ApiSettingsPanel(ApiServer &server, const QString &token, int port,
                                   QWidget *parent)
    : QGroupBox(tr("HTTP API (takes effect at once)"), parent)
    , m_server(server)
{
    setObjectName(u"apiSettings"_s);
    auto *form = new QFormLayout(this);

    m_enabled = new QCheckBox(tr("Let programs on this computer send commands and queries over "
                                 "&HTTP"),
                              this);
    m_enabled->setObjectName(u"apiEnabled"_s);
    m_enabled->setChecked(server.isListening());
    form->addRow(m_enabled);

    m_port = new QSpinBox(this);
    m_port->setObjectName(u"apiPort"_s);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(server.isListening() ? server.config().listen.port : port);
    m_port->setAccessibleName(tr("Port"));
    form->addRow(tr("&Port on 127.0.0.1:"), m_port);

    auto *tokenRow = new QHBoxLayout;
    m_token = new QLineEdit(token, this);
    m_token->setObjectName(u"apiToken"_s);
    m_token->setReadOnly(true);
    m_token->setAccessibleName(tr("Token"));
    tokenRow->addWidget(m_token, 1);
    auto *copy = new QPushButton(tr("&Copy"), this);
    copy->setAccessibleName(tr("Copy the token"));
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_token->text()); });
    tokenRow->addWidget(copy);
    // A label made here: QFormLayout gives a row that holds a layout no buddy for the mnemonic.
    auto *tokenLabel = new QLabel(tr("&Token:"), this);
    tokenLabel->setBuddy(m_token);
    form->addRow(tokenLabel, tokenRow);

    auto *hint = new QLabel(tr("Programs send it as <tt>Authorization: Bearer &lt;token&gt;</tt>. "
                               "It is new in every session unless ORDERDESK_API_TOKEN is set, "
                               "and never saved."),
                            this);
    hint->setWordWrap(true);
    form->addRow(hint);

    m_state = new QLabel(this);
    m_state->setObjectName(u"apiState"_s);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_state->setWordWrap(true);
    form->addRow(tr("Now:"), m_state);

    connect(m_enabled, &QCheckBox::toggled, this, &ApiSettingsPanel::apply);
    connect(m_port, &QSpinBox::editingFinished, this, [this] {
        if (!m_server.isListening() || m_server.config().listen.port != m_port->value())
            apply();
    });
    connect(&m_server, &ApiServer::listeningChanged, this, [this] { showState(); });
    showState();
}

Result<void> ApiSettingsPanel::start(ApiServer &server, int port, const QString &token)
{
    ApiServerConfig config;
    config.listen.host = QHostAddress(QHostAddress::LocalHost);
    config.listen.port = quint16(port);
    config.token = token;
    return server.listen(config);
}

void ApiSettingsPanel::apply()
{
    QString error;
    if (m_enabled->isChecked()) {
        // Port 0 stays 0 in the settings: each start takes whatever port is free.
        if (const Result<void> started = start(m_server, m_port->value(), m_token->text());
            !started)
            error = started.error().message;
    } else {
        m_server.close();
    }
    showState(error);
    Q_EMIT settingsChanged(m_enabled->isChecked(), m_port->value());
}

void ApiSettingsPanel::showState(const QString &error)
{
    if (!error.isEmpty())
        m_state->setText(error);
    else if (m_server.isListening())
        m_state->setText(tr("Listening on %1").arg(m_server.url().toString()));
    else
        m_state->setText(tr("Off"));
}

} // namespace OrderDesk
