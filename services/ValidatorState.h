#pragma once

#include "Database.h"
#include "GuardedTcpServer.h"
#include "InvalidAttemptAggregator.h"
#include "KeyCache.h"
#include "QuotaTracker.h"
#include "RateLimiter.h"
#include "RuntimeConfig.h"
#include "UsageRecorder.h"
#include "ValidatorMetrics.h"

#include <functional>
#include <memory>

class RedisRateLimiter;
struct ValidatorRequestEvent;

// What every serving thread of one validator shares: the key cache, the rate limiter,
// quota counters, the usage recorder, metrics and the invalid-attempt aggregator. Each
// part is thread-safe on its own.
struct ValidatorState
{
    ValidatorState(Database& database, const RuntimeConfig& config);
    ~ValidatorState();

    KeyCache cache;
    std::unique_ptr<RateLimiter> limiter;
    RedisRateLimiter* redisLimiter = nullptr; // `limiter` when Redis is used
    QuotaTracker quota;
    UsageRecorder usage;
    ValidatorMetrics metrics;
    InvalidAttemptAggregator invalidAttempts;
    // Of every serving thread's server.
    std::shared_ptr<GuardedTcpServer::Counters> connections = std::make_shared<GuardedTcpServer::Counters>();
    // Told about every request once its answer is written (the desktop's live log), on the
    // serving thread. Set before the validator listens and never while it serves: serving
    // threads read it without a lock. Null (the CLI) costs one test per request.
    std::function<void(const ValidatorRequestEvent&)> requestObserver;
};
