#include "ApiKeyGenerator.h"
#include "RuntimeConfig.h"

#include <QTest>

namespace {
QProcessEnvironment environmentWith(std::initializer_list<std::pair<const char*, QString>> variables)
{
    QProcessEnvironment environment;
    for (const auto& [name, value] : variables)
        environment.insert(QString::fromLatin1(name), value);
    return environment;
}

bool boolField(const RuntimeConfig& config, const QString& name)
{
    if (name == QLatin1String("ENABLE_API_KEY_AUTH"))
        return config.enableApiKeyAuth;
    if (name == QLatin1String("ALLOW_UNAUTHENTICATED"))
        return config.allowUnauthenticated;
    if (name == QLatin1String("ENABLE_USAGE_TRACKING"))
        return config.enableUsageTracking;
    if (name == QLatin1String("ENABLE_COST_CALCULATION"))
        return config.enableCostCalculation;
    qFatal("unknown variable %s", qPrintable(name));
}
} // namespace

class TestRuntimeConfig : public QObject
{
    Q_OBJECT

private slots:
    void rateLimitBackend();
    void defaultsFromAnEmptyEnvironment();
    void emptyValuesMeanDefaults();
    void booleans_data();
    void booleans();
    void badBooleansNameTheVariable_data();
    void badBooleansNameTheVariable();
    void defaultRateLimit_data();
    void defaultRateLimit();
    void databaseUrlIsPassedThrough();
    void redisSettings_data();
    void redisSettings();
    void adminApiKey();
    void badAdminApiKeys_data();
    void badAdminApiKeys();
    void failureMode_data();
    void failureMode();
    void badValuesAreErrors_data();
    void badValuesAreErrors();
    void parseBool_data();
    void parseBool();
    void failureModeText();
    void variableNamesListSpec();
    void redisUrlParse_data();
    void redisUrlParse();
    void redisUrlRefuses_data();
    void redisUrlRefuses();
    void redisUrlRedacted();
};

void TestRuntimeConfig::defaultsFromAnEmptyEnvironment()
{
    auto config = RuntimeConfig::fromEnvironment(QProcessEnvironment());
    QVERIFY(config.ok());
    QVERIFY(config->databaseUrl.isEmpty());
    QCOMPARE(config->enableApiKeyAuth, true);
    QCOMPARE(config->allowUnauthenticated, false);
    QCOMPARE(config->defaultRateLimit, 60);
    QVERIFY(config->redisUrl.isEmpty());
    QCOMPARE(config->useRedisRateLimit, false);
    QVERIFY(config->adminApiKey.isEmpty());
    QCOMPARE(config->enableUsageTracking, true);
    QCOMPARE(config->enableCostCalculation, true);
    QCOMPARE(config->rateLimitFailureMode, RateLimitFailureMode::Local);
}

void TestRuntimeConfig::emptyValuesMeanDefaults()
{
    QProcessEnvironment environment;
    for (const QString& name : RuntimeConfig::variableNames())
        environment.insert(name, QString());
    auto config = RuntimeConfig::fromEnvironment(environment);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->enableApiKeyAuth, true);
    QCOMPARE(config->allowUnauthenticated, false);
    QCOMPARE(config->defaultRateLimit, 60);
    QCOMPARE(config->useRedisRateLimit, false);
    QCOMPARE(config->enableUsageTracking, true);
    QCOMPARE(config->enableCostCalculation, true);
    QCOMPARE(config->rateLimitFailureMode, RateLimitFailureMode::Local);
}

void TestRuntimeConfig::booleans_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("expected");
    for (const char* name :
         {"ENABLE_API_KEY_AUTH", "ALLOW_UNAUTHENTICATED", "ENABLE_USAGE_TRACKING", "ENABLE_COST_CALCULATION"}) {
        const QString variable = QString::fromLatin1(name);
        for (const auto& [value, expected] : {std::pair<const char*, bool>{"true", true},
                                              {"TRUE", true},
                                              {"1", true},
                                              {"yes", true},
                                              {"on", true},
                                              {" True ", true},
                                              {"false", false},
                                              {"False", false},
                                              {"0", false},
                                              {"no", false},
                                              {"OFF", false}}) {
            QTest::addRow("%s=%s", name, value) << variable << QString::fromLatin1(value) << expected;
        }
    }
}

