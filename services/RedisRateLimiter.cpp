#include "RedisRateLimiter.h"

#include "Logging.h"

namespace {
constexpr int kRetryAfterFailureMs = 1000;

// The replies prefetch() got for this thread's current batch, taken in order by admit().
struct PrefetchedAdmission
{
    const RedisRateLimiter* limiter = nullptr;
    QUuid keyId;
    QByteArray quotaKey;
    RedisReply reply;
};
thread_local QList<PrefetchedAdmission> t_prefetched;
thread_local qsizetype t_nextPrefetched = 0;
} // namespace

const QByteArray& RedisRateLimiter::script()
{
    // KEYS[1]: the key's log. ARGV: window ms, limit, a unique member.
    static const QByteArray lua = QByteArrayLiteral(R"(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', KEYS[1], window)
local reset = now + window
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then reset = tonumber(oldest[2]) + window end
return {allowed, count, reset, now}
)");
    return lua;
}

const QByteArray& RedisRateLimiter::admitScript()
{
    // KEYS[1]: the key's log, KEYS[2]: the organization's monthly counter. ARGV: window ms,
    // limit, a unique member, quota limit (<= 0: none), quota seed (-1: unknown, ask the
    // caller), the counter's expiry in seconds. Answers {status, count, reset, now, used}:
    // status 1 admitted, 0 quota used up, 2 window full, -1 seed needed.
    static const QByteArray lua = QByteArrayLiteral(R"(
local used = redis.call('GET', KEYS[2])
if not used then
  if tonumber(ARGV[5]) < 0 then return {-1, 0, 0, 0, 0} end
  redis.call('SET', KEYS[2], ARGV[5], 'EX', ARGV[6], 'NX')
  used = redis.call('GET', KEYS[2])
end
used = tonumber(used)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local quota = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local status = 2
if quota > 0 and used >= quota then
  status = 0
elseif count < limit then
  redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
  count = count + 1
  used = redis.call('INCR', KEYS[2])
  status = 1
end
redis.call('PEXPIRE', KEYS[1], window)
local reset = now + window
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then reset = tonumber(oldest[2]) + window end
return {status, count, reset, now, used}
)");
    return lua;
}

RedisRateLimiter::RedisRateLimiter(const RedisUrl& url, RateLimitFailureMode failureMode)
    : m_pool(url, 250)
    , m_failureMode(failureMode)
    , m_sha1(RedisClient::sha1Hex(script()))
    , m_admitSha1(RedisClient::sha1Hex(admitScript()))
{
    m_clock.start();
}

bool RedisRateLimiter::retryingTooSoon() const
{
    const qint64 failedAt = m_failedAtMs.loadRelaxed();
    return isDegraded() && failedAt >= 0 && m_clock.elapsed() - failedAt < kRetryAfterFailureMs;
}

void RedisRateLimiter::markFailed(const QString& reason)
{
    m_failedAtMs.storeRelaxed(m_clock.elapsed());
    if (m_degraded.testAndSetRelaxed(0, 1))
        qCWarning(lcRedis).noquote() << "Redis rate limiting unavailable, falling back ("
                                     << RuntimeConfig::failureModeText(m_failureMode) << "):" << reason;
}

void RedisRateLimiter::markAnswered()
{
    if (m_degraded.testAndSetRelaxed(1, 0))
        qCInfo(lcRedis) << "Redis is back; rate limiting is shared again";
}

QByteArray RedisRateLimiter::member(qint64 nowMs)
{
    return QByteArray::number(nowMs) + '-' + QByteArray::number(m_sequence.fetchAndAddRelaxed(1)) + '-'
        + QByteArray::number(quintptr(this), 16);
}

