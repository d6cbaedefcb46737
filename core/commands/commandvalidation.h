// SPDX-License-Identifier: MIT
#pragma once

#include "commands.h"
#include "domain/result.h"

namespace OrderDesk {

/// Checks everything about a command that needs no stored data: ids, names, quantities, prices,
/// line counts, text. Runs before the command touches the store; a command that fails here is
/// rejected without a transaction.
Result<void> validateCommand(const Command &command);

} // namespace OrderDesk
