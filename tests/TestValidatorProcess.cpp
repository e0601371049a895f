// `keywardenctl serve` as a real, separate process: a revocation made elsewhere reaches
// it, SIGTERM flushes usage before it exits, a bad configuration stops it with a message
// naming the variable; and the authentication switches of SPEC.
#include "ApiKeyService.h"
#include "OrganizationService.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <memory>

#ifndef KEYWARDENCTL_PATH
#error "KEYWARDENCTL_PATH must be defined"
#endif

class TestValidatorProcess : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void revocationReachesAnotherProcess();
    void sigtermWritesPendingUsage();
    void badConfigurationStopsWithAClearMessage_data();
    void badConfigurationStopsWithAClearMessage();
    void authenticationCanBeSwitchedOffOrMadeOptional();
    void threadsShareOneLimit();
    void aPortInUseIsRefused_data();
    void riskySettingsAreAnnouncedAtStartup_data();
    void riskySettingsAreAnnouncedAtStartup();
    void aPortInUseIsRefused();

private:
    quint16
    startServe(QProcess& process, const QStringList& extraEnvironment = {}, const QStringList& extraArguments = {});
    CreatedKey makeKey();

    std::unique_ptr<TestDatabase> m_db;
    QByteArray m_startLog;
};

void TestValidatorProcess::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
}

void TestValidatorProcess::cleanup()
{
    m_db.reset();
}

CreatedKey TestValidatorProcess::makeKey()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"), Plan::Pro,
                                                        QStringLiteral("Acme"), QStringLiteral("ops@acme.example"));
    return TestFixtures::key(m_db->database(), org.id);
}

quint16 TestValidatorProcess::startServe(QProcess& process,
                                         const QStringList& extraEnvironment,
                                         const QStringList& extraArguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DATABASE_URL"));
    environment.remove(QStringLiteral("REDIS_URL"));
    for (const QString& assignment : extraEnvironment)
        environment.insert(assignment.section(u'=', 0, 0), assignment.section(u'=', 1));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(KEYWARDENCTL_PATH),
                  QStringList{QStringLiteral("--database"), m_db->url(), QStringLiteral("serve"),
                              QStringLiteral("--port"), QStringLiteral("0")}
                      + extraArguments);
    if (!process.waitForStarted(10000))
        return 0;
    static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    QByteArray seen;
    for (int i = 0; i < 200 && process.state() == QProcess::Running; ++i) {
        process.waitForReadyRead(100);
        seen += process.readAllStandardError();
        const auto match = listening.match(QString::fromUtf8(seen));
        if (match.hasMatch()) {
            m_startLog = seen;
            return quint16(match.captured(1).toUInt());
        }
    }
    qWarning("serve did not start: %s", seen.constData());
    return 0;
}

void TestValidatorProcess::revocationReachesAnotherProcess()
{
    const CreatedKey key = makeKey();
    QProcess serve;
    const quint16 port = startServe(serve);
    QVERIFY(port != 0);
    const QByteArray auth = bearer(key.fullKey);
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {auth}).status, 200);
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {auth}).status, 200); // now cached there
    ApiKeyService keys(m_db->database());
    QVERIFY(keys.revokeKey(key.key.id, QStringLiteral("leaked"), QStringLiteral("support")).ok());
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(port, "GET", "/v1/verify", {auth}).status, 401, 5000);
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
}

