// Benchmarks of the core's hot operations. Prints per-call medians and p99 beside the
// targets of issue #2; asserts nothing (machines are shared and noisy).
//   keywarden_bench_core [--pg postgresql://...] [--redis redis://...] [--iterations N] [--usage-batches N]
#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"
#include "ApiKeyService.h"
#include "Database.h"
#include "DefaultDataSeeder.h"
#include "InMemoryRateLimiter.h"
#include "InputRules.h"
#include "KeyCache.h"
#include "MigrationRunner.h"
#include "OrganizationService.h"
#include "QuotaTracker.h"
#include "RedisRateLimiter.h"
#include "RequestAuthenticator.h"
#include "UsageRecorder.h"
#include "UsageRepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUuid>

#include <algorithm>
#include <array>
#include <vector>

namespace {

struct Stats
{
    double medianUs = 0;
    double p99Us = 0;
};

template <typename F>
Stats measure(int iterations, F&& body)
{
    std::vector<qint64> samples;
    samples.reserve(size_t(iterations));
    QElapsedTimer timer;
    for (int i = 0; i < iterations; ++i) {
        timer.start();
        body(i);
        samples.push_back(timer.nsecsElapsed());
    }
    std::sort(samples.begin(), samples.end());
    return {samples[samples.size() / 2] / 1000.0,
            samples[std::min(samples.size() - 1, samples.size() * 99 / 100)] / 1000.0};
}

void report(QTextStream& out, const QString& name, const Stats& s, double targetUs)
{
    out << QStringLiteral("%1  median %2 us  p99 %3 us  target < %4 us  ratio %5  %6\n")
               .arg(name.leftJustified(34))
               .arg(s.medianUs, 9, 'f', 2)
               .arg(s.p99Us, 9, 'f', 2)
               .arg(targetUs, 7, 'f', 1)
               .arg(s.medianUs / targetUs, 5, 'f', 2)
               .arg(s.medianUs < targetUs ? QStringLiteral("ok") : QStringLiteral("SLOWER"));
    out.flush();
}

bool benchValidate(
    QTextStream& out, const QString& label, const DatabaseUrl& url, int iterations, int usageBatches, double targetUs)
{
    Database database(url);
    MigrationRunner runner(database);
    if (auto applied = runner.upgrade(); !applied) {
        out << label << ": cannot prepare the database: " << applied.error().message << '\n';
        return false;
    }
    OrganizationService organizations(database);
    CreateOrganizationRequest request;
    request.name = QStringLiteral("Bench");
    request.slug = QStringLiteral("bench-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    request.email = QStringLiteral("bench@example.com");
    request.plan = Plan::Enterprise;
    auto org = organizations.create(request, QStringLiteral("bench"));
    if (!org) {
        out << label << ": " << org.error().message << '\n';
        return false;
    }
    ApiKeyService keys(database);
    keys.setAuditInvalidAttempts(false);
    QStringList fullKeys;
    QList<QUuid> keyIds;
    for (int i = 0; i < 20; ++i) {
        CreateKeyRequest key;
        key.organizationId = org->id;
        key.name = QStringLiteral("bench %1").arg(i);
        key.scopes = {QStringLiteral("*")};
        auto created = keys.createKey(key, QStringLiteral("bench"));
        if (!created) {
            out << label << ": " << created.error().message << '\n';
            return false;
        }
        fullKeys << created->fullKey;
        keyIds << created->key.id;
    }
    // Warm the prepared statement and the page cache first.
    for (const QString& key : fullKeys)
        (void)keys.validate(key);
    bool allValid = true;
    const Stats s
        = measure(iterations, [&](int i) { allValid = keys.validate(fullKeys[i % fullKeys.size()]).ok() && allValid; });
    report(out, QStringLiteral("validate() via %1").arg(label), s, targetUs);
    if (!allValid)
        out << "  (some validations failed!)\n";

    // The validator's warm path: header -> format -> digest -> cache hit -> scope ->
    // in-memory rate limit -> quota. No database access once the key is cached.
    OrganizationUpdate unlimited;
    unlimited.rateLimitPerMinute = InputRules::MaxRateLimit;
    unlimited.monthlyRequestLimit = InputRules::MaxMonthlyLimit;
    (void)organizations.update(org->id, unlimited, QStringLiteral("bench"));
    RuntimeConfig config;
    KeyCache cache;
    InMemoryRateLimiter limiter;
    QuotaTracker quota(database);
    RequestAuthenticator authenticator(database, cache, limiter, quota, config);
    QList<QByteArray> headers;
    for (const QString& key : fullKeys)
        headers << QByteArrayLiteral("Bearer ") + key.toLatin1();
    bool warmOk = true;
    for (const QByteArray& header : headers)
        warmOk = authenticator.authenticate(header, "agents:run", QDateTime::currentMSecsSinceEpoch()).ok && warmOk;
    const Stats warm = measure(iterations, [&](int i) {
        warmOk
            = authenticator.authenticate(headers[i % headers.size()], "agents:run", QDateTime::currentMSecsSinceEpoch())
                  .ok
            && warmOk;
    });
    report(out, QStringLiteral("warm authenticate (cache hit), %1").arg(label), warm, 5);
    if (!warmOk)
        out << "  (some warm authentications failed!)\n";

    // The usage writer's cost per admitted request: a batch as the recorder writes it (raw
    // rows, both rollups, the key counters; its size the engine's, 1,000 or 5,000 rows),
    // divided by its rows. It runs off the request path but shares the cores with the
    // serving threads.
    // Once with one key (one row in each rollup), once spread over the 20 keys and three
    // status classes (83 rollup and counter rows).
    const int rowsPerBatch = UsageRecorder::defaultMaxBatch(url.engine);
    UsageRepository usage(database);
    bool usageOk = true;
    for (const bool spread : {false, true}) {
        QList<UsageRecord> batch;
        for (int i = 0; i < rowsPerBatch; ++i) {
            UsageRecord r;
            r.apiKeyId = spread ? keyIds.at(i % keyIds.size()) : keyIds.last();
            r.organizationId = org->id;
            r.timestamp = QDateTime::currentDateTimeUtc();
            r.endpoint = QStringLiteral("/v1/verify");
            r.method = QStringLiteral("GET");
            r.statusCode = spread ? std::array{200, 401, 500}.at(size_t(i % 7 % 3)) : 200;
            r.responseTimeMs = 0.05;
            r.ipAddress = QStringLiteral("127.0.0.1");
            r.userAgent = QStringLiteral("wrk");
            batch << r;
        }
        const Stats perBatch = measure(usageBatches, [&](int) { usageOk = usage.recordBatch(batch).ok() && usageOk; });
        report(out,
               QStringLiteral("usage write per row, %1%2").arg(label, spread ? QStringLiteral(", 20 keys") : QString()),
               Stats{perBatch.medianUs / batch.size(), perBatch.p99Us / batch.size()}, 10);
    }
    if (!usageOk)
        out << "  (some usage batches failed!)\n";
    return allValid && warmOk && usageOk;
}

} // namespace

// The rate-limit check against a real Redis (one round trip on loopback): the window alone
// (check) and the window with the organization's monthly quota (admit, what the validator
// runs per request). Goal: under 0.2 ms.
bool benchRedis(QTextStream& out, const QString& url, int iterations)
{
    const auto redis = RedisUrl::parse(url);
    if (!redis) {
        out << "bad --redis URL: " << redis.error().message << '\n';
        return false;
    }
    RedisRateLimiter limiter(redis.value(), RateLimitFailureMode::Closed);
    limiter.probe();
    if (limiter.isDegraded()) {
        out << "Redis rate-limit check: Redis at " << url << " does not answer\n";
        return false;
    }
    const QUuid keyId = QUuid::createUuid();
    const QUuid organizationId = QUuid::createUuid();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool allAllowed = true;
    report(out, QStringLiteral("Redis rate-limit check"),
           measure(iterations, [&](int) { allAllowed = limiter.check(keyId, 1000000000, now).allowed && allAllowed; }),
           200);
    const RedisRateLimiter::QuotaCounter counter{
        QuotaTracker::redisKey(organizationId, UtcMonth::containing(QDateTime::currentMSecsSinceEpoch())), 0, [] {
            return qint64(0);
        }};
    report(out, QStringLiteral("Redis window + quota (admit)"),
           measure(iterations,
                   [&](int) {
                       const auto admission = limiter.admit(keyId, 1000000000, counter);
                       allAllowed = admission && admission->rate.allowed && allAllowed;
                   }),
           200);
    if (!allAllowed)
        out << "  (some Redis checks did not admit: the numbers above include failures)\n";
    return allAllowed;
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.info=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("pg"), QStringLiteral("PostgreSQL URL (default: $KEYWARDEN_TEST_PG_URL)."),
                      QStringLiteral("URL")});
    parser.addOption({QStringLiteral("redis"), QStringLiteral("Redis URL (default: $KEYWARDEN_TEST_REDIS_URL)."),
                      QStringLiteral("URL")});
    parser.addOption(
        {QStringLiteral("iterations"), QStringLiteral("Calls per measurement (default 20000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("usage-batches"),
                      QStringLiteral("usage batches to write (default iterations / 1000, at least 5)."),
                      QStringLiteral("N")});
    parser.process(app);
    const int iterations
        = parser.isSet(QStringLiteral("iterations")) ? parser.value(QStringLiteral("iterations")).toInt() : 20000;
    const int usageBatches = parser.isSet(QStringLiteral("usage-batches"))
        ? parser.value(QStringLiteral("usage-batches")).toInt()
        : qMax(5, iterations / 1000);
    QTextStream out(stdout);

    out << "KeyWarden core benchmark (" << iterations << " calls each)\n";
    const QString liveKey = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    const QByteArray liveBytes = liveKey.toLatin1();

    report(out, QStringLiteral("key generation"),
           measure(iterations, [](int) { (void)ApiKeyGenerator::generate(KeyEnvironment::Live); }), 20);
    report(out, QStringLiteral("format check (bytes)"),
           measure(iterations, [&](int) { (void)ApiKeyFormat::check(QByteArrayView(liveBytes)); }), 1);
    char hex[ApiKeyHasher::HexLength];
    report(out, QStringLiteral("SHA-256 hash (into a buffer)"),
           measure(iterations, [&](int) { ApiKeyHasher::hashInto(liveBytes, hex); }), 1.5);
    report(out, QStringLiteral("format check + hash"),
           measure(iterations,
                   [&](int) {
                       if (ApiKeyFormat::check(QByteArrayView(liveBytes)) == KeyFormatError::None)
                           ApiKeyHasher::hashInto(liveBytes, hex);
                   }),
           2);

    bool ok = true;
    QTemporaryDir dir;
    ok = benchValidate(
             out, QStringLiteral("SQLite"),
             DatabaseUrl::parse(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("bench.db"))).value(),
             iterations, usageBatches, 100)
        && ok;
    const QString pg = parser.isSet(QStringLiteral("pg")) ? parser.value(QStringLiteral("pg"))
                                                          : qEnvironmentVariable("KEYWARDEN_TEST_PG_URL");
    if (pg.isEmpty()) {
        out << "validate() via PostgreSQL: skipped (pass --pg URL or run bench/run.sh, which starts one)\n";
    } else if (auto url = DatabaseUrl::parse(pg)) {
        ok = benchValidate(out, QStringLiteral("PostgreSQL"), url.value(), iterations, usageBatches, 500) && ok;
    } else {
        out << "bad --pg URL: " << url.error().message << '\n';
        ok = false;
    }
    const QString redis = parser.isSet(QStringLiteral("redis")) ? parser.value(QStringLiteral("redis"))
                                                                : qEnvironmentVariable("KEYWARDEN_TEST_REDIS_URL");
    if (redis.isEmpty())
        out << "Redis rate-limit check: skipped (pass --redis URL or run bench/run.sh, which starts one)\n";
    else
        ok = benchRedis(out, redis, iterations) && ok;
    return ok ? 0 : 1;
}
