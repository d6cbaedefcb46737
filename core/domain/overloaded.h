// SPDX-License-Identifier: MIT
#pragma once

namespace OrderDesk {

/// Builds one visitor for std::visit out of several lambdas.
template<typename... Ts>
struct Overloaded : Ts...
{
    using Ts::operator()...;
};

/// Clang before 17 (AppleClang too) deduces no template arguments for aggregates by itself.
template<typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

} // namespace OrderDesk
