// The validator over real HTTP on loopback, on SQLite and PostgreSQL: every status and
// error code of SPEC it implements, both header sets, scopes, expiry, revocation seen by
// a running validator, rate limits, quotas, usage after a clean stop, hostile requests.
#include "ApiKeyGenerator.h"
#include "ApiKeyService.h"
#include "AuditRepository.h"
#include "LogCapture.h"
#include "OrganizationService.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageEndpoint.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"
#include "ValidatorServer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <array>
#include <functional>
#include <memory>

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
// A sample of an unlabelled series in the validator's /metrics; -1 when it is not there.
double metricValue(quint16 port, const QByteArray& name)
{
    const QByteArray metrics = RawHttp::request(port, "GET", "/metrics").body;
    for (const QByteArray& line : metrics.split('\n')) {
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}
} // namespace

class TestValidatorServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void healthAnswers();
    void verifyAcceptsAValidKey();
    void forwardAuthAnswers204WithHeaders();
    void refusesMissingOrMalformedCredentials_data();
    void refusesMissingOrMalformedCredentials();
    void forwardAuthRefusalsHaveNoBody();
    void refusesRevokedExpiredAndInactive();
    void checksScopes();
    void refusesKeyInUrl_data();
    void refusesKeyInUrl();
    void acceptsQueriesWithoutAKey();
    void refusesTwoAuthorizationHeaders();
    void bothReadersGiveTheSameAnswers_data();
    void bothReadersGiveTheSameAnswers();
    void answersPipelinedAndInterleavedRequestsInOrder();
    void answersTensOfThousandsOfPipelinedRequestsInOrder();
    void closesAClientThatPipelinesWithoutReading_data();
    void closesAClientThatPipelinesWithoutReading();
    void answersAClientThatReadsLateInOrder_data();
    void answersAClientThatReadsLateInOrder();
    void refusesMalformedJsonBody();
    void rateLimitsPerKey();
    void rolledKeySharesItsWindowDuringGrace();
    void enforcesMonthlyQuota();
    void quotaAndRateLimitDoNotSpendEachOther();
    void organizationChangeKeepsTheQuotaCount();
    void revocationReachesARunningValidator();
    void keepsAnsweringWhileTheChangeLogIsLocked();
    void usageIsWrittenOnCleanStop();
    void forwardedPathsAreRolledUpByRoute();
    void unknownRoutesAndMethods();
    void neverLogsAFullKey();
    void refusesOversizedHeaders();
    void answersWhatCameBeforeARefusedRequest_data();
    void answersWhatCameBeforeARefusedRequest();
    void answersAMalformedRequestLine_data();
    void answersAMalformedRequestLine();
    void refusesRequestsTwoParsersCouldSplitDifferently_data();
    void followsChunkedBodiesChunkByChunk();
    void readsWhatQtLeavesForLaterOnce();
    void refusesRequestsTwoParsersCouldSplitDifferently();
    void refusesOversizedBodies();
    void closesTheConnectionWhenAsked_data();
    void closesTheConnectionWhenAsked();
    void refusesARequestAfterOneThatCloses();
    void emptyLinesBetweenRequestsAreNoRequest();
    void cutsOffA200MegabyteBody_data();
    void cutsOffA200MegabyteBody();
    void closesSlowAndIdleConnections();
    void capsOpenConnections();
    void countsOutConnectionsNobodyTook();
    void aggregatesInvalidAttemptsInTheAuditLog();
    void sqlBackendSharesTheLimitBetweenValidators();

private:
    Organization makeOrganization(const QString& slug, Plan plan = Plan::Pro);
    CreatedKey makeKey(const Organization& org,
                       const QStringList& scopes = {QStringLiteral("*")},
                       std::optional<int> rateLimit = std::nullopt);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ValidatorHarness> m_server;
};

void TestValidatorServer::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    m_server = std::make_unique<ValidatorHarness>(m_db->database());
    QVERIFY(m_server->port() != 0);
}

void TestValidatorServer::cleanup()
{
    m_server.reset();
    m_db.reset();
}

Organization TestValidatorServer::makeOrganization(const QString& slug, Plan plan)
{
    return TestFixtures::organization(m_db->database(), slug, plan);
}

CreatedKey
TestValidatorServer::makeKey(const Organization& org, const QStringList& scopes, std::optional<int> rateLimit)
{
    return TestFixtures::key(m_db->database(), org.id, scopes, rateLimit, QStringLiteral("key"));
}

void TestValidatorServer::healthAnswers()
{
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/health");
    QCOMPARE(answer.status, 200);
    const QJsonObject body = json(answer);
    QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(body.value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
    QCOMPARE(body.value(QStringLiteral("rate_limit_failure_mode")).toString(), QStringLiteral("local"));
    QCOMPARE(body.value(QStringLiteral("database_engine")).toString(), TestDatabase::engineName());
    const HttpAnswer head = RawHttp::request(m_server->port(), "HEAD", "/health");
    QCOMPARE(head.status, 200);
}

void TestValidatorServer::verifyAcceptsAValidKey()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("agents:run"), QStringLiteral("read")});
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QCOMPARE(answer.status, 200);
    const QJsonObject body = json(answer);
    QCOMPARE(body.value(QStringLiteral("valid")).toBool(), true);
    QCOMPARE(body.value(QStringLiteral("organization_id")).toString(), SqlValue::uuidText(org.id));
    QCOMPARE(body.value(QStringLiteral("organization_slug")).toString(), QStringLiteral("acme"));
    QCOMPARE(body.value(QStringLiteral("key_id")).toString(), SqlValue::uuidText(key.key.id));
    QCOMPARE(body.value(QStringLiteral("environment")).toString(), QStringLiteral("live"));
    QCOMPARE(body.value(QStringLiteral("plan")).toString(), QStringLiteral("pro"));
    QCOMPARE(body.value(QStringLiteral("scopes")).toArray(),
             QJsonArray({QStringLiteral("agents:run"), QStringLiteral("read")}));
    const QJsonObject rate = body.value(QStringLiteral("rate_limit")).toObject();
    QCOMPARE(rate.value(QStringLiteral("limit")).toInt(), 60);
    QCOMPARE(rate.value(QStringLiteral("remaining")).toInt(), 59);

    QCOMPARE(answer.header("X-Organization-Id"), SqlValue::uuidText(org.id).toLatin1());
    QCOMPARE(answer.header("X-Key-Id"), SqlValue::uuidText(key.key.id).toLatin1());
    QCOMPARE(answer.header("X-Scopes"), QByteArray("agents:run,read"));
    QCOMPARE(answer.header("X-RateLimit-Limit"), QByteArray("60"));
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("59"));
    const qint64 reset = answer.header("X-RateLimit-Reset").toLongLong();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QVERIFY2(reset >= now && reset <= now + 61, answer.header("X-RateLimit-Reset").constData());
    QCOMPARE(answer.header("RateLimit-Policy"), QByteArray("\"minute\";q=60;w=60"));
    QVERIFY(answer.header("RateLimit").startsWith("\"minute\";r=59;t="));

    const HttpAnswer post = RawHttp::request(m_server->port(), "POST", "/v1/verify",
                                             {bearer(key.fullKey), "Content-Type: application/json"}, "{\"probe\":1}");
    QCOMPARE(post.status, 200);
    QCOMPARE(post.header("X-RateLimit-Remaining"), QByteArray("58"));
}

void TestValidatorServer::forwardAuthAnswers204WithHeaders()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/auth", {bearer(key.fullKey)});
    QCOMPARE(answer.status, 204);
    QVERIFY(answer.body.isEmpty());
    QCOMPARE(answer.header("X-Key-Id"), SqlValue::uuidText(key.key.id).toLatin1());
    QCOMPARE(answer.header("X-Organization-Id"), SqlValue::uuidText(org.id).toLatin1());
    QCOMPARE(answer.header("X-Scopes"), QByteArray("*"));
    QCOMPARE(answer.header("X-RateLimit-Limit"), QByteArray("60"));
    QVERIFY(!answer.header("RateLimit").isEmpty());
}

void TestValidatorServer::refusesMissingOrMalformedCredentials_data()
{
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<QString>("code");
    const QString good = QStringLiteral("pk_live_") + QString(43, u'A');
    QTest::newRow("no header") << QList<QByteArray>{} << QStringLiteral("missing_api_key");
    QTest::newRow("Bearer with nothing") << QList<QByteArray>{"Authorization: Bearer "}
                                         << QStringLiteral("missing_api_key");
    QTest::newRow("Basic scheme") << QList<QByteArray>{"Authorization: Basic dXNlcjpwYXNz"}
                                  << QStringLiteral("missing_api_key");
    QTest::newRow("not a key") << QList<QByteArray>{"Authorization: Bearer hello"} << QStringLiteral("invalid_api_key");
    QTest::newRow("wrong checksum") << QList<QByteArray>{bearer(good) + "ZZZZZZ"} << QStringLiteral("invalid_api_key");
    QTest::newRow("non-UTF-8 bytes") << QList<QByteArray>{QByteArray("Authorization: Bearer pk_live_\xff\xfe\x80")}
                                     << QStringLiteral("invalid_api_key");
    QTest::newRow("oversized token") << QList<QByteArray>{"Authorization: Bearer pk_live_" + QByteArray(8000, 'a')}
                                     << QStringLiteral("invalid_api_key");
}

void TestValidatorServer::refusesMissingOrMalformedCredentials()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(QString, code);
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", headers);
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), code);
    QVERIFY(!errorMessage(answer).isEmpty());
    QCOMPARE(answer.headerCount("X-RateLimit-Limit"), 0); // not an authenticated answer
    QCOMPARE(answer.header("WWW-Authenticate"),
             code == QLatin1String("missing_api_key")
                 ? QByteArray("Bearer realm=\"keywarden\"")
                 : QByteArray("Bearer realm=\"keywarden\", error=\"invalid_token\""));
}

void TestValidatorServer::forwardAuthRefusalsHaveNoBody()
{
    const HttpAnswer missing = RawHttp::request(m_server->port(), "GET", "/v1/auth");
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.header("X-Auth-Error"), QByteArray("missing_api_key"));
    QVERIFY(missing.body.isEmpty());

    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("read")});
    const HttpAnswer scope
        = RawHttp::request(m_server->port(), "GET", "/v1/auth", {bearer(key.fullKey), "X-Required-Scope: agents:run"});
    QCOMPARE(scope.status, 403);
    QCOMPARE(scope.header("X-Auth-Error"), QByteArray("insufficient_scope"));
    QVERIFY(scope.body.isEmpty());
}

