#include "UsageRepository.h"

#include "SqlQuery.h"
#include "SqlValue.h"
#include "Transaction.h"
#include "UsageEndpoint.h"
#include "UsageRollup.h"
#include "UsageRowWriter.h"
#include "UsageText.h"

#include <QHash>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

namespace {

const QString kRawColumns = QStringLiteral(
    "api_key_id, organization_id, timestamp, endpoint, method, status_code, response_time_ms, tokens_used, "
    "cost_usd, ip_address, user_agent, error_message, error_code");

} // namespace

UsageRepository::UsageRepository(Database& database, UsageEndpointBudget* endpoints)
    : m_database(database)
    , m_endpoints(endpoints)
{
}

Status UsageRepository::recordBatch(const QList<UsageRecord>& records)
{
    if (records.isEmpty())
        return success();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();

    UsageRollup rollup;
    for (const UsageRecord& r : records) {
        // As the raw row keeps it (UsageRowWriter): two spellings that store alike must be one
        // rollup row, or PostgreSQL's upsert would meet the same row twice in one statement.
        const QString route = usageText(UsageEndpoint::route(usageText(r.endpoint, 255)), 255);
        rollup.add(r, m_endpoints ? m_endpoints->admit(r.timestamp.toUTC().date(), r.apiKeyId, route) : route);
    }
    if (Status s = UsageRowWriter::insert(db.value(), records); !s)
        return s.error();
    if (Status s = rollup.write(m_database); !s)
        return s.error();
    return transaction.commit();
}

Result<QList<UsageRecord>>
UsageRepository::getRaw(const QString& column, const QUuid& id, const QDateTime& from, const QDateTime& to, int limit)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("SELECT %1 FROM api_key_usage WHERE %2 = ? AND timestamp >= ? AND timestamp < ? "
                       "ORDER BY timestamp DESC, id DESC LIMIT ?")
            .arg(kRawColumns, column),
        {SqlValue::fromUuid(id), SqlValue::fromTime(from), SqlValue::fromTime(to), qMax(0, limit)});
    if (!q)
        return q.error();
    QList<UsageRecord> rows;
    while (q->next()) {
        UsageRecord r;
        r.apiKeyId = SqlValue::toUuid(q->value(0));
        r.organizationId = SqlValue::toUuid(q->value(1));
        r.timestamp = SqlValue::toTime(q->value(2));
        r.endpoint = q->value(3).toString();
        r.method = q->value(4).toString();
        r.statusCode = q->value(5).toInt();
        r.responseTimeMs = q->value(6).toDouble();
        r.tokensUsed = q->value(7).toInt();
        r.costUsd = q->value(8).toDouble();
        r.ipAddress = q->value(9).toString();
        r.userAgent = q->value(10).toString();
        r.errorMessage = q->value(11).toString();
        r.errorCode = q->value(12).toString();
        rows << r;
    }
    return rows;
}

Result<QList<UsageRecord>>
UsageRepository::getByKey(const QUuid& keyId, const QDateTime& from, const QDateTime& to, int limit)
{
    return getRaw(QStringLiteral("api_key_id"), keyId, from, to, limit);
}

Result<QList<UsageRecord>>
UsageRepository::getByOrganization(const QUuid& organizationId, const QDateTime& from, const QDateTime& to, int limit)
{
    return getRaw(QStringLiteral("organization_id"), organizationId, from, to, limit);
}

Result<UsageStats> UsageRepository::summary(const QUuid& organizationId, QDate from, QDate to, const QUuid& keyId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    UsageStats stats;
    stats.from = from;
    stats.to = to;

    QString where = QStringLiteral("organization_id = ? AND day >= ? AND day <= ?");
    QVariantList values{SqlValue::fromUuid(organizationId), SqlValue::fromDay(from), SqlValue::fromDay(to)};
    // A whole organization reads its own rollup (days x endpoints x classes rows); one
    // key reads the per-key rollup narrowed by its index.
    QString table = QStringLiteral("organization_usage_daily");
    if (!keyId.isNull()) {
        where += QStringLiteral(" AND api_key_id = ?");
        values << SqlValue::fromUuid(keyId);
        table = QStringLiteral("api_key_usage_daily");
    }

    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("SELECT day, endpoint, status_class, SUM(request_count), SUM(tokens_used), "
                                           "SUM(cost_usd), SUM(total_response_time_ms) FROM %1 WHERE %2 "
                                           "GROUP BY day, endpoint, status_class ORDER BY day")
                                .arg(table, where),
                            values);
    if (!q)
        return q.error();

    QMap<QDate, UsageStats::DayRow> days;
    QHash<QString, UsageStats::EndpointRow> endpoints;
    QMap<int, qint64> classes;
    double totalResponseMs = 0;
    while (q->next()) {
        const QDate day = SqlValue::toDay(q->value(0));
        const QString endpoint = q->value(1).toString();
        const int statusClass = q->value(2).toInt();
        const qint64 requests = q->value(3).toLongLong();
        const qint64 tokens = q->value(4).toLongLong();
        const double cost = q->value(5).toDouble();
        totalResponseMs += q->value(6).toDouble();

        UsageStats::DayRow& d = days[day];
        d.day = day;
        d.requests += requests;
        d.tokens += tokens;
        d.costUsd += cost;
        if (statusClass >= 4)
            d.failed += requests;

        UsageStats::EndpointRow& e = endpoints[endpoint];
        e.endpoint = endpoint;
        e.requests += requests;
        e.tokens += tokens;
        e.costUsd += cost;

        classes[statusClass] += requests;

        stats.totals.requests += requests;
        stats.totals.tokens += tokens;
        stats.totals.costUsd += cost;
        if (statusClass >= 4)
            stats.totals.failed += requests;
        else
            stats.totals.successful += requests;
    }
    if (stats.totals.requests > 0)
        stats.totals.averageResponseMs = totalResponseMs / double(stats.totals.requests);
    stats.byDay = days.values();
    stats.byEndpoint = endpoints.values();
    std::sort(stats.byEndpoint.begin(), stats.byEndpoint.end(), [](const auto& a, const auto& b) {
        return a.requests != b.requests ? a.requests > b.requests : a.endpoint < b.endpoint;
    });
    for (auto it = classes.cbegin(); it != classes.cend(); ++it)
        stats.byStatus << UsageStats::StatusRow{it.key(), it.value()};
    return stats;
}

Result<UsageStats> UsageRepository::monthlySummary(const QUuid& organizationId, int year, int month)
{
    const QDate first(year, month, 1);
    return summary(organizationId, first, first.addMonths(1).addDays(-1));
}

Result<QList<UsageStats::DayRow>> UsageRepository::dailyStats(const QUuid& organizationId, QDate from, QDate to)
{
    auto stats = summary(organizationId, from, to);
    if (!stats)
        return stats.error();
    return stats->byDay;
}

Result<qint64> UsageRepository::requestsInMonth(const QUuid& organizationId, QDate day)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QDate first(day.year(), day.month(), 1);
    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("SELECT COALESCE(SUM(request_count), 0) FROM organization_usage_daily "
                                           "WHERE organization_id = ? AND day >= ? AND day <= ? AND status_class < 4"),
                            {SqlValue::fromUuid(organizationId), SqlValue::fromDay(first),
                             SqlValue::fromDay(first.addMonths(1).addDays(-1))});
    if (!q)
        return q.error();
    q->next();
    return q->value(0).toLongLong();
}
