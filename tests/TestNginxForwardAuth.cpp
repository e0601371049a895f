// The shipped nginx example (packaging/nginx/keywarden-forward-auth.conf) in front of a
// real application, with a real nginx asking a real validator: the forward-auth
// deployment of SPEC works end to end.
#include "ApiKeyService.h"
#include "OrganizationService.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#ifndef KEYWARDEN_SOURCE_DIR
#error "KEYWARDEN_SOURCE_DIR must be defined"
#endif

class TestNginxForwardAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void validKeyReachesTheApplication();
    void refusalsBecomeSpecStatuses();
    void rateLimitBecomes429WithRetryAfter();
    void keyInUrlIsRefused();
    void usageCountsTheRealEndpoint();

private:
    static quint16 freePort();
    HttpAnswer get(const QByteArray& target, const QList<QByteArray>& headers = {});
    CreatedKey makeKey(std::optional<int> rateLimit = std::nullopt);

    QString m_nginx;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ValidatorHarness> m_validator;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

quint16 TestNginxForwardAuth::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

void TestNginxForwardAuth::initTestCase()
{
    m_nginx = QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                             {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (m_nginx.isEmpty())
        QFAIL("nginx is not installed (scripts/install-deps.sh installs it)");
}

void TestNginxForwardAuth::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    m_validator = std::make_unique<ValidatorHarness>(m_db->database());
    m_dir = std::make_unique<QTemporaryDir>();
    QDir(m_dir->path()).mkpath(QStringLiteral("logs"));
    // Free ports are probed, then bound by nginx: retry with new ones if one was taken.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        const quint16 appPort = freePort();

        QFile shipped(QStringLiteral(KEYWARDEN_SOURCE_DIR "/packaging/nginx/keywarden-forward-auth.conf"));
        QVERIFY(shipped.open(QIODevice::ReadOnly));
        QByteArray server = shipped.readAll();
        server.replace("127.0.0.1:8080", "127.0.0.1:" + QByteArray::number(m_validator->port()));
        server.replace("127.0.0.1:9000", "127.0.0.1:" + QByteArray::number(appPort));
        server.replace("listen 8000;", "listen 127.0.0.1:" + QByteArray::number(m_port) + ';');
        // The "application": echoes what it was told about the caller.
        const QByteArray app = "server { listen 127.0.0.1:" + QByteArray::number(appPort)
            + "; location / { default_type text/plain; return 200 'org=$http_x_organization_id key=$http_x_key_id "
              "auth=[$http_authorization] uri=$request_uri'; } }\n";
        const QByteArray prefix = m_dir->path().toUtf8();
        const QByteArray config = "worker_processes 1;\nerror_log " + prefix + "/logs/error.log warn;\npid " + prefix
            + "/nginx.pid;\nevents { worker_connections 256; }\nhttp {\n access_log off;\n client_body_temp_path "
            + prefix + "/body;\n proxy_temp_path " + prefix + "/proxy;\n fastcgi_temp_path " + prefix
            + "/fastcgi;\n uwsgi_temp_path " + prefix + "/uwsgi;\n scgi_temp_path " + prefix + "/scgi;\n" + server + app
            + "}\n";
        QFile file(m_dir->filePath(QStringLiteral("nginx.conf")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(config);
        file.close();

        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(m_nginx,
                        {QStringLiteral("-p"), m_dir->path(), QStringLiteral("-c"), file.fileName(),
                         QStringLiteral("-g"), QStringLiteral("daemon off;")});
        QVERIFY(m_process.waitForStarted(5000));
        for (int i = 0; i < 100; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(100)) {
                // A port probed free can be taken by a parallel test meanwhile; then our
                // nginx fails to bind and exits, while the probe reached the other one.
                QThread::msleep(300);
                if (m_process.state() == QProcess::Running)
                    return;
                break;
            }
            if (m_process.state() == QProcess::NotRunning)
                break;
            QThread::msleep(50);
        }
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QFAIL(qPrintable(QStringLiteral("nginx did not start: ") + QString::fromUtf8(m_process.readAll())));
}

void TestNginxForwardAuth::cleanup()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
    }
    m_validator.reset();
    m_db.reset();
    m_dir.reset();
}

