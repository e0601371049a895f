#include "Transaction.h"

#include "Logging.h"
#include "PostgresWire.h"
#include "SqlQuery.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

Transaction::Transaction(const QSqlDatabase& db)
    : m_db(db)
{
    QSqlError beginError;
    if (m_db.driverName() == QLatin1String("QSQLITE")) {
        // Every transaction here writes. A deferred BEGIN would read first and then fail at
        // once ("database is locked", whatever busy_timeout says) when another connection
        // wrote meanwhile; IMMEDIATE takes the write lock up front and so waits its turn.
        QSqlQuery begin(m_db);
        m_active = begin.exec(QStringLiteral("BEGIN IMMEDIATE"));
        beginError = begin.lastError();
    } else {
        m_active = m_db.transaction();
        beginError = m_db.lastError();
    }
    if (m_active)
        SqlQuery::transactionBegun(m_db);
    else
        m_error = makeError(
            // A lost connection is an outage, not a fault of the change (callers retry).
            beginError.type() == QSqlError::ConnectionError || !m_db.isOpen() ? ErrorCode::Unavailable
                                                                              : ErrorCode::DatabaseError,
            QCoreApplication::translate("Transaction", "cannot begin a transaction: %1").arg(beginError.text()));
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
        // A COMMIT PostgreSQL ran and refused has ended the transaction already (as a
        // rollback); another ROLLBACK there only makes libpq print "no transaction in
        // progress" on stderr. One that never reached the server has not: roll that back.
        if (m_db.driverName() == QLatin1String("QSQLITE") || !PostgresWire::isOutsideTransaction(m_db))
            m_db.rollback();
        SqlQuery::transactionEnded(m_db);
        return makeError(ErrorCode::DatabaseError,
                         QCoreApplication::translate("Transaction", "cannot commit: %1").arg(reason));
    }
    SqlQuery::transactionEnded(m_db);
    return success();
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    if (!m_db.rollback())
        qCWarning(lcDatabase) << "rollback failed:" << m_db.lastError().text();
    SqlQuery::transactionEnded(m_db);
}
