// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

namespace OrderDesk {

class CommandBus;

/// The main window: for now the store it works on and the command bus's state.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(CommandBus &bus, QWidget *parent = nullptr);

private:
    CommandBus &m_bus;
};

} // namespace OrderDesk
