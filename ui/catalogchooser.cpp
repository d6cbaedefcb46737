// SPDX-License-Identifier: MIT
#include "catalogchooser.h"

#include <QCompleter>
#include <QLineEdit>

namespace OrderDesk {

CatalogChooser::CatalogChooser(QWidget *parent)
    : QComboBox(parent)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setMaxVisibleItems(12);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(18);
    completer()->setCompletionMode(QCompleter::PopupCompletion);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    connect(this, &QComboBox::editTextChanged, this, &CatalogChooser::resolve);
    connect(this, &QComboBox::currentIndexChanged, this, &CatalogChooser::resolve);
}

void CatalogChooser::setEntries(const QList<Entry> &entries)
{
    const QString typed = currentText();
    QSignalBlocker blocker(this);
    m_entries = entries;
    clear();
    for (const Entry &entry : entries)
        addItem(entry.text, entry.id);
    setCurrentIndex(-1);
    setEditText(typed);
    blocker.unblock();
    resolve();
}

void CatalogChooser::choose(const QString &id)
{
    const int index = findData(id);
    if (index >= 0)
        setCurrentIndex(index);
    resolve();
}

void CatalogChooser::setPlaceholderText(const QString &text)
{
    lineEdit()->setPlaceholderText(text);
}

void CatalogChooser::resolve()
{
    const QString typed = currentText().trimmed();
    QString chosen;
    if (!typed.isEmpty()) {
        const Entry *unique = nullptr;
        int contains = 0;
        for (const Entry &entry : std::as_const(m_entries)) {
            const bool exact = entry.text.compare(typed, Qt::CaseInsensitive) == 0
                || entry.id.compare(typed, Qt::CaseInsensitive) == 0
                || entry.keys.contains(typed, Qt::CaseInsensitive);
            if (exact) {
                unique = &entry;
                contains = 1;
                break;
            }
            if (entry.text.contains(typed, Qt::CaseInsensitive)) {
                unique = &entry;
                ++contains;
            }
        }
        if (contains == 1)
            chosen = unique->id;
    }
    if (chosen == m_chosen)
        return;
    m_chosen = chosen;
    Q_EMIT chosenChanged(m_chosen);
}

} // namespace OrderDesk
