#include "RedisRateLimiter.h"

#include "Logging.h"
#include "UuidText.h"

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

// Both scripts keep a key's window as the sliding-window counter of the other backends
// (RateLimiter::slidingWindow), on Redis's clock so that validators' clocks do not matter:
// KEYS[1] is a hash of s (the start of the fixed minute c counts), c and p (the minute
// before); ARGV[1] is the window in ms, ARGV[2] the limit. That is constant memory and a
// few operations per key, where an exact log holds an entry per request of the minute. The
// arithmetic is the C++ one in the same doubles, so the decision the caller derives from
// the counts a script answers is the script's own.
constexpr char kReadWindow[] = R"(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local start = now - now % window
local w = redis.call('HMGET', KEYS[1], 's', 'c', 'p')
local stored = tonumber(w[1])
local current = tonumber(w[2]) or 0
local previous = tonumber(w[3]) or 0
if stored ~= start then
  if stored == start - window then previous = current else previous = 0 end
  current = 0
end
local full = math.ceil(previous * (1 - (now - start) / window)) + current >= limit
)";

// Counts one request. The hash outlives its minute by one more, while that minute weighs.
constexpr char kCountRequest[] = R"(
if stored == start then
  redis.call('HINCRBY', KEYS[1], 'c', 1)
else
  redis.call('HSET', KEYS[1], 's', string.format('%d', start), 'c', current + 1, 'p', previous)
  redis.call('PEXPIREAT', KEYS[1], string.format('%d', start + 2 * window))
end
)";
} // namespace

const QByteArray& RedisRateLimiter::script()
{
    // Answers {admitted 1/0, previous, current (before this request), now}.
    static const QByteArray lua = QByteArray(kReadWindow) + "if full then return {0, previous, current, now} end"
        + kCountRequest + "return {1, previous, current, now}";
    return lua;
}

const QByteArray& RedisRateLimiter::admitScript()
{
    // KEYS[2]: the organization's monthly counter. ARGV[3]: quota limit (<= 0: none), ARGV[4]:
    // quota seed (-1: unknown, ask the caller), ARGV[5]: the counter's expiry in seconds.
    // Answers {status, previous, current (before this request), now, used}: status 1
    // admitted, 0 quota used up, 2 window full, -1 seed needed.
    static const QByteArray lua = QByteArrayLiteral(R"(
local used = redis.call('GET', KEYS[2])
if not used then
  if tonumber(ARGV[4]) < 0 then return {-1, 0, 0, 0, 0} end
  redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[5], 'NX')
  used = redis.call('GET', KEYS[2])
end
used = tonumber(used)
local quota = tonumber(ARGV[3])
)") + kReadWindow
        + R"(
local status = 2
if quota > 0 and used >= quota then
  status = 0
elseif not full then
)" + kCountRequest
        + R"(
  used = redis.call('INCR', KEYS[2])
  status = 1
end
return {status, previous, current, now, used}
)";
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

RateLimitDecision RedisRateLimiter::decisionFrom(const RedisReply& reply, int limit, std::optional<bool> admitted)
{
    RateLimitDecision decision = slidingWindow(int(reply.elements[1].integer), int(reply.elements[2].integer), limit,
                                               reply.elements[3].integer, admitted.value_or(false));
    if (!admitted || decision.allowed == *admitted)
        return decision;
    // Only if the script and this arithmetic were ever to round apart: the script's verdict,
    // the one that counted, stands.
    decision.allowed = *admitted;
    decision.remaining = 0;
    decision.retryAfterSeconds = *admitted ? 0 : 1;
    return decision;
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

    auto reply = m_pool.with([&](RedisClient& client) {
        return client.evalScript(script(), m_sha1, {windowKey(keyId)},
                                 {QByteArray::number(WindowMs), QByteArray::number(qMax(0, limit))});
    });
    if (!reply || reply->elements.size() != 4) {
        markFailed(reply ? QStringLiteral("unexpected reply") : reply.error().message);
        return fallback(keyId, limit, nowMs);
    }
    markAnswered();
    return decisionFrom(reply.value(), limit, reply->elements[0].integer == 1);
}

QByteArray RedisRateLimiter::windowKey(const QUuid& keyId)
{
    QByteArray key;
    key.reserve(7 + 36);
    return key.append("kw:rlw:").append(UuidText(keyId).view());
}

RedisRateLimiter::ScriptInput
RedisRateLimiter::admitInput(const QUuid& keyId, int limit, const QByteArray& quotaKey, qint64 quotaLimit, qint64 seed)
{
    // The constant arguments are shared, not formatted again for every request.
    static const QByteArray window = QByteArray::number(WindowMs);
    static const QByteArray quotaExpiry = QByteArray::number(40 * 86400);
    return {{windowKey(keyId), quotaKey},
            {window, QByteArray::number(qMax(0, limit)), QByteArray::number(quotaLimit), QByteArray::number(seed),
             quotaExpiry}};
}

void RedisRateLimiter::prefetch(const QList<PlannedAdmission>& planned)
{
    clearPrefetched();
    if (planned.isEmpty() || retryingTooSoon())
        return;
    QList<QList<QByteArray>> commands;
    commands.reserve(planned.size());
    for (const PlannedAdmission& p : planned) {
        const ScriptInput input = admitInput(p.keyId, p.limit, p.quotaKey, p.quotaLimit, -1);
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
RedisRateLimiter::admit(const QUuid& keyId, int limit, const QuotaCounter& quota)
{
    if (retryingTooSoon())
        return std::nullopt;
    const auto run = [&](qint64 seed) {
        const ScriptInput input = admitInput(keyId, limit, quota.key, quota.limit, seed);
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
    Admission admission;
    admission.quotaAllowed = status != 0;
    admission.quotaUsed = reply->elements[4].integer;
    if (status == 0) {
        // The quota refused it before the window gave a verdict, and it took no slot: where
        // the key stands, as peek() says it.
        admission.rate = decisionFrom(reply.value(), limit, std::nullopt);
        admission.rate.retryAfterSeconds = 0;
    } else {
        admission.rate = decisionFrom(reply.value(), limit, status == 1);
    }
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
    // Read-only, on this process's clock: the counts the scripts keep, rolled to now.
    auto reply = m_pool.with([&](RedisClient& client) {
        return client.call({QByteArrayLiteral("HMGET"), windowKey(keyId), QByteArrayLiteral("s"),
                            QByteArrayLiteral("c"), QByteArrayLiteral("p")});
    });
    if (!reply || reply->type != RedisReply::Type::Array || reply->elements.size() != 3)
        return decision;
    WindowCounts counts{reply->elements[0].string.toLongLong(), reply->elements[1].string.toInt(),
                        reply->elements[2].string.toInt()};
    counts.rollTo(nowMs);
    decision = slidingWindow(counts.previous, counts.current, limit, nowMs, false);
    decision.retryAfterSeconds = 0;
    return decision;
}
