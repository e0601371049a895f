#include "ValidatorState.h"

#include "InMemoryRateLimiter.h"
#include "RedisRateLimiter.h"
#include "SqlRateLimiter.h"

ValidatorState::ValidatorState(Database& database, const RuntimeConfig& config)
    : quota(database)
    , usage(database)
{
    if (config.useRedisRateLimit && !config.redisUrl.isEmpty()) {
        if (auto redis = RedisUrl::parse(config.redisUrl)) {
            auto redisBackend = std::make_unique<RedisRateLimiter>(redis.value(), config.rateLimitFailureMode);
            // Asked once now, so that a Redis that is down at start is in the log at start (and
            // in /health), not only once the first request has found out. Each step (connect,
            // AUTH, SELECT, PING) waits 250 ms at most: a refused port answers at once, a host
            // that drops packets can hold the start up to about a second. It runs where the
            // validator is made: `serve`'s main thread, the desktop's validator thread.
            redisBackend->probe();
            redisLimiter = redisBackend.get();
            limiter = std::move(redisBackend);
            quota.useRedis(redis.value());
        }
    }
    if (!limiter && config.rateLimitBackend == RateLimitBackend::Sql)
        limiter = std::make_unique<SqlRateLimiter>(database);
    if (!limiter)
        limiter = std::make_unique<InMemoryRateLimiter>();
}

ValidatorState::~ValidatorState() = default;
