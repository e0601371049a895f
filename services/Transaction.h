#pragma once

#include "Result.h"

#include <QSqlDatabase>

// Rolls back unless committed, so an early return or a failed step can never leave
// half a change behind (Akonadi's Transaction).
class Transaction
{
public:
    explicit Transaction(const QSqlDatabase& db);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    // False when BEGIN failed; `error()` then says why.
    bool isActive() const { return m_active; }
    const Error& error() const { return m_error; }
    Status commit();
    void rollback();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    Error m_error;
};
