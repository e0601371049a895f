#include "RateLimiter.h"

#include <QtGlobal>

#include <cmath>

qint64 RateLimiter::WindowCounts::rollTo(qint64 nowMs)
{
    if (nowMs < start)
        return start;
    const qint64 now = windowStart(nowMs);
    if (start == now)
        return nowMs;
    previous = (start == now - WindowMs) ? current : 0;
    current = 0;
    start = now;
    return nowMs;
}

// Requests in the sliding window ending at `nowMs`: the last fixed minute weighted by how
// much of it still overlaps, rounded up so that no window edge admits past the limit.
double RateLimiter::weightedCount(int previous, int current, qint64 nowMs)
{
    const qint64 start = windowStart(nowMs);
    const double overlap = 1.0 - double(nowMs - start) / double(WindowMs);
    return std::ceil(previous * overlap) + current;
}

// The first moment a request would be admitted again if none is admitted meanwhile:
// refused requests do not count, so the weighted count only falls. Retry-After says this,
// not the end of the current minute, after which the last minute still weighs.
qint64 RateLimiter::admittedAgainAt(int previous, int current, int limit, qint64 nowMs)
{
    const qint64 start = windowStart(nowMs);
    if (limit <= 0)
        return start + WindowMs;
    // The smallest fraction x of a window at which previous * (1 - x) <= room.
    auto firstAdmitted = [limit](int fading, int fresh, qint64 windowStartMs) {
        const double x = 1.0 - double(limit - fresh - 1) / double(fading);
        qint64 at = windowStartMs + qMax<qint64>(0, qint64(std::floor(x * double(WindowMs))) - 1);
        // Floating point may be a millisecond off either way: the count itself decides.
        while (weightedCount(fading, fresh, at) >= limit && at < windowStartMs + WindowMs)
            ++at;
        return at;
    };
    if (current <= limit - 1 && previous > 0) {
        const qint64 at = firstAdmitted(previous, current, start);
        if (at < start + WindowMs)
            return qMax(at, nowMs);
    }
    // In the next window this one's count is the one that fades.
    const qint64 next = start + WindowMs;
    if (current <= limit - 1)
        return next;
    return firstAdmitted(current, 0, next);
}

RateLimitDecision RateLimiter::slidingWindow(int previous, int current, int limit, qint64 nowMs, bool count)
{
    const qint64 start = windowStart(nowMs);
    RateLimitDecision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = (start + WindowMs + 999) / 1000;
    const double used = weightedCount(previous, current, nowMs);
    if (limit <= 0 || used >= limit) {
        decision.allowed = false;
        decision.remaining = 0;
        const qint64 againAt = admittedAgainAt(previous, current, limit, nowMs);
        decision.retryAfterSeconds = int(qMax<qint64>(1, (againAt - nowMs + 999) / 1000));
        // Not the minute's end, which may come before or after a request fits again (the
        // last minute still weighs): a refusal's reset is when one does, as Retry-After says.
        decision.resetEpochSeconds = (againAt + 999) / 1000;
        return decision;
    }
    decision.allowed = true;
    decision.remaining = qMax(0, limit - int(used) - (count ? 1 : 0));
    return decision;
}
