// Rate limits and quotas shared through a real Redis by several validators, and what
// happens when Redis goes away and comes back (RATE_LIMIT_FAILURE_MODE).
#include "ApiKeyService.h"
#include "LogCapture.h"
#include "OrganizationService.h"
#include "RedisClient.h"
#include "RedisRateLimiter.h"
#include "TestDatabase.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"
#include "ValidatorServer.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>
#include <thread>
#include <vector>

class TestRedisRateLimiting : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void twoValidatorsAdmitExactlyTheLimit();
    void requestsOfOneLoopTurnShareARoundTripAndCountOnce();
    void sharedWindowWeighsTheMinuteBefore();
    void aBatchDecidesAsOneByOneWould();
    void quotaIsSharedToo();
    void rateLimitRefusalsGiveTheSharedQuotaBack();
    void sharedQuotaStartsFromTheUsageTables();
    void survivesAFlushedScriptCache();
    void scopeRefusalsReportWithoutCounting();
    void saysAtStartThatRedisIsDown();
    void fallsBackLocallyWhileRedisIsDownAndReturns();
    void healthAsksRedisBeforeAnyRequest();
    void failureModesOpenAndClosed();

private:
    CreatedKey makeKey(int rateLimit, qint64 monthlyLimit = 0);
    RuntimeConfig redisConfig(const QString& url, RateLimitFailureMode mode = RateLimitFailureMode::Local) const;
    static QJsonObject health(quint16 port);
    static qint64 redisNowMs(RedisClient& redis);
    bool startPrivateRedis();

    std::unique_ptr<TestDatabase> m_db;
    QString m_sharedRedis;
    QProcess m_privateRedis;
    quint16 m_privatePort = 0;
    int m_orgCounter = 0;
};

void TestRedisRateLimiting::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    m_sharedRedis = qEnvironmentVariable("KEYWARDEN_TEST_REDIS_URL");
    if (m_sharedRedis.isEmpty())
        QFAIL("KEYWARDEN_TEST_REDIS_URL is not set: run the suite through scripts/test.sh, which starts Redis");
}

void TestRedisRateLimiting::cleanup()
{
    if (m_privateRedis.state() != QProcess::NotRunning) {
        m_privateRedis.kill();
        m_privateRedis.waitForFinished(5000);
    }
    m_db.reset();
}

RuntimeConfig TestRedisRateLimiting::redisConfig(const QString& url, RateLimitFailureMode mode) const
{
    RuntimeConfig config;
    config.redisUrl = url;
    config.useRedisRateLimit = true;
    config.rateLimitFailureMode = mode;
    return config;
}

CreatedKey TestRedisRateLimiting::makeKey(int rateLimit, qint64 monthlyLimit)
{
    OrganizationService organizations(m_db->database());
    const QString slug = QStringLiteral("org-%1").arg(++m_orgCounter);
    auto org = organizations.create({slug, QStringLiteral("ops@example.com"), Plan::Enterprise, slug},
                                    QStringLiteral("test"));
    if (monthlyLimit > 0) {
        OrganizationUpdate update;
        update.monthlyRequestLimit = monthlyLimit;
        org = organizations.update(org->id, update, QStringLiteral("test"));
    }
    ApiKeyService keys(m_db->database());
    CreateKeyRequest request;
    request.organizationId = org->id;
    request.name = QStringLiteral("k");
    request.scopes = {QStringLiteral("*")};
    request.customRateLimit = rateLimit;
    return keys.createKey(request, QStringLiteral("test")).value();
}

QJsonObject TestRedisRateLimiting::health(quint16 port)
{
    return json(RawHttp::request(port, "GET", "/health"));
}

