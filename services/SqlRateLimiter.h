#pragma once

#include "Database.h"
#include "RateLimiter.h"

#include <QMutex>

// The SQL backend (`rate_limit_tracking`): a sliding-window counter per key and minute
// (this minute's count plus the overlapping part of the last one) that several validator
// processes on one database share without Redis. Every check is a database round trip,
// and admission is read-then-write, so concurrent processes may admit a request or two
// beyond the limit: meant for development and small setups; use Redis in production.
class SqlRateLimiter : public RateLimiter
{
public:
    explicit SqlRateLimiter(Database& database);
    RateLimitDecision check(const QUuid& keyId, int limit, qint64 nowMs) override;
    RateLimitDecision peek(const QUuid& keyId, int limit, qint64 nowMs) override;
    bool lastCheckFailed() const { return m_failed; }

private:
    RateLimitDecision decide(const QUuid& keyId, int limit, qint64 nowMs, bool count);

    Database& m_database;
    QMutex m_mutex; // serving threads share one limiter: one check at a time per process
    quint64 m_checks = 0;
    bool m_failed = false;
};
