// The validator's other routes over real HTTP: the admin API, the demo agent and its
// conversations, /metrics, /openapi.json and /docs.
#include "ApiKeyGenerator.h"
#include "ApiKeyService.h"
#include "AuditRepository.h"
#include "OrganizationService.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"
#include "ValidatorServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

#include <functional>
#include <memory>

class TestValidatorRoutes : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void adminApiNeedsTheAdminKey();
    void adminApiIsDisabledWithoutAdminKey();
    void adminManagesOrganizationsAndKeys();
    void adminRefusesBadInput_data();
    void adminRefusesBadInput();
    void adminRefusesUnknownFields();
    void adminUsageDefaultsToThisMonth();
    void agentRunAccountsTokensAndCost();
    void agentRunNeedsScopeAndValidBody();
    void conversationsStayWithinTheOrganization();
    void metricsAreValidPrometheusText();
    void openApiDescribesEveryRoute();
    void openApiSchemasMatchTheAnswers();

private:
    HttpAnswer admin(const QByteArray& method, const QByteArray& target, const QByteArray& body = {});
    CreatedKey makeKey(const QString& slug, const QStringList& scopes);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ValidatorHarness> m_server;
    QString m_adminKey;
};

void TestValidatorRoutes::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    m_adminKey = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    RuntimeConfig config;
    config.adminApiKey = m_adminKey;
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), config);
    QVERIFY(m_server->port() != 0);
}

void TestValidatorRoutes::cleanup()
{
    m_server.reset();
    m_db.reset();
}

HttpAnswer TestValidatorRoutes::admin(const QByteArray& method, const QByteArray& target, const QByteArray& body)
{
    QList<QByteArray> headers{bearer(m_adminKey)};
    if (!body.isEmpty())
        headers << "Content-Type: application/json";
    return RawHttp::request(m_server->port(), method, target, headers, body);
}

CreatedKey TestValidatorRoutes::makeKey(const QString& slug, const QStringList& scopes)
{
    const Organization org = TestFixtures::organization(m_db->database(), slug, Plan::Pro, slug);
    return TestFixtures::key(m_db->database(), org.id, scopes);
}

void TestValidatorRoutes::adminApiNeedsTheAdminKey()
{
    HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/admin/organizations");
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("missing_api_key"));
    answer = RawHttp::request(m_server->port(), "GET", "/admin/organizations",
                              {bearer(ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey)});
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("invalid_api_key"));
    // An organization's valid key is not an admin key.
    const CreatedKey key = makeKey(QStringLiteral("acme"), {QStringLiteral("*")});
    answer = RawHttp::request(m_server->port(), "GET", "/admin/organizations", {bearer(key.fullKey)});
    QCOMPARE(answer.status, 401);
    // The admin key with different case or trailing garbage is refused.
    answer = RawHttp::request(m_server->port(), "GET", "/admin/organizations", {bearer(m_adminKey.toUpper())});
    QCOMPARE(answer.status, 401);
    answer = RawHttp::request(m_server->port(), "GET", "/admin/organizations", {bearer(m_adminKey) + "x"});
    QCOMPARE(answer.status, 401);
    QCOMPARE(admin("GET", "/admin/organizations").status, 200);
}

void TestValidatorRoutes::adminApiIsDisabledWithoutAdminKey()
{
    m_server.reset();
    m_server = std::make_unique<ValidatorHarness>(m_db->database(), RuntimeConfig{});
    const HttpAnswer answer = admin("GET", "/admin/organizations");
    QCOMPARE(answer.status, 404);
    QVERIFY(errorMessage(answer).contains(QStringLiteral("ADMIN_API_KEY")));
}

