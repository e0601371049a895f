#pragma once

#include "Database.h"
#include "RedisConnectionPool.h"
#include "UtcMonth.h"

#include <memory>

#include <QAtomicInteger>
#include <QDate>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QUuid>

// Monthly request quota per organization, counted in memory. The first request of an
// organization in a month reads what the rollup already holds (one read, no write), so a
// restarted validator does not hand out a fresh month.
class QuotaTracker
{
public:
    struct Decision
    {
        bool allowed = true;
        qint64 used = 0;
        qint64 limit = 0;
        qint64 resetEpochSeconds = 0; // start of next month, UTC
    };

    explicit QuotaTracker(Database& database);
    // Counts one request when admitted. A limit <= 0 means unlimited.
    // `nowMs`: milliseconds since the epoch.
    Decision check(const QUuid& organizationId, qint64 limit, qint64 nowMs);
    // Gives back the request an admitting check() counted, when a later step (the rate
    // limit) refused it after all.
    void refund(const QUuid& organizationId, qint64 nowMs);
    // Shares the counters through Redis (every validator sees one count); falls back to
    // counting in process while Redis is unreachable.
    void useRedis(const RedisUrl& url);
    bool isShared() const { return m_redis != nullptr; }
    // Redis did not answer someone else's check of this counter (RedisRateLimiter::admit):
    // count in process for a moment rather than wait for Redis again.
    void redisFailed() { m_redisFailedAtMs.storeRelaxed(m_clock.elapsed()); }

    // The Redis counter of the organization's `month`.
    static QByteArray redisKey(const QUuid& organizationId, const UtcMonth& month);
    // This month's admitted requests as the usage tables hold them: where a counter starts.
    qint64 usedFromDatabase(const QUuid& organizationId, QDate day);

private:
    struct Counter
    {
        QDate month;
        qint64 used = 0;
    };
    std::optional<qint64> checkRedis(const QUuid& organizationId, qint64 limit, const UtcMonth& month, bool* allowed);

    Database& m_database;
    bool redisFailedRecently() const;

    std::unique_ptr<RedisConnectionPool> m_redis;
    QElapsedTimer m_clock; // started once; only read afterwards
    QAtomicInteger<qint64> m_redisFailedAtMs{-1}; // on m_clock
    QMutex m_mutex; // guards m_counters
    QHash<QUuid, Counter> m_counters;
};
