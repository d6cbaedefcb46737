// SPDX-License-Identifier: MIT
#include "aboutdialog.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace OrderDesk {

using namespace Qt::StringLiterals;

AboutDialog::AboutDialog(const Facts &facts, QAction *readYourWrites, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"aboutDialog"_s);
    setWindowTitle(tr("About OrderDesk"));
    m_layout = new QVBoxLayout(this);
    QVBoxLayout *layout = m_layout;

    auto *header = new QHBoxLayout;
    auto *icon = new QLabel(this);
    const int size = fontMetrics().height() * 4;
    icon->setPixmap(QApplication::windowIcon().pixmap(size, size));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto *title = new QLabel(tr("<h2>OrderDesk %1</h2><p>Back-office orders on CQRS, with the "
                                "projection lag in plain sight.</p>")
                                 .arg(QApplication::applicationVersion().toHtmlEscaped()),
                             this);
    title->setWordWrap(true);
    header->addWidget(title, 1);
    layout->addLayout(header);

    auto *form = new QFormLayout;
    const auto fact = [&](const QString &label, const QString &value, const char *name) {
        auto *text = new QLabel(value, this);
        text->setObjectName(QLatin1StringView(name));
        text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        text->setWordWrap(true);
        text->setAccessibleName(label);
        form->addRow(label, text);
    };
    fact(tr("Data directory:"), facts.dataDirectory, "aboutDataDirectory");
    fact(tr("Write store:"), facts.writeStore, "aboutWriteStore");
    fact(tr("Read store:"), facts.readStore, "aboutReadStore");
    fact(tr("Settings:"), facts.settingsFile, "aboutSettings");
    layout->addLayout(form);

    auto *ryw = new QCheckBox(tr("&Read your writes: after a command, wait until the read model "
                                 "shows it"),
                              this);
    ryw->setChecked(readYourWrites->isChecked());
    connect(ryw, &QCheckBox::toggled, readYourWrites, &QAction::setChecked);
    layout->addWidget(ryw);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *open = buttons->addButton(tr("&Open Data Directory"), QDialogButtonBox::ActionRole);
    const QString directory = facts.dataDirectory;
    connect(open, &QPushButton::clicked, this,
            [directory] { QDesktopServices::openUrl(QUrl::fromLocalFile(directory)); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void AboutDialog::addSettings(QWidget *section)
{
    section->setParent(this);
    // Above the buttons, which are last.
    m_layout->insertWidget(m_layout->count() - 1, section);
}

} // namespace OrderDesk