void TestValidatorRoutes::adminManagesOrganizationsAndKeys()
{
    HttpAnswer created
        = admin("POST", "/admin/organizations", R"({"name":"Acme Corp","email":"ops@acme.example","plan":"pro"})");
    QCOMPARE(created.status, 201);
    const QJsonObject org = json(created);
    QCOMPARE(org.value(QStringLiteral("slug")).toString(), QStringLiteral("acme-corp"));
    QCOMPARE(org.value(QStringLiteral("rate_limit_per_minute")).toInt(), 60);
    const QByteArray orgId = org.value(QStringLiteral("id")).toString().toLatin1();

    QCOMPARE(
        admin("POST", "/admin/organizations", R"({"name":"Again","email":"x@acme.example","slug":"acme-corp"})").status,
        409);
    QCOMPARE(admin("GET", "/admin/organizations/" + orgId).status, 200);
    QCOMPARE(admin("POST", "/admin/organizations", R"({"name":"Beta","email":"ops@beta.example"})").status, 201);
    for (const auto& [query, count] : {std::pair{"", 2}, std::pair{"?limit=1", 1}, std::pair{"?limit=1000&offset=1", 1},
                                       std::pair{"?offset=2", 0}}) {
        const HttpAnswer page = admin("GET", QByteArray("/admin/organizations") + query);
        QCOMPARE(page.status, 200);
        QCOMPARE(QJsonDocument::fromJson(page.body).array().size(), count);
    }
    HttpAnswer updated
        = admin("PUT", "/admin/organizations/" + orgId, R"({"rate_limit_per_minute":5,"is_active":true})");
    QCOMPARE(updated.status, 200);
    QCOMPARE(json(updated).value(QStringLiteral("rate_limit_per_minute")).toInt(), 5);
    // null clears nothing and is not taken for "leave it": the whole change is refused.
    const HttpAnswer nulled
        = admin("PUT", "/admin/organizations/" + orgId, R"({"rate_limit_per_minute":7,"name":null})");
    QCOMPARE(nulled.status, 400);
    QVERIFY(errorMessage(nulled).contains(QStringLiteral("\"name\" cannot be null")));
    const QJsonObject unchanged = json(admin("GET", "/admin/organizations/" + orgId));
    QCOMPARE(unchanged.value(QStringLiteral("name")).toString(), QStringLiteral("Acme Corp"));
    QCOMPARE(unchanged.value(QStringLiteral("rate_limit_per_minute")).toInt(), 5);
    // A rate or quota of 0 is refused (it would read as "none" to some, "unlimited" to
    // others); a key cap of 0 is taken: no new keys.
    for (const char* zero : {R"({"rate_limit_per_minute":0})", R"({"monthly_request_limit":0})"}) {
        const HttpAnswer refused = admin("PUT", "/admin/organizations/" + orgId, zero);
        QCOMPARE(refused.status, 400);
        QVERIFY2(errorMessage(refused).contains(QStringLiteral("must be a whole number from 1 to")),
                 refused.body.constData());
    }
    QCOMPARE(json(admin("GET", "/admin/organizations/" + orgId)).value(QStringLiteral("rate_limit_per_minute")).toInt(),
             5);

    HttpAnswer key = admin("POST", "/admin/organizations/" + orgId + "/keys",
                           R"({"name":"ci","scopes":["agents:run"],"environment":"test"})");
    QCOMPARE(key.status, 201);
    const QString fullKey = json(key).value(QStringLiteral("key")).toString();
    QVERIFY(fullKey.startsWith(QStringLiteral("pk_test_")));
    QVERIFY(!json(key).contains(QStringLiteral("key_hash")));
    const QByteArray keyId = json(key).value(QStringLiteral("id")).toString().toLatin1();

    // The new key works at once, with the organization's new limit.
    HttpAnswer verify = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(fullKey)});
    QCOMPARE(verify.status, 200);
    QCOMPARE(verify.header("X-RateLimit-Limit"), QByteArray("5"));
    // Changes made through the admin API reach this validator's cache at once, not after
    // the change watcher's next poll: the very next request sees them, the watcher held.
    ChangeWatcherHold hold(changeWatchContext(*m_server));
    QVERIFY(hold.isHolding());
    QCOMPARE(admin("PUT", "/admin/organizations/" + orgId, R"({"is_active":false})").status, 200);
    verify = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(fullKey)});
    QCOMPARE(verify.status, 403);
    QCOMPARE(errorCode(verify), QStringLiteral("organization_inactive"));
    QCOMPARE(admin("PUT", "/admin/organizations/" + orgId, R"({"is_active":true,"rate_limit_per_minute":6})").status,
             200);
    verify = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(fullKey)});
    QCOMPARE(verify.status, 200);
    QCOMPARE(verify.header("X-RateLimit-Limit"), QByteArray("6"));

    const HttpAnswer list = admin("GET", "/admin/organizations/" + orgId + "/keys");
    QCOMPARE(list.status, 200);
    const QJsonArray keys = QJsonDocument::fromJson(list.body).array();
    QCOMPARE(keys.size(), 1);
    QVERIFY(!keys.first().toObject().contains(QStringLiteral("key")));
    QVERIFY(!list.body.contains(fullKey.toLatin1()));

    QCOMPARE(admin("DELETE", "/admin/organizations/" + orgId + "/keys/" + keyId, "{}").status, 400); // reason required
    const HttpAnswer revoked
        = admin("DELETE", "/admin/organizations/" + orgId + "/keys/" + keyId, R"({"reason":"rotated"})");
    QCOMPARE(revoked.status, 200);
    QCOMPARE(json(revoked).value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
    verify = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(fullKey)});
    QCOMPARE(verify.status, 401);
    QCOMPARE(errorCode(verify), QStringLiteral("revoked_api_key"));
    QCOMPARE(admin("DELETE", "/admin/organizations/" + orgId + "/keys/" + keyId, R"({"reason":"again"})").status, 409);

    // A key of another organization cannot be revoked through this one's path.
    const CreatedKey other = makeKey(QStringLiteral("other"), {QStringLiteral("*")});
    QCOMPARE(admin("DELETE", "/admin/organizations/" + orgId + "/keys/" + SqlValue::uuidText(other.key.id).toLatin1(),
                   R"({"reason":"x"})")
                 .status,
             404);

    // Each change is audited with who made it and from where.
    AuditFilter byAdminApi;
    byAdminApi.organizationId = QUuid::fromString(QString::fromLatin1(orgId));
    const auto events = AuditRepository(m_db->database()).list(byAdminApi);
    QVERIFY(events);
    QStringList actions;
    for (const AuditEvent& event : events.value()) {
        actions << event.action;
        QCOMPARE(event.actor, QStringLiteral("admin-api@127.0.0.1"));
        QCOMPARE(event.ipAddress, QStringLiteral("127.0.0.1"));
    }
    actions.sort();
    QCOMPARE(
        actions,
        (QStringList{QStringLiteral("key.created"), QStringLiteral("key.revoked"), QStringLiteral("org.created"),
                     QStringLiteral("org.updated"), QStringLiteral("org.updated"), QStringLiteral("org.updated")}));
}