void TestValidatorProcess::sigtermWritesPendingUsage()
{
    const CreatedKey key = makeKey();
    QProcess serve;
    const quint16 port = startServe(serve);
    QVERIFY(port != 0);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(RawHttp::request(port, "GET", "/v1/auth", {bearer(key.fullKey)}).status, 204);
    ::kill(pid_t(serve.processId()), SIGTERM);
    QVERIFY(serve.waitForFinished(15000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    const QByteArray log = serve.readAllStandardError();
    QVERIFY2(log.contains("30 usage records written"), log.constData());
    // Log lines are JSON objects and carry no full key.
    for (const QByteArray& line : log.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
        QVERIFY(!line.contains(key.fullKey.toLatin1()));
    }
    UsageRepository usage(m_db->database());
    auto rows = usage.getByKey(key.key.id, QDateTime::currentDateTimeUtc().addDays(-1),
                               QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 30);
}

void TestValidatorProcess::badConfigurationStopsWithAClearMessage_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("named");
    QTest::newRow("rate limit") << QStringLiteral("DEFAULT_RATE_LIMIT=lots") << QStringLiteral("DEFAULT_RATE_LIMIT");
    QTest::newRow("boolean") << QStringLiteral("ENABLE_API_KEY_AUTH=maybe") << QStringLiteral("ENABLE_API_KEY_AUTH");
    QTest::newRow("failure mode") << QStringLiteral("RATE_LIMIT_FAILURE_MODE=sideways")
                                  << QStringLiteral("RATE_LIMIT_FAILURE_MODE");
    QTest::newRow("admin key") << QStringLiteral("ADMIN_API_KEY=hunter2") << QStringLiteral("ADMIN_API_KEY");
    QTest::newRow("redis url") << QStringLiteral("REDIS_URL=http://example") << QStringLiteral("REDIS_URL");
}

void TestValidatorProcess::badConfigurationStopsWithAClearMessage()
{
    QFETCH(QString, assignment);
    QFETCH(QString, named);
    QProcess serve;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(assignment.section(u'=', 0, 0), assignment.section(u'=', 1));
    serve.setProcessEnvironment(environment);
    serve.start(QStringLiteral(KEYWARDENCTL_PATH),
                {QStringLiteral("--database"), m_db->url(), QStringLiteral("serve"), QStringLiteral("--port"),
                 QStringLiteral("0")});
    QVERIFY(serve.waitForFinished(15000));
    QCOMPARE(serve.exitCode(), 1);
    const QString err = QString::fromUtf8(serve.readAllStandardError());
    QVERIFY2(err.contains(named), qPrintable(err));
    QVERIFY(!err.contains(QStringLiteral("hunter2")) || named != QLatin1String("ADMIN_API_KEY"));
}

void TestValidatorProcess::authenticationCanBeSwitchedOffOrMadeOptional()
{
    const CreatedKey key = makeKey();
    {
        RuntimeConfig off;
        off.enableApiKeyAuth = false;
        ValidatorHarness validator(m_db->database(), off);
        const HttpAnswer answer = RawHttp::request(validator.port(), "GET", "/v1/auth");
        QCOMPARE(answer.status, 204);
        QCOMPARE(answer.header("X-Auth-Mode"), QByteArray("disabled"));
    }
    {
        RuntimeConfig optional;
        optional.allowUnauthenticated = true;
        ValidatorHarness validator(m_db->database(), optional);
        HttpAnswer answer = RawHttp::request(validator.port(), "GET", "/v1/verify");
        QCOMPARE(answer.status, 200);
        QCOMPARE(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("anonymous")).toBool(), true);
        // A key that is sent is still checked.
        answer = RawHttp::request(validator.port(), "GET", "/v1/verify", {"Authorization: Bearer pk_live_nonsense"});
        QCOMPARE(answer.status, 401);
        answer = RawHttp::request(validator.port(), "GET", "/v1/verify", {bearer(key.fullKey)});
        QCOMPARE(answer.status, 200);
        QCOMPARE(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("organization_slug")).toString(),
                 QStringLiteral("acme"));
        // Anonymous agent runs leave no record in anyone's conversations.
        QCOMPARE(RawHttp::request(validator.port(), "POST", "/v1/agents/a/run", {}, R"({"input":"hi"})").status, 200);
        QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/conversations").body, QByteArray("[]"));
    }
}

