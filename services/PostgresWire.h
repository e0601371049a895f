#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QSqlDatabase>

// Two things QPSQL does not offer, done through libpq on a QPSQL connection's own handle,
// inside whatever transaction that connection is in:
// - a statement whose parameters travel apart from its text, in one round trip (QPSQL
//   PREPAREs, then splices the bound values into an EXECUTE the server parses, then
//   DEALLOCATEs);
// - COPY ... FROM STDIN, PostgreSQL's cheapest way in for many rows.
// The caller must not hold an unfinished QSqlQuery on the connection. Errors are mapped as
// SqlQuery maps them: a lost connection is ErrorCode::Unavailable, anything the server
// refused ErrorCode::DatabaseError. Messages carry the server's primary message only,
// never the values sent.
namespace PostgresWire {

// Runs `sql` with `parameters` as $1, $2, ... (text), and returns each row's columns as text
// (a NULL as a null QByteArray).
Result<QList<QList<QByteArray>>> query(const QSqlDatabase& db, const char* sql, const QList<QByteArray>& parameters);

// Runs `copyStatement` ("COPY table (columns) FROM STDIN", text format) and sends `rows`
// (see CopyTextRows); returns how many rows the server took.
Result<qint64> copyIn(const QSqlDatabase& db, const char* copyStatement, QByteArrayView rows);

// True when `db` is a QPSQL connection that is not inside a transaction block: a COMMIT the
// server ran and refused has ended it (as a rollback); one libpq could not send has not.
bool isOutsideTransaction(const QSqlDatabase& db);

} // namespace PostgresWire
