#pragma once

#include "RateLimiter.h"

#include <QHash>
#include <QMutex>

// One process's limiter: a sliding-window counter per key (the current and previous
// fixed minute, the previous weighted by how much of it still overlaps the window).
class InMemoryRateLimiter : public RateLimiter
{
public:
    RateLimitDecision check(const QUuid& keyId, int limit, qint64 nowMs) override;
    RateLimitDecision peek(const QUuid& keyId, int limit, qint64 nowMs) override;
    void reset();

private:
    RateLimitDecision decide(const QUuid& keyId, int limit, qint64 nowMs, bool count);
    QMutex m_mutex;
    QHash<QUuid, WindowCounts> m_windows;
};