RateLimitDecision RedisRateLimiter::fallback(const QUuid& keyId, int limit, qint64 nowMs)
{
    ++m_fallbacks;
    switch (m_failureMode) {
    case RateLimitFailureMode::Local:
        return m_local.check(keyId, limit, nowMs);
    case RateLimitFailureMode::Open: {
        RateLimitDecision open;
        open.allowed = true;
        open.limit = limit;
        open.remaining = limit;
        open.resetEpochSeconds = (nowMs + WindowMs) / 1000;
        return open;
    }
    case RateLimitFailureMode::Closed: {
        RateLimitDecision closed;
        closed.allowed = false;
        closed.unavailable = true;
        closed.limit = limit;
        closed.resetEpochSeconds = (nowMs + WindowMs) / 1000;
        closed.retryAfterSeconds = 1;
        return closed;
    }
    }
    return m_local.check(keyId, limit, nowMs);
}

void RedisRateLimiter::probe()
{
    if (retryingTooSoon())
        return;
    const Status pong = m_pool.with([](RedisClient& client) { return client.ping(); });
    if (!pong)
        markFailed(pong.error().message);
    else
        markAnswered();
}

RateLimitDecision RedisRateLimiter::check(const QUuid& keyId, int limit, qint64 nowMs)
{
    if (retryingTooSoon())
        return fallback(keyId, limit, nowMs);

    const QByteArray key = QByteArrayLiteral("kw:rl:") + keyId.toByteArray(QUuid::WithoutBraces);
    const QByteArray unique = member(nowMs);
    auto reply = m_pool.with([&](RedisClient& client) {
        return client.evalScript(script(), m_sha1, {key},
                                 {QByteArray::number(WindowMs), QByteArray::number(qMax(0, limit)), unique});
    });
    if (!reply || reply->elements.size() != 4) {
        markFailed(reply ? QStringLiteral("unexpected reply") : reply.error().message);
        return fallback(keyId, limit, nowMs);
    }
    markAnswered();
    const bool allowed = reply->elements[0].integer == 1;
    const qint64 count = reply->elements[1].integer;
    const qint64 resetMs = reply->elements[2].integer;
    const qint64 redisNow = reply->elements[3].integer;
    RateLimitDecision decision;
    decision.allowed = allowed;
    decision.limit = limit;
    decision.remaining = int(qMax<qint64>(0, limit - count));
    decision.resetEpochSeconds = (resetMs + 999) / 1000;
    if (!allowed)
        decision.retryAfterSeconds = int(qMax<qint64>(1, (resetMs - redisNow + 999) / 1000));
    return decision;
}

RedisRateLimiter::ScriptInput RedisRateLimiter::admitInput(
    const QUuid& keyId, int limit, qint64 nowMs, const QByteArray& quotaKey, qint64 quotaLimit, qint64 seed)
{
    return {{QByteArrayLiteral("kw:rl:") + keyId.toByteArray(QUuid::WithoutBraces), quotaKey},
            {QByteArray::number(WindowMs), QByteArray::number(qMax(0, limit)), member(nowMs),
             QByteArray::number(quotaLimit), QByteArray::number(seed), QByteArray::number(40 * 86400)}};
}

void RedisRateLimiter::prefetch(const QList<PlannedAdmission>& planned, qint64 nowMs)
{
    clearPrefetched();
    if (planned.isEmpty() || retryingTooSoon())
        return;
    QList<QList<QByteArray>> commands;
    commands.reserve(planned.size());
    for (const PlannedAdmission& p : planned) {
        const ScriptInput input = admitInput(p.keyId, p.limit, nowMs, p.quotaKey, p.quotaLimit, -1);
        commands.append(RedisClient::evalShaCommand(m_admitSha1, input.keys, input.arguments));
    }
    auto replies = m_pool.with([&](RedisClient& client) { return client.pipeline(commands); });
    if (!replies) {
        markFailed(replies.error().message);
        return; // admit() finds nothing here and follows the failure mode
    }
    for (qsizetype i = 0; i < planned.size(); ++i) {
        // An error reply (NOSCRIPT after a Redis restart) ran nothing: admit() asks again.
        const Result<RedisReply>& reply = replies->at(i);
        if (reply)
            t_prefetched.append({this, planned.at(i).keyId, planned.at(i).quotaKey, reply.value()});
    }
    m_prefetched += quint64(t_prefetched.size());
}