void TestValidatorProcess::threadsShareOneLimit()
{
    OrganizationService organizations(m_db->database());
    auto org = organizations.create(
        {QStringLiteral("Acme"), QStringLiteral("ops@acme.example"), Plan::Pro, QStringLiteral("acme")},
        QStringLiteral("test"));
    QVERIFY(org.ok());
    ApiKeyService keys(m_db->database());
    CreateKeyRequest request;
    request.organizationId = org->id;
    request.name = QStringLiteral("k");
    request.customRateLimit = 10;
    auto key = keys.createKey(request, QStringLiteral("test"));
    QVERIFY(key.ok());
    QProcess serve;
    const quint16 port = startServe(serve, {}, {QStringLiteral("--threads"), QStringLiteral("4")});
    QVERIFY(port != 0);
    int admitted = 0;
    int limited = 0;
    // Each request on a new connection: the kernel spreads them over the four threads.
    for (int i = 0; i < 30; ++i) {
        const int status = RawHttp::request(port, "GET", "/v1/verify", {bearer(key->fullKey)}).status;
        admitted += status == 200 ? 1 : 0;
        limited += status == 429 ? 1 : 0;
    }
    QCOMPARE(admitted, 10);
    QCOMPARE(limited, 20);
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    QVERIFY2(m_startLog.contains("4 thread(s)"), m_startLog.constData());
}

void TestValidatorProcess::aPortInUseIsRefused_data()
{
    QTest::addColumn<QString>("firstThreads");
    QTest::addColumn<QString>("secondThreads");
    QTest::newRow("shared port, then shared") << QStringLiteral("2") << QStringLiteral("2");
    QTest::newRow("shared port, then one thread") << QStringLiteral("2") << QStringLiteral("1");
    QTest::newRow("one thread, then shared") << QStringLiteral("1") << QStringLiteral("2");
}

// Serving threads share their port (SO_REUSEPORT), which another process of the same user
// could join too: a second validator on the port must fail at startup rather than take
// half of the first one's connections.
void TestValidatorProcess::aPortInUseIsRefused()
{
    QFETCH(QString, firstThreads);
    QFETCH(QString, secondThreads);
    QProcess first;
    const quint16 port = startServe(first, {}, {QStringLiteral("--threads"), firstThreads});
    QVERIFY(port != 0);

    QProcess second;
    second.start(QStringLiteral(KEYWARDENCTL_PATH),
                 {QStringLiteral("--database"), m_db->url(), QStringLiteral("serve"), QStringLiteral("--port"),
                  QString::number(port), QStringLiteral("--threads"), secondThreads});
    QVERIFY(second.waitForFinished(15000));
    QCOMPARE(second.exitCode(), 1);
    const QString err = QString::fromUtf8(second.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("cannot listen on")), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral("listening on")), qPrintable(err));

    // The first one still serves every connection.
    for (int i = 0; i < 8; ++i)
        QCOMPARE(RawHttp::request(port, "GET", "/health").status, 200);
    first.terminate();
    QVERIFY(first.waitForFinished(10000));
}

void TestValidatorProcess::riskySettingsAreAnnouncedAtStartup_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("warning");
    QTest::newRow("default") << QString() << QString();
    QTest::newRow("anonymous callers allowed")
        << QStringLiteral("ALLOW_UNAUTHENTICATED=true") << QStringLiteral("ALLOW_UNAUTHENTICATED is true");
    QTest::newRow("authentication off") << QStringLiteral("ENABLE_API_KEY_AUTH=false")
                                        << QStringLiteral("ENABLE_API_KEY_AUTH is false");
    QTest::newRow("usage tracking off") << QStringLiteral("ENABLE_USAGE_TRACKING=false")
                                        << QStringLiteral("monthly quotas are counted in this validator's memory only");
}

// The first two open the protected routes to anyone, the last keeps quotas in memory only:
// the log says so before "listening".
void TestValidatorProcess::riskySettingsAreAnnouncedAtStartup()
{
    QFETCH(QString, assignment);
    QFETCH(QString, warning);
    QProcess serve;
    const quint16 port = startServe(serve, assignment.isEmpty() ? QStringList() : QStringList{assignment});
    QVERIFY(port != 0);
    const QString log = QString::fromUtf8(m_startLog);
    if (warning.isEmpty()) {
        QVERIFY2(!log.contains(QStringLiteral("ALLOW_UNAUTHENTICATED"))
                     && !log.contains(QStringLiteral("ENABLE_API_KEY_AUTH"))
                     && !log.contains(QStringLiteral("ENABLE_USAGE_TRACKING")),
                 qPrintable(log));
    } else {
        QVERIFY2(log.contains(warning), qPrintable(log));
    }
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestValidatorProcess)
#include "TestValidatorProcess.moc"