void TestRuntimeConfig::booleans()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(bool, expected);
    QProcessEnvironment environment;
    environment.insert(name, value);
    auto config = RuntimeConfig::fromEnvironment(environment);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(boolField(config.value(), name), expected);
    // The other switches keep their defaults.
    RuntimeConfig defaults;
    for (const char* other :
         {"ENABLE_API_KEY_AUTH", "ALLOW_UNAUTHENTICATED", "ENABLE_USAGE_TRACKING", "ENABLE_COST_CALCULATION"}) {
        const QString otherName = QString::fromLatin1(other);
        if (otherName != name)
            QCOMPARE(boolField(config.value(), otherName), boolField(defaults, otherName));
    }
}

void TestRuntimeConfig::badBooleansNameTheVariable_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    for (const char* name : {"ENABLE_API_KEY_AUTH", "ALLOW_UNAUTHENTICATED", "ENABLE_USAGE_TRACKING",
                             "ENABLE_COST_CALCULATION", "USE_REDIS_RATE_LIMIT"}) {
        for (const char* value : {"maybe", "2", "tru", "y", "enabled"})
            QTest::addRow("%s=%s", name, value) << QString::fromLatin1(name) << QString::fromLatin1(value);
    }
}

void TestRuntimeConfig::badBooleansNameTheVariable()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QProcessEnvironment environment;
    environment.insert(name, value);
    if (name == QLatin1String("USE_REDIS_RATE_LIMIT"))
        environment.insert(QStringLiteral("REDIS_URL"), QStringLiteral("redis://localhost:6379/0"));
    auto config = RuntimeConfig::fromEnvironment(environment);
    QVERIFY(!config.ok());
    QCOMPARE(config.code(), ErrorCode::InvalidInput);
    QVERIFY2(config.error().message.contains(name), qPrintable(config.error().message));
    QVERIFY2(config.error().message.contains(value), qPrintable(config.error().message));
}

void TestRuntimeConfig::defaultRateLimit_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected"); // 0: an error
    QTest::newRow("120") << QStringLiteral("120") << 120;
    QTest::newRow("1") << QStringLiteral("1") << 1;
    QTest::newRow("1000000") << QStringLiteral("1000000") << 1000000;
    QTest::newRow("padded") << QStringLiteral(" 75 ") << 75;
    QTest::newRow("abc") << QStringLiteral("abc") << 0;
    QTest::newRow("0") << QStringLiteral("0") << 0;
    QTest::newRow("-5") << QStringLiteral("-5") << 0;
    QTest::newRow("1000001") << QStringLiteral("1000001") << 0;
    QTest::newRow("12.5") << QStringLiteral("12.5") << 0;
    QTest::newRow("60rpm") << QStringLiteral("60rpm") << 0;
    QTest::newRow("overflow") << QStringLiteral("99999999999999999999") << 0;
}

void TestRuntimeConfig::defaultRateLimit()
{
    QFETCH(QString, value);
    QFETCH(int, expected);
    auto config = RuntimeConfig::fromEnvironment(environmentWith({{"DEFAULT_RATE_LIMIT", value}}));
    if (expected == 0) {
        QVERIFY(!config.ok());
        QCOMPARE(config.code(), ErrorCode::InvalidInput);
        QVERIFY2(config.error().message.contains(QStringLiteral("DEFAULT_RATE_LIMIT")),
                 qPrintable(config.error().message));
        QVERIFY(config.error().message.contains(value.left(40)));
    } else {
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
        QCOMPARE(config->defaultRateLimit, expected);
    }
}