bool TestRedisRateLimiting::startPrivateRedis()
{
    if (m_privatePort == 0) {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_privatePort = probe.serverPort();
    }
    const QString server = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (server.isEmpty())
        return false;
    m_privateRedis.start(server,
                         {QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                          QString::number(m_privatePort), QStringLiteral("--save"), QString(),
                          QStringLiteral("--appendonly"), QStringLiteral("no")});
    if (!m_privateRedis.waitForStarted(5000))
        return false;
    RedisClient client(RedisUrl::parse(QStringLiteral("redis://127.0.0.1:%1/0").arg(m_privatePort)).value());
    for (int i = 0; i < 100; ++i) {
        if (client.ping()) {
            // The ping may have reached another test's Redis that took the probed port:
            // ours is the one still running.
            QThread::msleep(200);
            return m_privateRedis.state() == QProcess::Running;
        }
        if (m_privateRedis.state() == QProcess::NotRunning)
            return false;
        QThread::msleep(50);
    }
    return false;
}

void TestRedisRateLimiting::twoValidatorsAdmitExactlyTheLimit()
{
    const CreatedKey key = makeKey(20);
    ValidatorHarness first(m_db->database(), redisConfig(m_sharedRedis));
    ValidatorHarness second(m_db->database(), redisConfig(m_sharedRedis));
    QAtomicInteger<int> admitted;
    QAtomicInteger<int> limited;
    QAtomicInteger<int> other;
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
        clients.emplace_back([&, t] {
            for (int i = 0; i < 15; ++i) {
                const quint16 port = (t + i) % 2 == 0 ? first.port() : second.port();
                const int status = RawHttp::request(port, "GET", "/v1/verify", {bearer(key.fullKey)}).status;
                if (status == 200)
                    ++admitted;
                else if (status == 429)
                    ++limited;
                else
                    ++other;
            }
        });
    }
    for (auto& client : clients)
        client.join();
    QCOMPARE(other.loadRelaxed(), 0);
    QCOMPARE(admitted.loadRelaxed(), 20);
    QCOMPARE(limited.loadRelaxed(), 40);
    QCOMPARE(health(first.port()).value(QStringLiteral("rate_limiter")).toString(), QStringLiteral("redis"));
}

void TestRedisRateLimiting::requestsOfOneLoopTurnShareARoundTripAndCountOnce()
{
    // Many keep-alive clients sending at once: the validator holds the requests that arrive
    // in one loop turn and sends their admissions to Redis in one script call. Each request
    // must still be counted exactly once, answered on its own connection, with its own headers.
    ValidatorHarness validator(m_db->database(), redisConfig(m_sharedRedis));
    RedisClient redis(RedisUrl::parse(m_sharedRedis).value());
    constexpr int kClients = 40;
    constexpr int kLimit = 25;
    quint64 batched = 0;
    for (int round = 0; round < 10 && batched == 0; ++round) {
        const CreatedKey key = makeKey(kLimit, 1000);
        const QByteArray request
            = "GET /v1/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key.fullKey.toLatin1() + "\r\n\r\n";
        // One request first: a month's first admission seeds the organization's counter on
        // its own, so that the burst's admissions are all the batches' to decide.
        QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            clients.back()->connectToHost(QHostAddress::LocalHost, validator.port());
            QVERIFY(clients.back()->waitForConnected(5000));
        }
        for (auto& client : clients) {
            client->write(request);
            client->flush();
        }
        int admitted = 0;
        int limited = 0;
        QSet<QByteArray> remaining;
        for (auto& client : clients) {
            QByteArray bytes;
            while (!bytes.contains("\r\n\r\n") || bytes.size() < bytes.indexOf("\r\n\r\n") + 4 + 50) {
                if (!client->waitForReadyRead(5000))
                    break;
                bytes += client->readAll();
            }
            if (bytes.startsWith("HTTP/1.1 200")) {
                ++admitted;
                const qsizetype at = bytes.indexOf("X-RateLimit-Remaining: ");
                QVERIFY(at > 0);
                remaining.insert(bytes.mid(at + 23, bytes.indexOf('\r', at) - at - 23));
                QVERIFY(bytes.contains("\"valid\":true"));
            } else {
                QVERIFY2(bytes.startsWith("HTTP/1.1 429"), bytes.left(200).constData());
                ++limited;
            }
        }
        QCOMPARE(admitted, kLimit - 1);
        QCOMPARE(limited, kClients - kLimit + 1);
        QCOMPARE(remaining.size(), kLimit - 1); // 23 down to 0: every admission its own
        // The shared window counted each admission once (in the minute before too, had the
        // burst crossed a minute's end).
        auto counts = redis.call({QByteArrayLiteral("HMGET"), RedisRateLimiter::windowKey(key.key.id),
                                  QByteArrayLiteral("c"), QByteArrayLiteral("p")});
        QVERIFY(counts);
        QCOMPARE(counts->elements.size(), 2);
        QCOMPARE(counts->elements[0].string.toInt() + counts->elements[1].string.toInt(), kLimit);
        validator.invoke([&](ValidatorServer& server) { batched = server.batchedAdmissions(); });
    }
    QVERIFY2(batched > 0, "no batch of requests ever had its admissions decided in one script call");
}

