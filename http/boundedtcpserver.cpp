// SPDX-License-Identifier: MIT
#include "boundedtcpserver.h"

#include <QLoggingCategory>
#include <QTcpSocket>

#include <memory>

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcHttpConnections, "orderdesk.http.connections")

BoundedTcpServer::BoundedTcpServer(qint64 maxUnansweredBytes, QObject *parent)
    : QTcpServer(parent)
    , m_maxUnansweredBytes(maxUnansweredBytes)
{
}

void BoundedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttpConnections, "Cannot take a new connection: %s",
                  qPrintable(socket->errorString()));
        delete socket;
        return;
    }
    // Connected before the HTTP server connects its own readyRead handler, so this one sees each
    // chunk before the server reads it: bytesAvailable() is then exactly the new data.
    auto unanswered = std::make_shared<qint64>(0);
    const qint64 limit = m_maxUnansweredBytes;
    connect(socket, &QTcpSocket::readyRead, socket, [socket, unanswered, limit] {
        *unanswered += socket->bytesAvailable();
        if (*unanswered > limit) {
            qCWarning(lcHttpConnections,
                      "Closing the connection from %s: %lld bytes sent without an answer",
                      qPrintable(socket->peerAddress().toString()), qlonglong(*unanswered));
            socket->abort();
        }
    });
    connect(socket, &QTcpSocket::bytesWritten, socket, [unanswered] { *unanswered = 0; });
    addPendingConnection(socket);
}

} // namespace OrderDesk
