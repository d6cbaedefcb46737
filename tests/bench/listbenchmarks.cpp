// SPDX-License-Identifier: MIT
#include "listbenchmarks.h"

#include "benchsupport.h"
#include "fixtures.h"

#include "commands/commandbus.h"
#include "models/orderlistmodel.h"
#include "projections/projector.h"
#include "storage/datadirectory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlQueryModel>

#include <cstdio>

namespace OrderDesk::Bench::ListBenchmarks {

using namespace Qt::StringLiterals;

namespace {

void print(const QJsonObject &object)
{
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

int fail(const QString &message)
{
    print({{u"error"_s, message}});
    return 1;
}

QJsonArray toArray(const std::vector<double> &values)
{
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

/// Asks for a screen of rows the way a view does when it paints them: data() of every cell.
void paint(const QAbstractItemModel &model, int first, int rows)
{
    const int last = std::min(first + rows, model.rowCount());
    for (int row = first; row < last; ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            std::ignore = model.data(model.index(row, column));
    }
}

bool screenLoaded(const OrderListModel &model, int first)
{
    const int last = std::min(first + ScreenRows, model.rowCount());
    for (int row = first; row < last; ++row) {
        if (!model.orderAt(row))
            return false;
    }
    return true;
}

struct Timing
{
    double firstRowsMs = 0; ///< the reset that shows the first screen of rows
    double loadedMs = 0;    ///< loaded(): rows and count (a costly count comes after the rows)
    bool ok = false;
};

/// Times the model's next reset to its first rows (after construction or a new filter), and
/// its loaded().
Timing timeToRows(OrderListModel &model, const QElapsedTimer &since)
{
    Timing timing;
    bool shown = false;
    bool loaded = false;
    const QMetaObject::Connection reset =
        QObject::connect(&model, &QAbstractItemModel::modelReset, &model, [&] {
            if (!shown && model.rowCount() > 0 && model.orderAt(0)) {
                timing.firstRowsMs = elapsedMs(since);
                shown = true;
            }
        });
    const QMetaObject::Connection done =
        QObject::connect(&model, &OrderListModel::loaded, &model, [&] {
            timing.loadedMs = elapsedMs(since);
            loaded = true;
        });
    timing.ok = waitUntil([&] { return loaded; }, 60'000) && shown;
    QObject::disconnect(reset);
    QObject::disconnect(done);
    return timing;
}

} // namespace

int runOrderListModel(const ListOptions &options)
{
    QJsonObject out;
    std::vector<double> firstRows;
    std::unique_ptr<OrderListModel> model;
    for (int i = 0; i < options.repeats; ++i) {
        model.reset();
        QElapsedTimer timer;
        timer.start();
        model = std::make_unique<OrderListModel>(options.readStorePath);
        model->setPollInterval(0);
        const Timing timing = timeToRows(*model, timer);
        firstRows.push_back(timing.firstRowsMs);
        if (!timing.ok || model->rowCount() == 0 || !model->orderAt(0))
            return fail(u"The list model showed no rows."_s);
        paint(*model, 0, ScreenRows);
    }
    out.insert(u"first_rows_ms"_s, toArray(firstRows));
    out.insert(u"rows"_s, model->rowCount());

    if (options.filter) {
        OrderFilter filter;
        filter.text = Fixtures::searchedSurname();
        filter.statuses = {OrderStatus::Confirmed};
        std::vector<double> filtered;
        std::vector<double> counted;
        qint64 matches = 0;
        for (int i = 0; i < options.repeats; ++i) {
            QElapsedTimer timer;
            timer.start();
            model->setFilter(filter);
            const Timing timing = timeToRows(*model, timer);
            filtered.push_back(timing.firstRowsMs);
            counted.push_back(timing.loadedMs);
            if (!timing.ok || model->rowCount() == 0 || !model->orderAt(0))
                return fail(u"The filtered list showed no rows."_s);
            matches = model->rowCount();
            paint(*model, 0, ScreenRows);
            model->setFilter({});
            if (!timeToRows(*model, timer).ok)
                return fail(u"The unfiltered list did not come back."_s);
        }
        out.insert(u"filter_ms"_s, toArray(filtered));
        out.insert(u"filter_counted_ms"_s, toArray(counted));
        out.insert(u"filter_matches"_s, matches);
    }

    if (options.scrollSteps > 0) {
        const int rows = model->rowCount();
        std::vector<double> jumps;
        const double rssBefore = residentMegabytes();
        for (int step = 0; step < options.scrollSteps; ++step) {
            const int first = options.scrollSteps == 1
                ? 0
                : int(qint64(rows - ScreenRows) * step / (options.scrollSteps - 1));
            QElapsedTimer timer;
            timer.start();
            paint(*model, first, ScreenRows);
            if (!waitUntil([&] { return screenLoaded(*model, first); }, 60'000))
                return fail(u"Rows %1.. never arrived."_s.arg(first));
            paint(*model, first, ScreenRows);
            jumps.push_back(elapsedMs(timer));
        }
        out.insert(u"scroll_steps"_s, options.scrollSteps);
        out.insert(u"scroll_jump_ms_p50"_s, median(jumps));
        out.insert(u"scroll_jump_ms_p99"_s, percentile(jumps, 99));
        out.insert(u"scroll_jump_ms_max"_s, percentile(jumps, 100));
        out.insert(u"rss_before_scroll_mb"_s, rssBefore);
        out.insert(u"cached_rows"_s, model->cachedRowCount());
    }
    out.insert(u"rss_mb"_s, residentMegabytes());
    out.insert(u"peak_rss_mb"_s, peakResidentMegabytes());
    model.reset();
    print(out);
    return 0;
}

int runQSqlQueryModel(const QString &readStorePath)
{
    QJsonObject out;
    QElapsedTimer timer;
    timer.start();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench"_s);
        db.setDatabaseName(readStorePath);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!db.open())
            return fail(db.lastError().text());
        QSqlQueryModel model;
        // What a Qt developer would write for the same list: the table, newest first.
        model.setQuery(u"SELECT id, customer_name, customer_email, item_count, total_cents, "
                       "currency, status_text, created_at, updated_at FROM order_view "
                       "ORDER BY created_at DESC"_s,
                       db);
        if (model.lastError().isValid())
            return fail(model.lastError().text());
        if (model.rowCount() == 0 && model.canFetchMore())
            model.fetchMore();
        paint(model, 0, ScreenRows);
        out.insert(u"first_rows_ms"_s, elapsedMs(timer));
        // Scrolling to the bottom: a view fetches more whenever it reaches the last row.
        QElapsedTimer scroll;
        scroll.start();
        while (model.canFetchMore())
            model.fetchMore();
        paint(model, model.rowCount() - ScreenRows, ScreenRows);
        out.insert(u"scroll_s"_s, elapsedMs(scroll) / 1000.0);
        out.insert(u"rows"_s, model.rowCount());
        out.insert(u"rss_mb"_s, residentMegabytes());
        out.insert(u"peak_rss_mb"_s, peakResidentMegabytes());
    }
    QSqlDatabase::removeDatabase(u"bench"_s);
    print(out);
    return 0;
}

} // namespace OrderDesk::Bench::ListBenchmarks
