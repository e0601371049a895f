#pragma once

#include "InMemoryRateLimiter.h"
#include "RateLimiter.h"
#include "RedisConnectionPool.h"
#include "RuntimeConfig.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QMutex>

#include <functional>
#include <optional>

// The rate limiter every validator shares: the sliding-window counter of the other backends
// (two fixed-minute counts per key, in a Redis hash), updated by one atomic Lua script on
// Redis's clock (so validators' clocks do not matter). While Redis is unreachable it follows
// RATE_LIMIT_FAILURE_MODE: `local` falls back to this process's in-memory limiter, `open`
// admits, `closed` refuses (503); it tries Redis again at most once a second and returns to
// it as soon as it answers. Each serving thread has a connection of its own
// (RedisConnectionPool).
class RedisRateLimiter : public RateLimiter
{
public:
    RedisRateLimiter(const RedisUrl& url, RateLimitFailureMode failureMode);

    RateLimitDecision check(const QUuid& keyId, int limit, qint64 nowMs) override;

    // The organization's monthly counter, for admit().
    struct QuotaCounter
    {
        QByteArray key; // QuotaTracker::redisKey()
        qint64 limit = 0; // <= 0: none
        std::function<qint64()> seed; // this month's count when Redis has none yet (read once)
    };
    struct Admission
    {
        RateLimitDecision rate; // counted only when both admitted
        bool quotaAllowed = true;
        qint64 quotaUsed = 0;
    };
    // The quota and the window in one atomic script, so one round trip instead of two: the
    // request counts against both or neither (a request the window refuses spends no quota,
    // one the quota refuses takes no slot). nullopt when Redis cannot answer now; the caller
    // then checks the two separately, which applies RATE_LIMIT_FAILURE_MODE.
    std::optional<Admission> admit(const QUuid& keyId, int limit, const QuotaCounter& quota);

    // An admit() a serving thread is about to make.
    struct PlannedAdmission
    {
        QUuid keyId;
        int limit = 0;
        QByteArray quotaKey;
        qint64 quotaLimit = 0;
    };
    // Runs the admissions of a batch of requests in one script call, one round trip,
    // instead of one each. The requests are then answered in the same order on the same
    // thread, and each admit() for the same key and counter takes its reply from here. A
    // reply nobody takes was still counted, like a request refused after its admission;
    // clearPrefetched() forgets them once the batch is answered.
    void prefetch(const QList<PlannedAdmission>& planned);
    void clearPrefetched();
    // Admissions a batch decided (not those it left to admit(), such as a month's first,
    // whose counter admit() seeds).
    quint64 prefetchedAdmissions() const { return m_prefetched.loadRelaxed(); }

    RateLimitDecision peek(const QUuid& keyId, int limit, qint64 nowMs) override;
    bool isDegraded() const { return m_degraded.loadRelaxed() != 0; }
    // Asks Redis now (PING) and updates isDegraded(): /health must not say "ok" for a Redis
    // that no rate-limit check has tried yet.
    void probe();
    quint64 fallbacks() const { return m_fallbacks.loadRelaxed(); }

    // One admission's answer from admitScript(): status 1 admitted, 0 quota used up, 2 window
    // full, -1 seed needed; the window's counts before it, Redis's clock, the counter after it.
    struct AdmissionAnswer
    {
        qint64 status = -1;
        qint64 previous = 0;
        qint64 current = 0;
        qint64 nowMs = 0;
        qint64 used = 0;
    };

    static const QByteArray& script();
    static const QByteArray& admitScript();
    // The Redis key of a key's window (a hash, see script()). Not the kw:rl: of the exact
    // log older validators keep in a sorted set: during a rolling upgrade each kind keeps to
    // its own keys instead of failing on the other's (WRONGTYPE).
    static QByteArray windowKey(const QUuid& keyId);

private:
    RateLimitDecision fallback(const QUuid& keyId, int limit, qint64 nowMs);

    bool retryingTooSoon() const;
    void markFailed(const QString& reason);
    void markAnswered();
    // The decision a script's counts mean, given its verdict on this request (none: it was
    // refused before the window was asked).
    static RateLimitDecision
    decisionFrom(qint64 previous, qint64 current, qint64 nowMs, int limit, std::optional<bool> admitted);
    // Alike admissions in a row, which admitScript() decides as one run.
    struct AdmissionRun
    {
        QUuid keyId;
        int limit = 0;
        QByteArray quotaKey;
        qint64 quotaLimit = 0;
        qint64 seed = -1;
        int count = 0;
    };
    using AdmissionRuns = QList<AdmissionRun>;
    static void appendAdmission(
        AdmissionRuns& runs, const QUuid& keyId, int limit, const QByteArray& quotaKey, qint64 quotaLimit, qint64 seed);
    // One answer per admission, in order, or the error (`connectionLost` when Redis did not
    // answer at all).
    Result<QList<AdmissionAnswer>> runAdmissions(const AdmissionRuns& runs, bool* connectionLost);
    std::optional<AdmissionAnswer> takePrefetched(const QUuid& keyId, const QByteArray& quotaKey);

    RedisConnectionPool m_pool;
    RateLimitFailureMode m_failureMode;
    InMemoryRateLimiter m_local;
    QByteArray m_sha1;
    QByteArray m_admitSha1;
    QElapsedTimer m_clock; // started once; only read afterwards
    QAtomicInteger<qint64> m_failedAtMs{-1}; // on m_clock
    QAtomicInteger<int> m_degraded;
    QAtomicInteger<quint64> m_fallbacks;
    QAtomicInteger<quint64> m_prefetched;
};
