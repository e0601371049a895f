#include "UsageRowWriter.h"

#include "CopyTextRows.h"
#include "Logging.h"
#include "PostgresWire.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "UsageText.h"
#include "UuidText.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDriver>

#include <sched.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <memory>

namespace {

// The columns in the order both engines bind them.
const QString kColumns = QStringLiteral(
    "api_key_id, organization_id, timestamp, endpoint, method, status_code, response_time_ms, tokens_used, "
    "cost_usd, ip_address, user_agent, error_message, error_code");

// The same limits the columns declare; texts are cut, never refused.
QString endpointOf(const UsageRecord& r)
{
    return usageText(r.endpoint, 255);
}
QString methodOf(const UsageRecord& r)
{
    return usageText(r.method, 10);
}
QString ipOf(const UsageRecord& r)
{
    return usageText(r.ipAddress, 45);
}
QString userAgentOf(const UsageRecord& r)
{
    return usageText(r.userAgent, 512);
}
QString errorMessageOf(const UsageRecord& r)
{
    return usageText(r.errorMessage, 2000);
}
QString errorCodeOf(const UsageRecord& r)
{
    return usageText(r.errorCode, 64);
}

// The keys and organizations a batch names: a few, however many rows. Both engines check
// them once per batch, where api_key_usage's foreign keys checked every row (migration 5).
struct Owners
{
    QSet<QUuid> keys;
    QSet<QUuid> organizations;
};
Owners ownersOf(const QList<UsageRecord>& records)
{
    Owners owners;
    for (const UsageRecord& r : records) {
        owners.keys.insert(r.apiKeyId);
        owners.organizations.insert(r.organizationId);
    }
    return owners;
}

// What the foreign keys raised: the row's fault, so the recorder writes the batch's other
// rows one by one and drops this one.
Error unknownOwner(qsizetype rows)
{
    qCWarning(lcDatabase).noquote() << "usage refused:" << rows
                                    << "row(s) name a key or an organization that does not exist";
    return makeError(ErrorCode::DatabaseError,
                     QCoreApplication::translate("SqlQuery", "database error: %1")
                         .arg(QCoreApplication::translate(
                             "SqlQuery", "usage names an API key or an organization that does not exist")));
}

// ---- SQLite --------------------------------------------------------------------------

sqlite3* sqliteHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
}

Error sqliteFailure(sqlite3* handle, int rc)
{
    const QString text = QString::fromUtf8(sqlite3_errmsg(handle));
    qCWarning(lcDatabase).noquote() << "statement failed:" << text;
    // As SqlQuery does for QSQLITE: a constraint is the row's fault, anything else (busy,
    // I/O, a vanished file) an outage the recorder retries.
    const bool constraint = (rc & 0xff) == SQLITE_CONSTRAINT;
    return makeError(constraint ? ErrorCode::DatabaseError : ErrorCode::Unavailable,
                     QCoreApplication::translate("SqlQuery", "database error: %1").arg(text));
}