qint64 TestRedisRateLimiting::redisNowMs(RedisClient& redis)
{
    const auto time = redis.call({QByteArrayLiteral("TIME")});
    if (!time || time->elements.size() != 2)
        return -1;
    return time->elements[0].string.toLongLong() * 1000 + time->elements[1].string.toLongLong() / 1000;
}

// The shared window is the sliding-window counter of the other backends on Redis's clock:
// the minute before weighs by how much of it still overlaps, an older one not at all, and
// a refusal counts nothing. The previous minute is written into Redis directly, so that the
// test need not wait for a minute to pass.
void TestRedisRateLimiting::sharedWindowWeighsTheMinuteBefore()
{
    RedisClient redis(RedisUrl::parse(m_sharedRedis).value());
    RedisRateLimiter limiter(RedisUrl::parse(m_sharedRedis).value(), RateLimitFailureMode::Closed);
    qint64 now = redisNowMs(redis);
    QVERIFY(now > 0);
    if (now % RateLimiter::WindowMs > RateLimiter::WindowMs - 3000) { // all of it in one minute
        QTest::qWait(int(RateLimiter::WindowMs - now % RateLimiter::WindowMs) + 50);
        now = redisNowMs(redis);
    }
    const qint64 minute = RateLimiter::windowStart(now);
    const auto seed = [&](const QUuid& id, qint64 start, int count) {
        return redis
            .call({QByteArrayLiteral("HSET"), RedisRateLimiter::windowKey(id), QByteArrayLiteral("s"),
                   QByteArray::number(start), QByteArrayLiteral("c"), QByteArray::number(count), QByteArrayLiteral("p"),
                   QByteArrayLiteral("0")})
            .ok();
    };
    const auto counts = [&](const QUuid& id) {
        const auto reply = redis.call({QByteArrayLiteral("HMGET"), RedisRateLimiter::windowKey(id),
                                       QByteArrayLiteral("s"), QByteArrayLiteral("c"), QByteArrayLiteral("p")});
        QList<qint64> values;
        if (reply)
            for (const RedisReply& element : reply->elements)
                values << element.string.toLongLong();
        return values;
    };

    // A new key: one request counted in this minute, kept while it can still weigh.
    const QUuid fresh = QUuid::createUuid();
    RateLimitDecision decision = limiter.check(fresh, 1000, now);
    QVERIFY(decision.allowed);
    QCOMPARE(decision.remaining, 999);
    QCOMPARE(counts(fresh), (QList<qint64>{minute, 1, 0}));
    const auto ttl = redis.call({QByteArrayLiteral("PTTL"), RedisRateLimiter::windowKey(fresh)});
    QVERIFY(ttl && ttl->integer > RateLimiter::WindowMs && ttl->integer <= 2 * RateLimiter::WindowMs);

    // 990 requests the minute before: most of them still weigh, and roll into `p`.
    const QUuid busy = QUuid::createUuid();
    QVERIFY(seed(busy, minute - RateLimiter::WindowMs, 990));
    decision = limiter.check(busy, 1000, now);
    QVERIFY(decision.allowed);
    QVERIFY2(decision.remaining < 998 && decision.remaining >= 9, QByteArray::number(decision.remaining).constData());
    QCOMPARE(counts(busy), (QList<qint64>{minute, 1, 990}));

    // A minute before that was far over the limit: refused, with a Retry-After within the
    // minute, and the refusal changes nothing.
    const QUuid flooded = QUuid::createUuid();
    QVERIFY(seed(flooded, minute - RateLimiter::WindowMs, 100000));
    decision = limiter.check(flooded, 10, now);
    QVERIFY(!decision.allowed);
    QCOMPARE(decision.remaining, 0);
    QVERIFY2(decision.retryAfterSeconds >= 1 && decision.retryAfterSeconds <= 60,
             QByteArray::number(decision.retryAfterSeconds).constData());
    QCOMPARE(counts(flooded), (QList<qint64>{minute - RateLimiter::WindowMs, 100000, 0}));
    QCOMPARE(limiter.peek(flooded, 10, now).remaining, 0);
    // The same through admit(): the window refuses, and the month's count is not spent.
    const QByteArray quotaKey = "kw:test:quota:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const RedisRateLimiter::QuotaCounter quota{quotaKey, 100, [] {
                                                   return qint64(7);
                                               }};
    auto admission = limiter.admit(flooded, 10, quota);
    QVERIFY(admission);
    QVERIFY(admission->quotaAllowed);
    QVERIFY(!admission->rate.allowed);
    QVERIFY(admission->rate.retryAfterSeconds >= 1);
    QCOMPARE(redis.call({QByteArrayLiteral("GET"), quotaKey})->string, QByteArray("7"));

    // Two minutes ago no longer weighs at all.
    const QUuid stale = QUuid::createUuid();
    QVERIFY(seed(stale, minute - 2 * RateLimiter::WindowMs, 100000));
    admission = limiter.admit(stale, 10, quota);
    QVERIFY(admission && admission->rate.allowed);
    QCOMPARE(admission->rate.remaining, 9);
    QCOMPARE(admission->quotaUsed, 8);
    QCOMPARE(counts(stale), (QList<qint64>{minute, 1, 0}));
    QCOMPARE(limiter.peek(stale, 10, now).remaining, 9);
    QVERIFY(redis.call({QByteArrayLiteral("DEL"), quotaKey}).ok());

    // A month used up refuses before the window is asked: the key's window is untouched,
    // and its headers say so.
    const RedisRateLimiter::QuotaCounter usedUp{quotaKey, 5, [] {
                                                    return qint64(5);
                                                }};
    admission = limiter.admit(stale, 10, usedUp);
    QVERIFY(admission);
    QVERIFY(!admission->quotaAllowed);
    QCOMPARE(admission->rate.remaining, 9);
    QCOMPARE(admission->rate.retryAfterSeconds, 0);
    QCOMPARE(counts(stale), (QList<qint64>{minute, 1, 0}));
    QVERIFY(redis.call({QByteArrayLiteral("DEL"), quotaKey}).ok());
}

