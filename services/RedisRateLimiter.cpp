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
    RedisRateLimiter::AdmissionAnswer answer;
};
thread_local QList<PrefetchedAdmission> t_prefetched;
thread_local qsizetype t_nextPrefetched = 0;

// Both scripts keep a key's window as the sliding-window counter of the other backends
// (RateLimiter::slidingWindow), on Redis's clock so that validators' clocks do not matter:
// the window key is a hash of s (the start of the fixed minute c counts), c and p (the
// minute before). That is constant memory and a few operations per key, where an exact log
// holds an entry per request of the minute. The arithmetic is the C++ one in the same
// doubles, so the decision the caller derives from the counts a script answers is the
// script's own. The functions below expect the locals `now`, `window` (ms) and `start`.
constexpr char kWindowFunctions[] = R"(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local start = now - now % window
-- {stored, current, previous} of a window, its counts moved on to the minute of `now`.
local function readWindow(wkey)
  local w = redis.call('HMGET', wkey, 's', 'c', 'p')
  local stored = tonumber(w[1])
  local current = tonumber(w[2]) or 0
  local previous = tonumber(w[3]) or 0
  if stored ~= start then
    if stored == start - window then previous = current else previous = 0 end
    current = 0
  end
  return {stored, current, previous}
end
local function isFull(w, limit)
  return math.ceil(w[3] * (1 - (now - start) / window)) + w[2] >= limit
end
-- Stores what readWindow answered after `added` more requests were counted into w[2]. The
-- hash outlives its minute by one more, while that minute weighs.
local function writeWindow(wkey, w, added)
  if w[1] == start then
    redis.call('HINCRBY', wkey, 'c', added)
  else
    redis.call('HSET', wkey, 's', string.format('%d', start), 'c', w[2], 'p', w[3])
    redis.call('PEXPIREAT', wkey, string.format('%d', start + 2 * window))
  end
end
)";
} // namespace

const QByteArray& RedisRateLimiter::script()
{
    // KEYS[1]: the window; ARGV[1]: the window in ms, ARGV[2]: the limit.
    // Answers {admitted 1/0, previous, current (before this request), now}.
    static const QByteArray lua = QByteArray(kWindowFunctions) + R"(
local w = readWindow(KEYS[1])
local current = w[2]
if isFull(w, tonumber(ARGV[2])) then return {0, w[3], current, now} end
w[2] = current + 1
writeWindow(KEYS[1], w, 1)
return {1, w[3], current, now}
)";
    return lua;
}

const QByteArray& RedisRateLimiter::admitScript()
{
    // Any number of admissions in one script run, so a batch costs Redis one script call
    // (Redis is the one part every validator shares). Admissions come in runs of alike ones
    // (the same key, limit, counter, quota and seed, as a busy key's requests are), each run
    // decided in order. KEYS: each run's window, then its organization's monthly counter.
    // ARGV[1]: the window in ms, ARGV[2]: a counter's expiry in seconds, then for each run
    // its length, limit, quota limit (<= 0: none) and quota seed (-1: unknown, ask the
    // caller). Answers one {admitted, refusal, previous, current, now, used} per run: the
    // first `admitted` of the run were admitted, the rest refused for `refusal` (0 quota
    // used up, 2 window full, -1 seed needed); current and used are the window's and the
    // counter's counts before the run. A refusal changes nothing, so every later admission
    // of the run meets the same one.
    // Each redis.call costs more than the command it runs, so every window and counter is
    // read once, counted in Lua and written once at the end; nothing else runs while a
    // script does, so that is the same as one by one.
    static const QByteArray lua = QByteArray(kWindowFunctions) + R"(
local windows = {}
local counters = {}
local answers = {}
for i = 1, #KEYS / 2 do
  local wkey = KEYS[2 * i - 1]
  local qkey = KEYS[2 * i]
  local count = tonumber(ARGV[4 * i - 1])
  local counter = counters[qkey]
  if not counter then
    local used = redis.call('GET', qkey)
    if not used and tonumber(ARGV[4 * i + 2]) >= 0 then
      redis.call('SET', qkey, ARGV[4 * i + 2], 'EX', ARGV[2], 'NX')
      used = redis.call('GET', qkey)
    end
    if used then
      counter = {tonumber(used), 0}
      counters[qkey] = counter
    end
  end
  if not counter then
    answers[i] = {0, -1, 0, 0, 0, 0}
  else
    local w = windows[wkey]
    if not w then
      w = readWindow(wkey)
      w[4] = 0
      windows[wkey] = w
    end
    local limit = tonumber(ARGV[4 * i])
    local quota = tonumber(ARGV[4 * i + 1])
    local current = w[2]
    local used = counter[1]
    local admitted = 0
    local refusal = 1
    while admitted < count do
      if quota > 0 and counter[1] >= quota then
        refusal = 0
        break
      elseif isFull(w, limit) then
        refusal = 2
        break
      end
      w[2] = w[2] + 1
      counter[1] = counter[1] + 1
      admitted = admitted + 1
    end
    w[4] = w[4] + admitted
    counter[2] = counter[2] + admitted
    answers[i] = {admitted, refusal, w[3], current, now, used}
  end
end
for wkey, w in pairs(windows) do
  if w[4] > 0 then writeWindow(wkey, w, w[4]) end
end
for qkey, counter in pairs(counters) do
  if counter[2] > 0 then redis.call('INCRBY', qkey, counter[2]) end
end
return answers
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
        qCWarning(lcRedis).noquote() << QStringLiteral("Redis rate limiting unavailable, falling back (%1): %2")
                                            .arg(RuntimeConfig::failureModeText(m_failureMode), reason);
}

