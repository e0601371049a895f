#pragma once

#include "InMemoryRateLimiter.h"
#include "RateLimiter.h"
#include "RedisClient.h"
#include "RuntimeConfig.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QMutex>

// The rate limiter every validator shares: an exact sliding log per key in a Redis sorted
// set, updated by one atomic Lua script on Redis's clock (so validators' clocks do not
// matter). While Redis is unreachable it follows RATE_LIMIT_FAILURE_MODE: `local` falls
// back to this process's in-memory limiter, `open` admits, `closed` refuses (503); it
// tries Redis again at most once a second and returns to it as soon as it answers.
class RedisRateLimiter : public RateLimiter
{
public:
    RedisRateLimiter(RedisUrl url, RateLimitFailureMode failureMode);

    RateLimitDecision check(const QUuid& keyId, int limit, qint64 nowMs) override;
    RateLimitDecision peek(const QUuid& keyId, int limit, qint64 nowMs) override;
    bool isDegraded() const { return m_degraded.loadRelaxed() != 0; }
    quint64 fallbacks() const { return m_fallbacks.loadRelaxed(); }

    static const QByteArray& script();

private:
    RateLimitDecision fallback(const QUuid& keyId, int limit, qint64 nowMs);

    QMutex m_mutex; // one connection, shared by every serving thread
    RedisClient m_client;
    quint64 m_sequence = 0; // under m_mutex
    RateLimitFailureMode m_failureMode;
    InMemoryRateLimiter m_local;
    QByteArray m_sha1;
    QElapsedTimer m_sinceFailure;
    QAtomicInteger<int> m_degraded;
    QAtomicInteger<quint64> m_fallbacks;
};
