#pragma once

#include "Result.h"
#include "UsageRecord.h"

#include <QList>
#include <QSqlDatabase>

// Writes raw `api_key_usage` rows inside the caller's open transaction, by the cheapest
// means each engine has. The recorder writes one row per admitted request beside the
// serving threads, so its cost per row is taken from their cores:
// - SQLite: one statement prepared on the driver's own sqlite3 handle and stepped per row,
//   values bound straight from the record (binding through QSqlQuery's QVariants cost
//   more than the insert itself);
// - PostgreSQL: one COPY ... FROM STDIN per batch on the driver's own libpq connection
//   (PostgresWire); thirteen array parameters to one INSERT ... SELECT FROM unnest(), as
//   before, cost the server twice the work per row, and QPSQL three round trips.
// Both check the batch's keys and organizations once (on PostgreSQL locking them FOR KEY
// SHARE), which the table's foreign keys did for every row before migration 5: a row naming
// a missing one fails the call with ErrorCode::DatabaseError, and the caller rolls its
// transaction back.
// Only UsageRepository calls it: it stays the one owner of the usage tables.
namespace UsageRowWriter {
Status insert(const QSqlDatabase& db, const QList<UsageRecord>& records);
} // namespace UsageRowWriter
