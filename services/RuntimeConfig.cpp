#include "RuntimeConfig.h"

#include "ApiKeyFormat.h"

#include <QCoreApplication>
#include <QUrl>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("RuntimeConfig", text);
}
Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}
} // namespace

Result<bool> RuntimeConfig::parseBool(const QString& name, const QString& rawValue)
{
    const QString value = rawValue.trimmed().toLower();
    if (value == QLatin1String("true") || value == QLatin1String("1") || value == QLatin1String("yes")
        || value == QLatin1String("on"))
        return true;
    if (value == QLatin1String("false") || value == QLatin1String("0") || value == QLatin1String("no")
        || value == QLatin1String("off"))
        return false;
    return invalid(tr("%1 must be true or false, not \"%2\"").arg(name, rawValue.left(40)));
}

QString RuntimeConfig::failureModeText(RateLimitFailureMode mode)
{
    switch (mode) {
    case RateLimitFailureMode::Local:
        return QStringLiteral("local");
    case RateLimitFailureMode::Open:
        return QStringLiteral("open");
    case RateLimitFailureMode::Closed:
        return QStringLiteral("closed");
    }
    return QString();
}

QString RuntimeConfig::backendText(RateLimitBackend backend)
{
    switch (backend) {
    case RateLimitBackend::Memory:
        return QStringLiteral("memory");
    case RateLimitBackend::Sql:
        return QStringLiteral("sql");
    case RateLimitBackend::Redis:
        return QStringLiteral("redis");
    }
    return QString();
}

QStringList RuntimeConfig::variableNames()
{
    return {QStringLiteral("DATABASE_URL"),
            QStringLiteral("ENABLE_API_KEY_AUTH"),
            QStringLiteral("ALLOW_UNAUTHENTICATED"),
            QStringLiteral("DEFAULT_RATE_LIMIT"),
            QStringLiteral("REDIS_URL"),
            QStringLiteral("USE_REDIS_RATE_LIMIT"),
            QStringLiteral("ADMIN_API_KEY"),
            QStringLiteral("ENABLE_USAGE_TRACKING"),
            QStringLiteral("ENABLE_COST_CALCULATION"),
            QStringLiteral("RATE_LIMIT_FAILURE_MODE")};
}