// A batch's admissions go to Redis in one script call as runs of alike ones; each window
// and counter is read once and written once (bench/validator.sh shows what that saves).
// The answers and what Redis holds afterwards must be those of admitting one by one, across keys that share a counter
// and keys that do not, with runs cut short by the window and by the month.
void TestRedisRateLimiting::aBatchDecidesAsOneByOneWould()
{
    RedisClient redis(RedisUrl::parse(m_sharedRedis).value());
    RedisRateLimiter limiter(RedisUrl::parse(m_sharedRedis).value(), RateLimitFailureMode::Closed);
    // Keep the batches inside one minute, so that no window moves on between them.
    const qint64 now = redisNowMs(redis);
    QVERIFY(now > 0);
    if (now % RateLimiter::WindowMs > RateLimiter::WindowMs - 3000)
        QThread::msleep(RateLimiter::WindowMs - now % RateLimiter::WindowMs + 50);
    const QUuid a = QUuid::createUuid();
    const QUuid b = QUuid::createUuid();
    const QUuid c = QUuid::createUuid();
    const QByteArray shared = "kw:test:quota:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QByteArray unseeded = "kw:test:quota:" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QVERIFY(redis.call({QByteArrayLiteral("SET"), shared, QByteArrayLiteral("0"), QByteArrayLiteral("EX"),
                        QByteArrayLiteral("3600")}));
    const RedisRateLimiter::QuotaCounter month{shared, 5, [] {
                                                   return qint64(0);
                                               }};
    const RedisRateLimiter::QuotaCounter unlimited{unseeded, 0, [] {
                                                       return qint64(7);
                                                   }};
    struct Step
    {
        QUuid key;
        int limit;
        const RedisRateLimiter::QuotaCounter* counter;
    };
    // a (limit 3) and b (limit 10) share a month of 5; c's counter is not in Redis yet, so
    // the batch leaves c's admissions to admit(), which seeds it (7) first.
    const QList<Step> steps{{a, 3, &month},      {a, 3, &month},     {b, 10, &month}, {a, 3, &month},
                            {a, 3, &month},      {b, 10, &month},    {b, 10, &month}, {b, 10, &month},
                            {c, 10, &unlimited}, {c, 10, &unlimited}};
    QList<RedisRateLimiter::PlannedAdmission> planned;
    for (const Step& step : steps)
        planned.append({step.key, step.limit, step.counter->key, step.counter->limit});
    limiter.prefetch(planned);
    // Columns: the window would admit, the month admitted, remaining in the window, the
    // month's count.
    QList<QList<qint64>> got;
    for (const Step& step : steps) {
        const auto admission = limiter.admit(step.key, step.limit, *step.counter);
        QVERIFY(admission);
        got.append({admission->rate.allowed, admission->quotaAllowed, admission->rate.remaining, admission->quotaUsed});
    }
    limiter.clearPrefetched();
    const QList<QList<qint64>> expected{{1, 1, 2, 1}, {1, 1, 1, 2}, {1, 1, 9, 3}, {1, 1, 0, 4}, {0, 1, 0, 4},
                                        {1, 1, 8, 5}, {1, 0, 8, 5}, {1, 0, 8, 5}, {1, 1, 9, 8}, {1, 1, 8, 9}};
    QCOMPARE(got, expected);
    QCOMPARE(limiter.prefetchedAdmissions(), quint64(8)); // c's two were admit()'s own
    const auto field = [&](const QUuid& key) {
        return redis.call({QByteArrayLiteral("HGET"), RedisRateLimiter::windowKey(key), QByteArrayLiteral("c")})
            ->string.toLongLong();
    };
    const auto value = [&](const QByteArray& key) {
        return redis.call({QByteArrayLiteral("GET"), key})->string.toLongLong();
    };
    QCOMPARE(field(a), 3);
    QCOMPARE(field(b), 2);
    QCOMPARE(field(c), 2);
    QCOMPARE(value(shared), 5);
    QCOMPARE(value(unseeded), 9);
    const qint64 windowTtl = redis.call({QByteArrayLiteral("PTTL"), RedisRateLimiter::windowKey(a)})->integer;
    QVERIFY2(windowTtl > RateLimiter::WindowMs && windowTtl <= 2 * RateLimiter::WindowMs,
             QByteArray::number(windowTtl).constData());

    // A second batch finds the windows where the first left them (counted on, not rewritten).
    const RedisRateLimiter::QuotaCounter roomier{shared, 100, [] {
                                                     return qint64(0);
                                                 }};
    limiter.prefetch({{a, 3, shared, 100}, {b, 10, shared, 100}, {b, 10, shared, 100}});
    got.clear();
    for (const QUuid& key : {a, b, b}) {
        const auto admission = limiter.admit(key, key == a ? 3 : 10, roomier);
        QVERIFY(admission);
        got.append({admission->rate.allowed, admission->quotaAllowed, admission->rate.remaining, admission->quotaUsed});
    }
    limiter.clearPrefetched();
    QCOMPARE(got, (QList<QList<qint64>>{{0, 1, 0, 5}, {1, 1, 7, 6}, {1, 1, 6, 7}}));
    QCOMPARE(field(b), 4);
    QCOMPARE(value(shared), 7);
    QCOMPARE(limiter.prefetchedAdmissions(), quint64(11));
    for (const QUuid& key : {a, b, c})
        QVERIFY(redis.call({QByteArrayLiteral("DEL"), RedisRateLimiter::windowKey(key)}).ok());
    QVERIFY(redis.call({QByteArrayLiteral("DEL"), shared, unseeded}).ok());
}

