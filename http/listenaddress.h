// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"

#include <QHostAddress>
#include <QString>

namespace OrderDesk {

/// Where the HTTP API listens: an IP address and a port, as `--listen` takes them.
struct ListenAddress
{
    static constexpr quint16 DefaultPort = 8080;

    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    /// 0: any free port (the server reports the one it got).
    quint16 port = DefaultPort;

    /// Only this machine can connect: 127.0.0.0/8 or ::1.
    bool isLoopback() const { return host.isLoopback(); }
    /// "127.0.0.1:8080", "[::1]:8080".
    QString toString() const;

    /// Parses "HOST:PORT", "[IPv6]:PORT", "HOST" (port 8080) or ":PORT" (loopback). HOST is
    /// an IP address or "localhost"; other names are refused rather than resolved, so that
    /// what is exposed never depends on a DNS answer.
    static Result<ListenAddress> parse(const QString &text);
};

} // namespace OrderDesk
