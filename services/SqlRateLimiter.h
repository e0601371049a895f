#pragma once

#include "Database.h"
#include "RateLimiter.h"

#include <QMutex>

// The SQL backend (`rate_limit_tracking`): a sliding-window counter per key and minute
// (this minute's count plus the overlapping part of the last one) that several validator
// processes on one database share without Redis, admitting exactly the limit between them.
// Every check is two or three database round trips on the serving thread: meant for
// development and small setups; use Redis in production.
class SqlRateLimiter : public RateLimiter
{
public:
    explicit SqlRateLimiter(Database& database);
    RateLimitDecision check(const QUuid& keyId, int limit, qint64 nowMs) override;
    RateLimitDecision peek(const QUuid& keyId, int limit, qint64 nowMs) override;
    bool lastCheckFailed() const { return m_failed; }

private:
    RateLimitDecision decide(const QUuid& keyId, int limit, qint64 nowMs, bool count);
    // One attempt at `nowMs`; sets `newerWindowMs` (and decides nothing) when the key
    // already has a minute later than that of `nowMs`.
    RateLimitDecision decideAt(const QUuid& keyId, int limit, qint64 nowMs, bool count, qint64* newerWindowMs);

    Database& m_database;
    QMutex m_mutex; // serving threads share one limiter: one check at a time per process
    quint64 m_checks = 0;
    bool m_failed = false;
};