void TestRedisRateLimiting::quotaIsSharedToo()
{
    const CreatedKey key = makeKey(1000, 5);
    ValidatorHarness first(m_db->database(), redisConfig(m_sharedRedis));
    ValidatorHarness second(m_db->database(), redisConfig(m_sharedRedis));
    int admitted = 0;
    int overQuota = 0;
    for (int i = 0; i < 12; ++i) {
        const HttpAnswer answer
            = RawHttp::request(i % 2 ? first.port() : second.port(), "GET", "/v1/verify", {bearer(key.fullKey)});
        if (answer.status == 200)
            ++admitted;
        else if (errorCode(answer) == QStringLiteral("quota_exceeded"))
            ++overQuota;
    }
    QCOMPARE(admitted, 5);
    QCOMPARE(overQuota, 7);
}

// A month counter Redis does not hold yet starts from what the usage tables say was
// admitted this month (a flushed or new Redis must not hand out a fresh month).
void TestRedisRateLimiting::sharedQuotaStartsFromTheUsageTables()
{
    const CreatedKey key = makeKey(1000, 5);
    QList<UsageRecord> earlier;
    for (int status : {200, 200, 204, 429, 401}) {
        UsageRecord record;
        record.apiKeyId = key.key.id;
        record.organizationId = key.key.organizationId;
        record.timestamp = QDateTime::currentDateTimeUtc();
        record.endpoint = QStringLiteral("/v1/verify");
        record.method = QStringLiteral("GET");
        record.statusCode = status;
        earlier << record;
    }
    QVERIFY(UsageRepository(m_db->database()).recordBatch(earlier).ok());
    ValidatorHarness first(m_db->database(), redisConfig(m_sharedRedis));
    ValidatorHarness second(m_db->database(), redisConfig(m_sharedRedis));
    QList<int> statuses;
    for (int i = 0; i < 4; ++i)
        statuses << RawHttp::request(i % 2 ? first.port() : second.port(), "GET", "/v1/verify", {bearer(key.fullKey)})
                        .status;
    // Three of the five rows were admitted (below 400): two requests are left this month.
    QCOMPARE(statuses, (QList<int>{200, 200, 429, 429}));
    const HttpAnswer refused = RawHttp::request(first.port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QVERIFY(refused.body.contains("quota_exceeded"));
    QVERIFY(refused.header("Retry-After").toLongLong() > 0);
}

void TestRedisRateLimiting::rateLimitRefusalsGiveTheSharedQuotaBack()
{
    const CreatedKey key = makeKey(2, 100);
    ValidatorHarness first(m_db->database(), redisConfig(m_sharedRedis));
    ValidatorHarness second(m_db->database(), redisConfig(m_sharedRedis));
    QList<int> statuses;
    for (int i = 0; i < 6; ++i)
        statuses << RawHttp::request(i % 2 ? first.port() : second.port(), "GET", "/v1/verify", {bearer(key.fullKey)})
                        .status;
    QCOMPARE(statuses, (QList<int>{200, 200, 429, 429, 429, 429}));
    // The shared month counter holds the two admitted requests only.
    RedisClient client(RedisUrl::parse(m_sharedRedis).value());
    const QDate today = QDateTime::currentDateTimeUtc().date();
    auto used
        = client.call({QByteArrayLiteral("GET"),
                       "kw:quota:" + key.key.organizationId.toByteArray(QUuid::WithoutBraces) + ':'
                           + QDate(today.year(), today.month(), 1).toString(QStringLiteral("yyyyMM")).toLatin1()});
    QVERIFY(used.ok());
    QCOMPARE(used->string, QByteArray("2"));
}

void TestRedisRateLimiting::survivesAFlushedScriptCache()
{
    const CreatedKey key = makeKey(100);
    ValidatorHarness validator(m_db->database(), redisConfig(m_sharedRedis));
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    RedisClient client(RedisUrl::parse(m_sharedRedis).value());
    QVERIFY(client.call({"SCRIPT", "FLUSH"}).ok());
    const HttpAnswer answer = RawHttp::request(validator.port(), "GET", "/v1/verify", {bearer(key.fullKey)});
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("98"));
    QCOMPARE(health(validator.port()).value(QStringLiteral("redis")).toString(), QStringLiteral("ok"));
}

