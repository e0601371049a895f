#include "InMemoryRateLimiter.h"

RateLimitDecision InMemoryRateLimiter::check(const QUuid& keyId, int limit, qint64 nowMs)
{
    return decide(keyId, limit, nowMs, true);
}

RateLimitDecision InMemoryRateLimiter::peek(const QUuid& keyId, int limit, qint64 nowMs)
{
    RateLimitDecision decision = decide(keyId, limit, nowMs, false);
    decision.retryAfterSeconds = 0;
    return decision;
}

RateLimitDecision InMemoryRateLimiter::decide(const QUuid& keyId, int limit, qint64 nowMs, bool count)
{
    QMutexLocker locker(&m_mutex);
    WindowCounts& w = m_windows[keyId];
    const qint64 at = w.rollTo(nowMs);
    const RateLimitDecision decision = slidingWindow(w.previous, w.current, limit, at, count);
    if (count && decision.allowed)
        ++w.current;
    return decision;
}

void InMemoryRateLimiter::reset()
{
    QMutexLocker locker(&m_mutex);
    m_windows.clear();
}