void TestValidatorRoutes::adminRefusesBadInput_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("not json") << QByteArray("POST") << QByteArray("/admin/organizations") << QByteArray("{name") << 400;
    QTest::newRow("array body") << QByteArray("POST") << QByteArray("/admin/organizations") << QByteArray("[]") << 400;
    QTest::newRow("missing email") << QByteArray("POST") << QByteArray("/admin/organizations")
                                   << QByteArray(R"({"name":"x"})") << 400;
    QTest::newRow("bad email") << QByteArray("POST") << QByteArray("/admin/organizations")
                               << QByteArray(R"({"name":"x","email":"nope"})") << 400;
    QTest::newRow("unknown plan") << QByteArray("POST") << QByteArray("/admin/organizations")
                                  << QByteArray(R"({"name":"x","email":"a@b.io","plan":"gold"})") << 400;
    QTest::newRow("number as name") << QByteArray("POST") << QByteArray("/admin/organizations")
                                    << QByteArray(R"({"name":5,"email":"a@b.io"})") << 400;
    QTest::newRow("deeply nested") << QByteArray("POST") << QByteArray("/admin/organizations") << QByteArray(5000, '[')
                                   << 400;
    QTest::newRow("bad org id") << QByteArray("GET") << QByteArray("/admin/organizations/not-a-uuid") << QByteArray()
                                << 404;
    QTest::newRow("path traversal") << QByteArray("GET") << QByteArray("/admin/organizations/..%2F..%2Fetc%2Fpasswd")
                                    << QByteArray() << 404;
    QTest::newRow("unknown org") << QByteArray("GET")
                                 << QByteArray("/admin/organizations/00000000-0000-4000-8000-000000000000")
                                 << QByteArray() << 404;
    QTest::newRow("wrong method") << QByteArray("PATCH") << QByteArray("/admin/organizations") << QByteArray() << 405;
    QTest::newRow("bad usage date") << QByteArray(
        "GET") << QByteArray("/admin/organizations/00000000-0000-4000-8000-000000000000/usage?start=2026-13-01")
                                    << QByteArray() << 400;
    QTest::newRow("usage date before Christ")
        << QByteArray("GET")
        << QByteArray("/admin/organizations/00000000-0000-4000-8000-000000000000/usage?start=-2026-01-01")
        << QByteArray() << 400;
    // Paging that is not a whole number in range is refused, not replaced by the defaults.
    for (const char* query : {"limit=0", "limit=1001", "limit=abc", "limit=", "limit=1e3", "limit=99999999999",
                              "limit=-1", "offset=-1", "offset=x", "limit=5&limit=6", "limit=5%0A", "limit=%205"})
        QTest::newRow(query) << QByteArray("GET") << QByteArray("/admin/organizations?") + query << QByteArray() << 400;
    QTest::newRow("usage date and a newline")
        << QByteArray("GET")
        << QByteArray("/admin/organizations/00000000-0000-4000-8000-000000000000/usage?start=2026-11-01%0A")
        << QByteArray() << 400;
    QTest::newRow("usage start given twice")
        << QByteArray("GET")
        << QByteArray(
               "/admin/organizations/00000000-0000-4000-8000-000000000000/usage?start=2026-11-01&start=2026-11-30")
        << QByteArray() << 400;
    QTest::newRow("unknown field") << QByteArray("POST") << QByteArray("/admin/organizations")
                                   << QByteArray(R"({"name":"x","email":"a@b.io","tier":"pro"})") << 400;
    QTest::newRow("hostile unknown field")
        << QByteArray("POST") << QByteArray("/admin/organizations")
        << QByteArray(R"({"name":"x","email":"a@b.io","\u001b[2J)") + QByteArray(100000, 'k') + QByteArray(R"(":1})")
        << 400;
}

void TestValidatorRoutes::adminRefusesUnknownFields()
{
    const HttpAnswer created = admin("POST", "/admin/organizations", R"({"name":"Acme","email":"ops@acme.example"})");
    QCOMPARE(created.status, 201);
    const QByteArray orgId = json(created).value(QStringLiteral("id")).toString().toLatin1();

    // A misspelled field would have made a live key, or left the limit unset.
    HttpAnswer answer = admin("POST", "/admin/organizations/" + orgId + "/keys", R"({"name":"k3","env":"test"})");
    QCOMPARE(answer.status, 400);
    QVERIFY2(errorMessage(answer).contains(
                 QStringLiteral("unknown field \"env\"; this request takes name, description, environment")),
             answer.body.constData());
    answer = admin("PUT", "/admin/organizations/" + orgId, R"({"rate_limit":3})");
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.body.contains("rate_limit_per_minute"));
    answer = admin("PUT", "/admin/organizations/" + orgId, R"({"slug":"x"})");
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.body.contains("unknown field \\\"slug\\\""));
    QVERIFY(json(admin("GET", "/admin/organizations/" + orgId)).value(QStringLiteral("rate_limit_per_minute")).toInt()
            != 3);
    QVERIFY(QJsonDocument::fromJson(admin("GET", "/admin/organizations/" + orgId + "/keys").body).array().isEmpty());

    const HttpAnswer key = admin("POST", "/admin/organizations/" + orgId + "/keys", R"({"name":"k"})");
    QCOMPARE(key.status, 201);
    const QByteArray keyId = json(key).value(QStringLiteral("id")).toString().toLatin1();
    answer = admin("DELETE", "/admin/organizations/" + orgId + "/keys/" + keyId, R"({"reason":"x","force":true})");
    QCOMPARE(answer.status, 400);
    QVERIFY(ApiKeyService(m_db->database()).getKey(SqlValue::parseUuid(QString::fromLatin1(keyId)))->isRevoked()
            == false);
}