void RedisRateLimiter::markAnswered()
{
    if (m_degraded.testAndSetRelaxed(1, 0))
        qCInfo(lcRedis) << "Redis is back; rate limiting is shared again";
}

RateLimitDecision
RedisRateLimiter::decisionFrom(qint64 previous, qint64 current, qint64 nowMs, int limit, std::optional<bool> admitted)
{
    RateLimitDecision decision = slidingWindow(int(previous), int(current), limit, nowMs, admitted.value_or(false));
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
    const QList<RedisReply>& counts = reply->elements;
    return decisionFrom(counts[1].integer, counts[2].integer, counts[3].integer, limit, counts[0].integer == 1);
}

QByteArray RedisRateLimiter::windowKey(const QUuid& keyId)
{
    QByteArray key;
    key.reserve(7 + 36);
    return key.append("kw:rlw:").append(UuidText(keyId).view());
}

void RedisRateLimiter::appendAdmission(
    AdmissionRuns& runs, const QUuid& keyId, int limit, const QByteArray& quotaKey, qint64 quotaLimit, qint64 seed)
{
    if (!runs.isEmpty()) {
        AdmissionRun& last = runs.last();
        if (last.keyId == keyId && last.limit == limit && last.quotaLimit == quotaLimit && last.seed == seed
            && last.quotaKey == quotaKey) {
            ++last.count;
            return;
        }
    }
    runs.append({keyId, limit, quotaKey, quotaLimit, seed, 1});
}

Result<QList<RedisRateLimiter::AdmissionAnswer>> RedisRateLimiter::runAdmissions(const AdmissionRuns& runs,
                                                                                 bool* connectionLost)
{
    // The constant arguments are shared, not formatted again for every batch.
    static const QByteArray window = QByteArray::number(WindowMs);
    static const QByteArray quotaExpiry = QByteArray::number(40 * 86400);
    QList<QByteArray> keys;
    QList<QByteArray> arguments;
    keys.reserve(2 * runs.size());
    arguments.reserve(2 + 4 * runs.size());
    arguments << window << quotaExpiry;
    qsizetype admissions = 0;
    for (const AdmissionRun& run : runs) {
        keys << windowKey(run.keyId) << run.quotaKey;
        arguments << QByteArray::number(run.count) << QByteArray::number(qMax(0, run.limit))
                  << QByteArray::number(run.quotaLimit) << QByteArray::number(run.seed);
        admissions += run.count;
    }
    Result<RedisReply> reply = m_pool.with([&](RedisClient& client) {
        Result<RedisReply> answered = client.evalScript(admitScript(), m_admitSha1, keys, arguments);
        *connectionLost = !answered && !client.isConnected();
        return answered;
    });
    if (!reply)
        return reply.error();
    const auto unexpected = [] {
        return makeError(ErrorCode::Unavailable, QStringLiteral("unexpected reply"));
    };
    if (reply->type != RedisReply::Type::Array || reply->elements.size() != runs.size())
        return unexpected();
    QList<AdmissionAnswer> answers;
    answers.reserve(admissions);
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const QList<RedisReply>& counts = reply->elements.at(i).elements;
        if (counts.size() != 6)
            return unexpected();
        const qint64 admitted = counts[0].integer;
        const qint64 refusal = counts[1].integer;
        const bool refusalKnown = refusal == 0 || refusal == 2 || (refusal == -1 && admitted == 0);
        if (admitted < 0 || admitted > runs.at(i).count || (admitted < runs.at(i).count && !refusalKnown))
            return unexpected();
        // The run's admissions one by one: each admitted one counts, the first refusal stays.
        for (qsizetype j = 0; j < runs.at(i).count; ++j) {
            const qint64 counted = qMin<qint64>(j, admitted);
            answers.append({j < admitted ? 1 : refusal, counts[2].integer, counts[3].integer + counted,
                            counts[4].integer, counts[5].integer + counted + (j < admitted ? 1 : 0)});
        }
    }
    return answers;
}