void TestValidatorServer::refusesRevokedExpiredAndInactive()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    ApiKeyService keys(m_db->database());
    const CreatedKey revoked = makeKey(org);
    QVERIFY(keys.revokeKey(revoked.key.id, QStringLiteral("leaked"), QStringLiteral("test")).ok());
    HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(revoked.fullKey)});
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("revoked_api_key"));

    const CreatedKey expired = makeKey(org);
    auto db = m_db->database().connection();
    QVERIFY(db.ok());
    QVERIFY(SqlQuery::exec(
                db.value(), QStringLiteral("UPDATE api_keys SET expires_at = ? WHERE id = ?"),
                {SqlValue::fromTime(QDateTime::currentDateTimeUtc().addSecs(-60)), SqlValue::fromUuid(expired.key.id)})
                .ok());
    answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(expired.fullKey)});
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("expired_api_key"));

    const Organization other = makeOrganization(QStringLiteral("sleepy"));
    const CreatedKey sleepy = makeKey(other);
    OrganizationService organizations(m_db->database());
    OrganizationUpdate deactivate;
    deactivate.isActive = false;
    QVERIFY(organizations.update(other.id, deactivate, QStringLiteral("test")).ok());
    answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(sleepy.fullKey)});
    QCOMPARE(answer.status, 403);
    QCOMPARE(errorCode(answer), QStringLiteral("organization_inactive"));

    // Each refusal of a known key counts under its organization, also when the refusal
    // comes from the cache the second time.
    for (const CreatedKey* key : {&revoked, &expired, &sleepy})
        QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key->fullKey)}).status,
                 key == &sleepy ? 403 : 401);
    const QByteArray metrics = RawHttp::request(m_server->port(), "GET", "/metrics").body;
    QVERIFY2(metrics.contains("keywarden_requests_total{organization=\"acme\",outcome=\"revoked_api_key\"} 2"),
             metrics.constData());
    QVERIFY(metrics.contains("keywarden_requests_total{organization=\"acme\",outcome=\"expired_api_key\"} 2"));
    QVERIFY(metrics.contains("keywarden_requests_total{organization=\"sleepy\",outcome=\"organization_inactive\"} 2"));
}

void TestValidatorServer::checksScopes()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey reader = makeKey(org, {QStringLiteral("read")});
    const CreatedKey agents = makeKey(org, {QStringLiteral("agents:*")});
    const CreatedKey all = makeKey(org, {QStringLiteral("*")});
    HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify",
                                         {bearer(reader.fullKey), "X-Required-Scope: agents:run"});
    QCOMPARE(answer.status, 403);
    QCOMPARE(errorCode(answer), QStringLiteral("insufficient_scope"));
    // Still an authenticated answer: rate-limit headers, and the refusal counted nothing.
    QCOMPARE(answer.header("X-RateLimit-Limit"), QByteArray("60"));
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("60"));
    QVERIFY(!answer.header("RateLimit-Policy").isEmpty());
    answer = RawHttp::request(m_server->port(), "GET", "/v1/verify",
                              {bearer(agents.fullKey), "X-Required-Scope: agents:run"});
    QCOMPARE(answer.status, 200);
    answer = RawHttp::request(m_server->port(), "GET", "/v1/verify",
                              {bearer(all.fullKey), "X-Required-Scope: anything:else"});
    QCOMPARE(answer.status, 200);
    answer
        = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(reader.fullKey), "X-Required-Scope: read"});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("59"));
}

void TestValidatorServer::refusesKeyInUrl_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("api_key") << QByteArray("/v1/verify?api_key=pk_live_abc");
    QTest::newRow("key") << QByteArray("/v1/verify?key=pk_live_abc");
    QTest::newRow("token") << QByteArray("/v1/auth?token=pk_live_abc");
    QTest::newRow("upper case") << QByteArray("/v1/verify?API_KEY=pk_live_abc");
    QTest::newRow("public path too") << QByteArray("/health?api_key=x");
}

void TestValidatorServer::refusesKeyInUrl()
{
    QFETCH(QByteArray, target);
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", target);
    if (target.startsWith("/v1/auth")) {
        // Forward auth: 401 + X-Auth-Error (the nginx example answers the client 400).
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.header("X-Auth-Error"), QByteArray("api_key_in_url"));
        return;
    }
    QCOMPARE(answer.status, 400);
    QCOMPARE(errorCode(answer), QStringLiteral("api_key_in_url"));
}

void TestValidatorServer::acceptsQueriesWithoutAKey()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    // Names that merely contain "key" or "token" are not keys.
    for (const QByteArray& target : {QByteArray("/v1/verify?monkey=1&keys=2"), QByteArray("/v1/verify?tokens=3;page=2"),
                                     QByteArray("/v1/verify?sort=key&q=api_key")}) {
        const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", target, {bearer(key.fullKey)});
        QVERIFY2(answer.status == 200, target.constData());
    }
}

void TestValidatorServer::refusesTwoAuthorizationHeaders()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify",
                                               {bearer(key.fullKey), "authorization: Bearer pk_live_other"});
    QCOMPARE(answer.status, 400);
    QCOMPARE(errorCode(answer), QStringLiteral("bad_request"));
    // Forward auth answers only 2xx, 401 or 403 (nginx turns anything else into a 500).
    const HttpAnswer forward = RawHttp::request(m_server->port(), "GET", "/v1/auth",
                                                {bearer(key.fullKey), "authorization: Bearer pk_live_other"});
    QCOMPARE(forward.status, 403);
    QCOMPARE(forward.header("X-Auth-Error"), QByteArray("bad_request"));
    QVERIFY(forward.body.isEmpty());
    const HttpAnswer traefik = RawHttp::request(m_server->port(), "GET", "/v1/auth",
                                                {bearer(key.fullKey), "X-Forwarded-Uri: /orders?token=abc"});
    QCOMPARE(traefik.status, 401);
    QCOMPARE(traefik.header("X-Auth-Error"), QByteArray("api_key_in_url"));
}

void TestValidatorServer::bothReadersGiveTheSameAnswers_data()
{
    // {key}: a valid key with the scope "read"; {revoked}: a revoked one.
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<int>("status");
    const QList<QByteArray> withKey{"Authorization: Bearer {key}"};
    QTest::newRow("verify, valid key") << QByteArray("GET") << QByteArray("/v1/verify") << withKey << 200;
    QTest::newRow("verify HEAD") << QByteArray("HEAD") << QByteArray("/v1/verify") << withKey << 200;
    QTest::newRow("auth, valid key") << QByteArray("GET") << QByteArray("/v1/auth") << withKey << 204;
    QTest::newRow("verify, no key") << QByteArray("GET") << QByteArray("/v1/verify") << QList<QByteArray>{} << 401;
    QTest::newRow("auth, no key") << QByteArray("GET") << QByteArray("/v1/auth") << QList<QByteArray>{} << 401;
    QTest::newRow("verify, not a key") << QByteArray("GET") << QByteArray("/v1/verify")
                                       << QList<QByteArray>{"Authorization: Bearer pk_live_nope"} << 401;
    QTest::newRow("verify, non-UTF-8 token")
        << QByteArray("GET") << QByteArray("/v1/verify")
        << QList<QByteArray>{QByteArray("Authorization: Bearer pk_live_\xff\xfe\x80")} << 401;
    QTest::newRow("verify, revoked key") << QByteArray("GET") << QByteArray("/v1/verify")
                                         << QList<QByteArray>{"Authorization: Bearer {revoked}"} << 401;
    QTest::newRow("verify, missing scope")
        << QByteArray("GET") << QByteArray("/v1/verify")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Required-Scope: admin"} << 403;
    QTest::newRow("auth, missing scope") << QByteArray("GET") << QByteArray("/v1/auth")
                                         << QList<QByteArray>{"Authorization: Bearer {key}", "x-required-scope:admin"}
                                         << 403;
    QTest::newRow("verify, scope too long")
        << QByteArray("GET") << QByteArray("/v1/verify")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Required-Scope: " + QByteArray(300, 's')} << 400;
    // Two scope headers: only one could be checked, so neither is (a proxy may append its own).
    QTest::newRow("verify, two scopes") << QByteArray("GET") << QByteArray("/v1/verify")
                                        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Required-Scope: read",
                                                             "X-Required-Scope: admin"}
                                        << 400;
    QTest::newRow("auth, two scopes") << QByteArray("GET") << QByteArray("/v1/auth")
                                      << QList<QByteArray>{"Authorization: Bearer {key}", "X-Required-Scope: read",
                                                           "x-required-scope: admin"}
                                      << 403;
    QTest::newRow("auth, key in X-Original-URI")
        << QByteArray("GET") << QByteArray("/v1/auth")
        << QList<QByteArray>{"Authorization: Bearer {key}", "X-Original-URI: /orders?a=1;api-key=x"} << 401;
}

