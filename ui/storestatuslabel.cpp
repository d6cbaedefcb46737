// SPDX-License-Identifier: MIT
#include "storestatuslabel.h"

#include "projectionstatuswidget.h"

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {
/// A long SQLite path must not push the status bar's messages aside.
constexpr int MaxWidthInCharacters = 64;
} // namespace

StoreStatusLabel::StoreStatusLabel(const QString &description, QWidget *parent)
    : QLabel(parent), m_description(description)
{
    setObjectName(u"storeStatus"_s);
    setAccessibleName(tr("Write store"));
    setTextFormat(Qt::PlainText);
    updateText();
}

void StoreStatusLabel::setStatus(const ProjectionStatus &status)
{
    const bool wasConnected = m_connected;
    m_connected = status.storeConnected;
    m_message = status.storeMessage;
    updateText();
    if (wasConnected && !m_connected)
        Q_EMIT connectionLost(m_message);
    else if (!wasConnected && m_connected)
        Q_EMIT connectionRestored();
}

void StoreStatusLabel::updateText()
{
    const QString shown =
            fontMetrics().elidedText(m_description, Qt::ElideMiddle,
                                     fontMetrics().averageCharWidth() * MaxWidthInCharacters);
    if (m_connected) {
        setText(shown);
        setToolTip(m_message.isEmpty() ? tr("Write store: %1").arg(m_description)
                                       : tr("Write store: %1\n%2").arg(m_description, m_message));
        setStyleSheet(QString());
    } else {
        setText(tr("%1 \u00b7 no connection, reconnecting\u2026").arg(shown));
        setToolTip(m_message);
        // The lag light's red: one colour for "something is wrong" in the status bar.
        setStyleSheet(u"color: %1"_s.arg(
                ProjectionStatusWidget::colorOf(ProjectionStatusWidget::Level::FarBehind)
                        .name()));
    }
    setAccessibleDescription(text());
}

} // namespace OrderDesk