void TestValidatorRoutes::adminRefusesBadInput()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const HttpAnswer answer = admin(method, target, body);
    QCOMPARE(answer.status, status);
    QVERIFY(!errorCode(answer).isEmpty());
    // Nothing was written.
    OrganizationService organizations(m_db->database());
    QCOMPARE(organizations.list()->size(), 0);
}

void TestValidatorRoutes::adminUsageDefaultsToThisMonth()
{
    const CreatedKey key = makeKey(QStringLiteral("acme"), {QStringLiteral("*")});
    for (int i = 0; i < 3; ++i)
        QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    m_server->invoke([](ValidatorServer& server) { server.usageRecorder().flush(); });
    const QByteArray orgId = SqlValue::uuidText(key.key.organizationId).toLatin1();
    const HttpAnswer usage = admin("GET", "/admin/organizations/" + orgId + "/usage");
    QCOMPARE(usage.status, 200);
    const QJsonObject body = json(usage);
    QCOMPARE(body.value(QStringLiteral("totals")).toObject().value(QStringLiteral("requests")).toInt(), 3);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    QCOMPARE(body.value(QStringLiteral("start")).toString(),
             QDate(today.year(), today.month(), 1).toString(Qt::ISODate));
    const HttpAnswer ranged = admin("GET", "/admin/organizations/" + orgId + "/usage?start=2020-01-01&end=2020-01-31");
    QCOMPARE(ranged.status, 200);
    QCOMPARE(json(ranged).value(QStringLiteral("totals")).toObject().value(QStringLiteral("requests")).toInt(), 0);
    // An end alone: from this month's start, or, when that is later, from its own month's.
    // A start alone: from it to the current month's end.
    const HttpAnswer later = admin(
        "GET", "/admin/organizations/" + orgId + "/usage?end=" + today.addMonths(2).toString(Qt::ISODate).toLatin1());
    QCOMPARE(later.status, 200);
    QCOMPARE(json(later).value(QStringLiteral("start")).toString(),
             QDate(today.year(), today.month(), 1).toString(Qt::ISODate));
    QCOMPARE(json(later).value(QStringLiteral("totals")).toObject().value(QStringLiteral("requests")).toInt(), 3);
    const HttpAnswer untilEnd = admin("GET", "/admin/organizations/" + orgId + "/usage?end=2020-03-15");
    QCOMPARE(untilEnd.status, 200);
    QCOMPARE(json(untilEnd).value(QStringLiteral("start")).toString(), QStringLiteral("2020-03-01"));
    QCOMPARE(json(untilEnd).value(QStringLiteral("end")).toString(), QStringLiteral("2020-03-15"));
    const HttpAnswer fromStart = admin("GET", "/admin/organizations/" + orgId + "/usage?start=2020-03-15");
    QCOMPARE(fromStart.status, 200);
    QCOMPARE(json(fromStart).value(QStringLiteral("start")).toString(), QStringLiteral("2020-03-15"));
    QCOMPARE(json(fromStart).value(QStringLiteral("totals")).toObject().value(QStringLiteral("requests")).toInt(), 3);
    // Both given the wrong way round stays an error.
    QCOMPARE(admin("GET", "/admin/organizations/" + orgId + "/usage?start=2020-03-15&end=2020-03-01").status, 400);
}

void TestValidatorRoutes::agentRunAccountsTokensAndCost()
{
    const CreatedKey key = makeKey(QStringLiteral("acme"), {QStringLiteral("agents:run")});
    const HttpAnswer run = RawHttp::request(m_server->port(), "POST", "/v1/agents/summarizer/run",
                                            {bearer(key.fullKey), "Content-Type: application/json"},
                                            R"({"input":"please summarize these five words"})");
    QCOMPARE(run.status, 200);
    const QJsonObject body = json(run);
    QCOMPARE(body.value(QStringLiteral("agent")).toString(), QStringLiteral("summarizer"));
    QVERIFY(!body.value(QStringLiteral("id")).toString().isEmpty());
    QVERIFY(!body.value(QStringLiteral("output")).toString().isEmpty());
    const int tokens = body.value(QStringLiteral("tokens_used")).toInt();
    QVERIFY(tokens > 5);
    QVERIFY(qAbs(body.value(QStringLiteral("cost_usd")).toDouble() - tokens * 0.000002) < 1e-12);
    QVERIFY(!run.header("X-RateLimit-Remaining").isEmpty());
    m_server->stop();
    UsageRepository usage(m_db->database());
    const QDate today = QDateTime::currentDateTimeUtc().date();
    auto stats = usage.summary(key.key.organizationId, today, today);
    QVERIFY(stats.ok());
    QCOMPARE(stats->totals.tokens, qint64(tokens));
    QVERIFY(qAbs(stats->totals.costUsd - tokens * 0.000002) < 1e-9);
    QCOMPARE(stats->byEndpoint.first().endpoint, QStringLiteral("/v1/agents/summarizer/run"));
}

