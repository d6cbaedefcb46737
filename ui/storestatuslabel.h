// SPDX-License-Identifier: MIT
#pragma once

#include "projections/projectionstatus.h"

#include <QLabel>

namespace OrderDesk {

/// The write store in use, in the status bar ("PostgreSQL · ada@db:5432/orderdesk"), and for a
/// shared store whether the connection to the server is up (ProjectionStatus::storeConnected):
/// while it is down the label says, in red, that OrderDesk is reconnecting, with the details in
/// its tooltip; connectionRestored() tells when it is back.
class StoreStatusLabel : public QLabel
{
    Q_OBJECT

public:
    explicit StoreStatusLabel(const QString &description, QWidget *parent = nullptr);

    void setStatus(const ProjectionStatus &status);
    bool isConnected() const { return m_connected; }
    const QString &description() const { return m_description; }

Q_SIGNALS:
    void connectionLost(const QString &message);
    void connectionRestored();

private:
    void updateText();

    QString m_description;
    QString m_message;
    bool m_connected = true;
};

} // namespace OrderDesk
