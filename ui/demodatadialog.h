// SPDX-License-Identifier: MIT
#pragma once

#include "demo/demoseeder.h"

#include <QDialog>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QSpinBox;
class QStackedWidget;

namespace OrderDesk {

class CommandBus;

/// Offers demo data ("Create demo data?" with what it will create) and creates it through the
/// command bus with DemoSeeder on a worker thread, showing progress; the window stays live and
/// fills as the projector catches up. Cancel stops after the commands in flight.
class DemoDataDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DemoDataDialog(CommandBus &bus, QWidget *parent = nullptr);
    ~DemoDataDialog() override;

    void setOrders(qint64 orders);
    SeedOptions options() const;
    /// Creates the data at once, without asking (--demo).
    void startSeeding();
    bool isSeeding() const { return m_seeding; }

    void reject() override;

Q_SIGNALS:
    void seeded(const OrderDesk::SeedSummary &summary);
    void seedingFailed(const QString &message);

private:
    struct Progress
    {
        std::atomic<qint64> done {0};
        std::atomic<qint64> total {0};
        std::atomic<bool> cancel {false};
    };

    void updateProgress();

    CommandBus &m_bus;
    QStackedWidget *m_pages;
    QSpinBox *m_orders;
    QLabel *m_summary;
    QProgressBar *m_progressBar;
    QLabel *m_progressText;
    QDialogButtonBox *m_askButtons;
    QDialogButtonBox *m_progressButtons;
    QTimer m_poll;
    /// Shared with the worker, which must not touch the dialog.
    std::shared_ptr<Progress> m_progress;
    /// A pool of its own: seeding blocks its thread for a while, and the global pool's few
    /// threads are needed by the list and the panels meanwhile.
    QThreadPool m_pool;
    bool m_seeding = false;
};

} // namespace OrderDesk