void TestRedisRateLimiting::saysAtStartThatRedisIsDown()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    LogCapture logs;
    ValidatorHarness validator(m_db->database(), redisConfig(QStringLiteral("redis://127.0.0.1:%1/0").arg(closedPort)));
    // No request yet: an operator watching a fresh validator's log learns it now.
    QVERIFY2(logs.contains(QStringLiteral("Redis rate limiting unavailable, falling back (local): ")),
             qPrintable(logs.messages().join(u'\n')));
    QCOMPARE(health(validator.port()).value(QStringLiteral("redis")).toString(), QStringLiteral("degraded"));
}

void TestRedisRateLimiting::fallsBackLocallyWhileRedisIsDownAndReturns()
{
    bool started = false;
    for (int attempt = 0; attempt < 5 && !started; ++attempt) {
        m_privatePort = 0; // probe a new port each time
        started = startPrivateRedis();
    }
    QVERIFY(started);
    const QString url = QStringLiteral("redis://127.0.0.1:%1/0").arg(m_privatePort);
    const CreatedKey key = makeKey(3);
    ValidatorHarness validator(m_db->database(), redisConfig(url));
    const QByteArray auth = bearer(key.fullKey);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {auth}).status, 200);
    QCOMPARE(health(validator.port()).value(QStringLiteral("redis")).toString(), QStringLiteral("ok"));

    LogCapture logs;
    m_privateRedis.kill();
    QVERIFY(m_privateRedis.waitForFinished(5000));
    // Still answering, now limited in process (its own fresh window: 3 more, then 429).
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {auth}).status, 200);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {auth}).status, 200);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {auth}).status, 200);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {auth}).status, 429);
    const QJsonObject degraded = health(validator.port());
    QCOMPARE(degraded.value(QStringLiteral("redis")).toString(), QStringLiteral("degraded"));
    QCOMPARE(degraded.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    QCOMPARE(degraded.value(QStringLiteral("rate_limiter")).toString(), QStringLiteral("fallback:local"));
    QVERIFY(RawHttp::request(validator.port(), "GET", "/metrics").body.contains("keywarden_redis_degraded 1"));
    QVERIFY2(logs.contains(QStringLiteral("Redis rate limiting unavailable, falling back (local): ")),
             qPrintable(logs.messages().join(u'\n')));

    QVERIFY(startPrivateRedis());
    // Back on Redis within about a second (a fresh Redis: an empty log, so 3 more fit).
    QByteArray remaining;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 10000) {
        const HttpAnswer answer = RawHttp::request(validator.port(), "GET", "/v1/verify", {auth});
        remaining = answer.header("X-RateLimit-Remaining");
        if (answer.status == 200 && remaining == "2")
            break;
        QThread::msleep(100);
    }
    QCOMPARE(remaining, QByteArray("2"));
    QCOMPARE(health(validator.port()).value(QStringLiteral("redis")).toString(), QStringLiteral("ok"));
}