void TestRuntimeConfig::databaseUrlIsPassedThrough()
{
    auto config = RuntimeConfig::fromEnvironment(
        environmentWith({{"DATABASE_URL", QStringLiteral("postgresql://kw@db/keywarden")}}));
    QVERIFY(config.ok());
    QCOMPARE(config->databaseUrl, QStringLiteral("postgresql://kw@db/keywarden"));
}

void TestRuntimeConfig::redisSettings_data()
{
    QTest::addColumn<QString>("redisUrl");
    QTest::addColumn<QString>("useRedis");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("expectedUse");
    QTest::newRow("no redis") << QString() << QString() << true << false;
    QTest::newRow("url alone turns it on") << QStringLiteral("redis://localhost:6379/0") << QString() << true << true;
    QTest::newRow("url, explicitly on") << QStringLiteral("redis://cache:6380/1") << QStringLiteral("true") << true
                                        << true;
    QTest::newRow("url, explicitly off") << QStringLiteral("redis://cache") << QStringLiteral("false") << true << false;
    QTest::newRow("off without url") << QString() << QStringLiteral("false") << true << false;
    QTest::newRow("on without url") << QString() << QStringLiteral("true") << false << false;
    QTest::newRow("http url") << QStringLiteral("http://x") << QString() << false << false;
    QTest::newRow("rediss url") << QStringLiteral("rediss://cache:6380") << QString() << false << false;
    QTest::newRow("bad redis database") << QStringLiteral("redis://cache/99") << QString() << false << false;
}

void TestRuntimeConfig::redisSettings()
{
    QFETCH(QString, redisUrl);
    QFETCH(QString, useRedis);
    QFETCH(bool, ok);
    QFETCH(bool, expectedUse);
    QProcessEnvironment environment;
    if (!redisUrl.isEmpty())
        environment.insert(QStringLiteral("REDIS_URL"), redisUrl);
    if (!useRedis.isEmpty())
        environment.insert(QStringLiteral("USE_REDIS_RATE_LIMIT"), useRedis);
    auto config = RuntimeConfig::fromEnvironment(environment);
    QCOMPARE(config.ok(), ok);
    if (ok) {
        QCOMPARE(config->redisUrl, redisUrl);
        QCOMPARE(config->useRedisRateLimit, expectedUse);
    } else {
        QCOMPARE(config.code(), ErrorCode::InvalidInput);
        const QString message = config.error().message;
        QVERIFY2(
            message.contains(redisUrl.isEmpty() ? QStringLiteral("USE_REDIS_RATE_LIMIT") : QStringLiteral("REDIS_URL")),
            qPrintable(message));
        if (redisUrl.isEmpty())
            QVERIFY2(message.contains(QStringLiteral("REDIS_URL")), qPrintable(message));
    }
}

void TestRuntimeConfig::adminApiKey()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    auto config = RuntimeConfig::fromEnvironment(environmentWith({{"ADMIN_API_KEY", key}}));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->adminApiKey, key);
    // Surrounding whitespace (an editor's newline in an env file) is dropped.
    config = RuntimeConfig::fromEnvironment(environmentWith({{"ADMIN_API_KEY", QStringLiteral(" ") + key + u'\n'}}));
    QVERIFY(config.ok());
    QCOMPARE(config->adminApiKey, key);
}

void TestRuntimeConfig::badAdminApiKeys_data()
{
    const QString admin = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    QString nearMiss = admin;
    nearMiss[20] = nearMiss[20] == u'A' ? u'B' : u'A';
    QTest::addColumn<QString>("value");
    QTest::newRow("not a key") << QStringLiteral("letmein-please-this-is-my-admin-password");
    QTest::newRow("truncated") << admin.chopped(3);
    QTest::newRow("one character changed") << nearMiss;
    QTest::newRow("live key") << ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QTest::newRow("test key") << ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
}