struct StatementDeleter
{
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

// Binds a text; a null (or, where the column means "none", an empty) text binds NULL.
// SQLITE_STATIC: the text outlives the step it is bound for.
int bindText(sqlite3_stmt* statement, int index, const QString& text, bool emptyIsNull)
{
    if (text.isNull() || (emptyIsNull && text.isEmpty()))
        return sqlite3_bind_null(statement, index);
    return sqlite3_bind_text16(statement, index, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
}

// What SqlValue writes, without its QString: 36 lower-case characters, or NULL.
int bindUuid(sqlite3_stmt* statement, int index, const QUuid& id, std::array<char, 37>& buffer)
{
    if (id.isNull())
        return sqlite3_bind_null(statement, index);
    const UuidText text(id);
    std::copy_n(text.view().data(), text.view().size(), buffer.data());
    return sqlite3_bind_text(statement, index, buffer.data(), int(text.view().size()), SQLITE_STATIC);
}

// SqlValue::fromTime's format, "yyyy-MM-ddTHH:mm:ss.zzzZ" in UTC, with the digits written by
// hand (snprintf, and QDateTime::toString before it, showed in the writer's profiles; this
// runs for every row on both engines).
// Returns the length, or 0 for a time it cannot write that way (invalid, or a year outside
// 0-9999), which the callers leave to SqlValue.
qsizetype formatTime(const QDateTime& time, std::array<char, 32>& buffer)
{
    if (!time.isValid())
        return 0;
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    if (d.year() < 0 || d.year() > 9999)
        return 0;
    char* out = buffer.data();
    const auto put = [&out](int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            out[i] = char('0' + value % 10);
        out += digits;
    };
    const auto mark = [&out](char c) {
        *out++ = c;
    };
    put(d.year(), 4);
    mark('-');
    put(d.month(), 2);
    mark('-');
    put(d.day(), 2);
    mark('T');
    put(t.hour(), 2);
    mark(':');
    put(t.minute(), 2);
    mark(':');
    put(t.second(), 2);
    mark('.');
    put(t.msec(), 3);
    mark('Z');
    return out - buffer.data();
}

// The time as formatTime writes it, or NULL.
int bindTime(sqlite3_stmt* statement, int index, const QDateTime& time, std::array<char, 32>& buffer)
{
    if (!time.isValid())
        return sqlite3_bind_null(statement, index);
    if (const qsizetype size = formatTime(time, buffer))
        return sqlite3_bind_text(statement, index, buffer.data(), int(size), SQLITE_STATIC);
    const QByteArray text = SqlValue::fromTime(time).toString().toUtf8();
    return sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

// The writer thread runs SCHED_BATCH (UsageRecorder), so a serving thread that wakes on
// its core is not let in until the writer's slice ends: up to ~1.5 ms behind a long
// SQLite batch on 2 cores, which was the validator's p99. Yielding every 64 rows (about
// 0.3 ms of SQLite work) bounds that wait; measured with bench/validator.sh, 64
// connections, 1 serving thread: p99 4.2-5.5 ms -> 3.2-3.6 ms, req/s up ~5%. Every 16
// rows cost more than it gave. PostgreSQL's writer blocks on its socket and needs none.
constexpr int kRowsBetweenYields = 64;

// One lookup per key and organization of the batch. The caller holds SQLite's write lock
// (BEGIN IMMEDIATE), so none of them can be deleted before the rows are in.
Status checkOwnersSqlite(sqlite3* handle, const QList<UsageRecord>& records)
{
    const Owners owners = ownersOf(records);
    for (const auto& [sql, ids] : {std::pair{"SELECT 1 FROM api_keys WHERE id = ?", &owners.keys},
                                   std::pair{"SELECT 1 FROM organizations WHERE id = ?", &owners.organizations}}) {
        sqlite3_stmt* raw = nullptr;
        if (const int rc = sqlite3_prepare_v2(handle, sql, -1, &raw, nullptr); rc != SQLITE_OK)
            return sqliteFailure(handle, rc);
        const std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(raw);
        std::array<char, 37> buffer{};
        for (const QUuid& id : *ids) {
            int rc = bindUuid(statement.get(), 1, id, buffer);
            if (rc == SQLITE_OK)
                rc = sqlite3_step(statement.get());
            sqlite3_reset(statement.get());
            if (rc == SQLITE_DONE)
                return unknownOwner(std::count_if(records.cbegin(), records.cend(), [&](const UsageRecord& r) {
                    return r.apiKeyId == id || r.organizationId == id;
                }));
            if (rc != SQLITE_ROW)
                return sqliteFailure(handle, rc);
        }
    }
    return success();
}

Status insertSqlite(sqlite3* handle, const QList<UsageRecord>& records)
{
    if (Status checked = checkOwnersSqlite(handle, records); !checked)
        return checked;
    const QByteArray sql
        = QStringLiteral("INSERT INTO api_key_usage (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .arg(kColumns)
              .toUtf8();
    sqlite3_stmt* raw = nullptr;
    if (const int rc = sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &raw, nullptr); rc != SQLITE_OK)
        return sqliteFailure(handle, rc);
    const std::unique_ptr<sqlite3_stmt, StatementDeleter> statement(raw);
    std::array<char, 37> keyId{};
    std::array<char, 37> organizationId{};
    std::array<char, 32> timestamp{};
    int sinceYield = 0;
    for (const UsageRecord& r : records) {
        if (++sinceYield == kRowsBetweenYields) {
            sinceYield = 0;
            sched_yield();
        }
        // The cut texts live until the row is stepped (they are bound SQLITE_STATIC).
        const QString endpoint = endpointOf(r);
        const QString method = methodOf(r);
        const QString ip = ipOf(r);
        const QString userAgent = userAgentOf(r);
        const QString errorMessage = errorMessageOf(r);
        const QString errorCode = errorCodeOf(r);
        sqlite3_stmt* s = statement.get();
        int rc = SQLITE_OK;
        const auto bound = [&rc](int result) {
            if (rc == SQLITE_OK)
                rc = result;
        };
        bound(bindUuid(s, 1, r.apiKeyId, keyId));
        bound(bindUuid(s, 2, r.organizationId, organizationId));
        bound(bindTime(s, 3, r.timestamp, timestamp));
        bound(bindText(s, 4, endpoint, false));
        bound(bindText(s, 5, method, false));
        bound(sqlite3_bind_int(s, 6, r.statusCode));
        bound(sqlite3_bind_double(s, 7, r.responseTimeMs));
        bound(sqlite3_bind_int(s, 8, r.tokensUsed));
        bound(sqlite3_bind_double(s, 9, r.costUsd));
        bound(bindText(s, 10, ip, true));
        bound(bindText(s, 11, userAgent, true));
        bound(bindText(s, 12, errorMessage, true));
        bound(bindText(s, 13, errorCode, true));
        if (rc != SQLITE_OK)
            return sqliteFailure(handle, rc);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return sqliteFailure(handle, rc);
    }
    return success();
}

// ---- PostgreSQL ----------------------------------------------------------------------

// `{id,id,...}`, an array parameter of UUIDs (which need no quoting).
QByteArray uuidArray(const QSet<QUuid>& ids)
{
    QByteArray text("{");
    for (const QUuid& id : ids) {
        if (id.isNull())
            continue;
        if (text.size() > 1)
            text += ',';
        text += UuidText(id).view();
    }
    return text + '}';
}

// The batch's keys and organizations are locked FOR KEY SHARE, as the foreign keys' checks
// locked them, so neither can be deleted until this transaction ends (their usage then goes
// with them, by trigger). A row naming one that does not exist is the error the foreign
// key raised.
Status lockOwnersPostgres(const QSqlDatabase& db, const QList<UsageRecord>& records)
{
    const Owners owners = ownersOf(records);
    const auto live = PostgresWire::query(
        db,
        "WITH live_keys AS (SELECT id FROM api_keys WHERE id = ANY(CAST($1 AS uuid[])) FOR KEY SHARE), "
        "live_organizations AS (SELECT id FROM organizations WHERE id = ANY(CAST($2 AS uuid[])) FOR KEY SHARE) "
        "SELECT 'k', id FROM live_keys UNION ALL SELECT 'o', id FROM live_organizations",
        {uuidArray(owners.keys), uuidArray(owners.organizations)});
    if (!live)
        return live.error();
    Owners found;
    for (const QList<QByteArray>& row : live.value()) {
        const QUuid id = QUuid::fromString(QLatin1StringView(row.value(1)));
        (row.value(0) == "k" ? found.keys : found.organizations).insert(id);
    }
    if (found.keys.size() == owners.keys.size() && found.organizations.size() == owners.organizations.size())
        return success();
    return unknownOwner(std::count_if(records.cbegin(), records.cend(), [&](const UsageRecord& r) {
        return !found.keys.contains(r.apiKeyId) || !found.organizations.contains(r.organizationId);
    }));
}

// The rows go in by COPY: the server parses plain fields instead of thirteen array
// literals, and QPSQL's PREPARE, EXECUTE and DEALLOCATE round trips are gone.
Status insertPostgres(const QSqlDatabase& db, const QList<UsageRecord>& records)
{
    if (Status locked = lockOwnersPostgres(db, records); !locked)
        return locked;
    CopyTextRows rows;
    rows.reserve(records.size() * 192);
    std::array<char, 32> timeText{};
    const auto textOrNull = [&rows](const QString& text) {
        if (text.isEmpty())
            rows.appendNull();
        else
            rows.appendText(text);
    };
    for (const UsageRecord& r : records) {
        rows.appendPlain(UuidText(r.apiKeyId).view());
        rows.appendPlain(UuidText(r.organizationId).view());
        if (const qsizetype size = formatTime(r.timestamp, timeText))
            rows.appendPlain(QByteArrayView(timeText.data(), size));
        else
            textOrNull(SqlValue::fromTime(r.timestamp).toString());
        rows.appendText(endpointOf(r));
        rows.appendText(methodOf(r));
        rows.appendNumber(r.statusCode);
        rows.appendNumber(r.responseTimeMs);
        rows.appendNumber(r.tokensUsed);
        rows.appendNumber(r.costUsd);
        textOrNull(ipOf(r));
        textOrNull(userAgentOf(r));
        textOrNull(errorMessageOf(r));
        textOrNull(errorCodeOf(r));
        rows.endRow();
    }
    static const QByteArray copy = QStringLiteral("COPY api_key_usage (%1) FROM STDIN").arg(kColumns).toUtf8();
    const auto copied = PostgresWire::copyIn(db, copy.constData(), rows.data());
    if (!copied)
        return copied.error();
    return success();
}

} // namespace

namespace UsageRowWriter {

Status insert(const QSqlDatabase& db, const QList<UsageRecord>& records)
{
    if (records.isEmpty())
        return success();
    if (db.driver() && db.driver()->dbmsType() == QSqlDriver::PostgreSQL)
        return insertPostgres(db, records);
    sqlite3* handle = sqliteHandle(db);
    if (!handle)
        return makeError(ErrorCode::Unavailable,
                         QCoreApplication::translate("SqlQuery", "database error: %1")
                             .arg(QCoreApplication::translate("SqlQuery", "the SQLite connection is not open")));
    return insertSqlite(handle, records);
}

} // namespace UsageRowWriter