// The connection's own reader answers a GET or HEAD of /v1/verify or /v1/auth that arrives
// whole; the same request arriving in two parts is Qt HTTP Server's. Both must answer alike.
void TestValidatorServer::bothReadersGiveTheSameAnswers()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QList<QByteArray>, headers);
    QFETCH(int, status);
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("read")});
    const CreatedKey revoked = makeKey(org);
    QVERIFY(ApiKeyService(m_db->database())
                .revokeKey(revoked.key.id, QStringLiteral("leaked"), QStringLiteral("test"))
                .ok());
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const QByteArray& line : std::as_const(headers))
        raw += QByteArray(line)
                   .replace("{key}", key.fullKey.toLatin1())
                   .replace("{revoked}", revoked.fullKey.toLatin1())
            + "\r\n";
    raw += "\r\n";

    const auto fastAnswers = [this] {
        quint64 count = 0;
        m_server->invoke([&count](ValidatorServer& server) { count = server.fastAnswers(); });
        return count;
    };
    const quint64 before = fastAnswers();
    const bool head = method == "HEAD";
    const QList<HttpAnswer> whole = RawHttp::sendPieces(m_server->port(), {raw}, 1, 10000, head);
    QCOMPARE(fastAnswers(), before + 1);
    const QList<HttpAnswer> split = RawHttp::sendPieces(m_server->port(), {raw.left(12), raw.mid(12)}, 1, 10000, head);
    QCOMPARE(fastAnswers(), before + 1);
    QCOMPARE(whole.size(), 1);
    QCOMPARE(split.size(), 1);
    const HttpAnswer& fast = whole.first();
    const HttpAnswer& qt = split.first();

    QCOMPARE(fast.status, status);
    QCOMPARE(qt.status, status);
    QCOMPARE(fast.headers.size(), qt.headers.size());
    for (qsizetype i = 0; i < fast.headers.size(); ++i) {
        const QByteArray name = fast.headers.at(i).first;
        QCOMPARE(name, qt.headers.at(i).first);
        // An admitted request uses one of the minute's allowance, so the numbers differ.
        if (name != "X-RateLimit-Remaining" && name != "X-RateLimit-Reset" && name != "RateLimit")
            QCOMPARE(fast.headers.at(i).second, qt.headers.at(i).second);
    }
    if (!fast.header("X-RateLimit-Remaining").isEmpty())
        QCOMPARE(qt.header("X-RateLimit-Remaining").toInt(),
                 fast.header("X-RateLimit-Remaining").toInt() - (status < 300 ? 1 : 0));
    QJsonObject fastBody = json(fast), qtBody = json(qt);
    fastBody.remove(QStringLiteral("rate_limit"));
    qtBody.remove(QStringLiteral("rate_limit"));
    QCOMPARE(fastBody, qtBody);
    if (head || status == 204 || target == "/v1/auth")
        QVERIFY(fast.body.isEmpty());
    else
        QVERIFY(!fastBody.isEmpty());
}

void TestValidatorServer::answersPipelinedAndInterleavedRequestsInOrder()
{
    // The order shows in X-Key-Id: two keys take turns (the remaining count alone would not
    // show it: a sliding window's count can rise as the minute turns).
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const std::array<CreatedKey, 2> keys{makeKey(org, {QStringLiteral("*")}, 1000),
                                         makeKey(org, {QStringLiteral("*")}, 1000)};
    std::array<QByteArray, 2> verify;
    std::array<QByteArray, 2> post;
    std::array<QByteArray, 2> keyId;
    for (size_t k = 0; k < keys.size(); ++k) {
        verify.at(k) = "GET /v1/verify HTTP/1.1\r\nHost: x\r\n" + bearer(keys.at(k).fullKey) + "\r\n\r\n";
        post.at(k) = "POST /v1/verify HTTP/1.1\r\nHost: x\r\n" + bearer(keys.at(k).fullKey)
            + "\r\nContent-Length: 2\r\n\r\n{}";
        keyId.at(k) = keys.at(k).key.id.toByteArray(QUuid::WithoutBraces);
    }
    const QByteArray auth = "GET /v1/auth HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

    // Whole requests one after another in one piece; the last is Qt HTTP Server's.
    QList<HttpAnswer> answers = RawHttp::sendPieces(m_server->port(), {verify.at(0) + auth + verify.at(1) + health}, 4);
    QCOMPARE(answers.size(), 4);
    QCOMPARE(answers.at(0).status, 200);
    QCOMPARE(answers.at(0).header("X-Key-Id"), keyId.at(0));
    QCOMPARE(answers.at(1).status, 401);
    QCOMPARE(answers.at(1).header("X-Auth-Error"), QByteArray("missing_api_key"));
    QCOMPARE(answers.at(2).status, 200);
    QCOMPARE(answers.at(2).header("X-Key-Id"), keyId.at(1));
    QCOMPARE(answers.at(3).status, 200);
    QVERIFY(answers.at(3).body.contains("database"));

    // One keep-alive connection going back and forth between the two readers, with a
    // request split in the middle of a header and many fast ones in a row.
    QList<QByteArray> pieces{health, verify.at(0), post.at(1), verify.at(1).left(30), verify.at(1).mid(30), health};
    QList<size_t> expectedKey{0, 1, 1};
    QRandomGenerator pattern(20261129);
    QByteArray burst;
    for (int i = 0; i < 200; ++i) {
        expectedKey << pattern.bounded(2);
        burst += verify.at(expectedKey.last());
    }
    expectedKey << 0;
    pieces << burst << post.at(0) << auth << health;
    answers = RawHttp::sendPieces(m_server->port(), pieces, 208);
    QCOMPARE(answers.size(), 208);
    QVERIFY(answers.at(0).body.contains("database"));
    QVERIFY(answers.at(1).body.contains("\"valid\":true"));
    QVERIFY(answers.at(4).body.contains("database"));
    QList<int> keyed{1, 2, 3};
    for (int i = 5; i <= 205; ++i)
        keyed << i;
    QCOMPARE(keyed.size(), expectedKey.size());
    for (qsizetype i = 0; i < keyed.size(); ++i) {
        const HttpAnswer& answer = answers.at(keyed.at(i));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.header("X-Key-Id"), keyId.at(expectedKey.at(i)));
    }
    QCOMPARE(answers.at(4).status, 200);
    QCOMPARE(answers.at(206).status, 401);
    QVERIFY(answers.at(207).body.contains("database"));
}

// A client may pipeline a read's worth (here about 1 MB) of small requests: each is
// answered, in order, by whichever reader takes it. The watcher used to copy the rest of
// the read for each request, so the time grew with the square of their number (measured by
// the pipelining run of bench/validator.sh, not here).
void TestValidatorServer::answersTensOfThousandsOfPipelinedRequestsInOrder()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("*")}, 1000000);
    const QByteArray auth = bearer(key.fullKey) + "\r\n";
    const QList<std::pair<QByteArray, int>> kinds{
        {"GET /v1/verify HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", 200}, // the fast path
        {"GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404}, // Qt HTTP Server
        {"POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n" + auth + "\r\n{}", 200},
        {"GET /v1/verify HTTP/1.1\r\nHost: x\r\n\r\n", 401},
    };
    constexpr int kRequests = 12000;
    QByteArray requests;
    QList<int> expected;
    for (int i = 0; i < kRequests; ++i) {
        const auto& [request, status] = kinds.at((i * 7 + i / 5) % kinds.size());
        requests += request;
        expected << status;
    }
    QVERIFY(requests.size() > 1000000);
    const QList<HttpAnswer> answers = RawHttp::sendPieces(m_server->port(), {requests}, kRequests, 120000);
    QCOMPARE(answers.size(), kRequests);
    for (int i = 0; i < kRequests; ++i)
        QCOMPARE(answers.at(i).status, expected.at(i));
}

// A client that pipelines without taking its answers, or sends requests much faster than
// they are answered, is closed once the validator holds Limits::maxHeldBytes for it: it
// used to read all such a client sent and hold every answer (a client reading nothing got
// 256 MB accepted, and the process grew with it).
void TestValidatorServer::closesAClientThatPipelinesWithoutReading_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("pauseMs"); // > 0: one request per write, this long apart
    QTest::addColumn<bool>("reads"); // the client takes its answers while it sends
    QTest::addColumn<QString>("logged");
    QTest::addColumn<QByteArray>("burst"); // when set, all the client sends, in one write
    // Answers of 57 kB, one request a millisecond: the answers pile up, not the requests.
    const QByteArray openApi = "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
    QTest::newRow("takes no answers") << openApi << 1 << false << QStringLiteral("takes none of its answers")
                                      << QByteArray();
    // Requests before one that closes the connection are answered first, one per turn: their
    // answers count too (the watcher stopped looking once it had read the close request).
    QTest::newRow("takes no answers, then asks to close")
        << openApi << 0 << false << QStringLiteral("takes none of its answers")
        << openApi.repeated(2000) + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    // The fast path's 401s, as fast as the client can send: which bound is reached first
    // depends on where reads split a request (the request after a split is Qt's to answer).
    QTest::newRow("takes no answers, sends at full speed")
        << QByteArray("GET /v1/verify HTTP/1.1\r\nHost: x\r\n\r\n") << 0 << false
        << QStringLiteral("closing a connection whose client") << QByteArray();
    // Qt HTTP Server answers one request per event-loop turn; the socket reads all there is.
    QTest::newRow("sends faster than it is answered")
        << QByteArray("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n") << 0 << true
        << QStringLiteral("sends requests faster than they are answered") << QByteArray();
}

void TestValidatorServer::closesAClientThatPipelinesWithoutReading()
{
    QFETCH(QByteArray, request);
    QFETCH(int, pauseMs);
    QFETCH(bool, reads);
    QFETCH(QString, logged);
    QFETCH(QByteArray, burst);
    LogCapture logs;
    m_server.reset();
    GuardedTcpServer::Limits limits;
    limits.maxHeldBytes = qsizetype{256} * 1024;
    limits.maxBodyBytes = qsizetype{16} * 1024; // two whole requests are always let in
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), RuntimeConfig{}, limits);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const auto closeLater = qScopeGuard([fd] { ::close(fd); });
    // The kernel's own receive buffer: a tiny one (SO_RCVBUF 1) made the loopback connection
    // stall in retransmission backoff under ASan, both sides' windows closed, and the client
    // could not send the rest of a request whose header deadline then closed the connection.
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_server->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QVERIFY(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);

    const QByteArray block = !burst.isEmpty() ? burst : request.repeated(pauseMs > 0 ? 1 : 2000);
    const qint64 mostToSend = !burst.isEmpty() ? burst.size() : qint64{256} * 1024 * 1024;
    std::vector<char> chunk(qsizetype{1} << 20);
    qint64 sent = 0;
    bool closed = false;
    const auto isReset = [](int error) {
        return error == ECONNRESET || error == EPIPE;
    };
    for (QDeadlineTimer deadline(60000); !closed && sent < mostToSend && !deadline.hasExpired();) {
        while (reads && !closed) {
            const ssize_t n = ::recv(fd, chunk.data(), chunk.size(), MSG_DONTWAIT);
            closed = n == 0 || (n < 0 && isReset(errno));
            if (n <= 0)
                break;
        }
        const qsizetype at = qsizetype(sent % block.size());
        const ssize_t n = ::send(fd, block.constData() + at, size_t(block.size() - at), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += n;
            if (pauseMs > 0)
                QThread::msleep(pauseMs);
        } else if (n < 0 && isReset(errno)) {
            closed = true;
        } else {
            QVERIFY2(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR), strerror(errno));
            pollfd ready{fd, short(POLLOUT | (reads ? POLLIN : 0)), 0};
            ::poll(&ready, 1, 50);
        }
    }
    // A client done sending learns of the reset without reading (well before the 30 s idle
    // timeout, which closed the connection without the bound).
    for (QDeadlineTimer deadline(20000); !closed && !deadline.hasExpired();) {
        pollfd hangUp{fd, 0, 0};
        closed = ::poll(&hangUp, 1, 50) > 0 && (hangUp.revents & (POLLERR | POLLHUP)) != 0;
    }
    QVERIFY2(closed, QByteArray::number(sent).constData());
    // Kernel buffers on both sides (a few MB) plus what the validator holds, not 256 MB.
    QVERIFY2(sent < qint64{64} * 1024 * 1024, QByteArray::number(sent).constData());
    QVERIFY2(logs.contains(logged), qPrintable(logs.messages().join(u'\n')));
    // Another client is served.
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/health").status, 200);
    QCOMPARE(metricValue(m_server->port(), "keywarden_connections_closed_unread_total"), 1.0);
    QCOMPARE(metricValue(m_server->port(), "keywarden_connections_closed_slow_total"), 0.0);
}

