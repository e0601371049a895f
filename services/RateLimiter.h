#pragma once

#include <QUuid>

// The answer of a rate-limit check, enough for both header sets of SPEC.
struct RateLimitDecision
{
    bool allowed = true;
    int limit = 0;
    int remaining = 0;
    qint64 resetEpochSeconds = 0; // when the current window ends; refused: when a request fits again
    int retryAfterSeconds = 0; // set when refused
    bool unavailable = false; // refused because the shared limiter is down (failure mode closed)
};

// Sliding window per key per minute. Backends: in-memory, SQL, Redis.
class RateLimiter
{
public:
    static constexpr qint64 WindowMs = 60000;

    virtual ~RateLimiter() = default;
    // Counts one request against `keyId` if admitted.
    virtual RateLimitDecision check(const QUuid& keyId, int limit, qint64 nowMs) = 0;
    // Where `keyId` stands without counting anything (for answers refused before the
    // limiter, which still carry the rate-limit headers).
    virtual RateLimitDecision peek(const QUuid& keyId, int limit, qint64 nowMs) = 0;

    static qint64 windowStart(qint64 nowMs) { return nowMs - nowMs % WindowMs; }

protected:
    // A key's counts of two fixed minutes, the state of the sliding-window counter.
    struct WindowCounts
    {
        qint64 start = 0; // of the minute `current` counts
        int current = 0;
        int previous = 0;
        // Moves the counts to the minute of `nowMs`: the current minute becomes the previous
        // one if it just ended, and is forgotten if it ended longer ago. Returns the moment
        // the request counts at: `nowMs`, or the start of the minute already counted when
        // `nowMs` lies before it (a thread that read the clock, then waited for the lock
        // while another moved the window on). Time never runs back for a key: else the late
        // request would wipe the newer minute's count and admit past the limit.
        qint64 rollTo(qint64 nowMs);
    };

    // The sliding-window counter every backend uses (Redis's scripts repeat its arithmetic
    // in Lua): `previous` and `current` count the last and this fixed minute; the last one
    // is weighted by how much of it still overlaps the window, rounded up so that no window
    // edge admits past the limit. With `count`, an admitted request is included in `remaining` (the caller
    // then records it).
    static RateLimitDecision slidingWindow(int previous, int current, int limit, qint64 nowMs, bool count);
    static qint64 admittedAgainAt(int previous, int current, int limit, qint64 nowMs);
    static double weightedCount(int previous, int current, qint64 nowMs);
};
