// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

/// Limits that protect the store from input no business needs. Commands beyond them are rejected
/// with a clear error before anything is written.
namespace OrderDesk::Limits {

inline constexpr int MinQuantity = 1;
inline constexpr int MaxQuantity = 100'000;
inline constexpr int MaxLines = 500;
inline constexpr int MaxIdLength = 64;
inline constexpr int MaxNameLength = 200;
inline constexpr int MaxEmailLength = 254;
inline constexpr int MaxReasonLength = 500;
/// Ten billion currency units: high enough for any catalog, low enough that a large order can
/// still overflow a 64-bit total, which is refused rather than wrapped.
inline constexpr qint64 MaxUnitPriceCents = 1'000'000'000'000;

} // namespace OrderDesk::Limits
