// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <map>
#include <optional>

namespace OrderDesk::Bench {

/// The figures of one run: every key of the table (null when a phase did not measure
/// it, e.g. the 1M sizes in --quick), details for people, and the readable table.
class BenchReport
{
public:
    BenchReport();

    void set(const QString &key, double value);
    std::optional<double> value(const QString &key) const;
    /// Extra figures and facts that are not keys of the table (fixture sizes, methods, notes).
    void detail(const QString &key, const QJsonValue &value);
    /// Computes the ratios from the figures measured in this run.
    void computeRatios();

    /// One JSON object: the keys at the top level, details and the machine under "details".
    QJsonObject toJson() const;
    /// The table for people: figure, value, target and whether this run meets it.
    QString table() const;

    /// Every key the table names, in its order.
    static const QStringList &keys();

private:
    std::map<QString, double> m_values;
    QJsonObject m_details;
};

} // namespace OrderDesk::Bench