void RedisRateLimiter::clearPrefetched()
{
    t_prefetched.clear();
    t_nextPrefetched = 0;
}

std::optional<RedisReply> RedisRateLimiter::takePrefetched(const QUuid& keyId, const QByteArray& quotaKey)
{
    for (qsizetype i = t_nextPrefetched; i < t_prefetched.size(); ++i) {
        PrefetchedAdmission& entry = t_prefetched[i];
        if (entry.limiter == this && entry.keyId == keyId && entry.quotaKey == quotaKey) {
            t_nextPrefetched = i + 1;
            return std::move(entry.reply);
        }
    }
    return std::nullopt;
}

std::optional<RedisRateLimiter::Admission>
RedisRateLimiter::admit(const QUuid& keyId, int limit, qint64 nowMs, const QuotaCounter& quota)
{
    if (retryingTooSoon())
        return std::nullopt;
    const auto run = [&](qint64 seed) {
        const ScriptInput input = admitInput(keyId, limit, nowMs, quota.key, quota.limit, seed);
        return m_pool.with([&](RedisClient& client) {
            return client.evalScript(admitScript(), m_admitSha1, input.keys, input.arguments);
        });
    };
    std::optional<RedisReply> prefetched = takePrefetched(keyId, quota.key);
    Result<RedisReply> reply = prefetched ? Result<RedisReply>(std::move(*prefetched)) : run(-1);
    if (reply && reply->elements.size() == 5 && reply->elements[0].integer == -1)
        reply = run(qMax<qint64>(0, quota.seed()));
    if (!reply || reply->elements.size() != 5 || reply->elements[0].integer < 0) {
        markFailed(reply ? QStringLiteral("unexpected reply") : reply.error().message);
        return std::nullopt;
    }
    markAnswered();
    const qint64 status = reply->elements[0].integer;
    const qint64 count = reply->elements[1].integer;
    const qint64 resetMs = reply->elements[2].integer;
    const qint64 redisNow = reply->elements[3].integer;
    Admission admission;
    admission.quotaAllowed = status != 0;
    admission.quotaUsed = reply->elements[4].integer;
    admission.rate.allowed = status == 1;
    admission.rate.limit = limit;
    admission.rate.remaining = int(qMax<qint64>(0, limit - count));
    admission.rate.resetEpochSeconds = (resetMs + 999) / 1000;
    if (status == 2)
        admission.rate.retryAfterSeconds = int(qMax<qint64>(1, (resetMs - redisNow + 999) / 1000));
    return admission;
}

RateLimitDecision RedisRateLimiter::peek(const QUuid& keyId, int limit, qint64 nowMs)
{
    RateLimitDecision decision;
    decision.limit = limit;
    decision.remaining = limit;
    decision.resetEpochSeconds = (nowMs + WindowMs + 999) / 1000;
    if (isDegraded()) {
        if (m_failureMode == RateLimitFailureMode::Local)
            return m_local.peek(keyId, limit, nowMs);
        return decision;
    }
    // Read-only: how many requests of the last window are logged (this process's clock).
    const QByteArray key = QByteArrayLiteral("kw:rl:") + keyId.toByteArray(QUuid::WithoutBraces);
    auto reply = m_pool.with([&](RedisClient& client) {
        return client.call(
            {QByteArrayLiteral("ZCOUNT"), key, QByteArray::number(nowMs - WindowMs), QByteArrayLiteral("+inf")});
    });
    if (reply && reply->type == RedisReply::Type::Integer)
        decision.remaining = int(qMax<qint64>(0, limit - reply->integer));
    return decision;
}