void TestValidatorRoutes::agentRunNeedsScopeAndValidBody()
{
    const CreatedKey reader = makeKey(QStringLiteral("acme"), {QStringLiteral("read")});
    const CreatedKey runner = makeKey(QStringLiteral("acme"), {QStringLiteral("agents:run")});
    const QByteArray auth = bearer(runner.fullKey);
    HttpAnswer answer
        = RawHttp::request(m_server->port(), "POST", "/v1/agents/a/run", {bearer(reader.fullKey)}, R"({"input":"x"})");
    QCOMPARE(answer.status, 403);
    QCOMPARE(errorCode(answer), QStringLiteral("insufficient_scope"));
    QCOMPARE(RawHttp::request(m_server->port(), "POST", "/v1/agents/a/run", {}, R"({"input":"x"})").status, 401);
    // Without a key, neither the body nor the agent's name is looked at: 401 first.
    answer = RawHttp::request(m_server->port(), "POST", "/v1/agents/a/run", {}, "{bad");
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("missing_api_key"));
    answer = RawHttp::request(m_server->port(), "POST", "/v1/agents/BAD/run", {}, R"({"input":"x"})");
    QCOMPARE(answer.status, 401);
    answer = RawHttp::request(m_server->port(), "POST", "/v1/agents/BAD/run",
                              {"Authorization: Bearer pk_live_nonsense"}, "{bad");
    QCOMPARE(answer.status, 401);
    QCOMPARE(errorCode(answer), QStringLiteral("invalid_api_key"));
    for (const QByteArray& body : {QByteArray(), QByteArray("{}"), QByteArray(R"({"input":""})"),
                                   QByteArray(R"({"input":42})"), QByteArray("[1,2]"), QByteArray("{\"input\":")}) {
        answer = RawHttp::request(m_server->port(), "POST", "/v1/agents/a/run", {auth}, body);
        QCOMPARE(answer.status, 400);
        QCOMPARE(errorCode(answer), QStringLiteral("bad_request"));
        // An authenticated answer: both sets of rate-limit headers.
        QVERIFY(!answer.header("X-RateLimit-Limit").isEmpty());
        QVERIFY(!answer.header("RateLimit").isEmpty());
    }
    answer = RawHttp::request(m_server->port(), "POST", "/v1/agents/..%2F..%2Fetc/run", {auth}, R"({"input":"x"})");
    QCOMPARE(answer.status, 404);
    QVERIFY(!answer.header("X-RateLimit-Limit").isEmpty());
    answer = RawHttp::request(m_server->port(), "GET", "/v1/agents/a/run", {auth});
    QCOMPARE(answer.status, 405);
}

void TestValidatorRoutes::conversationsStayWithinTheOrganization()
{
    const CreatedKey mine = makeKey(QStringLiteral("mine"), {QStringLiteral("agents:run")});
    const CreatedKey theirs = makeKey(QStringLiteral("theirs"), {QStringLiteral("agents:run")});
    for (const auto& [key, input] : {std::pair{mine, QByteArray("mine one")}, std::pair{mine, QByteArray("mine two")},
                                     std::pair{theirs, QByteArray("secret of theirs")}}) {
        QCOMPARE(RawHttp::request(m_server->port(), "POST", "/v1/agents/a/run", {bearer(key.fullKey)},
                                  "{\"input\":\"" + input + "\"}")
                     .status,
                 200);
    }
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/v1/conversations", {bearer(mine.fullKey)});
    QCOMPARE(answer.status, 200);
    const QJsonArray runs = QJsonDocument::fromJson(answer.body).array();
    QCOMPARE(runs.size(), 2);
    for (const QJsonValue& run : runs) {
        const QJsonObject o = run.toObject();
        QVERIFY(o.value(QStringLiteral("input")).toString().startsWith(QStringLiteral("mine")));
        for (const char* field : {"id", "agent", "input", "output", "tokens_used", "cost_usd", "created_at"})
            QVERIFY2(o.contains(QLatin1String(field)), field);
    }
    QVERIFY(!answer.body.contains("secret of theirs"));
}

