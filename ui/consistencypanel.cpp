// SPDX-License-Identifier: MIT
#include "consistencypanel.h"

#include "commands/commandbus.h"
#include "lagchart.h"
#include "projections/projector.h"
#include "projectionstatuswidget.h"
#include "timedloadgenerator.h"

#include <QAction>
#include <QBoxLayout>
#include <QCheckBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxDelayMs = 5000;
constexpr int MaxBatchSize = 10000;
} // namespace

ConsistencyPanel::ConsistencyPanel(CommandBus &bus, Projector &projector,
                                   const QString &readStorePath, QAction *readYourWrites,
                                   QWidget *parent)
    : QWidget(parent)
    , m_bus(bus)
    , m_projector(projector)
    , m_load(new TimedLoadGenerator(bus, readStorePath, this))
    , m_chart(new LagChart(this))
    , m_figures(new QLabel(this))
    , m_controls(new QBoxLayout(QBoxLayout::LeftToRight))
    , m_pause(new QPushButton(tr("&Pause Projector"), this))
    , m_delay(new QSlider(Qt::Horizontal, this))
    , m_delayValue(new QLabel(this))
    , m_batchSize(new QSpinBox(this))
    , m_loadOrders(new QSpinBox(this))
    , m_loadRate(new QSpinBox(this))
    , m_loadButton(new QPushButton(tr("&Generate Load"), this))
    , m_loadStatus(new QLabel(this))
    , m_rebuild(new QPushButton(tr("Re&build Read Model"), this))
    , m_cancelRebuild(new QPushButton(tr("&Cancel Rebuild"), this))
    , m_rebuildProgress(new QProgressBar(this))
    , m_rebuildStatus(new QLabel(this))
    , m_readYourWrites(new QCheckBox(tr("Read &your writes"), this))
{
    setObjectName(u"consistencyPanel"_s);
    setAccessibleName(tr("Consistency"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_chart, 1);
    m_figures->setObjectName(u"projectorFigures"_s);
    m_figures->setWordWrap(true);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_figures);
    layout->addLayout(m_controls);

    // Projector controls.
    auto *projectorBox = new QGroupBox(tr("Projector"), this);
    auto *projectorForm = new QFormLayout(projectorBox);
    m_pause->setObjectName(u"pauseProjector"_s);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Stop projecting events; commands are still accepted, so the lag "
                           "grows until you resume"));
    projectorForm->addRow(m_pause);
    m_delay->setObjectName(u"projectionDelay"_s);
    m_delay->setRange(0, MaxDelayMs);
    m_delay->setSingleStep(50);
    m_delay->setPageStep(500);
    m_delay->setAccessibleName(tr("Delay after each batch, in milliseconds"));
    m_delay->setToolTip(tr("An artificial pause after each projected batch, to make the lag "
                           "visible"));
    m_delayValue->setMinimumWidth(fontMetrics().horizontalAdvance(u"5,000 ms"_s));
    auto *delayRow = new QHBoxLayout;
    delayRow->addWidget(m_delay, 1);
    delayRow->addWidget(m_delayValue);
    auto *delayLabel = new QLabel(tr("&Delay:"), this);
    delayLabel->setBuddy(m_delay);
    projectorForm->addRow(delayLabel, delayRow);
    m_batchSize->setObjectName(u"batchSize"_s);
    m_batchSize->setRange(1, MaxBatchSize);
    m_batchSize->setValue(m_projector.status().batchSize > 0 ? m_projector.status().batchSize
                                                             : m_projector.config().batchSize);
    m_batchSize->setGroupSeparatorShown(true);
    m_batchSize->setAccessibleName(tr("Events per batch"));
    auto *batchLabel = new QLabel(tr("Batch si&ze:"), this);
    batchLabel->setBuddy(m_batchSize);
    projectorForm->addRow(batchLabel, m_batchSize);
    m_controls->addWidget(projectorBox, 1);

    // Load generator.
    auto *loadBox = new QGroupBox(tr("Load"), this);
    auto *loadForm = new QFormLayout(loadBox);
    m_loadOrders->setObjectName(u"loadOrders"_s);
    m_loadOrders->setRange(1, 100'000);
    m_loadOrders->setValue(500);
    m_loadOrders->setGroupSeparatorShown(true);
    m_loadOrders->setAccessibleName(tr("Orders to create"));
    m_loadRate->setObjectName(u"loadRate"_s);
    m_loadRate->setRange(1, 5000);
    m_loadRate->setValue(50);
    m_loadRate->setSuffix(tr(" per second"));
    m_loadRate->setAccessibleName(tr("Orders per second"));
    auto *ordersLabel = new QLabel(tr("N&umber of orders:"), this);
    ordersLabel->setBuddy(m_loadOrders);
    auto *rateLabel = new QLabel(tr("Ra&te:"), this);
    rateLabel->setBuddy(m_loadRate);
    loadForm->addRow(ordersLabel, m_loadOrders);
    loadForm->addRow(rateLabel, m_loadRate);
    m_loadButton->setObjectName(u"loadButton"_s);
    m_loadStatus->setObjectName(u"loadStatus"_s);
    m_loadStatus->setWordWrap(true);
    loadForm->addRow(m_loadButton);
    loadForm->addRow(m_loadStatus);
    m_controls->addWidget(loadBox, 1);

    // Read model.
    auto *readBox = new QGroupBox(tr("Read model"), this);
    auto *readLayout = new QVBoxLayout(readBox);
    m_rebuild->setObjectName(u"rebuildButton"_s);
    m_rebuild->setToolTip(tr("Project the whole event log again into fresh tables, then swap "
                             "them in; the list keeps working meanwhile"));
    m_cancelRebuild->setObjectName(u"cancelRebuildButton"_s);
    m_cancelRebuild->setEnabled(false);
    auto *rebuildRow = new QHBoxLayout;
    rebuildRow->addWidget(m_rebuild);
    rebuildRow->addWidget(m_cancelRebuild);
    readLayout->addLayout(rebuildRow);
    m_rebuildProgress->setObjectName(u"rebuildProgress"_s);
    m_rebuildProgress->setRange(0, 100);
    m_rebuildProgress->setValue(0);
    m_rebuildProgress->setTextVisible(false);
    m_rebuildProgress->setAccessibleName(tr("Rebuild progress"));
    readLayout->addWidget(m_rebuildProgress);
    m_rebuildStatus->setObjectName(u"rebuildStatus"_s);
    m_rebuildStatus->setWordWrap(true);
    readLayout->addWidget(m_rebuildStatus);
    m_readYourWrites->setObjectName(u"readYourWrites"_s);
    m_readYourWrites->setToolTip(readYourWrites->toolTip());
    readLayout->addWidget(m_readYourWrites);
    readLayout->addStretch(1);
    m_controls->addWidget(readBox, 1);

    // The check box mirrors the window's action, so menu, toolbar and panel always agree.
    m_readYourWrites->setChecked(readYourWrites->isChecked());
    connect(m_readYourWrites, &QCheckBox::toggled, readYourWrites, &QAction::setChecked);
    connect(readYourWrites, &QAction::toggled, m_readYourWrites, &QCheckBox::setChecked);

    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        if (paused)
            m_projector.pause();
        else
            m_projector.resume();
        m_pause->setText(paused ? tr("Resume &Projector") : tr("&Pause Projector"));
    });
    connect(m_delay, &QSlider::valueChanged, this, [this](int value) {
        m_projector.setDelayMs(value);
        m_delayValue->setText(tr("%1 ms").arg(QLocale().toString(value)));
    });
    m_delay->setValue(m_projector.status().delayMs);
    m_delayValue->setText(tr("%1 ms").arg(QLocale().toString(m_delay->value())));
    connect(m_batchSize, &QSpinBox::valueChanged, this,
            [this](int value) { m_projector.setBatchSize(value); });
    connect(m_loadButton, &QPushButton::clicked, this, &ConsistencyPanel::toggleLoad);
    connect(m_load, &TimedLoadGenerator::runningChanged, this, [this](bool running) {
        m_loadButton->setText(running ? tr("Stop &Generating") : tr("&Generate Load"));
        m_loadOrders->setEnabled(!running);
        m_loadRate->setEnabled(!running);
    });
    connect(m_load, &TimedLoadGenerator::progressed, this,
            [this](qint64 created, qint64 planned, qint64 accepted, qint64 rejected) {
                const QLocale locale;
                m_loadStatus->setText(tr("%1 of %2 orders sent; %3 commands accepted, %4 rejected")
                                          .arg(locale.toString(created), locale.toString(planned),
                                               locale.toString(accepted),
                                               locale.toString(rejected)));
            });
    connect(m_load, &TimedLoadGenerator::finished, m_loadStatus, &QLabel::setText);
    connect(m_rebuild, &QPushButton::clicked, this, [this] {
        m_rebuildStatus->setText(tr("Starting the rebuild…"));
        m_rebuild->setEnabled(false);
        m_projector.rebuild();
    });
    connect(m_cancelRebuild, &QPushButton::clicked, &m_projector, &Projector::cancelRebuild);
    connect(&m_projector, &Projector::rebuildFinished, this,
            [this](bool completed, const QString &message) {
                m_rebuildStatus->setText(message);
                m_rebuildProgress->setValue(completed ? 100 : 0);
                applyStatus(m_projector.status());
            });
    connect(&m_projector, &Projector::statusChanged, this, &ConsistencyPanel::applyStatus);

    m_sampler.setInterval(SampleIntervalMs);
    connect(&m_sampler, &QTimer::timeout, this, &ConsistencyPanel::sample);
    m_sampler.start();
    sample();
}

