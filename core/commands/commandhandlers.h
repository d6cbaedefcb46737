// SPDX-License-Identifier: MIT
#pragma once

#include "commandresult.h"
#include "commands.h"

namespace OrderDesk {

class WriteStore;

/// Executes one command against the write store: loads what it needs, lets the domain decide,
/// writes the new state and its events. Runs on the writer thread inside a savepoint that the
/// caller releases or rolls back depending on the result. `now` stamps the events (UTC ms).
CommandResult executeCommand(const Command &command, WriteStore &store, qint64 now);

} // namespace OrderDesk
