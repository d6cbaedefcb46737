// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace OrderDesk {

class Projector;

/// The dead letters: events the projector could not apply after its retries and skipped, read
/// from the read store's dead_letters table. Retry hands the selected one back to the projector
/// (after a fix, it projects and leaves the list).
class DeadLettersDialog : public QDialog
{
    Q_OBJECT

public:
    DeadLettersDialog(Projector &projector, const QString &readStorePath,
                      QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }

public Q_SLOTS:
    void reload();

private:
    void retrySelected();

    Projector &m_projector;
    QString m_readStorePath;
    QTreeWidget *m_list;
    QLabel *m_summary;
    QPushButton *m_retry;
    quint64 m_request = 0;
};

} // namespace OrderDesk
