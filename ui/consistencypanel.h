// SPDX-License-Identifier: MIT
#pragma once

#include "projections/projectionstatus.h"

#include <QTimer>
#include <QWidget>

class QAction;
class QBoxLayout;
class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;

namespace OrderDesk {

class CommandBus;
class LagChart;
class Projector;
class TimedLoadGenerator;

/// For demonstrators: eventual consistency made visible and controllable. A live chart of the
/// last minute of lag, the projector's figures, and the levers: pause/resume, an artificial
/// delay per batch, the batch size, a load generator, a rebuild of the read model (the window
/// stays usable meanwhile: the live tables keep serving until the rebuilt ones are swapped in)
/// and the read-your-writes toggle.
class ConsistencyPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int SampleIntervalMs = 250;

    ConsistencyPanel(CommandBus &bus, Projector &projector, const QString &readStorePath,
                     QAction *readYourWrites, QWidget *parent = nullptr);

    LagChart *chart() const { return m_chart; }
    TimedLoadGenerator *loadGenerator() const { return m_load; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *rebuildButton() const { return m_rebuild; }
    QPushButton *cancelRebuildButton() const { return m_cancelRebuild; }
    QPushButton *loadButton() const { return m_loadButton; }
    QSlider *delaySlider() const { return m_delay; }
    QSpinBox *batchSizeBox() const { return m_batchSize; }
    QSpinBox *loadOrdersBox() const { return m_loadOrders; }
    QSpinBox *loadRateBox() const { return m_loadRate; }
    QProgressBar *rebuildProgress() const { return m_rebuildProgress; }
    QString rebuildMessage() const;

public Q_SLOTS:
    /// Takes the projector's status into the chart and the figures.
    void sample();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyStatus(const ProjectionStatus &status);
    void toggleLoad();

    CommandBus &m_bus;
    Projector &m_projector;
    TimedLoadGenerator *m_load;
    LagChart *m_chart;
    QLabel *m_figures;
    QBoxLayout *m_controls;
    QPushButton *m_pause;
    QSlider *m_delay;
    QLabel *m_delayValue;
    QSpinBox *m_batchSize;
    QSpinBox *m_loadOrders;
    QSpinBox *m_loadRate;
    QPushButton *m_loadButton;
    QLabel *m_loadStatus;
    QPushButton *m_rebuild;
    QPushButton *m_cancelRebuild;
    QProgressBar *m_rebuildProgress;
    QLabel *m_rebuildStatus;
    QCheckBox *m_readYourWrites;
    QTimer m_sampler;
    ProjectionStatus::State m_lastState = ProjectionStatus::State::Starting;
};

} // namespace OrderDesk
