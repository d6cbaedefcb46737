// SPDX-License-Identifier: MIT
#pragma once

#include "events/eventenvelope.h"
#include "write/writestore.h"

#include <QAbstractTableModel>

namespace OrderDesk {

/// The raw event log as it grows, for demonstrators: position, time, type, stream, actor and
/// whether the read store shows the event yet. The one view that reads the event log; it does
/// so read-only, on a worker thread with a connection of its own.
///
/// Holds the newest events only (capacity(), 1000 by default): new events are appended with
/// rowsInserted and the oldest leave with rowsRemoved. The "projected" column follows the
/// projector's checkpoint with dataChanged for the rows whose state flipped.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PositionColumn,
        TimeColumn,
        TypeColumn,
        StreamColumn,
        ActorColumn,
        ProjectedColumn,
    };
    static constexpr int ColumnCount = ProjectedColumn + 1;
    static constexpr int DefaultCapacity = 1000;

    /// Raw values, the same in every column of a row, except ProjectedRole which belongs to
    /// the projected column (so that a flip is one changed cell).
    enum Role {
        PositionRole = Qt::UserRole + 1,
        OccurredAtRole, ///< UTC milliseconds since the epoch
        TypeRole,
        StreamIdRole,
        StreamVersionRole,
        ActorRole,
        CommandIdRole,
        PayloadRole, ///< the event's JSON, as stored
        ProjectedRole,
    };

    /// eventLog describes the write store; it is opened read-only whatever it says.
    explicit EventLogModel(const WriteStoreConfig &eventLog, QObject *parent = nullptr);
    ~EventLogModel() override;

    int capacity() const;
    /// Keeps at most this many events (at least one), removing the oldest beyond it.
    void setCapacity(int capacity);

    /// The position of the newest event held; 0 when none.
    qint64 lastPosition() const;
    qint64 projectedPosition() const;
    bool isFetching() const;
    /// The event on a row, for detail views.
    EventEnvelope event(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public Q_SLOTS:
    /// Events up to headPosition exist: fetch those not held yet, off the GUI thread.
    void onEventsAppended(qint64 headPosition);
    /// Fetches whatever the log holds beyond the newest event held: at start, and for events
    /// written by other processes.
    void refresh();
    /// The read store shows every event up to position: the projector's checkpoint
    /// (ProjectionStatus::checkpoint, or ChangeSet::toPosition of a batch). It may go back,
    /// when the read store was replaced; the rows after it turn pending again.
    void setProjectedPosition(qint64 position);

Q_SIGNALS:
    /// A fetch finished and its events are in the model.
    void eventsFetched(qint64 lastPosition);
    void fetchFailed(const QString &message);

private:
    struct Fetched;
    /// Runs on a worker thread: the events after `after`, at most `limit`, newest kept.
    static Fetched fetch(const WriteStoreConfig &eventLog, qint64 after, int limit);
    void startFetch();
    void apply(const Fetched &fetched);
    bool isProjected(qint64 position) const { return position <= m_projected; }

    WriteStoreConfig m_eventLog;
    QList<EventEnvelope> m_events; ///< oldest first
    int m_capacity = DefaultCapacity;
    qint64 m_projected = 0;
    /// The newest position anyone told us of; fetched until reached.
    qint64 m_wanted = 0;
    bool m_fetching = false;
    bool m_again = false;
};

} // namespace OrderDesk
