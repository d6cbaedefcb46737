// SPDX-License-Identifier: MIT
#include "listenaddress.h"

#include <QCoreApplication>

#include <algorithm>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ListenAddress", text);
}

} // namespace

QString ListenAddress::toString() const
{
    const QString address = host.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + host.toString() + u']'
        : host.toString();
    return address + u':' + QString::number(port);
}

Result<ListenAddress> ListenAddress::parse(const QString &text)
{
    const auto invalid = [&text](const QString &why) {
        return Error {
            ErrorCode::InvalidRequest,
            tr("\u201c%1\u201d is not an address to listen on: %2").arg(text.left(80), why)};
    };
    ListenAddress result;
    QString hostText = text;
    QString portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return invalid(tr("the IPv6 address has no closing bracket."));
        hostText = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return invalid(tr("expected \u201c:PORT\u201d after the address."));
            portText = rest.mid(1);
        }
    } else if (text.count(u':') == 1) {
        const qsizetype colon = text.indexOf(u':');
        hostText = text.left(colon);
        portText = text.mid(colon + 1);
    } else if (text.count(u':') > 1) {
        return invalid(tr("write an IPv6 address in brackets, e.g. [::1]:8080."));
    }

    const bool digitsOnly = !hostText.isEmpty()
        && std::all_of(hostText.cbegin(), hostText.cend(), [](QChar c) { return c.isDigit(); });
    if (digitsOnly && portText.isNull())
        return invalid(tr("a port alone is written \u201c:%1\u201d.").arg(hostText));
    // QHostAddress would take "8080" for the IPv4 address 0.0.31.144.
    if (digitsOnly)
        return invalid(tr("the host must be an IP address or localhost."));
    if (hostText.isEmpty() || hostText.compare(u"localhost"_s, Qt::CaseInsensitive) == 0) {
        result.host = QHostAddress(QHostAddress::LocalHost);
    } else if (!result.host.setAddress(hostText)) {
        return invalid(tr("the host must be an IP address or localhost."));
    }
    if (!portText.isNull()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port > 65535)
            return invalid(tr("the port must be a number from 0 to 65535."));
        result.port = quint16(port);
    }
    return result;
}

} // namespace OrderDesk
