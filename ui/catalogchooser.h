// SPDX-License-Identifier: MIT
#pragma once

#include <QComboBox>

namespace OrderDesk {

/// An editable combo box for picking one entry of a catalog (a customer, a product) by
/// typing: the completer offers every entry whose text contains what was typed. What was typed
/// counts as a choice when it is an entry's text, id or other key (an e-mail), or when exactly
/// one entry contains it.
class CatalogChooser : public QComboBox
{
    Q_OBJECT

public:
    struct Entry
    {
        QString id;
        QString text;
        /// Further exact matches, e.g. the e-mail address.
        QStringList keys;
    };

    explicit CatalogChooser(QWidget *parent = nullptr);

    void setEntries(const QList<Entry> &entries);
    /// The id of the entry chosen, or an empty string.
    const QString &chosenId() const { return m_chosen; }
    /// Shows the entry with this id as chosen.
    void choose(const QString &id);
    void setPlaceholderText(const QString &text);

Q_SIGNALS:
    void chosenChanged(const QString &id);

private:
    void resolve();

    QList<Entry> m_entries;
    QString m_chosen;
};

} // namespace OrderDesk
