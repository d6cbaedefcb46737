// SPDX-License-Identifier: MIT
#pragma once

#include "events.h"

#include <QString>

namespace OrderDesk {

/// One line for people saying what an event recorded, e.g. "2 lines, 19.98 EUR, customer C1
/// (Ada Lovelace)" or "reason: customer asked". Used by the audit trail and event views.
QString eventSummary(const DomainEvent &event);

} // namespace OrderDesk
