// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableView;

namespace OrderDesk {

class CommandBus;
class EventLogModel;
class Projector;

/// The raw event log as it grows, for a room to watch events land and get projected: the
/// newest events (position, time, type, order, actor) with a projected ✓ / pending column that
/// follows the projector's checkpoint. Follows the newest event unless the user scrolls away.
class EventStreamPanel : public QWidget
{
    Q_OBJECT

public:
    EventStreamPanel(CommandBus &bus, Projector &projector, QWidget *parent = nullptr);

    EventLogModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

private:
    void updateSummary();

    Projector &m_projector;
    EventLogModel *m_model;
    QTableView *m_view;
    QCheckBox *m_follow;
    QLabel *m_summary;
};

} // namespace OrderDesk