void TestRuntimeConfig::badAdminApiKeys()
{
    QFETCH(QString, value);
    auto config = RuntimeConfig::fromEnvironment(environmentWith({{"ADMIN_API_KEY", value}}));
    QVERIFY(!config.ok());
    QCOMPARE(config.code(), ErrorCode::InvalidInput);
    const QString message = config.error().message;
    QVERIFY2(message.contains(QStringLiteral("ADMIN_API_KEY")), qPrintable(message));
    // The (would-be) secret itself is never echoed.
    QVERIFY2(!message.contains(value.mid(12, 20)), qPrintable(message));
}

void TestRuntimeConfig::failureMode_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<RateLimitFailureMode>("expected");
    QTest::newRow("local") << QStringLiteral("local") << RateLimitFailureMode::Local;
    QTest::newRow("open") << QStringLiteral("open") << RateLimitFailureMode::Open;
    QTest::newRow("closed") << QStringLiteral("closed") << RateLimitFailureMode::Closed;
    QTest::newRow("upper case") << QStringLiteral("CLOSED") << RateLimitFailureMode::Closed;
    QTest::newRow("padded") << QStringLiteral(" open ") << RateLimitFailureMode::Open;
}

void TestRuntimeConfig::failureMode()
{
    QFETCH(QString, value);
    QFETCH(RateLimitFailureMode, expected);
    auto config = RuntimeConfig::fromEnvironment(environmentWith({{"RATE_LIMIT_FAILURE_MODE", value}}));
    QVERIFY(config.ok());
    QCOMPARE(config->rateLimitFailureMode, expected);
}

void TestRuntimeConfig::badValuesAreErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::newRow("ENABLE_API_KEY_AUTH=maybe") << QStringLiteral("ENABLE_API_KEY_AUTH") << QStringLiteral("maybe");
    QTest::newRow("DEFAULT_RATE_LIMIT=abc") << QStringLiteral("DEFAULT_RATE_LIMIT") << QStringLiteral("abc");
    QTest::newRow("DEFAULT_RATE_LIMIT=0") << QStringLiteral("DEFAULT_RATE_LIMIT") << QStringLiteral("0");
    QTest::newRow("DEFAULT_RATE_LIMIT=-5") << QStringLiteral("DEFAULT_RATE_LIMIT") << QStringLiteral("-5");
    QTest::newRow("REDIS_URL=http://x") << QStringLiteral("REDIS_URL") << QStringLiteral("http://x");
    QTest::newRow("USE_REDIS_RATE_LIMIT=true") << QStringLiteral("USE_REDIS_RATE_LIMIT") << QStringLiteral("true");
    QTest::newRow("ADMIN_API_KEY=malformed") << QStringLiteral("ADMIN_API_KEY") << QStringLiteral("pk_admin_short");
    QTest::newRow("ADMIN_API_KEY=pk_live_")
        << QStringLiteral("ADMIN_API_KEY") << ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QTest::newRow("RATE_LIMIT_FAILURE_MODE=sideways")
        << QStringLiteral("RATE_LIMIT_FAILURE_MODE") << QStringLiteral("sideways");
}

void TestRuntimeConfig::badValuesAreErrors()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QProcessEnvironment environment;
    environment.insert(name, value);
    auto config = RuntimeConfig::fromEnvironment(environment);
    QVERIFY(!config.ok());
    QCOMPARE(config.code(), ErrorCode::InvalidInput);
    QVERIFY2(config.error().message.contains(name), qPrintable(config.error().message));
}

void TestRuntimeConfig::parseBool_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected"); // 1 true, 0 false, -1 error
    QTest::newRow("true") << QStringLiteral("true") << 1;
    QTest::newRow("Yes") << QStringLiteral("Yes") << 1;
    QTest::newRow("ON") << QStringLiteral("ON") << 1;
    QTest::newRow("1") << QStringLiteral("1") << 1;
    QTest::newRow("false") << QStringLiteral("false") << 0;
    QTest::newRow("No") << QStringLiteral("No") << 0;
    QTest::newRow("off") << QStringLiteral("off") << 0;
    QTest::newRow("0") << QStringLiteral("0") << 0;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("maybe") << QStringLiteral("maybe") << -1;
    QTest::newRow("-1") << QStringLiteral("-1") << -1;
    QTest::newRow("true!") << QStringLiteral("true!") << -1;
}

