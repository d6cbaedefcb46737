// SPDX-License-Identifier: MIT
#pragma once

#include "errors.h"

#include <optional>
#include <utility>
#include <variant>

namespace OrderDesk {

/// A value or an Error: how failures cross layers in OrderDesk (an expected<T, Error> of our own
/// until C++23). A default-constructed Result<void> is a success.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(const T &value) : m_data(std::in_place_index<0>, value) { }
    Result(T &&value) : m_data(std::in_place_index<0>, std::move(value)) { }
    Result(const Error &error) : m_data(std::in_place_index<1>, error) { }
    Result(Error &&error) : m_data(std::in_place_index<1>, std::move(error)) { }

    bool hasValue() const { return m_data.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(const Error &error) : m_error(error) { }
    Result(Error &&error) : m_error(std::move(error)) { }

    bool hasValue() const { return !m_error.has_value(); }
    explicit operator bool() const { return hasValue(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace OrderDesk
