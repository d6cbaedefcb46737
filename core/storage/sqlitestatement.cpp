// SPDX-License-Identifier: MIT
#include "sqlitestatement.h"

#include "sqliteconnection.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QVariant>

#include <atomic>
#include <optional>
#include <vector>

#ifdef ORDERDESK_HAVE_SQLITE3
#include <sqlite3.h>
#if defined(Q_OS_UNIX)
#include <dlfcn.h>
#endif
#endif

namespace OrderDesk {

Q_LOGGING_CATEGORY(lcSqliteNative, "orderdesk.sqlite.native")

using namespace Qt::StringLiterals;

namespace SqliteNativeAccess {

namespace {

/// ORDERDESK_SQLITE_API=qtsql turns the C API off for the whole process: a way to run every
/// test, or a user's installation, on the QtSql path.
std::atomic<bool> allowed {qEnvironmentVariable("ORDERDESK_SQLITE_API") != u"qtsql"};

#ifdef ORDERDESK_HAVE_SQLITE3
/// Whether the driver's SQLite is this program's SQLite: the same shared object, the same
/// version and source id. Decided once per process (every QSQLITE connection shares a driver
/// plugin); the first database asked about is the one it is checked on.
QString checkLibrary(const QSqlDatabase &database)
{
    const QSqlDriver *driver = database.driver();
#if defined(Q_OS_UNIX)
    // The driver's meta-object lives in the plugin; the plugin's own view of
    // sqlite3_libversion() is the library its calls end up in. The function returns a pointer
    // to the library's version string, so equal pointers mean one library in memory.
    Dl_info info {};
    if (dladdr(driver->metaObject(), &info) == 0 || !info.dli_fname)
        return u"the QSQLITE plugin's file cannot be found"_s;
    void *plugin = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (!plugin)
        return u"the QSQLITE plugin cannot be inspected"_s;
    using Version = const char *(*)();
    const auto theirs = reinterpret_cast<Version>(dlsym(plugin, "sqlite3_libversion"));
    dlclose(plugin);
    if (!theirs)
        return u"the QSQLITE plugin carries its own SQLite"_s;
    if (theirs() != sqlite3_libversion())
        return u"the QSQLITE plugin uses another copy of SQLite"_s;
#else
    return u"the QSQLITE plugin's SQLite cannot be identified on this platform"_s;
#endif
    QSqlQuery query(database);
    if (!query.exec(u"SELECT sqlite_version(), sqlite_source_id()"_s) || !query.next())
        return u"SQLite's version cannot be read through QtSql"_s;
    if (query.value(0).toString() != QLatin1StringView(sqlite3_libversion())
        || query.value(1).toString() != QLatin1StringView(sqlite3_sourceid()))
        return u"QtSql reports SQLite %1, this program links %2"_s.arg(
            query.value(0).toString(), QLatin1StringView(sqlite3_libversion()));
    return {};
}

const QString &libraryVerdict(const QSqlDatabase &database)
{
    static QMutex mutex;
    static std::optional<QString> verdict;
    const QMutexLocker locker(&mutex);
    if (!verdict) {
        verdict = checkLibrary(database);
        if (verdict->isEmpty())
            qCDebug(lcSqliteNative, "SQLite %s: statements run through the C API",
                    sqlite3_libversion());
        else
            qCInfo(lcSqliteNative, "Statements run through QtSql: %s", qPrintable(*verdict));
    }
    return *verdict;
}
#endif

} // namespace

QString unavailableReason(const QSqlDatabase &database)
{
#ifdef ORDERDESK_HAVE_SQLITE3
    if (!database.driver()
        || database.driver()->handle().metaType().name() != QByteArrayView("sqlite3*"))
        return u"the connection is not a QSQLITE one"_s;
    // Asked before it is open, the question is put again later: the verdict is kept only
    // once it has been checked on an open connection.
    if (!database.isOpen())
        return u"the connection is not open"_s;
    return libraryVerdict(database);
#else
    Q_UNUSED(database);
    return u"OrderDesk was built without the SQLite development files"_s;
#endif
}

sqlite3 *handle(const QSqlDatabase &database)
{
#ifdef ORDERDESK_HAVE_SQLITE3
    if (!allowed || !unavailableReason(database).isEmpty())
        return nullptr;
    const QVariant value = database.driver()->handle();
    return *static_cast<sqlite3 *const *>(value.constData());
#else
    Q_UNUSED(database);
    return nullptr;
#endif
}

void setAllowed(bool allow)
{
    allowed = allow;
}

bool isAllowed()
{
    return allowed;
}

} // namespace SqliteNativeAccess

class SqliteStatement::Backend
{
public:
    virtual ~Backend() = default;
    virtual bool isNative() const = 0;
    virtual void bind(int index, qint64 value) = 0;
    virtual void bind(int index, const QString &text) = 0;
    virtual void bindUtf8(int index, QByteArrayView text) = 0;
    virtual void bindNull(int index) = 0;
    virtual Result<void> exec(const QString &context) = 0;
    virtual bool next() = 0;
    virtual bool isNull(int column) const = 0;
    virtual qint64 int64(int column) const = 0;
    virtual QString text(int column) const = 0;
    virtual QByteArray utf8(int column) const = 0;
    virtual void reset() = 0;
    virtual qint64 changes() const = 0;
    virtual qint64 lastInsertRowid() const = 0;

