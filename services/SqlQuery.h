#pragma once

#include "Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

// Prepares, binds (positionally, always bound values) and executes one statement,
// turning a driver failure into an Error with the statement's purpose in words.
namespace SqlQuery {
Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& sql, const QVariantList& values = {});
// Re-executes an already prepared query with new values (hot paths keep theirs).
Status execPrepared(QSqlQuery& query, const QVariantList& values);
// The query's last error in words: AlreadyExists for a unique violation, Unavailable when
// the connection is lost, else DatabaseError.
Error failure(const QSqlQuery& query);
// True for a PostgreSQL SQLSTATE that says the connection is gone: class 08 (connection
// exception) and 57P (the server shut down, crashed or restarted: "terminating connection
// due to administrator command" is what a restart sends every session).
bool isLostConnectionState(QByteArrayView sqlState);
// True when the driver error is a unique-constraint violation on either engine.
bool isUniqueViolation(const QSqlQuery& query);
// Transaction says when it has begun and ended on `db` (see heldQueries in SqlQuery.cpp).
void transactionBegun(const QSqlDatabase& db);
void transactionEnded(const QSqlDatabase& db);
} // namespace SqlQuery
