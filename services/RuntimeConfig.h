#pragma once

#include "Result.h"

#include <QProcessEnvironment>
#include <QString>

enum class RateLimitFailureMode { Local, Open, Closed };
enum class RateLimitBackend { Memory, Sql, Redis };

// SPEC's configuration, read from the environment (flags override afterwards). A bad
// value is an error naming the variable, never a silent default.
struct RuntimeConfig
{
    QString databaseUrl; // empty: the embedded default
    bool enableApiKeyAuth = true;
    bool allowUnauthenticated = false;
    int defaultRateLimit = 60;
    QString redisUrl; // empty: no Redis
    bool useRedisRateLimit = false; // defaults to true when REDIS_URL is set
    QString adminApiKey; // empty: the admin API is disabled
    bool enableUsageTracking = true;
    bool enableCostCalculation = true;
    RateLimitFailureMode rateLimitFailureMode = RateLimitFailureMode::Local;
    // RATE_LIMIT_BACKEND (memory, sql, redis); by default redis when Redis is in use, else memory.
    RateLimitBackend rateLimitBackend = RateLimitBackend::Memory;

    static Result<RuntimeConfig> fromEnvironment(const QProcessEnvironment& environment);
    static Result<bool> parseBool(const QString& name, const QString& value);
    static QString failureModeText(RateLimitFailureMode mode);
    static QString backendText(RateLimitBackend backend);
    // Every variable with its default and meaning, as `.env.example` lists them.
    static QStringList variableNames();
};

// A parsed REDIS_URL: redis://[:password@]host[:port][/db]
struct RedisUrl
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 6379;
    int database = 0;
    QString password;

    static Result<RedisUrl> parse(const QString& text);
    QString redacted() const;
};
