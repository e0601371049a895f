#include "TestDatabase.h"

#include "MigrationRunner.h"
#include "SqlQuery.h"

#include <QHostAddress>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTcpServer>
#include <QUuid>

namespace {
Result<QSqlDatabase> adminConnection(const QString& url, const QString& name)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                   : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(parsed->host);
    db.setPort(parsed->port);
    db.setDatabaseName(parsed->database);
    db.setUserName(parsed->user);
    db.setPassword(parsed->password);
    if (!db.isOpen() && !db.open())
        return makeError(ErrorCode::Unavailable,
                         QStringLiteral("cannot reach the test PostgreSQL at %1: %2").arg(url, db.lastError().text()));
    return db;
}
} // namespace

DatabaseEngine TestDatabase::engine()
{
    return qEnvironmentVariable("KEYWARDEN_TEST_ENGINE") == QLatin1String("postgresql") ? DatabaseEngine::PostgreSQL
                                                                                        : DatabaseEngine::SQLite;
}

QString TestDatabase::engineName()
{
    return DatabaseEngines::toString(engine());
}

DatabaseUrl TestDatabase::unreachableUrl()
{
    if (engine() == DatabaseEngine::SQLite)
        return DatabaseUrl::parse(QStringLiteral("sqlite:///nonexistent-keywarden-folder/keywarden.db")).value();
    // A port that was free a moment ago: nothing answers there.
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return DatabaseUrl::parse(QStringLiteral("postgresql://keywarden@127.0.0.1:%1/postgres").arg(port)).value();
}

TestDatabase::TestDatabase(bool migrate)
{
    if (engine() == DatabaseEngine::PostgreSQL) {
        m_pgAdminUrl = qEnvironmentVariable("KEYWARDEN_TEST_PG_URL");
        if (m_pgAdminUrl.isEmpty()) {
            m_error = QStringLiteral("KEYWARDEN_TEST_PG_URL is not set: run the suite through scripts/test.sh, which "
                                     "starts a throw-away PostgreSQL");
            return;
        }
        m_pgName = QStringLiteral("kwtest_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
        {
            auto admin = adminConnection(m_pgAdminUrl, QStringLiteral("kwtest-admin"));
            if (!admin) {
                m_error = admin.error().message;
                return;
            }
            QSqlQuery create(admin.value());
            if (!create.exec(QStringLiteral("CREATE DATABASE %1").arg(m_pgName))) {
                m_error = create.lastError().text();
                return;
            }
        }
        auto parsed = DatabaseUrl::parse(m_pgAdminUrl);
        DatabaseUrl url = parsed.value();
        url.database = m_pgName;
        m_url = url.redacted();
        m_database = std::make_unique<Database>(url);
    } else {
        m_url = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("test.db"));
        m_database = std::make_unique<Database>(DatabaseUrl::parse(m_url).value());
    }
    if (migrate) {
        MigrationRunner runner(*m_database);
        if (auto applied = runner.upgrade(); !applied) {
            m_error = applied.error().message;
            m_database.reset();
        }
    }
}

TestDatabase::~TestDatabase()
{
    m_database.reset();
    if (!m_pgName.isEmpty()) {
        auto admin = adminConnection(m_pgAdminUrl, QStringLiteral("kwtest-admin"));
        if (admin) {
            QSqlQuery drop(admin.value());
            drop.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgName));
        }
    }
}

QStringList TestDatabase::allText()
{
    QStringList texts;
    auto db = m_database->connection();
    if (!db)
        return texts;
    for (const QString& table : db->tables()) {
        QSqlQuery query(db.value());
        if (!query.exec(QStringLiteral("SELECT * FROM %1").arg(table)))
            continue;
        while (query.next()) {
            const QSqlRecord record = query.record();
            for (int i = 0; i < record.count(); ++i)
                texts << record.value(i).toString();
        }
    }
    return texts;
}

QSqlDatabase TestDatabase::connection()
{
    auto db = m_database->connection();
    return db ? db.value() : QSqlDatabase();
}

QString TestDatabase::endSession()
{
    auto pid = SqlQuery::exec(connection(), QStringLiteral("SELECT pg_backend_pid()"));
    if (!pid || !pid->next())
        return pid ? QStringLiteral("no backend pid") : pid.error().message;
    const int backend = pid->value(0).toInt();
    pid->finish();
    const auto url = DatabaseUrl::parse(m_url);
    if (!url)
        return url.error().message;
    Database other(url.value());
    const auto otherConnection = other.connection();
    if (!otherConnection)
        return otherConnection.error().message;
    auto ended = SqlQuery::exec(otherConnection.value(), QStringLiteral("SELECT pg_terminate_backend(?)"), {backend});
    if (!ended)
        return ended.error().message;
    if (!ended->next() || !ended->value(0).toBool())
        return QStringLiteral("pg_terminate_backend(%1) ended nothing").arg(backend);
    return {};
}
