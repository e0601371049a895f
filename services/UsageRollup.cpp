#include "UsageRollup.h"

#include "ApiKeyRepository.h"
#include "PostgresWire.h"
#include "SqlQuery.h"
#include "SqlValue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

void UsageRollup::add(const UsageRecord& r, const QString& endpoint)
{
    const QDate day = r.timestamp.toUTC().date();
    const int statusClass = statusClassOf(r.statusCode);
    for (Sums* sums : {&m_keyDays[KeyDay{day, r.apiKeyId, endpoint, statusClass}],
                       &m_organizationDays[OrganizationDay{day, r.organizationId, endpoint, statusClass}]}) {
        sums->organizationId = r.organizationId;
        sums->requests += 1;
        sums->tokens += r.tokensUsed;
        sums->cost += r.costUsd;
        sums->responseMs += r.responseTimeMs;
    }
    KeyCounter& counter = m_counters[r.apiKeyId];
    counter.requests += 1;
    if (!counter.last.isValid() || counter.last < r.timestamp)
        counter.last = r.timestamp;
}

Status UsageRollup::write(Database& database) const
{
    auto db = database.connection();
    if (!db)
        return db.error();
    if (database.isPostgres())
        return writePostgres(db.value());
    return writeEachRow(database, db.value());
}

namespace {

QByteArray compact(const QJsonArray& rows)
{
    return QJsonDocument(rows).toJson(QJsonDocument::Compact);
}

QString uuidText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

// A daily rollup row as json_to_recordset reads it below (a key's row adds "k"). A
// template: UsageRollup::Sums is private.
template <typename Sums>
QJsonObject dayRow(QDate day, const QString& endpoint, int statusClass, const Sums& sums)
{
    return QJsonObject{{QStringLiteral("d"), day.toString(Qt::ISODate)},
                       {QStringLiteral("o"), uuidText(sums.organizationId)},
                       {QStringLiteral("e"), endpoint},
                       {QStringLiteral("s"), statusClass},
                       {QStringLiteral("n"), sums.requests},
                       {QStringLiteral("t"), sums.tokens},
                       {QStringLiteral("c"), sums.cost},
                       {QStringLiteral("r"), sums.responseMs}};
}

// What a rollup row adds to one already there (both rollups share these columns).
QByteArray addSums(const char* table)
{
    const QByteArray t(table);
    return "request_count = " + t + ".request_count + excluded.request_count, tokens_used = " + t
        + ".tokens_used + excluded.tokens_used, cost_usd = " + t + ".cost_usd + excluded.cost_usd, "
        + "total_response_time_ms = " + t + ".total_response_time_ms + excluded.total_response_time_ms";
}

} // namespace