// More answers than the kernel buffers for one socket, to a client that reads late: what
// the kernel does not take at once waits in the server and follows in order, also while
// new requests are answered, and Qt HTTP Server's answer after them comes last. The order
// shows in X-Key-Id: two keys take turns in a fixed pseudo-random pattern (the remaining
// count alone would not show it: a sliding window's count can rise as the minute turns).
// A client that then reads slowly but steadily keeps its connection past the idle timeout:
// every write it takes is progress.
void TestValidatorServer::answersAClientThatReadsLateInOrder_data()
{
    QTest::addColumn<int>("idleTimeoutMs");
    QTest::addColumn<int>("drainPauseMs");
    QTest::addColumn<bool>("refusedLast"); // the last request is refused (431), not answered by Qt
    const int idle = GuardedTcpServer::Limits{}.idleTimeoutMs;
    QTest::newRow("reads late") << idle << 0 << false;
    // About 8 MB held back, read 256 KiB per 150 ms: about 5 s of reading after the last request.
    QTest::newRow("reads slowly for longer than the idle timeout") << 2000 << 150 << false;
    // The refusal closes the connection, but only once the answers before it are taken
    // (it used to close 3 s after the refusal, whatever was still to send).
    QTest::newRow("a refused request last, read slowly") << idle << 150 << true;
}

void TestValidatorServer::answersAClientThatReadsLateInOrder()
{
    QFETCH(int, idleTimeoutMs);
    QFETCH(int, drainPauseMs);
    QFETCH(bool, refusedLast);
    m_server.reset();
    GuardedTcpServer::Limits limits;
    limits.idleTimeoutMs = idleTimeoutMs;
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), RuntimeConfig{}, limits);
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const std::array<CreatedKey, 2> keys{makeKey(org, {QStringLiteral("*")}, 1000000),
                                         makeKey(org, {QStringLiteral("*")}, 1000000)};
    std::array<QByteArray, 2> verify;
    for (size_t k = 0; k < keys.size(); ++k)
        verify.at(k) = "GET /v1/verify HTTP/1.1\r\nHost: x\r\n" + bearer(keys.at(k).fullKey) + "\r\n\r\n";
    constexpr int kRounds = 200;
    constexpr int kPerRound = 100; // under 16 KiB: the fast path takes a round in one read
    constexpr int kRequests = kRounds * kPerRound;
    QRandomGenerator pattern(20261129);
    QList<int> expectedKey;
    QList<QByteArray> rounds;
    for (int r = 0; r < kRounds; ++r) {
        QByteArray round;
        for (int i = 0; i < kPerRound; ++i) {
            expectedKey << int(pattern.bounded(2));
            round += verify.at(size_t(expectedKey.last()));
        }
        rounds << round;
    }
    rounds.last() += refusedLast ? "GET /health HTTP/1.1\r\nX-Padding: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n"
                                 : QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

    const QList<HttpAnswer> answers
        = RawHttp::sendInRounds(m_server->port(), rounds, kRounds * 3 / 4, kRequests + 1, drainPauseMs);
    QCOMPARE(answers.size(), kRequests + 1);
    qint64 answerBytes = 0;
    for (int i = 0; i < kRequests; ++i) {
        const HttpAnswer& answer = answers.at(i);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.header("X-Key-Id"),
                 keys.at(size_t(expectedKey.at(i))).key.id.toByteArray(QUuid::WithoutBraces));
        answerBytes += answer.body.size();
        for (const auto& [name, value] : answer.headers)
            answerBytes += name.size() + value.size();
    }
    QCOMPARE(answers.last().status, refusedLast ? 431 : 200);
    QVERIFY(answers.last().body.contains(refusedLast ? "headers_too_large" : "database"));

    // The case this test is for: the answers are more than the kernel holds for a socket.
    QFile sendBuffers(QStringLiteral("/proc/sys/net/ipv4/tcp_wmem"));
    if (sendBuffers.open(QIODevice::ReadOnly)) {
        const qint64 mostBuffered = sendBuffers.readAll().simplified().split(' ').value(2).toLongLong();
        QVERIFY2(answerBytes > mostBuffered, QByteArray::number(answerBytes).constData());
    }
}

void TestValidatorServer::refusesMalformedJsonBody()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    for (const QByteArray& body : {QByteArray("{not json"), QByteArray("{\"a\":"), QByteArray(2000, '[')}) {
        const HttpAnswer answer = RawHttp::request(m_server->port(), "POST", "/v1/verify",
                                                   {bearer(key.fullKey), "Content-Type: application/json"}, body);
        QCOMPARE(answer.status, 400);
        QCOMPARE(errorCode(answer), QStringLiteral("bad_request"));
        QVERIFY(!answer.header("X-RateLimit-Remaining").isEmpty());
        QVERIFY(!answer.header("RateLimit-Policy").isEmpty());
        // Without a key, the key is what is missing.
        const HttpAnswer anonymous
            = RawHttp::request(m_server->port(), "POST", "/v1/verify", {"Content-Type: application/json"}, body);
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(errorCode(anonymous), QStringLiteral("missing_api_key"));
    }
    // Refused requests of a known key are usage too (status 400).
    m_server->stop();
    auto rows = UsageRepository(m_db->database())
                    .getByKey(key.key.id, QDateTime::currentDateTimeUtc().addDays(-1),
                              QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 3);
    for (const UsageRecord& row : rows.value()) {
        QCOMPARE(row.statusCode, 400);
        QCOMPARE(row.errorCode, QStringLiteral("bad_request"));
    }
}

void TestValidatorServer::rateLimitsPerKey()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("*")}, 3);
    for (int i = 0; i < 3; ++i) {
        const HttpAnswer ok = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("X-RateLimit-Remaining").toInt(), 2 - i);
    }
    const HttpAnswer limited = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QCOMPARE(limited.status, 429);
    QCOMPARE(errorCode(limited), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(limited.header("X-RateLimit-Limit"), QByteArray("3"));
    QCOMPARE(limited.header("X-RateLimit-Remaining"), QByteArray("0"));
    const int retryAfter = limited.header("Retry-After").toInt();
    // Up to the end of this minute plus the part of the next one this minute still weighs
    // in (TestRateLimiter checks the exact second).
    QVERIFY2(retryAfter >= 1 && retryAfter <= 120, limited.header("Retry-After").constData());

    const HttpAnswer forward = RawHttp::request(m_server->port(), "GET", "/v1/auth", {bearer(key.fullKey)});
    QCOMPARE(forward.status, 403);
    QCOMPARE(forward.header("X-Auth-Error"), QByteArray("rate_limit_exceeded"));
    QVERIFY(!forward.header("Retry-After").isEmpty());

    // Another key of the same organization has its own window.
    const CreatedKey other = makeKey(org, {QStringLiteral("*")}, 3);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(other.fullKey)}).status, 200);
}

// Old and new key of a roll are both valid during the grace period; one window serves both,
// so a roll never doubles what a caller may send per minute.
void TestValidatorServer::rolledKeySharesItsWindowDuringGrace()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey old = makeKey(org, {QStringLiteral("*")}, 3);
    const auto rolled = ApiKeyService(m_db->database()).rollKey(old.key.id, 1, QStringLiteral("test"));
    QVERIFY(rolled.ok());
    const QByteArray oldAuth = bearer(old.fullKey), newAuth = bearer(rolled->fullKey);
    QList<int> statuses;
    QList<QByteArray> remaining;
    for (const QByteArray& auth : {oldAuth, newAuth, oldAuth, newAuth, oldAuth}) {
        const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", {auth});
        statuses << answer.status;
        remaining << answer.header("X-RateLimit-Remaining");
    }
    QCOMPARE(statuses, (QList<int>{200, 200, 200, 429, 429}));
    QCOMPARE(remaining, (QList<QByteArray>{"2", "1", "0", "0", "0"}));
    // Another organization's key is not affected.
    const CreatedKey other = makeKey(makeOrganization(QStringLiteral("other")), {QStringLiteral("*")}, 3);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(other.fullKey)}).status, 200);
}

void TestValidatorServer::enforcesMonthlyQuota()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    OrganizationService organizations(m_db->database());
    OrganizationUpdate quota;
    quota.monthlyRequestLimit = 2;
    QVERIFY(organizations.update(org.id, quota, QStringLiteral("test")).ok());
    const CreatedKey key = makeKey(org);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    const HttpAnswer over = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QCOMPARE(over.status, 429);
    QCOMPARE(errorCode(over), QStringLiteral("quota_exceeded"));
    QVERIFY(over.header("Retry-After").toLongLong() >= 1);
    const HttpAnswer forward = RawHttp::request(m_server->port(), "GET", "/v1/auth", {bearer(key.fullKey)});
    QCOMPARE(forward.status, 403);
    QCOMPARE(forward.header("X-Auth-Error"), QByteArray("quota_exceeded"));
}