void RedisRateLimiter::prefetch(const QList<PlannedAdmission>& planned)
{
    clearPrefetched();
    if (planned.isEmpty() || retryingTooSoon())
        return;
    AdmissionRuns runs;
    for (const PlannedAdmission& p : planned)
        appendAdmission(runs, p.keyId, p.limit, p.quotaKey, p.quotaLimit, -1);
    bool connectionLost = false;
    Result<QList<AdmissionAnswer>> answers = runAdmissions(runs, &connectionLost);
    if (!answers) {
        // Redis gone: admit() finds nothing here and follows the failure mode. Any other
        // error: each admit() asks on its own and meets it there.
        if (connectionLost)
            markFailed(answers.error().message);
        return;
    }
    for (qsizetype i = 0; i < planned.size(); ++i)
        t_prefetched.append({this, planned.at(i).keyId, planned.at(i).quotaKey, answers->at(i)});
}

void RedisRateLimiter::clearPrefetched()
{
    t_prefetched.clear();
    t_nextPrefetched = 0;
}

std::optional<RedisRateLimiter::AdmissionAnswer> RedisRateLimiter::takePrefetched(const QUuid& keyId,
                                                                                  const QByteArray& quotaKey)
{
    for (qsizetype i = t_nextPrefetched; i < t_prefetched.size(); ++i) {
        const PrefetchedAdmission& entry = t_prefetched.at(i);
        if (entry.limiter == this && entry.keyId == keyId && entry.quotaKey == quotaKey) {
            t_nextPrefetched = i + 1;
            return entry.answer;
        }
    }
    return std::nullopt;
}

std::optional<RedisRateLimiter::Admission>
RedisRateLimiter::admit(const QUuid& keyId, int limit, const QuotaCounter& quota)
{
    if (retryingTooSoon())
        return std::nullopt;
    const auto run = [&](qint64 seed) -> Result<AdmissionAnswer> {
        AdmissionRuns runs;
        appendAdmission(runs, keyId, limit, quota.key, quota.limit, seed);
        bool connectionLost = false;
        Result<QList<AdmissionAnswer>> answers = runAdmissions(runs, &connectionLost);
        if (!answers)
            return answers.error();
        return answers->first();
    };
    std::optional<AdmissionAnswer> prefetched = takePrefetched(keyId, quota.key);
    Result<AdmissionAnswer> answer = prefetched ? Result<AdmissionAnswer>(*prefetched) : run(-1);
    if (answer && answer->status == -1)
        answer = run(qMax<qint64>(0, quota.seed()));
    else if (prefetched)
        ++m_prefetched;
    if (!answer || answer->status < 0) {
        markFailed(answer ? QStringLiteral("unexpected reply") : answer.error().message);
        return std::nullopt;
    }
    markAnswered();
    Admission admission;
    admission.quotaAllowed = answer->status != 0;
    admission.quotaUsed = answer->used;
    if (answer->status == 0) {
        // The quota refused it before the window gave a verdict, and it took no slot: where
        // the key stands, as peek() says it.
        admission.rate = decisionFrom(answer->previous, answer->current, answer->nowMs, limit, std::nullopt);
        admission.rate.retryAfterSeconds = 0;
    } else {
        admission.rate = decisionFrom(answer->previous, answer->current, answer->nowMs, limit, answer->status == 1);
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
    const qint64 at = counts.rollTo(nowMs);
    decision = slidingWindow(counts.previous, counts.current, limit, at, false);
    decision.retryAfterSeconds = 0;
    return decision;
}
