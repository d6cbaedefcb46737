// SPDX-License-Identifier: MIT
#include "benchreport.h"

#include <QJsonValue>
#include <QStringList>

#include <cmath>
#include <functional>

namespace OrderDesk::Bench {

using namespace Qt::StringLiterals;

namespace {

struct Row
{
    QString key;
    QString label;
    QString unit;
    int decimals;
    QString target;
    /// Whether a value meets the target; empty when the figure has none of its own.
    std::function<bool(double, const BenchReport &)> meets;
};

const std::vector<Row> &rows()
{
    const auto below = [](double limit) {
        return [limit](double v, const BenchReport &) {
            return v < limit;
        };
    };
    const auto atLeast = [](double limit) {
        return [limit](double v, const BenchReport &) {
            return v >= limit;
        };
    };
    static const std::vector<Row> table = {
        {u"raw_sqlite_commit_per_s"_s, u"raw sqlite3: single-row commits"_s, u"/s"_s, 0, {}, {}},
        {u"raw_sqlite_batch_rows_per_s"_s,
         u"raw sqlite3: rows, 1000 per commit"_s,
         u"/s"_s,
         0,
         {},
         {}},
        {u"cmd_serial_per_s"_s, u"CreateOrder via bus, one at a time"_s, u"/s"_s, 0, {}, {}},
        {u"cmd_concurrent_per_s"_s, u"CreateOrder via bus, 256 in flight"_s, u"/s"_s, 0, {}, {}},
        {u"ratio_serial_vs_raw"_s, u"serial / raw commits"_s, QString(), 2, u">= 0.8"_s,
         atLeast(0.8)},
        {u"ratio_group_vs_raw"_s, u"group commit / raw commits"_s, QString(), 1, u">= 10"_s,
         atLeast(10)},
        {u"rebuild_s_10k"_s, u"rebuild, 10k events"_s, u"s"_s, 2, {}, {}},
        {u"rebuild_s_100k"_s, u"rebuild, 100k events"_s, u"s"_s, 2, {}, {}},
        {u"rebuild_s_1m"_s, u"rebuild, 1M events"_s, u"s"_s, 2, u"< 10 s"_s, below(10)},
        {u"rebuild_events_per_s"_s, u"rebuild rate (largest log)"_s, u"/s"_s, 0, {}, {}},
        {u"ratio_rebuild_vs_raw_batch"_s, u"rebuild / raw batched rows"_s, QString(), 2,
         u">= 0.3"_s, atLeast(0.3)},
        {u"lag_p50_ms"_s, u"accepted -> visible p50, 1000 cmd/s"_s, u"ms"_s, 1, {}, {}},
        {u"lag_p99_ms"_s, u"accepted -> visible p99, 1000 cmd/s"_s, u"ms"_s, 1, u"< 50 ms"_s,
         below(50)},
        {u"list_first_rows_ms_10k"_s, u"list first rows, 10k orders"_s, u"ms"_s, 1, {}, {}},
        {u"list_first_rows_ms_100k"_s, u"list first rows, 100k orders"_s, u"ms"_s, 1, {}, {}},
        {u"list_first_rows_ms_1m"_s, u"list first rows, 1M orders"_s, u"ms"_s, 1,
         u"< 200 ms, flat"_s,
         [](double v, const BenchReport &r) {
             const std::optional<double> small = r.value(u"list_first_rows_ms_10k"_s);
             // "Flat": within 2x (and 20 ms) of the 10k figure measured in the same run.
             return v < 200 && (!small || v <= std::max(2 * *small, *small + 20));
         }},
        {u"list_filter_ms_1m"_s, u"list status + text filter, 1M orders"_s, u"ms"_s, 1,
         u"< 50 ms"_s, below(50)},
        {u"list_scroll_rss_mb_1m"_s, u"list RSS after scrolling 1M"_s, u"MB"_s, 1,
         u"< 200 MB, << QSqlQueryModel"_s,
         [](double v, const BenchReport &r) {
             const std::optional<double> qt = r.value(u"qsqlquerymodel_scroll_rss_mb_1m"_s);
             return v < 200 && (!qt || v * 2 < *qt);
         }},
        {u"qsqlquerymodel_first_rows_ms_1m"_s,
         u"QSqlQueryModel first rows, 1M"_s,
         u"ms"_s,
         1,
         {},
         {}},
        {u"qsqlquerymodel_scroll_rss_mb_1m"_s,
         u"QSqlQueryModel RSS after scrolling 1M"_s,
         u"MB"_s,
         1,
         {},
         {}},
        {u"cold_start_ms"_s, u"cold start to screenshot"_s, u"ms"_s, 0, u"< 1000 ms"_s,
         below(1000)},
    };
    return table;
}

QString formatted(double value, int decimals)
{
    if (decimals == 0 && std::abs(value) >= 1000) {
        // Thousands separated with a thin space for people; JSON keeps the plain number.
        QString digits = QString::number(qint64(std::llround(value)));
        for (qsizetype i = digits.size() - 3; i > (digits.startsWith(u'-') ? 1 : 0); i -= 3)
            digits.insert(i, u' ');
        return digits;
    }
    return QString::number(value, 'f', decimals);
}

} // namespace

BenchReport::BenchReport() = default;

const QStringList &BenchReport::keys()
{
    static const QStringList list = [] {
        QStringList k;
        for (const Row &row : rows())
            k.append(row.key);
        return k;
    }();
    return list;
}

void BenchReport::set(const QString &key, double value)
{
    Q_ASSERT_X(keys().contains(key), "BenchReport::set", "not a key of the issue's table");
    m_values[key] = value;
}

std::optional<double> BenchReport::value(const QString &key) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

void BenchReport::detail(const QString &key, const QJsonValue &value)
{
    m_details.insert(key, value);
}

void BenchReport::computeRatios()
{
    const auto ratio = [this](const QString &key, const QString &numerator,
                              const QString &denominator) {
        const std::optional<double> n = value(numerator);
        const std::optional<double> d = value(denominator);
        if (n && d && *d > 0)
            set(key, *n / *d);
    };
    ratio(u"ratio_serial_vs_raw"_s, u"cmd_serial_per_s"_s, u"raw_sqlite_commit_per_s"_s);
    ratio(u"ratio_group_vs_raw"_s, u"cmd_concurrent_per_s"_s, u"raw_sqlite_commit_per_s"_s);
    ratio(u"ratio_rebuild_vs_raw_batch"_s, u"rebuild_events_per_s"_s,
          u"raw_sqlite_batch_rows_per_s"_s);
}

QJsonObject BenchReport::toJson() const
{
    QJsonObject object;
    for (const QString &key : keys()) {
        const std::optional<double> v = value(key);
        object.insert(key, v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null));
    }
    object.insert(u"details"_s, m_details);
    return object;
}

QString BenchReport::table() const
{
    QStringList lines;
    const QString header = u"%1  %2  %3  %4"_s.arg(u"figure"_s, -40)
                               .arg(u"value"_s, 14)
                               .arg(u"target"_s, -28)
                               .arg(u"met"_s);
    lines.append(header);
    lines.append(QString(header.size() + 2, u'-'));
    for (const Row &row : rows()) {
        const std::optional<double> v = value(row.key);
        QString shown = v ? formatted(*v, row.decimals) : u"-"_s;
        if (v && !row.unit.isEmpty())
            shown += u' ' + row.unit;
        QString met;
        if (row.meets)
            met = !v ? u"not measured"_s : (row.meets(*v, *this) ? u"yes"_s : u"NO"_s);
        lines.append(
            u"%1  %2  %3  %4"_s.arg(row.label, -40).arg(shown, 14).arg(row.target, -28).arg(met));
    }
    return lines.join(u'\n') + u'\n';
}

} // namespace OrderDesk::Bench
