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
// True when the driver error is a unique-constraint violation on either engine.
bool isUniqueViolation(const QSqlQuery& query);
} // namespace SqlQuery