void TestValidatorRoutes::metricsAreValidPrometheusText()
{
    const CreatedKey key = makeKey(QStringLiteral("acme"), {QStringLiteral("agents:run")});
    RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    RawHttp::request(m_server->port(), "GET", "/v1/verify", {"Authorization: Bearer pk_live_nope"});
    RawHttp::request(m_server->port(), "POST", "/v1/agents/a/run", {bearer(key.fullKey)}, R"({"input":"count me"})");
    // A name longer than a usage row keeps of the path is the same route, not a series of its own.
    RawHttp::request(m_server->port(), "POST", "/v1/agents/" + QByteArray(300, 'b') + "/run", {bearer(key.fullKey)},
                     R"({"input":"count me"})");
    // Refused before the key is looked at: counted too, outside the latency histogram.
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/v1/verify?api_key=pk_live_leaked").status, 400);
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/metrics");
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    const QString text = QString::fromUtf8(answer.body);
    QVERIFY(text.contains(QStringLiteral("keywarden_requests_total{organization=\"acme\",outcome=\"ok\"} 2")));
    QVERIFY(text.contains(QStringLiteral("keywarden_invalid_key_attempts_total{reason=\"invalid_api_key\"} 1")));
    QVERIFY(text.contains(QStringLiteral("keywarden_cost_usd_total{organization=\"acme\"}")));
    QVERIFY(text.contains(QStringLiteral("keywarden_usage_requests_total{endpoint=\"/v1/agents/{agent}/run\"} 2")));
    QVERIFY(!text.contains(QStringLiteral("/v1/agents/a/run")));
    QVERIFY(!text.contains(QStringLiteral("bbbbbbbbbbbbbbbb")));
    QVERIFY(text.contains(QStringLiteral("\nkeywarden_database_up 1\n")));
    QVERIFY(text.contains(QStringLiteral("\nkeywarden_process_start_time_seconds ")));
    QVERIFY(text.contains(QStringLiteral("keywarden_requests_total{organization=\"\",outcome=\"invalid_api_key\"} 1")));
    QVERIFY(text.contains(QStringLiteral("keywarden_requests_total{organization=\"\",outcome=\"api_key_in_url\"} 1")));
    QVERIFY(text.contains(
        QStringLiteral("# TYPE keywarden_usage_dropped_total counter\nkeywarden_usage_dropped_total 0\n")));
    // Four requests got as far as the key: two verifies and two agent runs.
    QVERIFY(text.contains(QStringLiteral("keywarden_request_duration_seconds_bucket{le=\"+Inf\"} 4")));
    QVERIFY(text.contains(QStringLiteral("keywarden_request_duration_seconds_count 4")));
    // Every sample belongs to a family announced with HELP and TYPE.
    QSet<QString> typed;
    static const QRegularExpression typeLine(QStringLiteral("^# TYPE (\\w+) (counter|gauge|histogram)$"));
    static const QRegularExpression sample(QStringLiteral("^([a-z_]+?)(_bucket|_sum|_count)?(\\{.*\\})? [0-9.e+-]+$"));
    for (const QString& line : text.split(u'\n', Qt::SkipEmptyParts)) {
        if (const auto m = typeLine.match(line); m.hasMatch()) {
            typed.insert(m.captured(1));
            continue;
        }
        if (line.startsWith(QLatin1String("# HELP ")))
            continue;
        const auto m = sample.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        QVERIFY2(typed.contains(m.captured(1)) || typed.contains(m.captured(1) + m.captured(2)), qPrintable(line));
    }
    // And promtool, where installed (Debian package prometheus), has no remarks.
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (!promtool.isEmpty()) {
        QProcess process;
        process.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        process.write(answer.body);
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError()).trimmed(),
                 QString());
    }
}

namespace {
// What a response schema of the document promises: its property names, following $ref and
// allOf, and an array's items.
QJsonObject resolved(const QJsonObject& doc, QJsonObject schema)
{
    if (schema.contains(QStringLiteral("$ref")))
        schema = doc.value(QStringLiteral("components"))
                     .toObject()
                     .value(QStringLiteral("schemas"))
                     .toObject()
                     .value(schema.value(QStringLiteral("$ref")).toString().section(u'/', -1))
                     .toObject();
    return schema;
}

QSet<QString> promised(const QJsonObject& doc, const QJsonObject& given)
{
    const QJsonObject schema = resolved(doc, given);
    QSet<QString> names;
    for (const QJsonValue& part : schema.value(QStringLiteral("allOf")).toArray())
        names += promised(doc, part.toObject());
    for (const QString& name : schema.value(QStringLiteral("properties")).toObject().keys())
        names.insert(name);
    return names;
}

QJsonObject answerOf(const QJsonObject& doc, const char* path, const char* method, const char* status)
{
    return doc.value(QStringLiteral("paths"))
        .toObject()
        .value(QLatin1String(path))
        .toObject()
        .value(QLatin1String(method))
        .toObject()
        .value(QStringLiteral("responses"))
        .toObject()
        .value(QLatin1String(status))
        .toObject();
}

// The JSON schema of a response or a request body.
QJsonObject jsonSchemaOf(const QJsonObject& holder)
{
    return holder.value(QStringLiteral("content"))
        .toObject()
        .value(QStringLiteral("application/json"))
        .toObject()
        .value(QStringLiteral("schema"))
        .toObject();
}

QJsonObject schemaOf(const QJsonObject& doc, const char* path, const char* method, const char* status)
{
    return jsonSchemaOf(answerOf(doc, path, method, status));
}

QJsonObject bodySchemaOf(const QJsonObject& paths, const char* path, const char* method)
{
    return jsonSchemaOf(paths.value(QLatin1String(path))
                            .toObject()
                            .value(QLatin1String(method))
                            .toObject()
                            .value(QStringLiteral("requestBody"))
                            .toObject());
}

QSet<QString> fieldsOf(const QJsonObject& object)
{
    const QStringList keys = object.keys();
    return {keys.cbegin(), keys.cend()};
}
} // namespace