void TestRuntimeConfig::parseBool()
{
    QFETCH(QString, value);
    QFETCH(int, expected);
    auto parsed = RuntimeConfig::parseBool(QStringLiteral("SOME_SWITCH"), value);
    if (expected < 0) {
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.code(), ErrorCode::InvalidInput);
        QVERIFY(parsed.error().message.contains(QStringLiteral("SOME_SWITCH")));
    } else {
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value(), expected == 1);
    }
}

void TestRuntimeConfig::failureModeText()
{
    QCOMPARE(RuntimeConfig::failureModeText(RateLimitFailureMode::Local), QStringLiteral("local"));
    QCOMPARE(RuntimeConfig::failureModeText(RateLimitFailureMode::Open), QStringLiteral("open"));
    QCOMPARE(RuntimeConfig::failureModeText(RateLimitFailureMode::Closed), QStringLiteral("closed"));
}

void TestRuntimeConfig::variableNamesListSpec()
{
    const QStringList names = RuntimeConfig::variableNames();
    const QStringList spec{QStringLiteral("DATABASE_URL"),
                           QStringLiteral("ENABLE_API_KEY_AUTH"),
                           QStringLiteral("ALLOW_UNAUTHENTICATED"),
                           QStringLiteral("DEFAULT_RATE_LIMIT"),
                           QStringLiteral("REDIS_URL"),
                           QStringLiteral("USE_REDIS_RATE_LIMIT"),
                           QStringLiteral("ADMIN_API_KEY"),
                           QStringLiteral("ENABLE_USAGE_TRACKING"),
                           QStringLiteral("ENABLE_COST_CALCULATION"),
                           QStringLiteral("RATE_LIMIT_FAILURE_MODE")};
    for (const QString& name : spec)
        QVERIFY2(names.contains(name), qPrintable(name));
    QCOMPARE(names.size(), spec.size());
}

void TestRuntimeConfig::redisUrlParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("database");
    QTest::addColumn<QString>("password");
    QTest::newRow("host only") << QStringLiteral("redis://localhost") << QStringLiteral("localhost") << 6379 << 0
                               << QString();
    QTest::newRow("host and port") << QStringLiteral("redis://cache.internal:6380") << QStringLiteral("cache.internal")
                                   << 6380 << 0 << QString();
    QTest::newRow("database") << QStringLiteral("redis://10.0.0.5:6379/15") << QStringLiteral("10.0.0.5") << 6379 << 15
                              << QString();
    QTest::newRow("trailing slash") << QStringLiteral("redis://cache/") << QStringLiteral("cache") << 6379 << 0
                                    << QString();
    QTest::newRow("password") << QStringLiteral("redis://:s3cr%40t@cache:6390/2") << QStringLiteral("cache") << 6390
                              << 2 << QStringLiteral("s3cr@t");
}

void TestRuntimeConfig::redisUrlParse()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, database);
    QFETCH(QString, password);
    auto url = RedisUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
    QCOMPARE(url->host, host);
    QCOMPARE(url->port, port);
    QCOMPARE(url->database, database);
    QCOMPARE(url->password, password);
}

void TestRuntimeConfig::redisUrlRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("http") << QStringLiteral("http://x");
    QTest::newRow("rediss") << QStringLiteral("rediss://cache:6380");
    QTest::newRow("no scheme") << QStringLiteral("cache:6379");
    QTest::newRow("no host") << QStringLiteral("redis://");
    QTest::newRow("port zero") << QStringLiteral("redis://cache:0");
    QTest::newRow("port too large") << QStringLiteral("redis://cache:70000");
    QTest::newRow("database 16") << QStringLiteral("redis://cache/16");
    QTest::newRow("database negative") << QStringLiteral("redis://cache/-1");
    QTest::newRow("database not a number") << QStringLiteral("redis://cache/zero");
}

