// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <vector>

namespace OrderDesk {

/// A fixed-capacity buffer that keeps the newest values: pushing onto a full buffer drops the
/// oldest. Memory stays constant however long the window is open.
template<typename T> class RingBuffer
{
public:
    explicit RingBuffer(qsizetype capacity)
        : m_items(size_t(std::max<qsizetype>(1, capacity)))
    {
    }

    void push(const T &value)
    {
        m_items[size_t((m_first + m_size) % capacity())] = value;
        if (m_size < capacity())
            ++m_size;
        else
            m_first = (m_first + 1) % capacity();
    }

    /// The i-th value, oldest first.
    const T &at(qsizetype i) const
    {
        Q_ASSERT(i >= 0 && i < m_size);
        return m_items[size_t((m_first + i) % capacity())];
    }
    const T &last() const { return at(m_size - 1); }

    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return qsizetype(m_items.size()); }
    bool isEmpty() const { return m_size == 0; }
    void clear()
    {
        m_first = 0;
        m_size = 0;
    }

private:
    std::vector<T> m_items;
    qsizetype m_first = 0;
    qsizetype m_size = 0;
};

} // namespace OrderDesk
