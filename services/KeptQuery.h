#pragma once

#include "Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <optional>

// A statement a hot path runs again and again (the validator's lookups on a cache miss),
// kept prepared on the thread's connection. QPSQL prepares a new QSqlQuery's statement,
// executes it and deallocates it when the query goes: three round trips to PostgreSQL,
// where a kept one takes one. Use one per thread, like the connection it runs on.
class KeptQuery
{
public:
    explicit KeptQuery(QString sql)
        : m_sql(std::move(sql))
    {
    }

    // Runs the statement with `values` on `db`, preparing it first when it was not yet on
    // this connection, or not in its server session (a reconnect starts a new one, which
    // knows no statement of the old). The query, before its first row; read it, then
    // finish() it.
    Result<QSqlQuery*> exec(const QSqlDatabase& db, const QVariantList& values);

private:
    Status prepare(const QSqlDatabase& db);

    QString m_sql;
    std::optional<QSqlQuery> m_query;
    QString m_connectionName;
};
