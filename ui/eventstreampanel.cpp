// SPDX-License-Identifier: MIT
#include "eventstreampanel.h"

#include "commands/commandbus.h"
#include "models/eventlogmodel.h"
#include "projections/projector.h"
#include "projectionstatuswidget.h"

#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

/// The projected column: a green or amber light before the model's "✓" / "pending", so that
/// the boundary between projected and waiting events can be seen from across a room.
class ProjectedDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const QRect content = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
        const bool projected = index.data(EventLogModel::ProjectedRole).toBool();
        const QColor light =
            ProjectionStatusWidget::colorOf(projected ? ProjectionStatusWidget::Level::CaughtUp
                                                      : ProjectionStatusWidget::Level::Behind);
        const int size = option.fontMetrics.height() / 2;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(light);
        painter->drawEllipse(
            QRect(content.left() + size / 2, content.center().y() - size / 2, size, size));
        painter->setPen(opt.palette.color(
            opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(content.adjusted(size * 2, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          text);
        painter->restore();
    }
};

} // namespace

EventStreamPanel::EventStreamPanel(CommandBus &bus, Projector &projector, QWidget *parent)
    : QWidget(parent)
    , m_projector(projector)
    , m_model(new EventLogModel(bus.config(), this))
    , m_view(new QTableView(this))
    , m_follow(new QCheckBox(tr("&Follow the newest event"), this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"eventStream"_s);
    setAccessibleName(tr("Event stream"));
    m_view->setObjectName(u"eventStreamView"_s);
    m_view->setAccessibleName(tr("Events"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(EventLogModel::ProjectedColumn, new ProjectedDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 3 / 2);
    const QFontMetrics metrics = fontMetrics();
    m_view->setColumnWidth(EventLogModel::PositionColumn,
                           metrics.horizontalAdvance(u"10,000,000"_s) + metrics.height());
    m_view->setColumnWidth(EventLogModel::TimeColumn,
                           metrics.horizontalAdvance(u"2026-12-31 23:59:59.999"_s)
                               + metrics.height());
    m_view->setColumnWidth(EventLogModel::TypeColumn,
                           metrics.horizontalAdvance(u"ProductPriceChanged"_s) + metrics.height());
    m_view->setColumnWidth(EventLogModel::StreamColumn,
                           metrics.horizontalAdvance(u"ORD-1M8EY3DBN-ZR4MW"_s) + metrics.height());
    m_view->setColumnWidth(EventLogModel::ActorColumn,
                           metrics.horizontalAdvance(u"load-generator"_s) + metrics.height());
    m_view->setColumnWidth(EventLogModel::ProjectedColumn,
                           metrics.horizontalAdvance(tr("pending")) + metrics.height() * 2);
    // Whether an event is projected is what the room watches: next to its position.
    m_view->horizontalHeader()->moveSection(EventLogModel::ProjectedColumn, 1);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest events in view as they arrive"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_follow);
    bottom->addStretch(1);
    bottom->addWidget(m_summary);
    layout->addLayout(bottom);

    connect(&bus, &CommandBus::eventsAppended, m_model, &EventLogModel::onEventsAppended);
    connect(&projector, &Projector::projected, m_model, [this](const ChangeSet &changes) {
        m_model->setProjectedPosition(changes.toPosition);
    });
    // The checkpoint can also move without a batch of ours (a rebuild swapped in); the status
    // brings it either way.
    connect(&projector, &Projector::statusChanged, m_model, [this](const ProjectionStatus &status) {
        if (status.state != ProjectionStatus::State::Rebuilding)
            m_model->setProjectedPosition(status.checkpoint);
    });
    connect(&projector, &Projector::readStoreReplaced, m_model,
            [this] { m_model->setProjectedPosition(m_projector.status().checkpoint); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_view->scrollToBottom();
        updateSummary();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &EventStreamPanel::updateSummary);
    connect(m_model, &EventLogModel::fetchFailed, m_summary, &QLabel::setText);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_view->scrollToBottom();
    });
    // Scrolling up to read stops following; scrolling back to the end resumes.
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        m_follow->setChecked(bar->sliderPosition() >= bar->maximum());
    });

    m_model->setProjectedPosition(projector.status().checkpoint);
    m_model->refresh();
    updateSummary();
}

void EventStreamPanel::updateSummary()
{
    const QLocale locale;
    const qint64 last = m_model->lastPosition();
    const qint64 projected = std::min(m_model->projectedPosition(), last);
    m_summary->setText(tr("Newest event %1, projected up to %2")
                           .arg(locale.toString(last), locale.toString(projected)));
}

} // namespace OrderDesk
