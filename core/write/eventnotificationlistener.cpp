// SPDX-License-Identifier: MIT
#include "eventnotificationlistener.h"

#include "postgreswritestore.h"

#include <QSqlError>
#include <QSqlQuery>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QString channel()
{
    return QString::fromUtf16(PostgresWriteStore::NotificationChannel);
}

} // namespace

EventNotificationListener::EventNotificationListener(const QString &databaseUrl, QObject *parent)
    : EventNotificationListener(databaseUrl, Options(), parent)
{
}

EventNotificationListener::EventNotificationListener(const QString &databaseUrl,
                                                     const Options &options, QObject *parent)
    : QObject(parent)
    , m_settings(PostgresSettings::fromUrl(databaseUrl))
    , m_options(options)
    , m_connection(u"listener"_s)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &EventNotificationListener::connectNow);
    connect(&m_pollTimer, &QTimer::timeout, this, &EventNotificationListener::poll);
}

EventNotificationListener::~EventNotificationListener()
{
    stop();
}

QString EventNotificationListener::serverName() const
{
    return m_settings ? m_settings->displayName() : QString();
}

void EventNotificationListener::start()
{
    if (m_running)
        return;
    m_running = true;
    m_retryDelayMs = 0;
    connectNow();
}

void EventNotificationListener::stop()
{
    m_running = false;
    m_retryTimer.stop();
    m_pollTimer.stop();
    if (m_connection.isOpen()) {
        if (QSqlDriver *driver = m_connection.database().driver())
            driver->unsubscribeFromNotification(channel());
    }
    m_connection.close();
    m_connected = false;
}

void EventNotificationListener::connectNow()
{
    if (!m_running)
        return;
    if (!m_settings) {
        // A URL that cannot be parsed will not get better by retrying.
        m_running = false;
        Q_EMIT connectionStateChanged(false, m_settings.error().message);
        return;
    }
    if (auto ok = m_connection.open(*m_settings); !ok) {
        lost(ok.error());
        return;
    }
    QSqlDatabase db = m_connection.database();
    QSqlDriver *driver = db.driver();
    if (!driver->hasFeature(QSqlDriver::EventNotifications)
        || !driver->subscribeToNotification(channel())) {
        lost(postgresError(driver->lastError(), tr("Cannot listen for changes")));
        return;
    }
    connect(driver, &QSqlDriver::notification, this,
            &EventNotificationListener::handleNotification, Qt::UniqueConnection);
    m_connected = true;
    m_retryDelayMs = 0;
    qCInfo(lcPostgres, "Listening for new events on %s", qPrintable(m_settings->displayName()));
    Q_EMIT connectionStateChanged(true,
                                  tr("Listening for changes on %1").arg(m_settings->displayName()));
    m_pollTimer.start(m_options.pollIntervalMs);
    // Whatever was committed while nobody listened: one wake-up for all of it.
    m_announceNextPoll = true;
    poll();
}

void EventNotificationListener::poll()
{
    if (!m_connected)
        return;
    // QPSQL closes the connection itself when it finds the socket dead while reading
    // notifications.
    if (!m_connection.isOpen()) {
        lost(Error{ErrorCode::StorageUnavailable, tr("the server closed the connection")});
        return;
    }
    QSqlQuery query(m_connection.database());
    if (!query.exec(u"SELECT coalesce(max(position), 0) FROM events"_s) || !query.next()) {
        const QSqlError error = query.lastError();
        if (isConnectionError(error)) {
            lost(postgresError(error, QString()));
        } else {
            qCWarning(lcPostgres, "Cannot read the head position: %s",
                      qPrintable(postgresError(error, QString()).message));
        }
        return;
    }
    const qint64 head = query.value(0).toLongLong();
    if (head > m_lastPosition || m_announceNextPoll) {
        m_announceNextPoll = false;
        announce(head);
    }
}

void EventNotificationListener::lost(const Error &error)
{
    m_pollTimer.stop();
    m_connection.close();
    m_connected = false;
    if (!m_running)
        return;
    m_retryDelayMs = m_retryDelayMs == 0 ? m_options.firstRetryMs
                                         : qMin(m_retryDelayMs * 2, m_options.maxRetryMs);
    const QString message = tr("No connection to %1; retrying in %2 s (%3)")
                                    .arg(m_settings->displayName())
                                    .arg(double(m_retryDelayMs) / 1000.0, 0, 'g', 2)
                                    .arg(error.message);
    qCWarning(lcPostgres, "%s", qPrintable(message));
    Q_EMIT connectionStateChanged(false, message);
    m_retryTimer.start(m_retryDelayMs);
}

void EventNotificationListener::handleNotification(const QString &name,
                                                   QSqlDriver::NotificationSource source,
                                                   const QVariant &payload)
{
    Q_UNUSED(source);
    if (name != channel())
        return;
    bool ok = false;
    const qint64 position = payload.toString().toLongLong(&ok);
    if (!ok) {
        // Someone else's NOTIFY on our channel: still a reason to look.
        poll();
        return;
    }
    if (position > m_lastPosition)
        announce(position);
}

void EventNotificationListener::announce(qint64 position)
{
    m_lastPosition = position;
    Q_EMIT notified(position);
}

} // namespace OrderDesk
