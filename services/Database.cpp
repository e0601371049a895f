#include "Database.h"

#include "Logging.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

#include <mutex>

namespace {
QAtomicInteger<quint64> s_instanceCounter;

QString tr(const char* text)
{
    return QCoreApplication::translate("Database", text);
}

// SQLite counts every allocation under a process-wide mutex for sqlite3_status(), which
// nothing here reads; the usage writer allocates for every row it inserts. Without the
// count a row costs 3.06 us instead of 3.45 us (bench/keywarden_bench_core, SQLite usage
// write per row, medians of runs alternated with the default). sqlite3_config() only
// takes effect before the library's first connection, hence once and before the open;
// where something else opened SQLite first it answers SQLITE_MISUSE and changes nothing.
void configureSqliteLibrary()
{
    static std::once_flag configured;
    std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}
} // namespace

Database::Database(DatabaseUrl url)
    : m_url(std::move(url))
    , m_instanceTag(QStringLiteral("kw%1_%2").arg(QCoreApplication::applicationPid()).arg(++s_instanceCounter))
{
    if (m_url.isInMemory())
        m_memoryUri = QStringLiteral("file:%1?mode=memory&cache=shared").arg(m_instanceTag);
}

Database::~Database()
{
    m_memoryKeeper = QSqlDatabase();
    QMutexLocker locker(&m_mutex);
    const QStringList names = m_connectionNames;
    locker.unlock();
    for (const QString& name : names) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

QString Database::connectionName() const
{
    return m_instanceTag + QStringLiteral("_t")
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

Status Database::configure(QSqlDatabase& db)
{
    QSqlQuery query(db);
    QStringList statements;
    if (isPostgres()) {
        statements << QStringLiteral("SET TIME ZONE 'UTC'") << QStringLiteral("SET application_name = 'keywarden'")
                   << QStringLiteral("SET client_min_messages = warning");
    } else {
        statements << QStringLiteral("PRAGMA foreign_keys = ON") << QStringLiteral("PRAGMA busy_timeout = 10000");
        if (!m_url.isInMemory())
            statements << QStringLiteral("PRAGMA journal_mode = WAL") << QStringLiteral("PRAGMA synchronous = NORMAL");
    }
    for (const QString& statement : statements) {
        if (!query.exec(statement))
            return makeError(ErrorCode::DatabaseError,
                             tr("cannot configure the database connection: %1").arg(query.lastError().text()));
    }
    return success();
}

Result<QSqlDatabase> Database::connection()
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }

    const bool postgres = isPostgres();
    if (!postgres)
        configureSqliteLibrary();
    QSqlDatabase db = QSqlDatabase::contains(name)
        ? QSqlDatabase::database(name, false)
        : QSqlDatabase::addDatabase(postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), name);
    if (!db.isValid())
        return makeError(ErrorCode::DatabaseError,
                         tr("the Qt SQL driver for %1 is not installed (package %2)")
                             .arg(postgres ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"),
                                  postgres ? QStringLiteral("libqt6sql6-psql") : QStringLiteral("libqt6sql6-sqlite")));
    {
        QMutexLocker locker(&m_mutex);
        if (!m_connectionNames.contains(name))
            m_connectionNames << name;
    }

    if (postgres) {
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setDatabaseName(m_url.database);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        QString options = QStringLiteral("connect_timeout=5");
        if (!m_url.sslMode.isEmpty())
            options += QStringLiteral(";sslmode=") + m_url.sslMode;
        db.setConnectOptions(options);
    } else if (m_url.isInMemory()) {
        db.setDatabaseName(m_memoryUri);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
    } else {
        const QFileInfo file(m_url.sqlitePath);
        if (!file.absoluteDir().exists())
            return makeError(ErrorCode::DatabaseError,
                             tr("cannot open SQLite database %1: the folder %2 does not exist")
                                 .arg(m_url.sqlitePath, file.absolutePath()));
        db.setDatabaseName(m_url.sqlitePath);
    }

    if (!db.open()) {
        // The server's own words on one line: libpq's run over several ("...failed: Connection
        // refused\n\tIs the server running...?"), and Qt adds its "QPSQL: Unable to connect".
        const QSqlError error = db.lastError();
        const QString reason
            = (error.databaseText().trimmed().isEmpty() ? error.text() : error.databaseText()).simplified();
        qCWarning(lcDatabase) << "cannot connect to" << m_url.redacted() << ":" << reason;
        return makeError(ErrorCode::Unavailable, tr("cannot connect to %1: %2").arg(m_url.redacted(), reason));
    }
    if (m_url.isInMemory()) {
        // The shared in-memory database lives as long as one connection to it is open.
        QMutexLocker locker(&m_mutex);
        if (!m_memoryKeeper.isValid())
            m_memoryKeeper = db;
    }
    if (Status configured = configure(db); !configured)
        return configured.error();
    qCDebug(lcDatabase) << "opened" << m_url.redacted() << "as" << name;
    return db;
}

Status Database::ping()
{
    auto db = connection();
    if (!db)
        return db.error();
    QSqlQuery query(db.value());
    if (!query.exec(QStringLiteral("SELECT 1")))
        return makeError(ErrorCode::Unavailable,
                         tr("the database does not answer: %1").arg(query.lastError().text().simplified()));
    return success();
}

bool Database::isAway(const Status& failed)
{
    return failed.code() == ErrorCode::Unavailable || !connection().ok();
}

void Database::releaseThreadConnection()
{
    const QString name = connectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        QMutexLocker locker(&m_mutex);
        if (m_memoryKeeper.isValid() && m_memoryKeeper.connectionName() == name)
            return; // the keeper's connection must stay open
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    QMutexLocker locker(&m_mutex);
    m_connectionNames.removeAll(name);
}
