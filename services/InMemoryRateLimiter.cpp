#include "InMemoryRateLimiter.h"

#include <cmath>

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
    const qint64 windowStart = nowMs - nowMs % WindowMs;
    RateLimitDecision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = (windowStart + WindowMs + 999) / 1000;

    QMutexLocker locker(&m_mutex);
    Window& w = m_windows[keyId];
    if (w.start != windowStart) {
        w.previous = (w.start == windowStart - WindowMs) ? w.current : 0;
        w.current = 0;
        w.start = windowStart;
    }
    const double overlap = 1.0 - double(nowMs - windowStart) / double(WindowMs);
    // Rounded up: never admit more than the limit in any minute, also across a window edge.
    const double used = std::ceil(w.previous * overlap) + w.current;
    if (limit <= 0 || used >= limit) {
        decision.allowed = false;
        decision.remaining = 0;
        decision.retryAfterSeconds = int(qMax<qint64>(1, (windowStart + WindowMs - nowMs + 999) / 1000));
        return decision;
    }
    if (!count) {
        decision.remaining = qMax(0, limit - int(used));
        return decision;
    }
    ++w.current;
    decision.allowed = true;
    decision.remaining = qMax(0, limit - int(used) - 1);
    return decision;
}

void InMemoryRateLimiter::reset()
{
    QMutexLocker locker(&m_mutex);
    m_windows.clear();
}