Result<RuntimeConfig> RuntimeConfig::fromEnvironment(const QProcessEnvironment& env)
{
    RuntimeConfig config;
    config.databaseUrl = env.value(QStringLiteral("DATABASE_URL"));

    const auto readBool = [&env](const char* name, bool& target) -> Status {
        const QString key = QString::fromLatin1(name);
        if (!env.contains(key) || env.value(key).isEmpty())
            return success();
        auto parsed = parseBool(key, env.value(key));
        if (!parsed)
            return parsed.error();
        target = parsed.value();
        return success();
    };
    for (const auto& [name, target] : {std::pair<const char*, bool*>{"ENABLE_API_KEY_AUTH", &config.enableApiKeyAuth},
                                       {"ALLOW_UNAUTHENTICATED", &config.allowUnauthenticated},
                                       {"ENABLE_USAGE_TRACKING", &config.enableUsageTracking},
                                       {"ENABLE_COST_CALCULATION", &config.enableCostCalculation}}) {
        if (Status s = readBool(name, *target); !s)
            return s.error();
    }

    const QString rateLimit = env.value(QStringLiteral("DEFAULT_RATE_LIMIT"));
    if (!rateLimit.isEmpty()) {
        bool ok = false;
        const int value = rateLimit.trimmed().toInt(&ok);
        if (!ok || value < 1 || value > 1000000)
            return invalid(
                tr("DEFAULT_RATE_LIMIT must be a whole number of requests per minute between 1 and 1000000, not \"%1\"")
                    .arg(rateLimit.left(40)));
        config.defaultRateLimit = value;
    }

    config.redisUrl = env.value(QStringLiteral("REDIS_URL")).trimmed();
    if (!config.redisUrl.isEmpty()) {
        if (auto redis = RedisUrl::parse(config.redisUrl); !redis)
            return redis.error();
        config.useRedisRateLimit = true;
    }
    const QString useRedis = env.value(QStringLiteral("USE_REDIS_RATE_LIMIT"));
    if (!useRedis.isEmpty()) {
        auto parsed = parseBool(QStringLiteral("USE_REDIS_RATE_LIMIT"), useRedis);
        if (!parsed)
            return parsed.error();
        if (parsed.value() && config.redisUrl.isEmpty())
            return invalid(tr("USE_REDIS_RATE_LIMIT is true but REDIS_URL is not set"));
        config.useRedisRateLimit = parsed.value();
    }

    config.adminApiKey = env.value(QStringLiteral("ADMIN_API_KEY")).trimmed();
    if (!config.adminApiKey.isEmpty()) {
        KeyEnvironment environment;
        const KeyFormatError error = ApiKeyFormat::check(config.adminApiKey, &environment);
        if (error != KeyFormatError::None)
            return invalid(tr("ADMIN_API_KEY is malformed: %1 (generate one with: keywardenctl admin-key)")
                               .arg(ApiKeyFormat::describe(error)));
        if (environment != KeyEnvironment::Admin)
            return invalid(tr("ADMIN_API_KEY must be an admin key (pk_admin_…), not an organization's key"));
    }

    config.rateLimitBackend = config.useRedisRateLimit ? RateLimitBackend::Redis : RateLimitBackend::Memory;
    const QString backend = env.value(QStringLiteral("RATE_LIMIT_BACKEND")).trimmed().toLower();
    if (backend == QLatin1String("memory")) {
        config.rateLimitBackend = RateLimitBackend::Memory;
        config.useRedisRateLimit = false;
    } else if (backend == QLatin1String("sql")) {
        config.rateLimitBackend = RateLimitBackend::Sql;
        config.useRedisRateLimit = false;
    } else if (backend == QLatin1String("redis")) {
        if (config.redisUrl.isEmpty())
            return invalid(tr("RATE_LIMIT_BACKEND is redis but REDIS_URL is not set"));
        config.rateLimitBackend = RateLimitBackend::Redis;
        config.useRedisRateLimit = true;
    } else if (!backend.isEmpty()) {
        return invalid(tr("RATE_LIMIT_BACKEND must be memory, sql or redis, not \"%1\"")
                           .arg(env.value(QStringLiteral("RATE_LIMIT_BACKEND")).left(40)));
    }

    const QString mode = env.value(QStringLiteral("RATE_LIMIT_FAILURE_MODE")).trimmed().toLower();
    if (mode.isEmpty() || mode == QLatin1String("local"))
        config.rateLimitFailureMode = RateLimitFailureMode::Local;
    else if (mode == QLatin1String("open"))
        config.rateLimitFailureMode = RateLimitFailureMode::Open;
    else if (mode == QLatin1String("closed"))
        config.rateLimitFailureMode = RateLimitFailureMode::Closed;
    else
        return invalid(tr("RATE_LIMIT_FAILURE_MODE must be local, open or closed, not \"%1\"")
                           .arg(env.value(QStringLiteral("RATE_LIMIT_FAILURE_MODE")).left(40)));
    return config;
}

Result<RedisUrl> RedisUrl::parse(const QString& text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("redis"))
        return invalid(tr("REDIS_URL must look like redis://host:6379/0 (rediss:// is not supported)"));
    RedisUrl redis;
    if (url.host().isEmpty())
        return invalid(tr("REDIS_URL has no host"));
    redis.host = url.host();
    redis.port = url.port(6379);
    if (redis.port <= 0 || redis.port > 65535)
        return invalid(tr("REDIS_URL has an invalid port"));
    redis.password = url.password(QUrl::FullyDecoded);
    QString path = url.path();
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        redis.database = path.toInt(&ok);
        if (!ok || redis.database < 0 || redis.database > 15)
            return invalid(tr("REDIS_URL's database must be a number from 0 to 15"));
    }
    return redis;
}

QString RedisUrl::redacted() const
{
    return QStringLiteral("redis://%1%2:%3/%4")
        .arg(password.isEmpty() ? QString() : QStringLiteral(":***@"), host)
        .arg(port)
        .arg(database);
}