void TestRedisRateLimiting::healthAsksRedisBeforeAnyRequest()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const QString deadUrl = QStringLiteral("redis://127.0.0.1:%1/0").arg(probe.serverPort());
    probe.close(); // nothing listens there now
    ValidatorHarness validator(m_db->database(), redisConfig(deadUrl));
    // No rate-limit check has run yet: /health still knows.
    const QJsonObject dead = health(validator.port());
    QCOMPARE(dead.value(QStringLiteral("redis")).toString(), QStringLiteral("degraded"));
    QCOMPARE(dead.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    ValidatorHarness healthy(m_db->database(), redisConfig(m_sharedRedis));
    QCOMPARE(health(healthy.port()).value(QStringLiteral("redis")).toString(), QStringLiteral("ok"));
}

void TestRedisRateLimiting::failureModesOpenAndClosed()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const QString deadUrl = QStringLiteral("redis://127.0.0.1:%1/0").arg(probe.serverPort());
    probe.close(); // nothing listens there now
    const CreatedKey key = makeKey(1);
    const QByteArray auth = bearer(key.fullKey);
    {
        ValidatorHarness closed(m_db->database(), redisConfig(deadUrl, RateLimitFailureMode::Closed));
        const HttpAnswer answer = RawHttp::request(closed.port(), "GET", "/v1/verify", {auth});
        QCOMPARE(answer.status, 503);
        QCOMPARE(errorCode(answer), QStringLiteral("unavailable"));
        QCOMPARE(health(closed.port()).value(QStringLiteral("rate_limit_failure_mode")).toString(),
                 QStringLiteral("closed"));
    }
    {
        ValidatorHarness open(m_db->database(), redisConfig(deadUrl, RateLimitFailureMode::Open));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(RawHttp::request(open.port(), "GET", "/v1/verify", {auth}).status, 200);
        QCOMPARE(health(open.port()).value(QStringLiteral("rate_limiter")).toString(), QStringLiteral("fallback:open"));
    }
}

