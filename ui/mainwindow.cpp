// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "commands/commandbus.h"

#include <QLabel>
#include <QStatusBar>

namespace OrderDesk {

MainWindow::MainWindow(CommandBus &bus, QWidget *parent) : QMainWindow(parent), m_bus(bus)
{
    setWindowTitle(tr("OrderDesk"));
    auto *label = new QLabel(tr("Write store: %1").arg(m_bus.storeDescription()), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    statusBar()->showMessage(tr("Head position %1").arg(m_bus.headPosition()));
    resize(1000, 640);
}

} // namespace OrderDesk
