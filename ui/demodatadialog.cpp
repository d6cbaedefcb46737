// SPDX-License-Identifier: MIT
#include "demodatadialog.h"

#include "models/whenfinished.h"

#include "commands/commandbus.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrentRun>

namespace OrderDesk {

using namespace Qt::StringLiterals;

DemoDataDialog::DemoDataDialog(CommandBus &bus, QWidget *parent)
    : QDialog(parent)
    , m_bus(bus)
    , m_pages(new QStackedWidget(this))
    , m_orders(new QSpinBox(this))
    , m_summary(new QLabel(this))
    , m_progressBar(new QProgressBar(this))
    , m_progressText(new QLabel(this))
    , m_askButtons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_progressButtons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_progress(std::make_shared<Progress>())
{
    setObjectName(u"demoDataDialog"_s);
    setWindowTitle(tr("Create Demo Data"));
    m_pool.setMaxThreadCount(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);

    const SeedOptions defaults;
    auto *ask = new QWidget(this);
    auto *askLayout = new QVBoxLayout(ask);
    auto *question = new QLabel(tr("<b>Create demo data?</b>"), ask);
    askLayout->addWidget(question);
    m_summary->setWordWrap(true);
    askLayout->addWidget(m_summary);
    auto *form = new QFormLayout;
    m_orders->setObjectName(u"demoOrders"_s);
    m_orders->setRange(1, 1'000'000);
    m_orders->setGroupSeparatorShown(true);
    m_orders->setValue(int(defaults.orders));
    m_orders->setAccessibleName(tr("Number of demo orders"));
    auto *ordersLabel = new QLabel(tr("&Orders:"), ask);
    ordersLabel->setBuddy(m_orders);
    form->addRow(ordersLabel, m_orders);
    askLayout->addLayout(form);
    m_askButtons->button(QDialogButtonBox::Ok)->setText(tr("&Create Demo Data"));
    m_askButtons->button(QDialogButtonBox::Ok)->setObjectName(u"createDemoData"_s);
    m_askButtons->button(QDialogButtonBox::Cancel)->setText(tr("&Not Now"));
    askLayout->addWidget(m_askButtons);
    m_pages->addWidget(ask);

    auto *progress = new QWidget(this);
    auto *progressLayout = new QVBoxLayout(progress);
    progressLayout->addWidget(
        new QLabel(tr("Creating demo data through the command bus…"), progress));
    m_progressBar->setObjectName(u"demoProgress"_s);
    m_progressBar->setAccessibleName(tr("Demo data progress"));
    progressLayout->addWidget(m_progressBar);
    progressLayout->addWidget(m_progressText);
    progressLayout->addStretch(1);
    progressLayout->addWidget(m_progressButtons);
    m_pages->addWidget(progress);

    const auto describe = [this] {
        const SeedOptions o = options();
        const QLocale locale;
        m_summary->setText(tr("OrderDesk can fill this empty store with %1 customers, %2 products "
                              "and %3 orders in every status, sent through the command bus like "
                              "any other commands. You can add more later from the File menu.")
                               .arg(locale.toString(o.customers), locale.toString(o.products),
                                    locale.toString(o.orders)));
    };
    describe();
    connect(m_orders, &QSpinBox::valueChanged, this, describe);
    connect(m_askButtons, &QDialogButtonBox::accepted, this, &DemoDataDialog::startSeeding);
    connect(m_askButtons, &QDialogButtonBox::rejected, this, &DemoDataDialog::reject);
    connect(m_progressButtons, &QDialogButtonBox::rejected, this, &DemoDataDialog::reject);
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &DemoDataDialog::updateProgress);
}

DemoDataDialog::~DemoDataDialog()
{
    m_progress->cancel = true;
    m_pool.waitForDone();
}

void DemoDataDialog::setOrders(qint64 orders)
{
    m_orders->setValue(int(std::clamp<qint64>(orders, m_orders->minimum(), m_orders->maximum())));
}

SeedOptions DemoDataDialog::options() const
{
    SeedOptions options;
    options.orders = m_orders->value();
    // A fresh store gets the same data every time (screenshots, demonstrations); adding to a
    // store that has data takes another seed, so that the new orders differ from the old.
    if (m_bus.headPosition() > 0)
        options.seed = quint32(QDateTime::currentMSecsSinceEpoch());
    return options;
}

void DemoDataDialog::startSeeding()
{
    if (m_seeding)
        return;
    m_seeding = true;
    m_pages->setCurrentIndex(1);
    m_progressButtons->setFocus();
    m_poll.start();
    const std::shared_ptr<Progress> progress = m_progress;
    CommandBus *bus = &m_bus;
    const SeedOptions seedOptions = options();
    whenFinished(QtConcurrent::run(&m_pool,
                                   [bus, progress, seedOptions] {
                                       return DemoSeeder(*bus).run(
                                           seedOptions,
                                           [progress](qint64 done, qint64 total) {
                                               progress->done = done;
                                               progress->total = total;
                                           },
                                           &progress->cancel);
                                   }),
                 this, [this](const Result<SeedSummary> &result) {
                     m_seeding = false;
                     m_poll.stop();
                     updateProgress();
                     if (result) {
                         Q_EMIT seeded(*result);
                         accept();
                     } else {
                         Q_EMIT seedingFailed(result.error().message);
                         QDialog::reject();
                     }
                 });
}

void DemoDataDialog::reject()
{
    if (m_seeding) {
        // Stop after the commands in flight; the dialog closes when the worker returns.
        m_progress->cancel = true;
        m_progressText->setText(tr("Stopping…"));
        m_progressButtons->setEnabled(false);
        return;
    }
    QDialog::reject();
}

void DemoDataDialog::updateProgress()
{
    const qint64 total = m_progress->total;
    const qint64 done = m_progress->done;
    if (total <= 0) {
        m_progressBar->setRange(0, 0);
        return;
    }
    m_progressBar->setRange(0, 1000);
    m_progressBar->setValue(int(done * 1000 / total));
    const QLocale locale;
    if (!m_progress->cancel)
        m_progressText->setText(
            tr("%1 of %2 commands").arg(locale.toString(done), locale.toString(total)));
}

} // namespace OrderDesk