    int errorCode = 0;
    QString errorText;
};

#ifdef ORDERDESK_HAVE_SQLITE3
class SqliteStatement::NativeBackend final : public Backend
{
public:
    NativeBackend(sqlite3 *db, const QString &sql)
        : m_db(db)
    {
        const QByteArray text = sql.toUtf8();
        const int rc = sqlite3_prepare_v3(m_db, text.constData(), int(text.size()),
                                          SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
        if (rc != SQLITE_OK)
            m_prepareError =
                std::pair {sqlite3_extended_errcode(m_db), QString::fromUtf8(sqlite3_errmsg(m_db))};
    }
    ~NativeBackend() override { sqlite3_finalize(m_statement); }

    bool isNative() const override { return true; }

    void bind(int index, qint64 value) override
    {
        if (prepareForBinding())
            sqlite3_bind_int64(m_statement, index + 1, value);
    }
    void bind(int index, const QString &text) override
    {
        if (!prepareForBinding())
            return;
        if (text.isNull()) {
            sqlite3_bind_null(m_statement, index + 1);
            return;
        }
        if (!QStringView(text).isValidUtf16()) {
            // Broken UTF-16 is left to SQLite's own conversion, exactly as QtSql leaves it.
            sqlite3_bind_text16(m_statement, index + 1, text.utf16(),
                                int(text.size() * qsizetype(sizeof(char16_t))), SQLITE_TRANSIENT);
            return;
        }
        // Qt's UTF-8 encoder (vectorized) into a buffer kept per parameter, which SQLite reads
        // in place: no allocation per value, and no conversion by SQLite at step time.
        if (size_t(index) >= m_buffers.size())
            m_buffers.resize(size_t(index) + 1);
        QByteArray &buffer = m_buffers[size_t(index)];
        buffer.resize(text.size() * 3);
        const char *end = m_encoder.appendToBuffer(buffer.data(), text);
        sqlite3_bind_text(m_statement, index + 1, buffer.constData(), int(end - buffer.constData()),
                          SQLITE_STATIC);
    }
    void bindUtf8(int index, QByteArrayView text) override
    {
        if (!prepareForBinding())
            return;
        // A view of nothing is still text: '' rather than NULL.
        sqlite3_bind_text(m_statement, index + 1, text.isNull() ? "" : text.data(),
                          int(text.size()), SQLITE_TRANSIENT);
    }
    void bindNull(int index) override
    {
        if (prepareForBinding())
            sqlite3_bind_null(m_statement, index + 1);
    }

    Result<void> exec(const QString &context) override
    {
        errorCode = 0;
        errorText.clear();
        if (m_prepareError) {
            errorCode = m_prepareError->first;
            errorText = m_prepareError->second;
            return sqliteError(m_prepareError->first, m_prepareError->second, context);
        }
        if (m_stepped)
            sqlite3_reset(m_statement);
        m_stepped = true;
        m_bound = false;
        const int rc = sqlite3_step(m_statement);
        m_changes = sqlite3_changes(m_db);
        if (rc == SQLITE_ROW) {
            m_rowPending = true;
            return {};
        }
        m_rowPending = false;
        if (rc == SQLITE_DONE) {
            // Nothing more to read: let go of the read lock now rather than at the next run.
            sqlite3_reset(m_statement);
            m_stepped = false;
            return {};
        }
        errorCode = sqlite3_extended_errcode(m_db);
        errorText = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_reset(m_statement);
        m_stepped = false;
        return sqliteError(errorCode, errorText, context);
    }

    bool next() override
    {
        if (!m_stepped)
            return false;
        if (m_rowPending) {
            m_rowPending = false;
            return true;
        }
        if (sqlite3_step(m_statement) == SQLITE_ROW)
            return true;
        reset();
        return false;
    }

    bool isNull(int column) const override
    {
        return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
    }
    qint64 int64(int column) const override { return sqlite3_column_int64(m_statement, column); }
    QString text(int column) const override
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        if (!data)
            return QString();
        const int size = sqlite3_column_bytes(m_statement, column);
        // '' is an empty string, not a null one, as QtSql reads it.
        return size == 0 ? QString(u""_s) : QString::fromUtf8(data, size);
    }
    QByteArray utf8(int column) const override
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        if (!data)
            return QByteArray();
        return QByteArray(data, sqlite3_column_bytes(m_statement, column));
    }
    void reset() override
    {
        if (m_stepped)
            sqlite3_reset(m_statement);
        m_stepped = false;
        m_rowPending = false;
    }
    qint64 changes() const override { return m_changes; }
    qint64 lastInsertRowid() const override { return sqlite3_last_insert_rowid(m_db); }

private:
    /// A statement must be reset before new values are bound; the old ones are cleared so
    /// that nothing from a previous run is used by accident.
    bool prepareForBinding()
    {
        if (!m_statement)
            return false;
        if (!m_bound) {
            if (m_stepped) {
                sqlite3_reset(m_statement);
                m_stepped = false;
                m_rowPending = false;
            }
            sqlite3_clear_bindings(m_statement);
            m_bound = true;
        }
        return true;
    }

    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    /// Bound text, per parameter, in UTF-8; valid until the parameter is bound again.
    std::vector<QByteArray> m_buffers;
    QStringEncoder m_encoder {QStringEncoder::Utf8, QStringEncoder::Flag::Stateless};
    std::optional<std::pair<int, QString>> m_prepareError;
    qint64 m_changes = 0;
    bool m_stepped = false;
    bool m_rowPending = false;
    bool m_bound = false;
};
#endif

