// SPDX-License-Identifier: MIT
#pragma once

#include "projections/projectionstatus.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace OrderDesk {

/// The projector in the status bar: its state (running, paused, rebuilding with progress and
/// time left, failed), the lag in events and milliseconds with a coloured light (green when
/// caught up, amber while behind by less than a second, red beyond or when failed), and the
/// number of dead letters when there are any, as a button that opens them.
class ProjectionStatusWidget : public QWidget
{
    Q_OBJECT

public:
    enum class Level { CaughtUp, Behind, FarBehind };
    Q_ENUM(Level)

    /// Behind by this long or more counts as far behind (red).
    static constexpr qint64 FarBehindMs = 1000;

    explicit ProjectionStatusWidget(QWidget *parent = nullptr);

    void setStatus(const ProjectionStatus &status);
    const ProjectionStatus &status() const { return m_status; }
    Level level() const { return m_level; }
    QString stateText() const;
    QString lagText() const;

    static Level levelOf(const ProjectionStatus &status);
    static QColor colorOf(Level level);
    /// "350 ms", "2.4 s", "3 min 5 s".
    static QString durationText(qint64 milliseconds);

Q_SIGNALS:
    void deadLettersRequested();

private:
    ProjectionStatus m_status;
    Level m_level = Level::CaughtUp;
    QLabel *m_light;
    QLabel *m_state;
    QLabel *m_lag;
    QToolButton *m_deadLetters;
};

} // namespace OrderDesk
