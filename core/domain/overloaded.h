// SPDX-License-Identifier: MIT
#pragma once

namespace OrderDesk {

/// Builds one visitor for std::visit out of several lambdas.
template<typename... Ts>
struct Overloaded : Ts...
{
    using Ts::operator()...;
};

} // namespace OrderDesk
