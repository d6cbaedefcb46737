// SPDX-License-Identifier: MIT
#include "deadlettersdialog.h"

#include "models/whenfinished.h"

#include "backgroundqueries.h"
#include "projections/projector.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

DeadLettersDialog::DeadLettersDialog(Projector &projector, const QString &readStorePath,
                                     QWidget *parent)
    : QDialog(parent)
    , m_projector(projector)
    , m_readStorePath(readStorePath)
    , m_list(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
{
    setObjectName(u"deadLettersDialog"_s);
    setWindowTitle(tr("Dead Letters"));
    const QFontMetrics metrics = fontMetrics();
    resize(metrics.averageCharWidth() * 120, metrics.height() * 22);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("These events could not be applied to the read model and were "
                                "skipped, so that the projector kept going. Once the cause is "
                                "fixed, retry them."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list->setObjectName(u"deadLetterList"_s);
    m_list->setAccessibleName(tr("Dead letters"));
    m_list->setHeaderLabels(
        {tr("Position"), tr("Type"), tr("Stream"), tr("Attempts"), tr("Recorded"), tr("Error")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);
    m_summary->setObjectName(u"deadLetterSummary"_s);
    layout->addWidget(m_summary);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_retry->setObjectName(u"retryButton"_s);
    m_retry->setToolTip(tr("Apply the selected event again"));
    buttons->addButton(m_retry, QDialogButtonBox::ActionRole);
    auto *refresh = buttons->addButton(tr("Re&fresh"), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refresh, &QPushButton::clicked, this, &DeadLettersDialog::reload);
    connect(m_retry, &QPushButton::clicked, this, &DeadLettersDialog::retrySelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_retry->setEnabled(!m_list->selectedItems().isEmpty()); });
    connect(&m_projector, &Projector::deadLettersChanged, this, &DeadLettersDialog::reload);
    m_retry->setEnabled(false);
    reload();
}

void DeadLettersDialog::reload()
{
    const quint64 request = ++m_request;
    whenFinished(
        BackgroundQueries::deadLetters(m_readStorePath), this,
        [this, request](const Result<QList<DeadLetterRow>> &rows) {
            if (request != m_request)
                return;
            m_list->clear();
            if (!rows) {
                m_summary->setText(
                    tr("The dead letters could not be read: %1").arg(rows.error().message));
                return;
            }
            const QLocale locale;
            QList<QTreeWidgetItem *> items;
            for (const DeadLetterRow &row : *rows) {
                auto *item = new QTreeWidgetItem(
                    {locale.toString(row.position), row.type, row.streamId,
                     locale.toString(row.attempts),
                     locale.toString(QDateTime::fromMSecsSinceEpoch(row.recordedAt),
                                     QLocale::ShortFormat),
                     row.error});
                item->setData(0, Qt::UserRole, row.position);
                item->setToolTip(5, row.error);
                items.append(item);
            }
            m_list->addTopLevelItems(items);
            m_summary->setText(rows->isEmpty()
                                   ? tr("No dead letters: every event was projected.")
                                   : tr("%Ln event(s) skipped.", nullptr, int(rows->size())));
        });
}

void DeadLettersDialog::retrySelected()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    for (QTreeWidgetItem *item : selected)
        m_projector.retryDeadLetter(item->data(0, Qt::UserRole).toLongLong());
    m_summary->setText(tr("Retrying…"));
}

} // namespace OrderDesk
