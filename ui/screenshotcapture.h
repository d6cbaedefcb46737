// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace OrderDesk {

class MainWindow;

/// Renders the main window to an image once its data has loaded (`orderdesk --screenshot`):
/// it waits until the projector has caught up, the list shows its latest state and the
/// selected order's details are in, then grabs the window with QWidget::grab(). Works on the
/// offscreen platform, for documentation and tests.
class ScreenshotCapture : public QObject
{
    Q_OBJECT

public:
    enum class View {
        /// The order list with an order selected and its details.
        Orders,
        /// The consistency panel during a short burst of load with a slowed-down projector.
        Consistency,
        /// The dashboard tab.
        Dashboard,
    };

    static constexpr int TimeoutMs = 180'000;
    /// The consistency view: load runs this long before the projector is slowed down, and
    /// this long in all before the picture is taken.
    static constexpr int SlowDownAfterMs = 10'000;
    static constexpr int LoadRunMs = 30'000;

    ScreenshotCapture(MainWindow &window, const QString &fileName, View view,
                      QObject *parent = nullptr);

    /// "orders", "consistency", "dashboard".
    static std::optional<View> viewFromName(const QString &name);

    /// Orders view: once the window has settled, wait until the order list shows this order
    /// (created meanwhile by another desktop or program), select it, then take the picture.
    void setWaitForOrder(const QString &orderId);

    void start();

Q_SIGNALS:
    /// 0 and the file written, or non-zero and why not.
    void finished(int exitCode, const QString &message);
    /// The window has settled and now waits for the order of setWaitForOrder().
    void readyForOrder(const QString &orderId);
    /// That order is in the list, since this moment (UTC milliseconds since the epoch).
    void orderVisible(const QString &orderId, qint64 visibleAtMs);

private:
    enum class Phase { Loading, WaitingForOrder, Selecting, Running, Done };

    void poll();
    void checkOrder();
    void capture();
    void fail(const QString &message);

    MainWindow &m_window;
    QString m_fileName;
    View m_view;
    QString m_waitForOrder;
    Phase m_phase = Phase::Loading;
    bool m_slowedDown = false;
    QTimer m_poll;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_phaseTime;
};

} // namespace OrderDesk