void TestValidatorServer::quotaAndRateLimitDoNotSpendEachOther()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    OrganizationService organizations(m_db->database());
    OrganizationUpdate quota;
    quota.monthlyRequestLimit = 3;
    QVERIFY(organizations.update(org.id, quota, QStringLiteral("test")).ok());
    const CreatedKey slow = makeKey(org, {QStringLiteral("*")}, 2);
    const CreatedKey fast = makeKey(org, {QStringLiteral("*")}, 5);
    auto verify = [this](const CreatedKey& key) {
        return RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    };
    QCOMPARE(verify(slow).status, 200);
    QCOMPARE(verify(slow).status, 200);
    // Refused by the per-minute limit: it spends none of the month's quota...
    QCOMPARE(errorCode(verify(slow)), QStringLiteral("rate_limit_exceeded"));
    QCOMPARE(errorCode(verify(slow)), QStringLiteral("rate_limit_exceeded"));
    // ...so the third request of the month still passes (quota 3: two used so far).
    const HttpAnswer third = verify(fast);
    QCOMPARE(third.status, 200);
    QCOMPARE(third.header("X-RateLimit-Remaining"), QByteArray("4"));
    // Refused by the quota: it spends no slot of the key's window, and the answer says so.
    for (int i = 0; i < 3; ++i) {
        const HttpAnswer over = verify(fast);
        QCOMPARE(errorCode(over), QStringLiteral("quota_exceeded"));
        QCOMPARE(over.header("X-RateLimit-Remaining"), QByteArray("4"));
        QCOMPARE(over.header("X-RateLimit-Limit"), QByteArray("5"));
    }
}

void TestValidatorServer::organizationChangeKeepsTheQuotaCount()
{
    // Without usage tracking nothing reaches the database, so the only record of this
    // month's requests is the validator's count: an organization change must not drop it.
    m_server.reset();
    RuntimeConfig config;
    config.enableUsageTracking = false;
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), config);
    const Organization org = makeOrganization(QStringLiteral("acme"));
    OrganizationService organizations(m_db->database());
    OrganizationUpdate quota;
    quota.monthlyRequestLimit = 2;
    QVERIFY(organizations.update(org.id, quota, QStringLiteral("test")).ok());
    const CreatedKey key = makeKey(org);
    auto verify = [&] {
        return RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    };
    QCOMPARE(verify().status, 200);
    QCOMPARE(verify().status, 200);

    // Deactivate and reactivate, waiting each time until the validator has seen it.
    OrganizationUpdate off;
    off.isActive = false;
    QVERIFY(organizations.update(org.id, off, QStringLiteral("test")).ok());
    QTRY_VERIFY_WITH_TIMEOUT(errorCode(verify()) == QLatin1String("organization_inactive"), 10000);
    OrganizationUpdate on;
    on.isActive = true;
    QVERIFY(organizations.update(org.id, on, QStringLiteral("test")).ok());
    // Exactly one request once the change is seen (QTRY_* would send more than one).
    HttpAnswer answer = verify();
    for (QDeadlineTimer deadline(10000);
         errorCode(answer) == QLatin1String("organization_inactive") && !deadline.hasExpired(); answer = verify())
        QTest::qWait(20);
    QCOMPARE(answer.status, 429);
    QCOMPARE(errorCode(answer), QStringLiteral("quota_exceeded"));
}

void TestValidatorServer::revocationReachesARunningValidator()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    // Cached as valid first.
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    // Revoked elsewhere (this thread's own connection, as the CLI or the app would).
    ApiKeyService keys(m_db->database());
    QVERIFY(keys.revokeKey(key.key.id, QStringLiteral("leaked"), QStringLiteral("support")).ok());
    // The key cache lives 30 s; only the change notification can make this pass in time.
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status,
                              401, 5000);
    QCOMPARE(errorCode(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)})),
             QStringLiteral("revoked_api_key"));
}

// The change watcher polls the audit log (and, on PostgreSQL, keeps the LISTEN
// connection) on a thread of its own: a slow or stuck poll must not hold up requests.
// Only PostgreSQL can make a reader wait at will (a table lock); in SQLite's WAL mode
// readers never wait for a writer, and a connection cannot take the file exclusively
// while the validator has it open.
void TestValidatorServer::keepsAnsweringWhileTheChangeLogIsLocked()
{
    if (TestDatabase::engine() != DatabaseEngine::PostgreSQL)
        QSKIP("SQLite cannot make a reader wait; the PostgreSQL run covers this");
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    auto db = m_db->database().connection();
    QVERIFY(db);
    QVERIFY(db->transaction());
    QSqlQuery lock(db.value());
    QVERIFY2(lock.exec(QStringLiteral("LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE")),
             qPrintable(lock.lastError().text()));
    // PostgreSQL's safety-net poll runs every second: give one time to start and get stuck.
    QTest::qWait(1500);
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}, {});
    QVERIFY(db->rollback());
    QCOMPARE(answer.status, 200);
    // And the watcher carries on once the lock is gone.
    ApiKeyService keys(m_db->database());
    QVERIFY(keys.revokeKey(key.key.id, QStringLiteral("leaked"), QStringLiteral("support")).ok());
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status,
                              401, 5000);
}

void TestValidatorServer::forwardedPathsAreRolledUpByRoute()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("*")}, 1000); // beyond the plan's 60 a minute
    const auto forward = [&](const QByteArray& uri) {
        return RawHttp::request(m_server->port(), "GET", "/v1/auth", {bearer(key.fullKey), "X-Original-URI: " + uri})
            .status;
    };
    // Resource ids: one row in the rollup, and one series in /metrics.
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(forward("/api/orders/" + QByteArray::number(i)), 204);
    QCOMPARE(forward("/api/orders/507f1f77bcf86cd799439011/items"), 204);
    const QString metrics = QString::fromUtf8(RawHttp::request(m_server->port(), "GET", "/metrics").body);
    QVERIFY2(metrics.contains(QStringLiteral("keywarden_usage_requests_total{endpoint=\"/api/orders/{id}\"} 5")),
             qPrintable(metrics));
    QVERIFY(!metrics.contains(QStringLiteral("/api/orders/1\"")));
    // Paths a caller makes up: the key's rollup takes the first 100 of a day, then "(other)".
    const int extra = 7;
    for (int i = 0; i < UsageEndpointBudget::MaxPerKeyPerDay + extra; ++i)
        QCOMPARE(forward("/search/q" + QByteArray::number(i)), 204);
    m_server->stop();

    UsageRepository usage(m_db->database());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto rows = usage.getByKey(key.key.id, now.addDays(-1), now.addDays(1), 5000);
    QVERIFY(rows.ok());
    QSet<QString> rawEndpoints;
    for (const UsageRecord& row : rows.value())
        rawEndpoints << row.endpoint;
    QVERIFY(rawEndpoints.contains(QStringLiteral("/api/orders/3"))); // the raw row keeps the path as called
    QVERIFY(rawEndpoints.contains(QStringLiteral("/search/q104")));
    const QDate today = now.date();
    auto stats = usage.summary(org.id, today, today);
    QVERIFY(stats.ok());
    QMap<QString, qint64> byEndpoint;
    for (const UsageStats::EndpointRow& row : stats->byEndpoint)
        byEndpoint[row.endpoint] = row.requests;
    QCOMPARE(byEndpoint.value(QStringLiteral("/api/orders/{id}")), 5);
    QCOMPARE(byEndpoint.value(QStringLiteral("/api/orders/{id}/items")), 1);
    QCOMPARE(byEndpoint.value(UsageEndpointBudget::other()), extra + 2); // the order routes took two of the 100
    // 100 in all for the key: the two order routes and 98 searches.
    QCOMPARE(byEndpoint.size(), UsageEndpointBudget::MaxPerKeyPerDay + 1);
    QCOMPARE(stats->totals.requests, 6 + UsageEndpointBudget::MaxPerKeyPerDay + extra);
}

void TestValidatorServer::usageIsWrittenOnCleanStop()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    // The User-Agent changes between requests (and is sometimes absent): each row keeps its own.
    const QList<QByteArray> agents{"User-Agent: agent-a/1.0", "User-Agent: agent-b/2.0 (\xc3\xbc)", QByteArray()};
    for (int i = 0; i < 25; ++i) {
        QList<QByteArray> headers{bearer(key.fullKey), "X-Original-URI: /api/orders?page=2", "X-Original-Method: POST"};
        if (!agents.at(i % 3).isEmpty())
            headers << agents.at(i % 3);
        const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/auth", headers);
        QCOMPARE(answer.status, 204);
    }
    m_server->stop();
    UsageRepository usage(m_db->database());
    auto rows = usage.getByKey(key.key.id, QDateTime::currentDateTimeUtc().addDays(-1),
                               QDateTime::currentDateTimeUtc().addDays(1));
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 25);
    QCOMPARE(rows->first().endpoint, QStringLiteral("/api/orders"));
    QCOMPARE(rows->first().method, QStringLiteral("POST"));
    QCOMPARE(rows->first().statusCode, 204);
    QMap<QString, int> byAgent;
    for (const UsageRecord& row : rows.value())
        ++byAgent[row.userAgent];
    QCOMPARE(byAgent.value(QStringLiteral("agent-a/1.0")), 9);
    QCOMPARE(byAgent.value(QString::fromUtf8("agent-b/2.0 (\xc3\xbc)")), 8);
    QCOMPARE(byAgent.value(QString()), 8);
    QCOMPARE(byAgent.size(), 3);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    auto stats = usage.summary(org.id, today, today);
    QVERIFY(stats.ok());
    QCOMPARE(stats->totals.requests, 25);
    ApiKeyService keys(m_db->database());
    auto stored = keys.getKey(key.key.id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->totalRequests, 25);
    QVERIFY(stored->lastUsedAt.isValid());
}

void TestValidatorServer::unknownRoutesAndMethods()
{
    HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/nope");
    QCOMPARE(answer.status, 404);
    answer = RawHttp::request(m_server->port(), "DELETE", "/v1/verify");
    QCOMPARE(answer.status, 405);
    QVERIFY(answer.header("Allow").contains("GET"));
    answer = RawHttp::request(m_server->port(), "GET", "/v1/../health");
    QVERIFY(answer.status == 200 || answer.status == 404 || answer.status == 400);
}

void TestValidatorServer::neverLogsAFullKey()
{
    LogCapture logs;
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    ApiKeyService keys(m_db->database());
    RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QVERIFY(keys.revokeKey(key.key.id, QStringLiteral("leaked"), QStringLiteral("test")).ok());
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status,
                              401, 5000);
    // A near miss and an unknown well-formed key are logged only masked too.
    RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(makeKey(org).fullKey.chopped(1) + u'x')});
    m_server->stop();
    for (const QString& line : logs.messages())
        QVERIFY2(!line.contains(key.fullKey.mid(12, 30)), qPrintable(line));
    for (const QString& text : m_db->allText())
        QVERIFY(!text.contains(key.fullKey));
}

