#include "KeptQuery.h"

#include "SqlQuery.h"

#include <QSqlError>

Status KeptQuery::prepare(const QSqlDatabase& db)
{
    m_query.emplace(db);
    m_query->setForwardOnly(true);
    m_connectionName = db.connectionName();
    if (m_query->prepare(m_sql))
        return success();
    Status failed = SqlQuery::failure(*m_query);
    m_query.reset();
    return failed;
}

Result<QSqlQuery*> KeptQuery::exec(const QSqlDatabase& db, const QVariantList& values)
{
    if (!m_query || m_connectionName != db.connectionName() || m_query->driver() != db.driver()) {
        if (Status prepared = prepare(db); !prepared)
            return prepared.error();
    }
    Status ran = SqlQuery::execPrepared(*m_query, values);
    // Database::connection() reopens a lost connection in place (same name, same driver):
    // when another statement saw the loss first, the new server session knows no statement
    // of the old one (SQLSTATE 26000). Prepared there once more, it runs.
    if (!ran && m_query->lastError().nativeErrorCode() == QLatin1String("26000")) {
        if (Status prepared = prepare(db); !prepared)
            return prepared.error();
        ran = SqlQuery::execPrepared(*m_query, values);
    }
    if (!ran) {
        m_query.reset(); // prepared again next time, e.g. after a reconnect
        return ran.error();
    }
    return &*m_query;
}
