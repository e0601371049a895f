#include "UsageRowWriter.h"

#include "Logging.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "UuidText.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDriver>

#include <sched.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>

namespace {

// The columns in the order both engines bind them.
const QString kColumns = QStringLiteral(
    "api_key_id, organization_id, timestamp, endpoint, method, status_code, response_time_ms, tokens_used, "
    "cost_usd, ip_address, user_agent, error_message, error_code");

// The same limits the columns declare; texts are cut, never refused. PostgreSQL's text
// cannot hold NUL, so a NUL (possible in a User-Agent) becomes U+FFFD on both engines
// rather than costing its row.
QString columnText(const QString& text, qsizetype limit)
{
    QString cut = text.left(limit);
    if (cut.contains(QChar(0)))
        cut.replace(QChar(0), QChar::ReplacementCharacter);
    return cut;
}
QString endpointOf(const UsageRecord& r)
{
    return columnText(r.endpoint, 255);
}
QString methodOf(const UsageRecord& r)
{
    return columnText(r.method, 10);
}
QString ipOf(const UsageRecord& r)
{
    return columnText(r.ipAddress, 45);
}
QString userAgentOf(const UsageRecord& r)
{
    return columnText(r.userAgent, 512);
}
QString errorMessageOf(const UsageRecord& r)
{
    return columnText(r.errorMessage, 2000);
}
QString errorCodeOf(const UsageRecord& r)
{
    return columnText(r.errorCode, 64);
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

// One array parameter, element by element: `{"text",NULL,12,0.5}`.
class ArrayLiteral
{
public:
    explicit ArrayLiteral(qsizetype rows) { m_text.reserve(rows * 8 + 2); }

    void appendNull()
    {
        separate();
        m_text += QLatin1String("NULL");
    }
    // Quoted, so that a text reading NULL stays a text; `"` and `\` are escaped.
    void appendText(const QString& text)
    {
        separate();
        m_text += QLatin1Char('"');
        for (const QChar c : text) {
            if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
                m_text += QLatin1Char('\\');
            m_text += c;
        }
        m_text += QLatin1Char('"');
    }
    // Digits, dashes and the like, which need no escaping.
    void appendPlain(QByteArrayView text)
    {
        separate();
        m_text += QLatin1Char('"');
        m_text += QLatin1StringView(text.data(), text.size());
        m_text += QLatin1Char('"');
    }
    void appendText(const QString& text, bool emptyIsNull)
    {
        if (text.isNull() || (emptyIsNull && text.isEmpty()))
            appendNull();
        else
            appendText(text);
    }
    template <typename Number>
    void appendNumber(Number value)
    {
        separate();
        std::array<char, 32> buffer{};
        const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
        m_text += QLatin1String(buffer.data(), end - buffer.data());
    }
    QString finish() { return m_text.isEmpty() ? QStringLiteral("{}") : m_text + QLatin1Char('}'); }

private:
    void separate() { m_text += m_text.isEmpty() ? QLatin1Char('{') : QLatin1Char(','); }
    QString m_text;
};

Status insertPostgres(const QSqlDatabase& db, const QList<UsageRecord>& records)
{
    const qsizetype n = records.size();
    ArrayLiteral keyIds(n * 5), organizationIds(n * 5), timestamps(n * 4), endpoints(n * 2), methods(n), statuses(n),
        responseTimes(n * 3), tokens(n), costs(n * 2), ips(n * 2), userAgents(n * 4), errorMessages(n), errorCodes(n);
    std::array<char, 32> timeText{};
    for (const UsageRecord& r : records) {
        for (auto [id, array] : {std::pair{r.apiKeyId, &keyIds}, std::pair{r.organizationId, &organizationIds}}) {
            if (id.isNull())
                array->appendNull();
            else
                array->appendPlain(UuidText(id).view());
        }
        if (const qsizetype size = formatTime(r.timestamp, timeText))
            timestamps.appendPlain(QByteArrayView(timeText.data(), size));
        else
            timestamps.appendText(SqlValue::fromTime(r.timestamp).toString(), true);
        endpoints.appendText(endpointOf(r), false);
        methods.appendText(methodOf(r), false);
        statuses.appendNumber(r.statusCode);
        responseTimes.appendNumber(r.responseTimeMs);
        tokens.appendNumber(r.tokensUsed);
        costs.appendNumber(r.costUsd);
        ips.appendText(ipOf(r), true);
        userAgents.appendText(userAgentOf(r), true);
        errorMessages.appendText(errorMessageOf(r), true);
        errorCodes.appendText(errorCodeOf(r), true);
    }
    const Owners owners = ownersOf(records);
    const auto idArray = [](const QSet<QUuid>& ids) {
        ArrayLiteral array(ids.size() * 40);
        for (const QUuid& id : ids) {
            if (!id.isNull())
                array.appendPlain(UuidText(id).view());
        }
        return array.finish();
    };
    // The batch's keys and organizations are locked FOR KEY SHARE, as the foreign keys'
    // checks locked them, so neither can be deleted until this transaction ends (their
    // usage then goes with them, by trigger); a row naming one that does not exist is not
    // inserted, and the count below makes that the error the foreign key raised.
    const auto q = SqlQuery::exec(
        db,
        QStringLiteral("WITH live_keys AS (SELECT id FROM api_keys WHERE id = ANY(CAST(? AS uuid[])) FOR KEY SHARE), "
                       "live_organizations AS (SELECT id FROM organizations WHERE id = ANY(CAST(? AS uuid[])) "
                       "FOR KEY SHARE) "
                       "INSERT INTO api_key_usage (%1) SELECT u.* FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), "
                       "CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]), "
                       "CAST(? AS double precision[]), CAST(? AS integer[]), CAST(? AS double precision[]), "
                       "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS u(%1) "
                       "WHERE u.api_key_id IN (SELECT id FROM live_keys) "
                       "AND u.organization_id IN (SELECT id FROM live_organizations)")
            .arg(kColumns),
        {idArray(owners.keys), idArray(owners.organizations), keyIds.finish(), organizationIds.finish(),
         timestamps.finish(), endpoints.finish(), methods.finish(), statuses.finish(), responseTimes.finish(),
         tokens.finish(), costs.finish(), ips.finish(), userAgents.finish(), errorMessages.finish(),
         errorCodes.finish()});
    if (!q)
        return q.error();
    if (const qsizetype inserted = q->numRowsAffected(); inserted != n)
        return unknownOwner(n - inserted);
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
