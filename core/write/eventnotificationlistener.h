// SPDX-License-Identifier: MIT
#pragma once

#include "domain/result.h"
#include "storage/postgresconnection.h"

#include <QObject>
#include <QSqlDriver>
#include <QTimer>

namespace OrderDesk {

/// Wakes a reader when any desktop commits events to a shared PostgreSQL write store.
///
/// Opens its own connection, LISTENs on PostgresWriteStore::NotificationChannel
/// (QSqlDriver::subscribeToNotification) and emits notified() with the head position that the
/// committing batch announced. As a fallback it also polls the head position every
/// `pollIntervalMs`, which doubles as the health check: when the connection drops, it says so
/// (connectionStateChanged(false, …)) and reconnects with exponential back-off. After every
/// (re)connect it emits notified() with the current head once, so that events committed while
/// it was away are not missed.
///
/// Lives on, and must be used from, one thread with an event loop (the socket notifier of the
/// driver and the timers need one). Connecting blocks that thread for up to connect_timeout.
class EventNotificationListener : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int pollIntervalMs = 2000;
        int firstRetryMs = 250;
        int maxRetryMs = 30000;
    };

    explicit EventNotificationListener(const QString &databaseUrl, QObject *parent = nullptr);
    EventNotificationListener(const QString &databaseUrl, const Options &options,
                              QObject *parent = nullptr);
    ~EventNotificationListener() override;

    /// Connects and starts listening; failures are retried with back-off until stop().
    void start();
    void stop();
    bool isConnected() const { return m_connected; }
    /// The highest head position heard of so far (0 before the first).
    qint64 lastPosition() const { return m_lastPosition; }
    /// "user@host:port/db" of the server it listens to.
    QString serverName() const;

Q_SIGNALS:
    /// Events up to `position` are committed. A wake-up, not the data; positions only grow.
    void notified(qint64 position);
    /// The connection came up (true) or went down (false); `message` is a sentence for the
    /// status bar, e.g. "Connection to … lost; reconnecting in 2 s".
    void connectionStateChanged(bool connected, const QString &message);

private:
    void connectNow();
    void poll();
    void lost(const Error &error);
    void handleNotification(const QString &name, QSqlDriver::NotificationSource source,
                            const QVariant &payload);
    void announce(qint64 position);

    Result<PostgresSettings> m_settings;
    Options m_options;
    PostgresConnection m_connection;
    QTimer m_retryTimer;
    QTimer m_pollTimer;
    int m_retryDelayMs = 0;
    bool m_running = false;
    bool m_connected = false;
    bool m_announceNextPoll = false;
    qint64 m_lastPosition = 0;
};

} // namespace OrderDesk
