#include "KeptQuery.h"

#include "SqlQuery.h"

Result<QSqlQuery*> KeptQuery::exec(const QSqlDatabase& db, const QVariantList& values)
{
    if (!m_query || m_connectionName != db.connectionName() || m_query->driver() != db.driver()) {
        m_query.emplace(db);
        m_query->setForwardOnly(true);
        m_connectionName = db.connectionName();
        if (!m_query->prepare(m_sql)) {
            const Status failed = SqlQuery::failure(*m_query);
            m_query.reset();
            return failed.error();
        }
    }
    if (Status s = SqlQuery::execPrepared(*m_query, values); !s) {
        m_query.reset(); // prepared again next time, e.g. after a reconnect
        return s.error();
    }
    return &*m_query;
}