QString ConsistencyPanel::rebuildMessage() const
{
    return m_rebuildStatus->text();
}

void ConsistencyPanel::sample()
{
    const ProjectionStatus status = m_projector.status();
    m_chart->addSample({QDateTime::currentMSecsSinceEpoch(), status.lagMs, status.lagEvents,
                        status.commandLagP99Ms});
    applyStatus(status);
}

void ConsistencyPanel::applyStatus(const ProjectionStatus &status)
{
    const QLocale locale;
    m_figures->setText(
        tr("Head %1 \u00b7 checkpoint %2 \u00b7 %3 events/s \u00b7 accepted\u2192visible "
           "p50 %4, p95 %5, p99 %6")
            .arg(locale.toString(status.headPosition), locale.toString(status.checkpoint),
                 locale.toString(status.eventsPerSecond),
                 ProjectionStatusWidget::durationText(status.commandLagP50Ms),
                 ProjectionStatusWidget::durationText(status.commandLagP95Ms),
                 ProjectionStatusWidget::durationText(status.commandLagP99Ms)));

    const bool rebuilding = status.state == ProjectionStatus::State::Rebuilding;
    m_rebuild->setEnabled(!rebuilding && status.state != ProjectionStatus::State::Failed);
    m_cancelRebuild->setEnabled(rebuilding);
    if (rebuilding) {
        m_rebuildProgress->setTextVisible(true);
        m_rebuildProgress->setValue(status.rebuildPercent());
        const QString eta = status.rebuildEtaMs > 0
            ? tr(", about %1 left").arg(ProjectionStatusWidget::durationText(status.rebuildEtaMs))
            : QString();
        m_rebuildStatus->setText(tr("Rebuilding: %1 of %2 events%3")
                                     .arg(locale.toString(status.rebuildDone),
                                          locale.toString(status.rebuildTotal), eta));
    }
    const bool paused = status.state == ProjectionStatus::State::Paused;
    if (status.state != m_lastState && (paused || status.state == ProjectionStatus::State::Running)
        && m_pause->isChecked() != paused) {
        // Someone else (a test, the menu) paused or resumed: follow without re-sending.
        const QSignalBlocker blocker(m_pause);
        m_pause->setChecked(paused);
        m_pause->setText(paused ? tr("Resume &Projector") : tr("&Pause Projector"));
    }
    m_lastState = status.state;
}

void ConsistencyPanel::toggleLoad()
{
    if (m_load->isRunning())
        m_load->stop();
    else
        m_load->start(m_loadOrders->value(), m_loadRate->value());
}

void ConsistencyPanel::resizeEvent(QResizeEvent *event)
{
    // Side by side in a wide (bottom) dock, stacked in a narrow (side) one.
    const bool wide = width() > fontMetrics().averageCharWidth() * 110;
    m_controls->setDirection(wide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    QWidget::resizeEvent(event);
}

} // namespace OrderDesk
