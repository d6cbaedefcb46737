// SPDX-License-Identifier: MIT
#include "laghistogram.h"

#include <algorithm>

namespace OrderDesk {

LagHistogram::LagHistogram(int capacity) : m_capacity(std::max(1, capacity))
{
    m_samples.reserve(m_capacity);
}

void LagHistogram::add(qint64 value)
{
    if (m_samples.size() < m_capacity) {
        m_samples.append(value);
        return;
    }
    m_samples[m_next] = value;
    m_next = (m_next + 1) % m_capacity;
}

void LagHistogram::clear()
{
    m_samples.clear();
    m_next = 0;
}

qint64 LagHistogram::percentile(int p) const
{
    if (m_samples.isEmpty())
        return 0;
    QList<qint64> sorted = m_samples;
    // Nearest-rank percentile: the smallest sample with at least p% of samples at or below it.
    const qsizetype rank = std::clamp<qsizetype>((sorted.size() * p + 99) / 100, 1, sorted.size());
    std::nth_element(sorted.begin(), sorted.begin() + (rank - 1), sorted.end());
    return sorted[rank - 1];
}

} // namespace OrderDesk
