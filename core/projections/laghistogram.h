// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QtGlobal>

namespace OrderDesk {

/// Percentiles over the most recent samples (a ring buffer): the rolling command lag.
class LagHistogram
{
public:
    explicit LagHistogram(int capacity = 4096);

    void add(qint64 value);
    void clear();
    qsizetype size() const { return m_samples.size(); }
    /// The p-th percentile (0..100) of the samples held; 0 when there are none.
    qint64 percentile(int p) const;

private:
    QList<qint64> m_samples;
    int m_capacity;
    int m_next = 0;
};

} // namespace OrderDesk