namespace {
// Sends `pieces` on one connection in separate writes (a pause after each, so that each
// reaches the server in its own read) and returns everything the server says until it
// closes it (or 10 s pass; `closed` says which).
QByteArray saidUntilClosed(quint16 port, const QList<QByteArray>& pieces, bool* closed)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    QByteArray said;
    for (const QByteArray& piece : pieces) {
        socket.write(piece);
        socket.waitForBytesWritten(5000);
        if (pieces.size() > 1) {
            socket.waitForReadyRead(200);
            said += socket.readAll();
        }
    }
    QDeadlineTimer deadline(10000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        said += socket.readAll();
    }
    said += socket.readAll();
    *closed = socket.state() != QAbstractSocket::ConnectedState;
    return said;
}

// The same with `bytes` in one write.
QByteArray saidUntilClosed(quint16 port, const QByteArray& bytes, bool* closed)
{
    return saidUntilClosed(port, QList<QByteArray>{bytes}, closed);
}

// The status codes of the answers in `said`, in order.
QList<int> statuses(const QByteArray& said)
{
    QList<int> found;
    for (qsizetype at = said.indexOf("HTTP/1.1 "); at >= 0; at = said.indexOf("HTTP/1.1 ", at + 9))
        found << said.mid(at + 9, 3).toInt();
    return found;
}
} // namespace

void TestValidatorServer::readsWhatQtLeavesForLaterOnce()
{
    // Qt HTTP Server takes one request per read and leaves the rest, which the connection's
    // watcher has read already, for its next turn. Read twice, a 12 KiB head would count
    // as 24 KiB (431), and a body's bytes would be taken from the next head.
    const CreatedKey key = makeKey(makeOrganization(QStringLiteral("acme")));
    const QByteArray health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray bigHead = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(12 * 1024, 'a');
    QList<HttpAnswer> answers = RawHttp::sendPieces(m_server->port(), {health + bigHead, "\r\n\r\n" + health}, 3);
    QCOMPARE(answers.size(), 3);
    for (const HttpAnswer& answer : answers)
        QCOMPARE(answer.status, 200);

    const QByteArray body = "{\"probe\":\"" + QByteArray(40, 'b') + "\"}";
    const QByteArray post = "POST /v1/verify HTTP/1.1\r\nHost: x\r\n" + bearer(key.fullKey)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    answers = RawHttp::sendPieces(m_server->port(), {health + post + body.left(10), body.mid(10), health}, 3);
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers.at(0).status, 200);
    QCOMPARE(answers.at(1).status, 200);
    QVERIFY(answers.at(1).body.contains("\"valid\":true"));
    QCOMPARE(answers.at(2).status, 200);
    QVERIFY(answers.at(2).body.contains("\"database\""));
}

void TestValidatorServer::followsChunkedBodiesChunkByChunk()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org);
    const QByteArray auth = bearer(key.fullKey) + "\r\n";
    bool closed = false;
    // A chunk whose data ends in "0\r\n" (a streamed line) and a chunk extension: one
    // request, then the next one on the same connection.
    const QByteArray body = "{\"input\":\"x\",\"n\":10\r\n}";
    const QByteArray chunked = "POST /v1/verify HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n"
        + QByteArray::number(body.size() - 1, 16) + ";note=1\r\n" + body.chopped(1) + "\r\n1\r\n}\r\n0\r\n";
    const QByteArray next = "GET /v1/verify HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n";
    const QList<HttpAnswer> answers = RawHttp::sendPieces(m_server->port(), {chunked + "\r\n" + next}, 2);
    QCOMPARE(answers.size(), 2);
    QCOMPARE(answers.at(0).status, 200);
    QCOMPARE(answers.at(1).status, 200);
    // With a trailer, Qt HTTP Server 6.4 answers and then closes the connection (it does
    // not read trailers); nothing after it is read as a request.
    QByteArray said = saidUntilClosed(m_server->port(), chunked + "X-Trailer: t\r\n\r\n" + next, &closed);
    QVERIFY(closed);
    QCOMPARE(statuses(said).value(0), 200);

    // The request after an empty chunked body is checked like any other.
    QByteArray hidden = "POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                        "GET /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nGET /";
    said = saidUntilClosed(m_server->port(), hidden, &closed);
    QVERIFY(closed);
    // The empty-bodied request before it is answered first (no key: 401).
    QCOMPARE(statuses(said), (QList<int>{401, 400}));
    QVERIFY(said.contains("\"code\":\"bad_request\""));

    // A malformed chunk size is refused, and the connection closed.
    said = saidUntilClosed(m_server->port(),
                           "POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", &closed);
    QVERIFY(closed);
    QCOMPARE(statuses(said), QList<int>{400});
}

