// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QGroupBox>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace OrderDesk {

class ApiServer;

/// The HTTP API's settings, in the Settings dialog, applied at once: on or off, the port, and the token other
/// programs must send, with what the server is doing now.
///
/// The window serves the API on 127.0.0.1 only, and always with a token, since other users of
/// the same computer can reach 127.0.0.1 too. The token is never stored: it comes from the
/// environment (ORDERDESK_API_TOKEN) or is made new for each session and shown here to copy.
/// Whether the API is on and its port are kept in the settings (MainWindow saves them).
class ApiSettingsPanel : public QGroupBox
{
    Q_OBJECT

public:
    ApiSettingsPanel(ApiServer &server, const QString &token, int port, QWidget *parent = nullptr);

    /// Serves the API on 127.0.0.1:port (0: any free port) with the token.
    static Result<void> start(ApiServer &server, int port, const QString &token);

    QCheckBox *enabledBox() const { return m_enabled; }
    QSpinBox *portBox() const { return m_port; }
    QLineEdit *tokenField() const { return m_token; }
    QLabel *stateLabel() const { return m_state; }

Q_SIGNALS:
    /// The user turned the API on or off or chose another port.
    void settingsChanged(bool enabled, int port);

private:
    void apply();
    void showState(const QString &error = {});

    ApiServer &m_server;
    QCheckBox *m_enabled;
    QSpinBox *m_port;
    QLineEdit *m_token;
    QLabel *m_state;
};

} // namespace OrderDesk