void TestRedisRateLimiting::scopeRefusalsReportWithoutCounting()
{
    const CreatedKey key = makeKey(100); // for its organization; this key grants "*"
    ValidatorHarness validator(m_db->database(), redisConfig(m_sharedRedis));
    ApiKeyService keys(m_db->database());
    CreateKeyRequest request;
    request.organizationId = key.key.organizationId;
    request.name = QStringLiteral("narrow");
    request.scopes = {QStringLiteral("read")};
    request.customRateLimit = 100;
    const CreatedKey narrow = keys.createKey(request, QStringLiteral("test")).value();
    const QByteArray narrowAuth = bearer(narrow.fullKey);
    HttpAnswer answer
        = RawHttp::request(validator.port(), "GET", "/v1/verify", {narrowAuth, "X-Required-Scope: agents:run"});
    QCOMPARE(answer.status, 403);
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("100"));
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {narrowAuth}).header("X-RateLimit-Remaining"),
             QByteArray("99"));
    answer = RawHttp::request(validator.port(), "GET", "/v1/verify", {narrowAuth, "X-Required-Scope: agents:run"});
    QCOMPARE(answer.status, 403);
    QCOMPARE(answer.header("X-RateLimit-Remaining"), QByteArray("99"));
}

QTEST_GUILESS_MAIN(TestRedisRateLimiting)
#include "TestRedisRateLimiting.moc"