void TestValidatorRoutes::openApiSchemasMatchTheAnswers()
{
    const QJsonObject doc = json(RawHttp::request(m_server->port(), "GET", "/openapi.json"));
    const auto matches = [&doc](const HttpAnswer& answer, const char* path, const char* method, const char* status) {
        QJsonObject schema = schemaOf(doc, path, method, status);
        const QJsonDocument body = QJsonDocument::fromJson(answer.body);
        QJsonObject object = body.object();
        if (schema.value(QStringLiteral("type")) == QLatin1String("array")) {
            schema = schema.value(QStringLiteral("items")).toObject();
            object = body.array().first().toObject();
        }
        const QSet<QString> documented = promised(doc, schema);
        const QSet<QString> sent = fieldsOf(object);
        if (documented != sent)
            qWarning().noquote() << path << method << status << "documented" << documented.values() << "sent"
                                 << sent.values();
        return !documented.isEmpty() && documented == sent;
    };
    // The admin answers, field for field.
    const HttpAnswer created = admin("POST", "/admin/organizations", R"({"name":"Acme","email":"ops@acme.example"})");
    QCOMPARE(created.status, 201);
    QVERIFY(matches(created, "/admin/organizations", "post", "201"));
    const QByteArray orgId = json(created).value(QStringLiteral("id")).toString().toLatin1();
    QVERIFY(matches(admin("GET", "/admin/organizations"), "/admin/organizations", "get", "200"));
    QVERIFY(matches(admin("GET", "/admin/organizations/" + orgId), "/admin/organizations/{org_id}", "get", "200"));
    QVERIFY(matches(admin("PUT", "/admin/organizations/" + orgId, R"({"name":"Acme Corp"})"),
                    "/admin/organizations/{org_id}", "put", "200"));
    const HttpAnswer key = admin("POST", "/admin/organizations/" + orgId + "/keys", R"({"name":"ci"})");
    QCOMPARE(key.status, 201);
    QVERIFY(matches(key, "/admin/organizations/{org_id}/keys", "post", "201"));
    QVERIFY(matches(admin("GET", "/admin/organizations/" + orgId + "/keys"), "/admin/organizations/{org_id}/keys",
                    "get", "200"));
    const HttpAnswer usage = admin("GET", "/admin/organizations/" + orgId + "/usage");
    QVERIFY(matches(usage, "/admin/organizations/{org_id}/usage", "get", "200"));
    const QJsonObject usageSchema = resolved(doc, schemaOf(doc, "/admin/organizations/{org_id}/usage", "get", "200"));
    QCOMPARE(
        promised(doc,
                 usageSchema.value(QStringLiteral("properties")).toObject().value(QStringLiteral("totals")).toObject()),
        fieldsOf(json(usage).value(QStringLiteral("totals")).toObject()));
    const QByteArray keyId = json(key).value(QStringLiteral("id")).toString().toLatin1();
    QVERIFY(matches(admin("DELETE", "/admin/organizations/" + orgId + "/keys/" + keyId, R"({"reason":"done"})"),
                    "/admin/organizations/{org_id}/keys/{key_id}", "delete", "200"));
    // An inactive organization's key creation is one of the documented answers.
    QCOMPARE(admin("PUT", "/admin/organizations/" + orgId, R"({"is_active":false})").status, 200);
    QCOMPARE(admin("POST", "/admin/organizations/" + orgId + "/keys", R"({"name":"late"})").status, 403);
    QVERIFY(!answerOf(doc, "/admin/organizations/{org_id}/keys", "post", "403").isEmpty());

    // /v1/verify: the body and every header the document names.
    const CreatedKey caller = makeKey(QStringLiteral("caller"), {QStringLiteral("*")});
    const HttpAnswer verified = RawHttp::request(m_server->port(), "GET", "/v1/verify", {bearer(caller.fullKey)});
    QCOMPARE(verified.status, 200);
    QVERIFY(matches(verified, "/v1/verify", "get", "200"));
    const QJsonObject declared = answerOf(doc, "/v1/verify", "get", "200").value(QStringLiteral("headers")).toObject();
    for (const char* name : {"X-Organization-Id", "X-Key-Id", "X-Scopes", "X-RateLimit-Limit", "RateLimit"}) {
        QVERIFY2(declared.contains(QLatin1String(name)), name);
        QVERIFY2(!verified.header(name).isEmpty(), name);
    }
    for (const QString& name : declared.keys())
        QVERIFY2(!verified.header(name.toLatin1()).isEmpty(), qPrintable(name));
}