void TestValidatorServer::answersAMalformedRequestLine_data()
{
    // Qt HTTP Server closed each of these without a word; a client deserves to learn why.
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("no target, no version") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /health\r\n\r\n") << 400;
    QTest::newRow("a space in the target") << QByteArray("GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("a word after the version") << QByteArray("GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("two spaces") << QByteArray("GET  /health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("lower-case version") << QByteArray("GET /health http/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("a control character in the target")
        << QByteArray("GET /hea\x01lth HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("a method with a slash") << QByteArray("G/ET /health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0") << QByteArray("GET /health HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("HTTP/0.9") << QByteArray("GET /health HTTP/0.9\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("after a good request") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\nHELLO\r\n\r\n") << 400;
}

void TestValidatorServer::answersAMalformedRequestLine()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    bool closed = false;
    const QByteArray said = saidUntilClosed(m_server->port(), request, &closed);
    QVERIFY2(closed, "the connection stayed open");
    const QByteArray refusal = "HTTP/1.1 " + QByteArray::number(status) + ' ';
    QVERIFY2(said.contains(refusal), said.constData());
    QVERIFY2(said.contains("\"code\":\"bad_request\""), said.constData());
    if (request.startsWith("GET /health HTTP/1.1\r\n"))
        QVERIFY2(said.startsWith("HTTP/1.1 200 "), said.constData()); // the request before it is answered
    // Well-formed lines Qt HTTP Server answers itself (405, 404) still get there.
    for (const QByteArray& line : {QByteArrayLiteral("get /health"), QByteArrayLiteral("FOO /health"),
                                   QByteArrayLiteral("M-SEARCH /health"), QByteArrayLiteral("GET /<x>{y}|z")}) {
        const QByteArray answer
            = saidUntilClosed(m_server->port(), line + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", &closed);
        QVERIFY2(answer.startsWith("HTTP/1.1 405 ") || answer.startsWith("HTTP/1.1 404 "), line.constData());
    }
    // HTTP/1.2 is read as the 1.1 it can be (RFC 9112 section 2.5).
    QVERIFY(saidUntilClosed(m_server->port(), "GET /health HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n", &closed)
                .startsWith("HTTP/1.1 200 "));
}

void TestValidatorServer::refusesRequestsTwoParsersCouldSplitDifferently_data()
{
    // Each hides a second request where a parser that read the framing differently (a
    // proxy in front, or Qt HTTP Server, which takes the first Content-Length) would find it.
    const QByteArray hidden = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray length = QByteArray::number(hidden.size());
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("two lengths") << "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: "
            + length + "\r\n\r\n" + hidden;
    QTest::newRow("chunked and a length") << "POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                             "Content-Length: "
            + length + "\r\n\r\n0\r\n\r\n" + hidden;
    QTest::newRow("space before the colon")
        << "GET /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length : " + length + "\r\n\r\n" + hidden;
    QTest::newRow("gzip transfer coding")
        << "POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" + hidden;
    QTest::newRow("forward-auth path, two lengths")
        << "GET /v1/auth HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: " + length + "\r\n\r\n" + hidden;
}

void TestValidatorServer::refusesRequestsTwoParsersCouldSplitDifferently()
{
    QFETCH(QByteArray, request);
    bool closed = false;
    const QByteArray said = saidUntilClosed(m_server->port(), request, &closed);
    QVERIFY2(closed, "the connection stayed open");
    QCOMPARE(said.count("HTTP/1.1 "), 1); // one answer: the hidden request was never served
    const bool forwardAuth = request.startsWith("GET /v1/auth ");
    QVERIFY2(said.startsWith(forwardAuth ? "HTTP/1.1 403 " : "HTTP/1.1 400 "), said.constData());
    QVERIFY2(said.contains(forwardAuth ? "X-Auth-Error: bad_request" : "\"code\":\"bad_request\""), said.constData());
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/health").status, 200);
}

void TestValidatorServer::closesTheConnectionWhenAsked_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("verify, close") << QByteArray("GET /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: close\r\n") << 200;
    QTest::newRow("auth, close") << QByteArray("GET /v1/auth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n") << 204;
    QTest::newRow("verify, close in a list")
        << QByteArray("GET /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n") << 200;
    QTest::newRow("verify, HTTP/1.0") << QByteArray("GET /v1/verify HTTP/1.0\r\n") << 200;
    QTest::newRow("auth, HTTP/1.0 asking to keep alive")
        << QByteArray("GET /v1/auth HTTP/1.0\r\nConnection: keep-alive\r\n") << 204;
    QTest::newRow("health, close") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n") << 200;
    QTest::newRow("unknown route, close")
        << QByteArray("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n") << 404;
    QTest::newRow("POST verify with a body, close")
        << QByteArray("POST /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
                      "application/json\r\nContent-Length: 2\r\n")
        << 200;
}

void TestValidatorServer::closesTheConnectionWhenAsked()
{
    // Qt HTTP Server 6.4 keeps such a connection open until the idle timeout (30 s here,
    // beyond saidUntilClosed's 10 s).
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const CreatedKey key = makeKey(makeOrganization(QStringLiteral("acme")));
    const bool post = request.startsWith("POST");
    bool closed = false;
    const QByteArray said
        = saidUntilClosed(m_server->port(), request + bearer(key.fullKey) + "\r\n\r\n" + (post ? "{}" : ""), &closed);
    QVERIFY2(closed, "the connection stayed open");
    QCOMPARE(statuses(said), QList<int>{status});
    QVERIFY2(said.contains("\r\nConnection: close\r\n"), said.constData());
}

void TestValidatorServer::refusesARequestAfterOneThatCloses()
{
    const CreatedKey key = makeKey(makeOrganization(QStringLiteral("acme")));
    const QByteArray auth = bearer(key.fullKey) + "\r\n";
    // Answered in order: the first by the validator's own reader, the second (which closes)
    // by Qt HTTP Server; only the second says so.
    bool closed = false;
    QByteArray said
        = saidUntilClosed(m_server->port(),
                          "GET /v1/verify HTTP/1.1\r\nHost: x\r\n" + auth
                              + "\r\nGET /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + "\r\n",
                          &closed);
    QVERIFY(closed);
    QCOMPARE(statuses(said), (QList<int>{200, 200}));
    QCOMPARE(said.count("\r\nConnection: close\r\n"), 1);
    QVERIFY(said.indexOf("\r\nConnection: close\r\n") > said.lastIndexOf("HTTP/1.1 200"));
    // Both by Qt HTTP Server, in one read: each answered, the connection closed after the second.
    said = saidUntilClosed(m_server->port(),
                           "GET /health HTTP/1.1\r\nHost: x\r\n\r\nPOST /v1/verify HTTP/1.1\r\nHost: x\r\n"
                           "Connection: close\r\nContent-Length: 0\r\n"
                               + auth + "\r\n",
                           &closed);
    QVERIFY(closed);
    QCOMPARE(statuses(said), (QList<int>{200, 200}));
    QVERIFY2(said.contains("\"database\"") && said.contains("\"valid\":true"), said.constData());
    QCOMPARE(said.count("\r\nConnection: close\r\n"), 1);
    QVERIFY(said.indexOf("\r\nConnection: close\r\n") > said.lastIndexOf("HTTP/1.1 200"));

    // A client sends nothing after a request that closes, and a server processes nothing
    // after it (RFC 9112 section 9.6): the close request is answered, what follows it in the
    // same read is dropped unanswered (here a request whose headers are too large, which
    // would otherwise be refused), and the connection closes.
    const QByteArray padding = "X-Padding: " + QByteArray(20 * 1024, 'a') + "\r\n";
    for (const QByteArray& path : {QByteArray("/v1/verify"), QByteArray("/v1/auth"), QByteArray("/health")}) {
        for (const QByteArray& after :
             {QByteArray("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"), "GET /health HTTP/1.1\r\n" + padding + "\r\n"}) {
            said = saidUntilClosed(
                m_server->port(),
                "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + "\r\n" + after, &closed);
            QVERIFY(closed);
            QCOMPARE(statuses(said).size(), 1);
            QVERIFY2(statuses(said).constFirst() < 300, said.constData());
            QCOMPARE(said.count("\r\nConnection: close\r\n"), 1);
            QCOMPARE(said.contains("\"database\""), path == "/health");
        }
    }
    // Empty lines after it are no request.
    said = saidUntilClosed(m_server->port(),
                           "GET /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + "\r\n\r\n\r\n",
                           &closed);
    QVERIFY(closed);
    QCOMPARE(statuses(said), QList<int>{200});
}

void TestValidatorServer::emptyLinesBetweenRequestsAreNoRequest()
{
    // Qt HTTP Server skips empty lines before a request and answers nothing for them: were
    // they counted as a request, the connection would close one answer late (here: never,
    // until the idle timeout) after the close request.
    const CreatedKey key = makeKey(makeOrganization(QStringLiteral("acme")));
    const QByteArray health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray closing
        = "GET /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + bearer(key.fullKey) + "\r\n\r\n";
    const QList<QList<QByteArray>> shapes{
        {health + "\r\n\r\n\r\n" + closing},
        {health + "\r\n\r\n", closing},
        {health, "\r\n", "\r\n\r\n" + closing},
        {health + "\r", "\n" + closing},
    };
    for (qsizetype shape = 0; shape < shapes.size(); ++shape) {
        bool closed = false;
        const QByteArray said = saidUntilClosed(m_server->port(), shapes.at(shape), &closed);
        QVERIFY2(closed, qPrintable(QStringLiteral("shape %1: the connection stayed open").arg(shape)));
        QCOMPARE(statuses(said), (QList<int>{200, 200}));
        QVERIFY2(said.contains("\"database\"") && said.contains("\"valid\":true"), said.constData());
        QCOMPARE(said.count("\r\nConnection: close\r\n"), 1);
    }
}

void TestValidatorServer::refusesOversizedHeaders()
{
    const HttpAnswer big
        = RawHttp::request(m_server->port(), "GET", "/v1/verify", {"X-Padding: " + QByteArray(100 * 1024, 'a')});
    QCOMPARE(big.status, 431);
    QCOMPARE(errorCode(big), QStringLiteral("headers_too_large"));
    // On the forward-auth path the refusal takes nginx's auth_request shape (a 431 would
    // reach the client as a 500), with and without a query.
    for (const QByteArray& target : {QByteArray("/v1/auth"), QByteArray("/v1/auth?x=1")}) {
        const HttpAnswer forward
            = RawHttp::request(m_server->port(), "GET", target, {"X-Padding: " + QByteArray(100 * 1024, 'a')});
        QCOMPARE(forward.status, 403);
        QCOMPARE(forward.header("X-Auth-Error"), QByteArray("headers_too_large"));
        QVERIFY(forward.body.isEmpty());
    }
    // A path that only starts like it is not the forward-auth path.
    QCOMPARE(
        RawHttp::request(m_server->port(), "GET", "/v1/authx", {"X-Padding: " + QByteArray(100 * 1024, 'a')}).status,
        431);
    // Just under the limit still works.
    const HttpAnswer fits
        = RawHttp::request(m_server->port(), "GET", "/health", {"X-Padding: " + QByteArray(12 * 1024, 'a')});
    QCOMPARE(fits.status, 200);
}

// Requests pipelined before a refused one, in the same write, are answered first, in order;
// then the refusal, and the connection closes. Before, the refusal swallowed the buffer with
// the requests Qt HTTP Server had still to read, and only the refusal was answered.
void TestValidatorServer::answersWhatCameBeforeARefusedRequest_data()
{
    const QByteArray health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray padding = "X-Padding: " + QByteArray(20 * 1024, 'a') + "\r\n";
    const QByteArray bigHead = "GET /v1/verify HTTP/1.1\r\nHost: x\r\n" + padding + "\r\n";
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("headers too large") << health + bigHead << QList<int>{200, 431};
    QTest::newRow("two before") << health + health + bigHead << QList<int>{200, 200, 431};
    QTest::newRow("100 kB of headers") << health + "GET /health HTTP/1.1\r\nX-Padding: " + QByteArray(100 * 1024, 'a')
            + "\r\n\r\n" << QList<int>{200, 431};
    QTest::newRow("a fast-path answer first")
        << "GET /v1/verify HTTP/1.1\r\nHost: x\r\n\r\n" + health + bigHead << QList<int>{401, 200, 431};
    QTest::newRow("forward-auth refusal") << health + "GET /v1/auth HTTP/1.1\r\nHost: x\r\n" + padding + "\r\n"
                                          << QList<int>{200, 403};
    QTest::newRow("body too large") << health
            + "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 209715200\r\n\r\n{"
                                    << QList<int>{200, 413};
    QTest::newRow("malformed chunk") << health
            + "POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                                     << QList<int>{200, 400};
    QTest::newRow("a body before") << "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}" + bigHead
                                   << QList<int>{401, 431};
}

void TestValidatorServer::answersWhatCameBeforeARefusedRequest()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<int>, expected);
    bool closed = false;
    const QByteArray said = saidUntilClosed(m_server->port(), bytes, &closed);
    QCOMPARE(statuses(said), expected);
    QVERIFY(closed);
    if (expected.first() == 200)
        QVERIFY2(said.contains("\"database\""), said.constData());
    // The server is still there for the next client.
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/health").status, 200);
}

void TestValidatorServer::refusesOversizedBodies()
{
    // Announced 200 MB: refused from the headers alone, before any of it is buffered.
    const HttpAnswer announced = RawHttp::send(m_server->port(),
                                               "POST /v1/verify HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Length: 209715200\r\n\r\n{\"a\":");
    QCOMPARE(announced.status, 413);
    QCOMPARE(errorCode(announced), QStringLiteral("payload_too_large"));
    // Really sent: 2 MiB.
    const HttpAnswer sent = RawHttp::request(m_server->port(), "POST", "/v1/verify", {"Content-Type: application/json"},
                                             QByteArray(2 * 1024 * 1024, ' '));
    QCOMPARE(sent.status, 413);
    // Chunked and too large.
    QByteArray chunked = "POST /v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 40; ++i)
        chunked += "10000\r\n" + QByteArray(0x10000, 'x') + "\r\n";
    chunked += "0\r\n\r\n";
    QCOMPARE(RawHttp::send(m_server->port(), chunked).status, 413);
    // Forward auth: a 403 naming the reason, never a 413 (nginx would answer 500).
    const HttpAnswer forward = RawHttp::send(m_server->port(),
                                             "GET /v1/auth HTTP/1.1\r\nHost: x\r\n"
                                             "Content-Length: 209715200\r\n\r\n");
    QCOMPARE(forward.status, 403);
    QCOMPARE(forward.header("X-Auth-Error"), QByteArray("payload_too_large"));
    const HttpAnswer badLength = RawHttp::send(m_server->port(),
                                               "GET /v1/auth HTTP/1.1\r\nHost: x\r\n"
                                               "Content-Length: -5\r\n\r\n");
    QCOMPARE(badLength.status, 403);
    QCOMPARE(badLength.header("X-Auth-Error"), QByteArray("bad_request"));
    // The server still answers afterwards.
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/health").status, 200);
}

namespace {

struct StreamOutcome
{
    qint64 sent = 0; // bytes the kernel took from the client before it gave up
    QByteArray answer; // what the server said meanwhile
    bool closedByServer = false;
};

// Streams `head` and then up to `total` bytes of body in 1 MiB pieces (framed by `frame`),
// the way a client that ignores the answer would, until the server closes the connection.
StreamOutcome streamBody(quint16 port,
                         const QByteArray& head,
                         qint64 total,
                         const std::function<QByteArray(const QByteArray&)>& frame)
{
    StreamOutcome outcome;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return outcome;
    socket.write(head);
    const QByteArray piece = frame(QByteArray(1024 * 1024, 'x'));
    while (outcome.sent < total && socket.state() == QAbstractSocket::ConnectedState) {
        socket.write(piece);
        // waitForBytesWritten also reads what arrives meanwhile into the socket's buffer.
        while (socket.bytesToWrite() > 0 && socket.state() == QAbstractSocket::ConnectedState)
            if (!socket.waitForBytesWritten(3000))
                break;
        if (socket.bytesToWrite() > 0)
            break; // the server neither reads nor closes: the test fails below
        outcome.sent += piece.size();
        outcome.answer += socket.readAll();
    }
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        outcome.answer += socket.readAll();
    }
    outcome.answer += socket.readAll();
    outcome.closedByServer = socket.state() != QAbstractSocket::ConnectedState;
    return outcome;
}

} // namespace