Status UsageRollup::writePostgres(const QSqlDatabase& db) const
{
    QJsonArray keyDays;
    for (auto it = m_keyDays.cbegin(); it != m_keyDays.cend(); ++it) {
        QJsonObject row = dayRow(it.key().day, it.key().endpoint, it.key().statusClass, it.value());
        row.insert(QStringLiteral("k"), uuidText(it.key().keyId));
        keyDays.append(row);
    }
    QJsonArray organizationDays;
    for (auto it = m_organizationDays.cbegin(); it != m_organizationDays.cend(); ++it)
        organizationDays.append(dayRow(it.key().day, it.key().endpoint, it.key().statusClass, it.value()));
    QJsonArray counters;
    for (auto it = m_counters.cbegin(); it != m_counters.cend(); ++it) {
        counters.append(QJsonObject{{QStringLiteral("k"), uuidText(it.key())},
                                    {QStringLiteral("n"), it->requests},
                                    {QStringLiteral("l"), SqlValue::fromTime(it->last).toString()}});
    }
    // ORDER BY: the rows are locked in the database's own order of them, the same in every
    // validator.
    static const QByteArray keyDaySql
        = "INSERT INTO api_key_usage_daily (day, api_key_id, organization_id, endpoint, status_class, request_count, "
          "tokens_used, cost_usd, total_response_time_ms) "
          "SELECT d, k, o, e, s, n, t, c, r FROM json_to_recordset(CAST($1 AS json)) AS x(d date, k uuid, o uuid, "
          "e text, s smallint, n bigint, t bigint, c numeric, r double precision) ORDER BY d, k, e, s "
          "ON CONFLICT (day, api_key_id, endpoint, status_class) DO UPDATE SET "
        + addSums("api_key_usage_daily");
    const auto rollup = PostgresWire::query(db, keyDaySql.constData(), {compact(keyDays)});
    if (!rollup)
        return rollup.error();
    static const QByteArray organizationDaySql
        = "INSERT INTO organization_usage_daily (organization_id, day, endpoint, status_class, request_count, "
          "tokens_used, cost_usd, total_response_time_ms) "
          "SELECT o, d, e, s, n, t, c, r FROM json_to_recordset(CAST($1 AS json)) AS x(d date, o uuid, e text, "
          "s smallint, n bigint, t bigint, c numeric, r double precision) ORDER BY o, d, e, s "
          "ON CONFLICT (organization_id, day, endpoint, status_class) DO UPDATE SET "
        + addSums("organization_usage_daily");
    const auto organizationRollup
        = PostgresWire::query(db, organizationDaySql.constData(), {compact(organizationDays)});
    if (!organizationRollup)
        return organizationRollup.error();
    // Never move the timestamps backwards when batches arrive out of order (as
    // ApiKeyRepository::incrementRequestCount does for one key).
    const auto counted = PostgresWire::query(
        db,
        "WITH x AS (SELECT * FROM json_to_recordset(CAST($1 AS json)) AS x(k uuid, n bigint, l timestamptz)), "
        "locked AS (SELECT a.id FROM api_keys AS a WHERE a.id IN (SELECT k FROM x) ORDER BY a.id "
        "FOR NO KEY UPDATE) "
        "UPDATE api_keys AS a SET total_requests = a.total_requests + x.n, "
        "last_request_at = CASE WHEN a.last_request_at IS NULL OR a.last_request_at < x.l THEN x.l "
        "ELSE a.last_request_at END, "
        "last_used_at = CASE WHEN a.last_used_at IS NULL OR a.last_used_at < x.l THEN x.l ELSE a.last_used_at END "
        "FROM x WHERE a.id = x.k AND a.id IN (SELECT id FROM locked)",
        {compact(counters)});
    if (!counted)
        return counted.error();
    return success();
}

Status UsageRollup::writeEachRow(Database& database, const QSqlDatabase& db) const
{
    for (auto it = m_keyDays.cbegin(); it != m_keyDays.cend(); ++it) {
        auto q = SqlQuery::exec(
            db,
            QString::fromLatin1("INSERT INTO api_key_usage_daily (day, api_key_id, organization_id, endpoint, "
                                "status_class, request_count, tokens_used, cost_usd, total_response_time_ms) VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, api_key_id, endpoint, status_class) DO "
                                "UPDATE SET "
                                + addSums("api_key_usage_daily")),
            {SqlValue::fromDay(it.key().day), SqlValue::fromUuid(it.key().keyId),
             SqlValue::fromUuid(it->organizationId), it.key().endpoint, it.key().statusClass, it->requests, it->tokens,
             it->cost, it->responseMs});
        if (!q)
            return q.error();
    }
    for (auto it = m_organizationDays.cbegin(); it != m_organizationDays.cend(); ++it) {
        auto q = SqlQuery::exec(
            db,
            QString::fromLatin1("INSERT INTO organization_usage_daily (organization_id, day, endpoint, "
                                "status_class, request_count, tokens_used, cost_usd, total_response_time_ms) VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organization_id, day, endpoint, status_class) "
                                "DO UPDATE SET "
                                + addSums("organization_usage_daily")),
            {SqlValue::fromUuid(it.key().organizationId), SqlValue::fromDay(it.key().day), it.key().endpoint,
             it.key().statusClass, it->requests, it->tokens, it->cost, it->responseMs});
        if (!q)
            return q.error();
    }
    // Same connection, so the counters join the caller's transaction.
    ApiKeyRepository keys(database);
    for (auto it = m_counters.cbegin(); it != m_counters.cend(); ++it) {
        if (Status s = keys.incrementRequestCount(it.key(), it->requests, it->last); !s)
            return s.error();
    }
    return success();
}
