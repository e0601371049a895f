#pragma once

#include "DatabaseUrl.h"
#include "Result.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QStringList>

// One database (a URL) shared by every thread of the process. Each thread gets its own
// named connection, opened on first use (Qt SQL connections must not cross threads), as
// Akonadi's DataStore does. Repositories ask for `connection()` on the thread they run on.
class Database
{
public:
    explicit Database(DatabaseUrl url);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    const DatabaseUrl& url() const { return m_url; }
    DatabaseEngine engine() const { return m_url.engine; }
    bool isPostgres() const { return m_url.engine == DatabaseEngine::PostgreSQL; }

    // This thread's open connection, or why it could not be opened (no password in it).
    Result<QSqlDatabase> connection();
    // Opens this thread's connection now: a cheap reachability check.
    Status ping();
    // Whether `failed` means the database is away (an outage to wait out and retry) rather
    // than refusing what was asked: an Unavailable error, or any error while this thread's
    // connection cannot be opened (a SQLite file whose folder is gone), whatever it says.
    bool isAway(const Status& failed);
    // Closes and forgets this thread's connection (call before a worker thread ends).
    void releaseThreadConnection();

private:
    QString connectionName() const;
    Status configure(QSqlDatabase& db);

    DatabaseUrl m_url;
    QString m_instanceTag;
    QString m_memoryUri; // shared-cache URI for sqlite::memory:, so all threads see one db
    QSqlDatabase m_memoryKeeper; // keeps an in-memory database alive between connections
    QMutex m_mutex;
    QStringList m_connectionNames;
};
