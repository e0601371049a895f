#pragma once

#include "Database.h"
#include "Result.h"
#include "UsageRecord.h"
#include "UsageStats.h"

#include <QDate>
#include <QList>

class UsageEndpointBudget;

// The only code that reads or writes `api_key_usage` and its daily rollup.
class UsageRepository
{
public:
    // `endpoints`, when given, bounds the endpoints each key adds to the rollup a day; it
    // must outlive the repository (the usage recorder keeps one across batches).
    explicit UsageRepository(Database& database, UsageEndpointBudget* endpoints = nullptr);

    // Writes a batch in one transaction: raw rows, the daily rollup (endpoints as
    // UsageEndpoint::route() reads them), and each key's `total_requests` /
    // `last_used_at`. Either all of it lands or none.
    Status recordBatch(const QList<UsageRecord>& records);
    Status record(const UsageRecord& record) { return recordBatch({record}); }

    // Raw rows, newest first, within [from, to) in time.
    Result<QList<UsageRecord>>
    getByKey(const QUuid& keyId, const QDateTime& from, const QDateTime& to, int limit = 1000);
    Result<QList<UsageRecord>>
    getByOrganization(const QUuid& organizationId, const QDateTime& from, const QDateTime& to, int limit = 1000);

    // Summary over the days [from, to] (inclusive) from the rollup; `keyId` narrows to one key.
    Result<UsageStats> summary(const QUuid& organizationId, QDate from, QDate to, const QUuid& keyId = {});
    Result<UsageStats> monthlySummary(const QUuid& organizationId, int year, int month);
    Result<QList<UsageStats::DayRow>> dailyStats(const QUuid& organizationId, QDate from, QDate to);
    // Requests of the organization the validator admitted (answered below 400) in the
    // calendar month (UTC) containing `day`: what the monthly quota counts. Refusals
    // (401, 403, 429, 503) are in the usage tables too but spend no quota.
    Result<qint64> requestsInMonth(const QUuid& organizationId, QDate day);

private:
    Result<QList<UsageRecord>>
    getRaw(const QString& column, const QUuid& id, const QDateTime& from, const QDateTime& to, int limit);

    Database& m_database;
    UsageEndpointBudget* m_endpoints;
};