void TestValidatorServer::cutsOffA200MegabyteBody_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("chunked");
    QTest::newRow("announced and sent") << QByteArray("POST /v1/verify HTTP/1.1\r\nHost: x\r\n"
                                                      "Content-Length: 209715200\r\n\r\n")
                                        << false;
    QTest::newRow("chunked, no length") << QByteArray("POST /v1/agents/a/run HTTP/1.1\r\nHost: x\r\n"
                                                      "Transfer-Encoding: chunked\r\n\r\n")
                                        << true;
}

void TestValidatorServer::cutsOffA200MegabyteBody()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, chunked);
    const qint64 total = qint64(200) * 1024 * 1024;
    const StreamOutcome outcome = streamBody(m_server->port(), head, total, [chunked](const QByteArray& data) {
        return chunked ? QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n" : data;
    });
    QVERIFY2(outcome.answer.startsWith("HTTP/1.1 413"), outcome.answer.left(200).constData());
    QVERIFY(outcome.answer.contains("payload_too_large"));
    QVERIFY(outcome.closedByServer);
    // The server stopped taking the body long before 200 MB: what it swallowed after the
    // answer is bounded (16 x the 1 MiB body limit), plus the kernel's socket buffers.
    QVERIFY2(outcome.sent < qint64(48) * 1024 * 1024, qPrintable(QString::number(outcome.sent)));
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/health").status, 200);
}

void TestValidatorServer::closesSlowAndIdleConnections()
{
    m_server.reset();
    GuardedTcpServer::Limits limits;
    limits.headerTimeoutMs = 300;
    // Longer, so that the slow client's first bytes, which end its idle time, surely arrive
    // before it is up (under ASan they took long enough for the idle close to come first).
    limits.idleTimeoutMs = 1500;
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), RuntimeConfig{}, limits);
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "); // never finishes its headers
    slow.flush();
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState, 5000);
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(idle.waitForConnected(5000));
    QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/health").status, 200);
    // The slow one is counted; an idle one is no misbehaviour.
    QCOMPARE(metricValue(m_server->port(), "keywarden_connections_closed_slow_total"), 1.0);
    QCOMPARE(metricValue(m_server->port(), "keywarden_connections_closed_unread_total"), 0.0);
}

void TestValidatorServer::capsOpenConnections()
{
    m_server.reset();
    GuardedTcpServer::Limits limits;
    limits.maxConnections = 50;
    // Opening 2,000 connections can take longer than the 10 s a client has to finish its
    // headers on a busy machine; the first 50 must still hold their places at the end.
    limits.headerTimeoutMs = 120000;
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), RuntimeConfig{}, limits);
    // 2,000 half-open connections (headers started, never finished): room for them and
    // for the server's side of the first 50 in this one process.
    rlimit files{};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &files) == 0);
    if (files.rlim_cur < 4500) {
        files.rlim_cur = std::min<rlim_t>(files.rlim_max, 4500);
        QVERIFY(setrlimit(RLIMIT_NOFILE, &files) == 0);
    }
    QVERIFY2(files.rlim_cur >= 2200, "the hard limit of open files is below 2,200");
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int connected = 0;
    for (int i = 0; i < 2000; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_server->port());
        if (socket->waitForConnected(2000)) {
            socket->write("GET /health HTTP/1.1\r\nHost: x\r\n");
            socket->flush();
            ++connected;
        }
        sockets.push_back(std::move(socket));
    }
    // Beyond the cap a client gets 503 instead of hanging.
    const HttpAnswer beyond = RawHttp::request(m_server->port(), "GET", "/health");
    QCOMPARE(beyond.status, 503);
    QCOMPARE(errorCode(beyond), QStringLiteral("unavailable"));
    sockets.clear();
    // Once they are gone the server answers normally again.
    QTRY_COMPARE_WITH_TIMEOUT(RawHttp::request(m_server->port(), "GET", "/health").status, 200, 5000);
    // Every connection beyond the 50 is counted once: those that connected, the one above,
    // and at most the 100 polls for a 200 above (a connection that connected late too).
    const double refused = metricValue(m_server->port(), "keywarden_connections_refused_total");
    QVERIFY2(refused >= connected - 50 + 1 && refused <= 2000 - 50 + 1 + 100, QByteArray::number(refused).constData());
    // The scrape's own connection is open; the 2,000 are closed, or closing.
    QTRY_COMPARE_WITH_TIMEOUT(metricValue(m_server->port(), "keywarden_connections_open"), 1.0, 5000);
}

void TestValidatorServer::countsOutConnectionsNobodyTook()
{
    // Servers without an HTTP server on them: their connections stay pending, and the
    // server deletes them when it goes. Each must count itself out, also when the validator
    // state that shared the counters is gone by then (ASan sees a use after free).
    for (const bool stateOutlivesServer : {true, false}) {
        auto counters = std::make_shared<GuardedTcpServer::Counters>();
        const std::weak_ptr<GuardedTcpServer::Counters> watched = counters;
        // Owned here so that a failed check on the way still deletes it.
        auto server = std::make_unique<GuardedTcpServer>(GuardedTcpServer::Limits{});
        server->setCounters(counters);
        QVERIFY2(server->listenSharingPort(QHostAddress::LocalHost, 0, GuardedTcpServer::PortSharing::First),
                 qPrintable(server->listenError()));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server->serverPort());
        QVERIFY(client.waitForConnected(5000));
        QTRY_VERIFY_WITH_TIMEOUT(server->hasPendingConnections(), 5000);
        QCOMPARE(counters->open.load(), 1);
        QCOMPARE(server->openConnections(), 1);
        if (!stateOutlivesServer)
            counters.reset();
        server.reset();
        if (stateOutlivesServer)
            QCOMPARE(counters->open.load(), 0);
        else
            QVERIFY(watched.expired()); // the server and its connections let go of them
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 5000);
    }
}

void TestValidatorServer::aggregatesInvalidAttemptsInTheAuditLog()
{
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey revoked = makeKey(org);
    ApiKeyService keys(m_db->database());
    QVERIFY(keys.revokeKey(revoked.key.id, QStringLiteral("leaked"), QStringLiteral("test")).ok());
    // A junk token with a NUL in what its masked form shows (PostgreSQL's jsonb refuses a
    // NUL, which once cost the unknown keys' row), a flood of invented but well-formed
    // keys, and a few uses of the revoked one.
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify",
                              {QByteArrayLiteral("Authorization: Bearer pk_\0x_AbCd") + QByteArray(50, 'A')})
                 .status,
             401);
    for (int i = 0; i < 39; ++i)
        QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify",
                                  {bearer(ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey)})
                     .status,
                 401);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(revoked.fullKey)}).status, 401);
    int written = 0;
    m_server->invoke([&written](ValidatorServer& server) { written = server.flushInvalidAttempts(); });
    QCOMPARE(written, 2); // one row for unknown keys, one for the revoked key

    AuditRepository audit(m_db->database());
    AuditFilter filter;
    filter.action = QStringLiteral("key.invalid_attempt");
    auto events = audit.list(filter);
    QVERIFY(events.ok());
    QCOMPARE(events->size(), 2);
    for (const AuditEvent& event : events.value()) {
        if (event.keyId.isNull()) {
            QCOMPARE(event.details.value(QStringLiteral("count")).toInt(), 40);
            const QJsonArray samples = event.details.value(QStringLiteral("sample_keys")).toArray();
            QCOMPARE(samples.size(), 5);
            QCOMPARE(samples.first().toString(),
                     QStringLiteral("pk_") + QChar::ReplacementCharacter + QStringLiteral("x_AbCd") + QChar(0x2026)
                         + QStringLiteral("AAAA"));
        } else {
            QCOMPARE(event.keyId, revoked.key.id);
            QCOMPARE(event.organizationId, org.id);
            QCOMPARE(event.details.value(QStringLiteral("count")).toInt(), 3);
            QCOMPARE(event.details.value(QStringLiteral("reasons"))
                         .toObject()
                         .value(QStringLiteral("revoked_api_key"))
                         .toInt(),
                     3);
        }
        const QString details = QString::fromUtf8(QJsonDocument(event.details).toJson());
        QVERIFY(!details.contains(revoked.fullKey));
        QVERIFY(!details.contains(revoked.fullKey.mid(12, 30)));
    }
}

void TestValidatorServer::sqlBackendSharesTheLimitBetweenValidators()
{
    m_server.reset();
    RuntimeConfig config;
    config.rateLimitBackend = RateLimitBackend::Sql;
    ValidatorHarness first(m_db->database(), config);
    ValidatorHarness second(m_db->database(), config);
    const Organization org = makeOrganization(QStringLiteral("acme"));
    const CreatedKey key = makeKey(org, {QStringLiteral("*")}, 4);
    int admitted = 0;
    int limited = 0;
    for (int i = 0; i < 10; ++i) {
        const HttpAnswer answer
            = RawHttp::request(i % 2 ? first.port() : second.port(), "GET", "/v1/verify", {bearer(key.fullKey)});
        if (answer.status == 200)
            ++admitted;
        else if (answer.status == 429)
            ++limited;
    }
    QCOMPARE(admitted, 4);
    QCOMPARE(limited, 6);
    QCOMPARE(json(RawHttp::request(first.port(), "GET", "/health")).value(QStringLiteral("rate_limiter")).toString(),
             QStringLiteral("sql"));
    auto db = m_db->database().connection();
    QVERIFY(db.ok());
    auto rows = SqlQuery::exec(
        db.value(), QStringLiteral("SELECT SUM(request_count) FROM rate_limit_tracking WHERE api_key_id = ?"),
        {SqlValue::fromUuid(key.key.id)});
    QVERIFY(rows.ok() && rows->next());
    QCOMPARE(rows->value(0).toInt(), 4);
}

QTEST_GUILESS_MAIN(TestValidatorServer)
#include "TestValidatorServer.moc"
