#include "RateLimiter.h"

#include <QtGlobal>

#include <cmath>

RateLimitDecision RateLimiter::slidingWindow(int previous, int current, int limit, qint64 nowMs, bool count)
{
    const qint64 start = windowStart(nowMs);
    RateLimitDecision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = (start + WindowMs + 999) / 1000;
    const double overlap = 1.0 - double(nowMs - start) / double(WindowMs);
    const double used = std::ceil(previous * overlap) + current;
    if (limit <= 0 || used >= limit) {
        decision.allowed = false;
        decision.remaining = 0;
        decision.retryAfterSeconds = int(qMax<qint64>(1, (start + WindowMs - nowMs + 999) / 1000));
        return decision;
    }
    decision.allowed = true;
    decision.remaining = qMax(0, limit - int(used) - (count ? 1 : 0));
    return decision;
}