void TestValidatorRoutes::openApiDescribesEveryRoute()
{
    const HttpAnswer answer = RawHttp::request(m_server->port(), "GET", "/openapi.json");
    QCOMPARE(answer.status, 200);
    const QJsonObject doc = json(answer);
    QVERIFY(doc.value(QStringLiteral("openapi")).toString().startsWith(QStringLiteral("3.")));
    const QJsonObject paths = doc.value(QStringLiteral("paths")).toObject();
    for (const char* path : {"/health", "/metrics", "/openapi.json", "/docs", "/v1/verify", "/v1/auth",
                             "/v1/agents/{agent}/run", "/v1/conversations", "/admin/organizations",
                             "/admin/organizations/{org_id}", "/admin/organizations/{org_id}/keys",
                             "/admin/organizations/{org_id}/keys/{key_id}", "/admin/organizations/{org_id}/usage"})
        QVERIFY2(paths.contains(QLatin1String(path)), path);
    // Admin bodies are closed: the document says so, as the routes refuse unknown fields.
    const QJsonObject keyBody = bodySchemaOf(paths, "/admin/organizations/{org_id}/keys", "post");
    QCOMPARE(keyBody.value(QStringLiteral("additionalProperties")), QJsonValue(false));
    QVERIFY(keyBody.value(QStringLiteral("properties")).toObject().contains(QStringLiteral("environment")));
    // The organization's limits carry the bounds the route enforces.
    const QJsonObject orgLimits
        = bodySchemaOf(paths, "/admin/organizations/{org_id}", "put").value(QStringLiteral("properties")).toObject();
    QCOMPARE(orgLimits.value(QStringLiteral("rate_limit_per_minute")).toObject().value(QStringLiteral("minimum")),
             QJsonValue(1));
    QCOMPARE(orgLimits.value(QStringLiteral("monthly_request_limit")).toObject().value(QStringLiteral("minimum")),
             QJsonValue(1));
    QCOMPARE(orgLimits.value(QStringLiteral("max_api_keys")).toObject().value(QStringLiteral("minimum")),
             QJsonValue(0));
    QCOMPARE(orgLimits.value(QStringLiteral("max_api_keys")).toObject().value(QStringLiteral("type")),
             QJsonValue(QStringLiteral("integer")));
    // Every array says what it holds (OpenAPI 3.0 requires items), and every {parameter}
    // of a path is declared by each of its operations.
    QStringList arraysWithoutItems;
    const std::function<void(const QJsonValue&, const QString&)> walk = [&](const QJsonValue& value,
                                                                            const QString& where) {
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                walk(array.at(i), where + u'/' + QString::number(i));
            return;
        }
        const QJsonObject object = value.toObject();
        if (object.value(QStringLiteral("type")) == QLatin1String("array") && !object.contains(QStringLiteral("items")))
            arraysWithoutItems << where;
        for (auto it = object.begin(); it != object.end(); ++it)
            walk(it.value(), where + u'/' + it.key());
    };
    walk(doc, QString());
    QVERIFY2(arraysWithoutItems.isEmpty(), qPrintable(arraysWithoutItems.join(u' ')));
    static const QRegularExpression templated(QStringLiteral("\\{([a-z_]+)\\}"));
    const auto parameterNames = [](const QJsonObject& operation, const QString& in) {
        QStringList names;
        for (const QJsonValue& parameter : operation.value(QStringLiteral("parameters")).toArray()) {
            if (parameter.toObject().value(QStringLiteral("in")).toString() == in)
                names << parameter.toObject().value(QStringLiteral("name")).toString();
        }
        return names;
    };
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            const QStringList declared = parameterNames(op.value().toObject(), QStringLiteral("path"));
            for (auto match = templated.globalMatch(path.key()); match.hasNext();) {
                const QString name = match.next().captured(1);
                QVERIFY2(declared.contains(name), qPrintable(op.key() + u' ' + path.key() + u' ' + name));
            }
        }
    }
    const auto operation = [&](const char* path, const char* method) {
        return paths.value(QLatin1String(path)).toObject().value(QLatin1String(method)).toObject();
    };
    // What the routes read and answer beyond the key.
    QCOMPARE(parameterNames(operation("/admin/organizations/{org_id}/usage", "get"), QStringLiteral("query")),
             (QStringList{QStringLiteral("start"), QStringLiteral("end")}));
    QVERIFY(parameterNames(operation("/v1/auth", "get"), QStringLiteral("header"))
                .contains(QStringLiteral("X-Original-URI")));
    const QJsonObject refused = operation("/v1/verify", "get")
                                    .value(QStringLiteral("responses"))
                                    .toObject()
                                    .value(QStringLiteral("429"))
                                    .toObject();
    QVERIFY(refused.value(QStringLiteral("headers")).toObject().contains(QStringLiteral("Retry-After")));
    QCOMPARE(operation("/v1/verify", "post")
                 .value(QStringLiteral("requestBody"))
                 .toObject()
                 .value(QStringLiteral("required"))
                 .toBool(true),
             false); // a POST without a body is a check like a GET
    const HttpAnswer docs = RawHttp::request(m_server->port(), "GET", "/docs");
    QCOMPARE(docs.status, 200);
    QVERIFY(docs.header("Content-Type").startsWith("text/html"));
    QVERIFY(docs.body.contains("/openapi.json"));
    // Fetched relative to the page, so that it works behind a proxy's path prefix too.
    QVERIFY(docs.body.contains("fetch('openapi.json')"));
    QVERIFY(!docs.body.contains("http://") && !docs.body.contains("https://")); // nothing fetched from elsewhere
    // With a trailing slash: sent to the page, by a path relative to this one.
    const HttpAnswer slash = RawHttp::request(m_server->port(), "GET", "/docs/");
    QCOMPARE(slash.status, 308);
    QCOMPARE(slash.header("Location"), QByteArray("../docs"));
    QCOMPARE(RawHttp::request(m_server->port(), "HEAD", "/docs/").status, 308);
    QCOMPARE(RawHttp::request(m_server->port(), "POST", "/docs/").status, 405);
    QCOMPARE(RawHttp::request(m_server->port(), "GET", "/docs//").status, 404);
}

QTEST_GUILESS_MAIN(TestValidatorRoutes)
#include "TestValidatorRoutes.moc"