void TestRuntimeConfig::redisUrlRefuses()
{
    QFETCH(QString, text);
    auto url = RedisUrl::parse(text);
    QVERIFY(!url.ok());
    QCOMPARE(url.code(), ErrorCode::InvalidInput);
    QVERIFY2(url.error().message.contains(QStringLiteral("REDIS_URL")), qPrintable(url.error().message));
}

void TestRuntimeConfig::redisUrlRedacted()
{
    auto plain = RedisUrl::parse(QStringLiteral("redis://cache:6380/3"));
    QVERIFY(plain.ok());
    QCOMPARE(plain->redacted(), QStringLiteral("redis://cache:6380/3"));

    auto secret = RedisUrl::parse(QStringLiteral("redis://:TopSecretRedisPw@cache:6390/2"));
    QVERIFY(secret.ok());
    QCOMPARE(secret->password, QStringLiteral("TopSecretRedisPw"));
    QCOMPARE(secret->redacted(), QStringLiteral("redis://:***@cache:6390/2"));
    QVERIFY(!secret->redacted().contains(QStringLiteral("TopSecretRedisPw")));
    // The redacted form still parses to the same server.
    auto again = RedisUrl::parse(secret->redacted());
    QVERIFY(again.ok());
    QCOMPARE(again->host, secret->host);
    QCOMPARE(again->port, secret->port);
    QCOMPARE(again->database, secret->database);

    // An error about a URL with a password does not repeat the password.
    auto bad = RuntimeConfig::fromEnvironment(
        environmentWith({{"REDIS_URL", QStringLiteral("redis://:TopSecretRedisPw@cache/99")}}));
    QVERIFY(!bad.ok());
    QVERIFY(!bad.error().message.contains(QStringLiteral("TopSecretRedisPw")));
}

void TestRuntimeConfig::rateLimitBackend()
{
    auto config = RuntimeConfig::fromEnvironment(environmentWith({}));
    QVERIFY(config.ok());
    QCOMPARE(config->rateLimitBackend, RateLimitBackend::Memory);
    config
        = RuntimeConfig::fromEnvironment(environmentWith({{"REDIS_URL", QStringLiteral("redis://127.0.0.1:6379/0")}}));
    QCOMPARE(config->rateLimitBackend, RateLimitBackend::Redis);
    config = RuntimeConfig::fromEnvironment(environmentWith({{"RATE_LIMIT_BACKEND", QStringLiteral("sql")}}));
    QCOMPARE(config->rateLimitBackend, RateLimitBackend::Sql);
    config = RuntimeConfig::fromEnvironment(environmentWith(
        {{"RATE_LIMIT_BACKEND", QStringLiteral("SQL")}, {"REDIS_URL", QStringLiteral("redis://h:1/0")}}));
    QCOMPARE(config->rateLimitBackend, RateLimitBackend::Sql);
    QCOMPARE(config->useRedisRateLimit, false);
    config = RuntimeConfig::fromEnvironment(environmentWith({{"RATE_LIMIT_BACKEND", QStringLiteral("redis")}}));
    QVERIFY(!config.ok());
    QVERIFY(config.error().message.contains(QStringLiteral("REDIS_URL")));
    config
        = RuntimeConfig::fromEnvironment(environmentWith({{"RATE_LIMIT_BACKEND", QStringLiteral("carrier-pigeon")}}));
    QVERIFY(!config.ok());
    QVERIFY(config.error().message.contains(QStringLiteral("RATE_LIMIT_BACKEND")));
}

QTEST_GUILESS_MAIN(TestRuntimeConfig)
#include "TestRuntimeConfig.moc"
