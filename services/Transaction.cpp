#include "Transaction.h"

#include "Logging.h"

#include <QCoreApplication>
#include <QSqlError>

Transaction::Transaction(const QSqlDatabase& db)
    : m_db(db)
{
    m_active = m_db.transaction();
    if (!m_active)
        m_error = makeError(
            // A lost connection is an outage, not a fault of the change (callers retry).
            m_db.lastError().type() == QSqlError::ConnectionError || !m_db.isOpen() ? ErrorCode::Unavailable
                                                                                    : ErrorCode::DatabaseError,
            QCoreApplication::translate("Transaction", "cannot begin a transaction: %1").arg(m_db.lastError().text()));
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

Status Transaction::commit()
{
    if (!m_active)
        return m_error.message.isEmpty()
            ? makeError(ErrorCode::Internal, QCoreApplication::translate("Transaction", "no transaction is open"))
            : m_error;
    m_active = false;
    if (!m_db.commit()) {
        const QString reason = m_db.lastError().text();
        m_db.rollback();
        return makeError(ErrorCode::DatabaseError,
                         QCoreApplication::translate("Transaction", "cannot commit: %1").arg(reason));
    }
    return success();
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    if (!m_db.rollback())
        qCWarning(lcDatabase) << "rollback failed:" << m_db.lastError().text();
}
