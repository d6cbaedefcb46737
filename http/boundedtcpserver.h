// SPDX-License-Identifier: MIT
#pragma once

#include <QTcpServer>

namespace OrderDesk {

/// A QTcpServer for the HTTP API that bounds what one connection can make the server buffer.
///
/// Qt HTTP Server 6.4 reads a whole request, body included, before it hands it over, and has no
/// size limit of its own: the API answers a body above its limit with 413 only after it was
/// read. So that a client cannot make the process buffer gigabytes, a connection that sends more
/// than maxUnansweredBytes() without being answered is aborted. The count restarts whenever the
/// server writes to the connection (an answer).
class BoundedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    explicit BoundedTcpServer(qint64 maxUnansweredBytes, QObject *parent = nullptr);

    qint64 maxUnansweredBytes() const { return m_maxUnansweredBytes; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    qint64 m_maxUnansweredBytes;
};

} // namespace OrderDesk