HttpAnswer TestNginxForwardAuth::get(const QByteArray& target, const QList<QByteArray>& headers)
{
    return RawHttp::request(m_port, "GET", target, headers);
}

CreatedKey TestNginxForwardAuth::makeKey(std::optional<int> rateLimit)
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"), Plan::Pro,
                                                        QStringLiteral("Acme"), QStringLiteral("ops@acme.example"));
    return TestFixtures::key(m_db->database(), org.id, {QStringLiteral("*")}, rateLimit);
}

void TestNginxForwardAuth::validKeyReachesTheApplication()
{
    const CreatedKey key = makeKey();
    const HttpAnswer answer = get("/orders/42", {bearer(key.fullKey)});
    QCOMPARE(answer.status, 200);
    QVERIFY2(answer.body.contains("org=" + SqlValue::uuidText(key.key.organizationId).toLatin1()),
             answer.body.constData());
    QVERIFY(answer.body.contains("key=" + SqlValue::uuidText(key.key.id).toLatin1()));
    QVERIFY2(answer.body.contains("auth=[]"), answer.body.constData()); // the application never sees the key
    QCOMPARE(answer.header("X-RateLimit-Limit"), QByteArray("60"));
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("59"));
    QVERIFY(!answer.header("RateLimit").isEmpty());
}

void TestNginxForwardAuth::refusalsBecomeSpecStatuses()
{
    HttpAnswer answer = get("/orders");
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("missing_api_key"));
    answer = get("/orders", {"Authorization: Bearer pk_live_invented"});
    QCOMPARE(answer.status, 401);
    const CreatedKey key = makeKey();
    ApiKeyService keys(m_db->database());
    QVERIFY(keys.revokeKey(key.key.id, QStringLiteral("leaked"), QStringLiteral("test")).ok());
    answer = get("/orders", {bearer(key.fullKey)});
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("revoked_api_key"));

    // Headers nginx accepts (three lines of 7 KiB) but the validator finds too large: its
    // refusal on the forward-auth path is a 403 that nginx turns into SPEC's 431, not a 500.
    const QByteArray padding(7 * 1024, 'p');
    answer = get("/orders", {bearer(key.fullKey), "X-Pad-1: " + padding, "X-Pad-2: " + padding, "X-Pad-3: " + padding});
    QCOMPARE(answer.status, 431);
    QVERIFY(answer.body.contains("headers_too_large"));
}

void TestNginxForwardAuth::rateLimitBecomes429WithRetryAfter()
{
    const CreatedKey key = makeKey(2);
    const QByteArray auth = bearer(key.fullKey);
    QCOMPARE(get("/a", {auth}).status, 200);
    QCOMPARE(get("/a", {auth}).status, 200);
    const HttpAnswer limited = get("/a", {auth});
    QCOMPARE(limited.status, 429);
    QCOMPARE(errorCode(limited), QStringLiteral("rate_limit_exceeded"));
    QVERIFY(limited.header("Retry-After").toInt() >= 1);
    QCOMPARE(limited.header("X-RateLimit-Remaining"), QByteArray("0"));
}

void TestNginxForwardAuth::keyInUrlIsRefused()
{
    const CreatedKey key = makeKey();
    const HttpAnswer answer = get("/orders?api_key=" + key.fullKey.toLatin1(), {bearer(key.fullKey)});
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.body.contains("api_key_in_url"));
}

void TestNginxForwardAuth::usageCountsTheRealEndpoint()
{
    const CreatedKey key = makeKey();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(get("/invoices/7?expand=lines", {bearer(key.fullKey)}).status, 200);
    m_validator->stop();
    UsageRepository usage(m_db->database());
    auto rows = usage.getByKey(key.key.id, QDateTime::currentDateTimeUtc().addDays(-1),
                               QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->first().endpoint, QStringLiteral("/invoices/7"));
    QCOMPARE(rows->first().method, QStringLiteral("GET"));
}

QTEST_GUILESS_MAIN(TestNginxForwardAuth)
#include "TestNginxForwardAuth.moc"
