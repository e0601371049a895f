// A validator whose PostgreSQL restarts under it: it keeps answering from its cache,
// its LISTEN connection is re-established by the watchdog (revocations after the
// restart still arrive), usage recorded while the database was down is written when it
// is back, and /health says what is going on. Runs its own PostgreSQL (the shared one
// must not restart under other suites) through scripts/test-services.sh.
#include "ApiKeyService.h"
#include "OrganizationService.h"
#include "TestDatabase.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"
#include "ValidatorServer.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifndef KEYWARDEN_SOURCE_DIR
#error "KEYWARDEN_SOURCE_DIR must be defined"
#endif

class TestPostgresRestart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void survivesARestart();

private:
    bool services(const QString& action);
    static quint16 freePort(quint16 from);

    QString m_dir;
    quint16 m_pgPort = 0;
    quint16 m_redisPort = 0;
    bool m_skipReason = false;
};

// Below Linux's ephemeral range (32768-60999): a port there can be held by any program's
// outgoing connection, which a probe cannot see and the server's bind then meets.
quint16 TestPostgresRestart::freePort(quint16 from)
{
    for (quint16 port = from; port < 32768; ++port) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, port))
            return port;
    }
    return 0;
}

bool TestPostgresRestart::services(const QString& action)
{
    QProcess script;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KEYWARDEN_TEST_PG_PORT"), QString::number(m_pgPort));
    environment.insert(QStringLiteral("KEYWARDEN_TEST_REDIS_PORT"), QString::number(m_redisPort));
    script.setProcessEnvironment(environment);
    script.setProcessChannelMode(QProcess::MergedChannels);
    script.start(QStringLiteral("bash"),
                 {QStringLiteral(KEYWARDEN_SOURCE_DIR "/scripts/test-services.sh"), action, m_dir});
    if (!script.waitForFinished(120000) || script.exitCode() != 0) {
        qWarning("test-services.sh %s failed: %s", qPrintable(action), script.readAll().constData());
        return false;
    }
    return true;
}

void TestPostgresRestart::initTestCase()
{
    if (TestDatabase::engine() != DatabaseEngine::PostgreSQL)
        QFAIL("registered for PostgreSQL only: run with KEYWARDEN_TEST_ENGINE=postgresql");
    m_dir = QStringLiteral("/tmp/keywarden-restart-%1").arg(QCoreApplication::applicationPid());
    m_pgPort = freePort(27432);
    QVERIFY(m_pgPort != 0);
    m_redisPort = freePort(quint16(m_pgPort + 1));
    QVERIFY(m_redisPort != 0);
    QVERIFY(services(QStringLiteral("start")));
}

void TestPostgresRestart::cleanupTestCase()
{
    if (!m_dir.isEmpty()) {
        services(QStringLiteral("stop"));
        QDir(m_dir).removeRecursively();
    }
}

void TestPostgresRestart::survivesARestart()
{
    qputenv("KEYWARDEN_TEST_PG_URL",
            QStringLiteral("postgresql://keywarden@127.0.0.1:%1/postgres").arg(m_pgPort).toUtf8());
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationService organizations(db.database());
    auto org = organizations.create(
        {QStringLiteral("Acme"), QStringLiteral("ops@acme.example"), Plan::Pro, QStringLiteral("acme")},
        QStringLiteral("test"));
    QVERIFY(org.ok());
    ApiKeyService keys(db.database());
    CreateKeyRequest request;
    request.organizationId = org->id;
    request.name = QStringLiteral("k");
    auto first = keys.createKey(request, QStringLiteral("test"));
    auto second = keys.createKey(request, QStringLiteral("test"));
    auto unseen = keys.createKey(request, QStringLiteral("test"));
    QVERIFY(first.ok() && second.ok() && unseen.ok());
    const QByteArray authFirst = bearer(first->fullKey);
    const QByteArray authSecond = bearer(second->fullKey);

    ValidatorHarness validator(db.database());
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {authFirst}).status, 200);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {authSecond}).status, 200);

    // Down: cached keys are still answered; health says the database is unavailable.
    QVERIFY(services(QStringLiteral("stop-pg")));
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {authFirst}).status, 200);
    const HttpAnswer health = RawHttp::request(validator.port(), "GET", "/health");
    QCOMPARE(health.status, 503);
    QCOMPARE(json(health).value(QStringLiteral("status")).toString(), QStringLiteral("unavailable"));
    QCOMPARE(json(health).value(QStringLiteral("database")).toString(), QStringLiteral("unavailable"));
    // A key it has not cached cannot be checked: 503, with when to try again.
    const HttpAnswer away = RawHttp::request(validator.port(), "GET", "/v1/verify", {bearer(unseen->fullKey)});
    QCOMPARE(away.status, 503);
    QCOMPARE(errorCode(away), QStringLiteral("unavailable"));
    QCOMPARE(away.header("Retry-After"), QByteArray("1"));
    // Up again.
    QVERIFY(services(QStringLiteral("start-pg")));
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(validator.port(), "GET", "/health").status, 200, 15000);

    // The test's own connection died too; a fresh one revokes the second key. The
    // validator hears of it through its re-established LISTEN (or its resync).
    db.database().releaseThreadConnection();
    ApiKeyService after(db.database());
    QVERIFY(after.revokeKey(second->key.id, QStringLiteral("leaked"), QStringLiteral("support")).ok());
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(validator.port(), "GET", "/v1/verify", {authSecond}).status, 401, 15000);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {authFirst}).status, 200);

    // Usage recorded while the database was down was kept and written.
    validator.stop();
    UsageRepository usage(db.database());
    auto rows = usage.getByKey(first->key.id, QDateTime::currentDateTimeUtc().addDays(-1),
                               QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 3);
}

QTEST_GUILESS_MAIN(TestPostgresRestart)
#include "TestPostgresRestart.moc"
