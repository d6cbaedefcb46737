// SPDX-License-Identifier: MIT
#include "eventlogmodel.h"

#include "whenfinished.h"

#include <QDateTime>
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace OrderDesk {

using namespace Qt::StringLiterals;

/// What a worker thread read for one fetch.
struct EventLogModel::Fetched
{
    EventEnvelopes events;
    qint64 head = 0;
    QString error;
};

EventLogModel::EventLogModel(const WriteStoreConfig &eventLog, QObject *parent)
    : QAbstractTableModel(parent)
    , m_eventLog(eventLog)
{
    m_eventLog.readOnly = true;
}

EventLogModel::~EventLogModel() = default;

int EventLogModel::capacity() const
{
    return m_capacity;
}

void EventLogModel::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    if (m_events.size() > m_capacity) {
        const int excess = int(m_events.size()) - m_capacity;
        beginRemoveRows({}, 0, excess - 1);
        m_events.remove(0, excess);
        endRemoveRows();
    }
}

qint64 EventLogModel::lastPosition() const
{
    return m_events.isEmpty() ? 0 : m_events.constLast().position;
}

qint64 EventLogModel::projectedPosition() const
{
    return m_projected;
}

bool EventLogModel::isFetching() const
{
    return m_fetching;
}

EventEnvelope EventLogModel::event(int row) const
{
    return row >= 0 && row < m_events.size() ? m_events.at(row) : EventEnvelope();
}

EventLogModel::Fetched EventLogModel::fetch(const WriteStoreConfig &eventLog, qint64 after,
                                            int limit)
{
    Fetched fetched;
    const std::unique_ptr<WriteStore> store = createWriteStore(eventLog);
    if (auto ok = store->open(); !ok) {
        fetched.error = ok.error().message;
        return fetched;
    }
    const Result<qint64> head = store->headPosition();
    if (!head) {
        fetched.error = head.error().message;
        return fetched;
    }
    fetched.head = *head;
    // Only the newest `limit` can be shown: skip what would be removed at once. Positions
    // have no gaps, so the head says where they start.
    const Result<EventEnvelopes> events = store->readEvents(std::max(after, *head - limit), limit);
    if (!events)
        fetched.error = events.error().message;
    else
        fetched.events = *events;
    return fetched;
}

void EventLogModel::onEventsAppended(qint64 headPosition)
{
    if (headPosition <= std::max(m_wanted, lastPosition()))
        return;
    m_wanted = headPosition;
    startFetch();
}

void EventLogModel::refresh()
{
    startFetch();
}

void EventLogModel::startFetch()
{
    if (m_fetching) {
        m_again = true;
        return;
    }
    m_fetching = true;
    m_again = false;
    whenFinished(QtConcurrent::run(&EventLogModel::fetch, m_eventLog, lastPosition(), m_capacity),
                 this, [this](const Fetched &fetched) { apply(fetched); });
}

void EventLogModel::apply(const Fetched &fetched)
{
    m_fetching = false;
    if (!fetched.error.isEmpty()) {
        Q_EMIT fetchFailed(fetched.error);
        // Not again at once: a log that cannot be read now will not be readable in a moment
        // either; the next notification tries again.
        m_again = false;
        return;
    }
    EventEnvelopes events = fetched.events;
    // Only what is newer than what is held (the capacity may have shrunk meanwhile, too).
    const qint64 last = lastPosition();
    events.removeIf([last](const EventEnvelope &e) { return e.position <= last; });
    if (events.size() > m_capacity)
        events.remove(0, events.size() - m_capacity);

    if (!events.isEmpty()) {
        const qsizetype excess = m_events.size() + events.size() - m_capacity;
        if (excess > 0) {
            beginRemoveRows({}, 0, int(excess) - 1);
            m_events.remove(0, excess);
            endRemoveRows();
        }
        const int first = int(m_events.size());
        beginInsertRows({}, first, first + int(events.size()) - 1);
        m_events.append(events);
        endInsertRows();
    }
    Q_EMIT eventsFetched(lastPosition());
    // A notification came in meanwhile, or the log grew past what this fetch could take.
    if (m_again || (!fetched.events.isEmpty() && lastPosition() < fetched.head))
        startFetch();
}

void EventLogModel::setProjectedPosition(qint64 position)
{
    if (position == m_projected)
        return;
    const qint64 low = std::min(position, m_projected);
    const qint64 high = std::max(position, m_projected);
    m_projected = position;
    // The rows in (low, high] flipped; rows are in position order.
    const auto byPosition = [](const EventEnvelope &e, qint64 p) {
        return e.position < p;
    };
    const auto first = std::lower_bound(m_events.cbegin(), m_events.cend(), low + 1, byPosition);
    const auto end = std::lower_bound(first, m_events.cend(), high + 1, byPosition);
    if (first == end)
        return;
    Q_EMIT dataChanged(index(int(first - m_events.cbegin()), ProjectedColumn),
                       index(int(end - m_events.cbegin()) - 1, ProjectedColumn),
                       {Qt::DisplayRole, ProjectedRole});
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventEnvelope &e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case PositionColumn:
            return e.position;
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(e.occurredAt)
                .toLocalTime()
                .toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        case TypeColumn:
            return e.type;
        case StreamColumn:
            return e.streamId;
        case ActorColumn:
            return e.actor;
        case ProjectedColumn:
            return isProjected(e.position) ? u"\u2713"_s : tr("pending");
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == PositionColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        if (index.column() == ProjectedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
        return {};
    case PositionRole:
        return e.position;
    case OccurredAtRole:
        return e.occurredAt;
    case TypeRole:
        return e.type;
    case StreamIdRole:
        return e.streamId;
    case StreamVersionRole:
        return e.streamVersion;
    case ActorRole:
        return e.actor;
    case CommandIdRole:
        return e.commandId;
    case PayloadRole:
        return QString::fromUtf8(e.payload);
    case ProjectedRole:
        return index.column() == ProjectedColumn ? QVariant(isProjected(e.position)) : QVariant();
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PositionColumn:
        return tr("Position");
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case StreamColumn:
        return tr("Stream");
    case ActorColumn:
        return tr("Actor");
    case ProjectedColumn:
        return tr("Projected");
    default:
        return {};
    }
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(PositionRole, "position");
    names.insert(OccurredAtRole, "occurredAt");
    names.insert(TypeRole, "type");
    names.insert(StreamIdRole, "streamId");
    names.insert(StreamVersionRole, "streamVersion");
    names.insert(ActorRole, "actor");
    names.insert(CommandIdRole, "commandId");
    names.insert(PayloadRole, "payload");
    names.insert(ProjectedRole, "projected");
    return names;
}

} // namespace OrderDesk
