// SPDX-License-Identifier: MIT
#pragma once

#include "commands.h"
#include "domain/result.h"

#include <QStringList>

namespace OrderDesk {

/// Parses a command written the way `orderdeskctl` takes it, e.g.
///   create-order --customer C00001 --line SKU-0001:2 --line SKU-0002:1@9.99
///   confirm ORD-1JDXK8M3F-7Q2Z9 --expected-version 1
///   cancel ORD-… --reason "customer asked"
/// Returns the command, or an InvalidCommand error that names what is wrong. Never throws or
/// crashes on any input (it is fuzzed).
Result<Command> parseCommand(const QStringList &arguments);

/// The command names parseCommand() understands.
QStringList parsableCommandNames();

/// One line "SKU:QTY" or "SKU:QTY@PRICE".
Result<LineRequest> parseLineRequest(const QString &text);

} // namespace OrderDesk
