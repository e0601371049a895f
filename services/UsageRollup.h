#pragma once

#include "Database.h"
#include "Result.h"
#include "UsageRecord.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QString>
#include <QUuid>

#include <tuple>

// What one usage batch adds to the two daily rollups and to its keys' counters, summed in
// memory so that each of those rows is written once per batch however many requests it
// counts. Written by UsageRepository only, inside its batch's transaction.
class UsageRollup
{
public:
    // `endpoint`: the route the rollup counts the record under (UsageEndpoint::route(),
    // within the key's daily endpoint budget).
    void add(const UsageRecord& record, const QString& endpoint);

    // On PostgreSQL three statements, however many keys, days and endpoints the batch holds
    // (each row set travels as one JSON parameter, through PostgresWire): one statement per
    // row cost a batch over hundreds of keys as many round trips. Rows are written in key
    // order, so two validators' writers lock shared rows in the same order and cannot
    // deadlock. On SQLite (in process, one writer at a time) a statement per row.
    // The caller's transaction is open on this thread's connection of `database`.
    Status write(Database& database) const;

    static int statusClassOf(int statusCode) { return qBound(1, statusCode / 100, 5); }

private:
    struct KeyDay
    {
        QDate day;
        QUuid keyId;
        QString endpoint;
        int statusClass;
        bool operator<(const KeyDay& o) const
        {
            return std::tie(day, keyId, endpoint, statusClass) < std::tie(o.day, o.keyId, o.endpoint, o.statusClass);
        }
    };
    struct OrganizationDay
    {
        QDate day;
        QUuid organizationId;
        QString endpoint;
        int statusClass;
        bool operator<(const OrganizationDay& o) const
        {
            return std::tie(day, organizationId, endpoint, statusClass)
                < std::tie(o.day, o.organizationId, o.endpoint, o.statusClass);
        }
    };
    struct Sums
    {
        QUuid organizationId;
        qint64 requests = 0;
        qint64 tokens = 0;
        double cost = 0;
        double responseMs = 0;
    };
    struct KeyCounter
    {
        qint64 requests = 0;
        QDateTime last;
    };

    Status writePostgres(const QSqlDatabase& db) const;
    Status writeEachRow(Database& database, const QSqlDatabase& db) const;

    QMap<KeyDay, Sums> m_keyDays;
    QMap<OrganizationDay, Sums> m_organizationDays;
    QMap<QUuid, KeyCounter> m_counters; // ordered: see write()
};