class SqliteStatement::QtBackend final : public Backend
{
public:
    QtBackend(const QSqlDatabase &database, const QString &sql)
        : m_query(database)
    {
        m_query.setForwardOnly(true);
        m_prepared = m_query.prepare(sql);
        if (!m_prepared)
            m_prepareError = m_query.lastError();
    }

    bool isNative() const override { return false; }

    void bind(int index, qint64 value) override { m_query.bindValue(index, value); }
    void bind(int index, const QString &text) override { m_query.bindValue(index, text); }
    void bindUtf8(int index, QByteArrayView text) override
    {
        m_query.bindValue(index, QString::fromUtf8(text.isNull() ? "" : text.data(), text.size()));
    }
    void bindNull(int index) override { m_query.bindValue(index, QVariant()); }

    Result<void> exec(const QString &context) override
    {
        errorCode = 0;
        errorText.clear();
        const auto failed = [&](const QSqlError &error) {
            errorCode = error.nativeErrorCode().toInt();
            errorText = error.databaseText();
            return sqliteError(error, context);
        };
        if (!m_prepared)
            return failed(m_prepareError);
        if (!m_query.exec()) {
            const Error error = failed(m_query.lastError());
            m_query.finish();
            return error;
        }
        m_changes = m_query.isSelect() ? 0 : m_query.numRowsAffected();
        if (!m_query.isSelect())
            m_lastInsertRowid = m_query.lastInsertId().toLongLong();
        return {};
    }
    bool next() override
    {
        if (m_query.next())
            return true;
        m_query.finish();
        return false;
    }
    bool isNull(int column) const override { return m_query.isNull(column); }
    qint64 int64(int column) const override { return m_query.value(column).toLongLong(); }
    QString text(int column) const override { return m_query.value(column).toString(); }
    QByteArray utf8(int column) const override { return m_query.value(column).toString().toUtf8(); }
    void reset() override { m_query.finish(); }
    qint64 changes() const override { return m_changes; }
    qint64 lastInsertRowid() const override { return m_lastInsertRowid; }

private:
    QSqlQuery m_query;
    QSqlError m_prepareError;
    qint64 m_changes = 0;
    qint64 m_lastInsertRowid = 0;
    bool m_prepared = false;
};

SqliteStatement::SqliteStatement(SqliteConnection &connection, const QString &sql)
{
    const QSqlDatabase database = connection.database();
#ifdef ORDERDESK_HAVE_SQLITE3
    if (sqlite3 *db = SqliteNativeAccess::handle(database)) {
        d = std::make_unique<NativeBackend>(db, sql);
        return;
    }
#endif
    d = std::make_unique<QtBackend>(database, sql);
}

SqliteStatement::~SqliteStatement() = default;

bool SqliteStatement::isNative() const
{
    return d->isNative();
}

void SqliteStatement::bind(int index, qint64 value)
{
    d->bind(index, value);
}

void SqliteStatement::bind(int index, const QString &text)
{
    d->bind(index, text);
}

void SqliteStatement::bindUtf8(int index, QByteArrayView text)
{
    d->bindUtf8(index, text);
}

void SqliteStatement::bindNull(int index)
{
    d->bindNull(index);
}

Result<void> SqliteStatement::exec(const QString &context)
{
    return d->exec(context);
}

bool SqliteStatement::next()
{
    return d->next();
}

bool SqliteStatement::isNull(int column) const
{
    return d->isNull(column);
}

qint64 SqliteStatement::int64(int column) const
{
    return d->int64(column);
}

QString SqliteStatement::text(int column) const
{
    return d->text(column);
}

QByteArray SqliteStatement::utf8(int column) const
{
    return d->utf8(column);
}

void SqliteStatement::reset()
{
    d->reset();
}

int SqliteStatement::lastErrorCode() const
{
    return d->errorCode;
}

QString SqliteStatement::lastErrorText() const
{
    return d->errorText;
}

qint64 SqliteStatement::changes() const
{
    return d->changes();
}

qint64 SqliteStatement::lastInsertRowid() const
{
    return d->lastInsertRowid();
}

} // namespace OrderDesk
