// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

class QLabel;
class QTimer;
class QToolButton;

namespace OrderDesk {

/// A non-modal bar above the content for things the user should read but need not answer at
/// once, such as a rejected command. It stays until closed or replaced, except information,
/// which fades out on its own after a while.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Information, Positive, Warning, Error };

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void clear();

    Kind kind() const { return m_kind; }
    QString text() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QColor accent() const;

    Kind m_kind = Kind::Information;
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
    QTimer *m_hideTimer;
};

} // namespace OrderDesk
