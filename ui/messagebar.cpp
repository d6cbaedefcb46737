// SPDX-License-Identifier: MIT
#include "messagebar.h"

#include "statusbadge.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace OrderDesk {

using namespace Qt::StringLiterals;

namespace {
constexpr int InformationTimeoutMs = 8000;
}

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_close(new QToolButton(this))
    , m_hideTimer(new QTimer(this))
{
    setObjectName(u"messageBar"_s);
    setAccessibleName(tr("Message"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(u"messageText"_s);
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close the message"));
    m_close->setAccessibleName(tr("Close the message"));
    m_hideTimer->setSingleShot(true);

    auto *layout = new QHBoxLayout(this);
    const int margin = fontMetrics().height() / 2;
    layout->setContentsMargins(margin, margin / 2, margin / 2, margin / 2);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_close, &QToolButton::clicked, this, &MessageBar::clear);
    connect(m_hideTimer, &QTimer::timeout, this, &MessageBar::clear);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    m_text->setText(text);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (kind == Kind::Warning)
        icon = QStyle::SP_MessageBoxWarning;
    else if (kind == Kind::Error)
        icon = QStyle::SP_MessageBoxCritical;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    setAccessibleDescription(text);
    if (kind == Kind::Information || kind == Kind::Positive)
        m_hideTimer->start(InformationTimeoutMs);
    else
        m_hideTimer->stop();
    show();
    update();
}

void MessageBar::clear()
{
    m_hideTimer->stop();
    m_text->clear();
    hide();
}

QString MessageBar::text() const
{
    return isVisible() || !m_text->text().isEmpty() ? m_text->text() : QString();
}

QColor MessageBar::accent() const
{
    const bool dark = StatusBadge::isDark(palette());
    switch (m_kind) {
    case Kind::Information:
        return dark ? QColor(0x5b, 0x9b, 0xf0) : QColor(0x1f, 0x6f, 0xd0);
    case Kind::Positive:
        return dark ? QColor(0x5c, 0xc8, 0x7a) : QColor(0x1e, 0x8a, 0x3c);
    case Kind::Warning:
        return dark ? QColor(0xe8, 0xb0, 0x3a) : QColor(0xc0, 0x80, 0x00);
    case Kind::Error:
        return dark ? QColor(0xf0, 0x6a, 0x6a) : QColor(0xc6, 0x28, 0x28);
    }
    return palette().color(QPalette::Highlight);
}

void MessageBar::paintEvent(QPaintEvent *)
{
    // A tint of the accent over the window colour keeps the palette's text colour readable in
    // light and dark mode alike.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor base = palette().color(QPalette::Window);
    const QColor a = accent();
    const auto mix = [](int x, int y) {
        return (x * 82 + y * 18) / 100;
    };
    const QColor fill(mix(base.red(), a.red()), mix(base.green(), a.green()),
                      mix(base.blue(), a.blue()));
    const qreal radius = fontMetrics().height() / 4.0;
    QPainterPath path;
    path.addRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter.fillPath(path, fill);
    painter.setPen(QPen(a, 1));
    painter.drawPath(path);
}

} // namespace OrderDesk
