// SPDX-License-Identifier: MIT
#include "projectionstatuswidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QToolButton>

#include <climits>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {

QPixmap lightPixmap(const QColor &color, int size, qreal dpr)
{
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color.darker(140), 1));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

} // namespace

ProjectionStatusWidget::ProjectionStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_light(new QLabel(this))
    , m_state(new QLabel(this))
    , m_lag(new QLabel(this))
    , m_deadLetters(new QToolButton(this))
{
    setObjectName(u"projectionStatus"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_light->setObjectName(u"lagLight"_s);
    m_state->setObjectName(u"projectorState"_s);
    m_state->setAccessibleName(tr("Projector state"));
    m_lag->setObjectName(u"lagLabel"_s);
    m_lag->setAccessibleName(tr("Projection lag"));
    m_deadLetters->setObjectName(u"deadLettersButton"_s);
    m_deadLetters->setAutoRaise(true);
    m_deadLetters->setToolTip(tr("Events the projector could not apply; click to see them"));
    m_deadLetters->hide();
    layout->addWidget(m_deadLetters);
    layout->addWidget(m_state);
    layout->addWidget(m_light);
    layout->addWidget(m_lag);
    connect(m_deadLetters, &QToolButton::clicked, this,
            &ProjectionStatusWidget::deadLettersRequested);
    setStatus(m_status);
}

ProjectionStatusWidget::Level ProjectionStatusWidget::levelOf(const ProjectionStatus &status)
{
    if (status.state == ProjectionStatus::State::Failed)
        return Level::FarBehind;
    if (status.lagEvents <= 0)
        return Level::CaughtUp;
    return status.lagMs >= FarBehindMs ? Level::FarBehind : Level::Behind;
}

QColor ProjectionStatusWidget::colorOf(Level level)
{
    // Mid-tone colours that read as green, amber and red on light and dark backgrounds; the
    // level is also in the text and the accessible description, never in colour alone.
    switch (level) {
    case Level::CaughtUp:
        return QColor(0x2e, 0xa0, 0x4f);
    case Level::Behind:
        return QColor(0xe0, 0xa0, 0x10);
    case Level::FarBehind:
        return QColor(0xd9, 0x3f, 0x3f);
    }
    return {};
}

QString ProjectionStatusWidget::durationText(qint64 milliseconds)
{
    const QLocale locale;
    if (milliseconds < 1000)
        return tr("%1 ms").arg(locale.toString(milliseconds));
    if (milliseconds < 60'000)
        return tr("%1 s").arg(locale.toString(double(milliseconds) / 1000.0, 'f', 1));
    const qint64 seconds = milliseconds / 1000;
    return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

QString ProjectionStatusWidget::stateText() const
{
    return m_state->text();
}

QString ProjectionStatusWidget::lagText() const
{
    return m_lag->text();
}

void ProjectionStatusWidget::setStatus(const ProjectionStatus &status)
{
    m_status = status;
    const QLocale locale;
    QString state;
    switch (status.state) {
    case ProjectionStatus::State::Rebuilding:
        state = status.rebuildEtaMs > 0
            ? tr("Projector: rebuilding %1% \u00b7 about %2 left")
                  .arg(status.rebuildPercent())
                  .arg(durationText(status.rebuildEtaMs))
            : tr("Projector: rebuilding %1%").arg(status.rebuildPercent());
        break;
    case ProjectionStatus::State::Failed:
        // A shared store's server that is away fails every read; the store's own label says
        // that OrderDesk is reconnecting, and the projector carries on when it is back.
        state = status.storeConnected ? tr("Projector: failed")
                                      : tr("Projector: waiting for the server");
        break;
    default:
        state = tr("Projector: %1").arg(projectionStateText(status.state));
        break;
    }
    m_state->setText(state);
    m_state->setToolTip(status.state == ProjectionStatus::State::Failed ? status.lastError
                                                                        : QString());

    m_level = levelOf(status);
    const QString events =
        tr("%Ln event(s)", nullptr, int(std::min<qint64>(status.lagEvents, INT_MAX)));
    m_lag->setText(tr("Lag: %1 \u00b7 %2").arg(events, durationText(status.lagMs)));
    const int size = fontMetrics().height() * 2 / 3;
    m_light->setPixmap(lightPixmap(colorOf(m_level), size, devicePixelRatioF()));
    QString levelText;
    switch (m_level) {
    case Level::CaughtUp:
        levelText = tr("caught up");
        break;
    case Level::Behind:
        levelText = tr("behind");
        break;
    case Level::FarBehind:
        levelText = tr("far behind");
        break;
    }
    m_light->setAccessibleName(levelText);
    m_lag->setAccessibleDescription(levelText);
    m_lag->setToolTip(tr("The read model is %1: %2 written but not yet projected; the oldest "
                         "of them waits for %3. Commands become visible in %4 (p99).")
                          .arg(levelText, events, durationText(status.lagMs),
                               durationText(status.commandLagP99Ms)));

    m_deadLetters->setVisible(status.deadLetters > 0);
    m_deadLetters->setText(
        tr("%Ln dead letter(s)", nullptr, int(std::min<qint64>(status.deadLetters, INT_MAX))));
}

} // namespace OrderDesk
