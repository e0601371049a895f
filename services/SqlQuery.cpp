#include "SqlQuery.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlError>

#include <algorithm>
#include <vector>

namespace {
// QPSQL frees a query's prepared statement (DEALLOCATE) when the query goes. In a
// transaction that a failed statement has aborted, the server refuses that until the
// transaction ends: Qt then prints "Unable to free statement" on stderr (a CLI user saw it
// above "an organization with that slug already exists") and the statement stays prepared
// on the connection for its lifetime. So such a query is held here until its Transaction
// ends. (libpq's transaction status cannot tell: QPSQL reads results lazily, so right after
// the failure the connection still reads as busy, in a transaction or not.) Per thread, as
// connections are.
thread_local std::vector<QSqlQuery> t_heldQueries;
thread_local std::vector<const QSqlDriver*> t_inTransaction;

bool inPostgresTransaction(const QSqlDatabase& db)
{
    const QSqlDriver* driver = db.driver();
    return driver && driver->dbmsType() == QSqlDriver::PostgreSQL
        && std::find(t_inTransaction.cbegin(), t_inTransaction.cend(), driver) != t_inTransaction.cend();
}
} // namespace

namespace SqlQuery {

Error failure(const QSqlQuery& query)
{
    const QSqlError error = query.lastError();
    // One line: libpq's messages run over several ("...\n\tIs the server running...?").
    const QString text = error.text().simplified();
    if (isUniqueViolation(query))
        return makeError(ErrorCode::AlreadyExists,
                         QCoreApplication::translate("SqlQuery", "already exists: %1").arg(text));
    qCWarning(lcDatabase).noquote() << "statement failed:" << text;
    // A lost connection is not the caller's fault: report it as unavailable. QSQLITE reports
    // every failed step as a ConnectionError, constraint violations (SQLITE_CONSTRAINT_*,
    // primary code 19: CHECK, FOREIGN KEY, NOT NULL) included: those are the statement's fault.
    const bool sqliteConstraint = query.driver() && query.driver()->dbmsType() == QSqlDriver::SQLite
        && (error.nativeErrorCode().toInt() & 0xff) == 19;
    const bool lost = (error.type() == QSqlError::ConnectionError && !sqliteConstraint)
        || isLostConnectionState(error.nativeErrorCode().toLatin1())
        || text.contains(QLatin1String("server closed the connection"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("no connection to the server"), Qt::CaseInsensitive);
    return makeError(lost ? ErrorCode::Unavailable : ErrorCode::DatabaseError,
                     QCoreApplication::translate("SqlQuery", "database error: %1").arg(text));
}

Status execPrepared(QSqlQuery& query, const QVariantList& values)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    if (!query.exec())
        return failure(query);
    return success();
}

Result<QSqlQuery> exec(const QSqlDatabase& db, const QString& sql, const QVariantList& values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (values.isEmpty()) {
        // Nothing to bind: run it directly. PostgreSQL cannot PREPARE DDL statements.
        if (!query.exec(sql))
            return failure(query);
        return query;
    }
    if (!query.prepare(sql))
        return failure(query);
    if (Status status = execPrepared(query, values); !status) {
        if (inPostgresTransaction(db))
            t_heldQueries.push_back(std::move(query));
        return status.error();
    }
    return query;
}

void transactionBegun(const QSqlDatabase& db)
{
    t_inTransaction.push_back(db.driver());
}

void transactionEnded(const QSqlDatabase& db)
{
    const QSqlDriver* driver = db.driver();
    if (const auto it = std::find(t_inTransaction.cbegin(), t_inTransaction.cend(), driver);
        it != t_inTransaction.cend())
        t_inTransaction.erase(it);
    std::erase_if(t_heldQueries, [driver](const QSqlQuery& held) { return held.driver() == driver; });
}

bool isLostConnectionState(QByteArrayView sqlState)
{
    return sqlState.startsWith("08") || sqlState.startsWith("57P");
}

bool isUniqueViolation(const QSqlQuery& query)
{
    const QSqlError error = query.lastError();
    return error.nativeErrorCode() == QLatin1String("23505") // PostgreSQL unique_violation
        || error.nativeErrorCode() == QLatin1String("2067") // SQLITE_CONSTRAINT_UNIQUE
        || error.nativeErrorCode() == QLatin1String("1555") // SQLITE_CONSTRAINT_PRIMARYKEY
        || error.text().contains(QLatin1String("UNIQUE constraint failed"));
}

} // namespace SqlQuery
