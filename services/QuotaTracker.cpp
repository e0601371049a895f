#include "QuotaTracker.h"

#include "Logging.h"
#include "UsageRepository.h"
#include "UuidText.h"

#include <QDateTime>
#include <QTimeZone>

QuotaTracker::QuotaTracker(Database& database)
    : m_database(database)
{
    m_clock.start();
}

namespace {
// KEYS[1]: the organization's counter for the month. ARGV: limit (<= 0: none), seed
// (-1: unknown, ask the caller), expiry in seconds.
const QByteArray kQuotaScript = QByteArrayLiteral(R"(
local used = redis.call('GET', KEYS[1])
if not used then
  if tonumber(ARGV[2]) < 0 then return {-1, 0} end
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3], 'NX')
  used = redis.call('GET', KEYS[1])
end
used = tonumber(used)
local limit = tonumber(ARGV[1])
if limit > 0 and used >= limit then return {0, used} end
return {1, redis.call('INCR', KEYS[1])}
)");
// KEYS[1]: the organization's counter for the month; never below zero, never created.
const QByteArray kRefundScript = QByteArrayLiteral(R"(
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then return redis.call('DECR', KEYS[1]) end
return 0
)");
} // namespace

void QuotaTracker::useRedis(const RedisUrl& url)
{
    m_redis = std::make_unique<RedisConnectionPool>(url, 250);
}

bool QuotaTracker::redisFailedRecently() const
{
    const qint64 failedAt = m_redisFailedAtMs.loadRelaxed();
    return failedAt >= 0 && m_clock.elapsed() - failedAt < 1000;
}

qint64 QuotaTracker::usedFromDatabase(const QUuid& organizationId, QDate day)
{
    UsageRepository usage(m_database);
    if (auto used = usage.requestsInMonth(organizationId, day))
        return used.value();
    else
        qCWarning(lcDatabase).noquote() << "cannot read this month's usage; counting from zero:"
                                        << used.error().message;
    return 0;
}

// "kw:quota:<organization id>:<yyyyMM>". With Redis every request names its organization's
// key, twice for a request held for a batch: the thread keeps the last one it built, so a
// busy organization's requests share its bytes instead of allocating them each time.
QByteArray QuotaTracker::redisKey(const QUuid& organizationId, const UtcMonth& month)
{
    thread_local QUuid lastOrganization;
    thread_local QDate lastMonth;
    thread_local QByteArray lastKey;
    if (organizationId == lastOrganization && month.first == lastMonth && !lastKey.isNull())
        return lastKey;
    QByteArray key;
    key.reserve(9 + 36 + 1 + 6);
    key.append("kw:quota:").append(UuidText(organizationId).view()).append(':');
    char yyyymm[6];
    for (int i = 5, value = month.first.year() * 100 + month.first.month(); i >= 0; --i, value /= 10)
        yyyymm[i] = char('0' + value % 10);
    key.append(yyyymm, sizeof yyyymm);
    lastOrganization = organizationId;
    lastMonth = month.first;
    lastKey = key;
    return key;
}

std::optional<qint64>
QuotaTracker::checkRedis(const QUuid& organizationId, qint64 limit, const UtcMonth& month, bool* allowed)
{
    if (redisFailedRecently())
        return std::nullopt;
    static const QByteArray sha1 = RedisClient::sha1Hex(kQuotaScript);
    const QByteArray key = redisKey(organizationId, month);
    const QByteArray expiry = QByteArray::number(40 * 86400);
    auto evaluate = [&](const QByteArray& seed) {
        return m_redis->with([&](RedisClient& client) {
            return client.evalScript(kQuotaScript, sha1, {key}, {QByteArray::number(limit), seed, expiry});
        });
    };
    auto reply = evaluate("-1");
    if (reply && reply->elements.size() == 2 && reply->elements[0].integer == -1)
        reply = evaluate(QByteArray::number(usedFromDatabase(organizationId, month.first)));
    if (!reply || reply->elements.size() != 2) {
        m_redisFailedAtMs.storeRelaxed(m_clock.elapsed());
        return std::nullopt;
    }
    m_redisFailedAtMs.storeRelaxed(-1);
    *allowed = reply->elements[0].integer == 1;
    return reply->elements[1].integer;
}

QuotaTracker::Decision QuotaTracker::check(const QUuid& organizationId, qint64 limit, qint64 nowMs)
{
    const UtcMonth month = UtcMonth::containing(nowMs);
    Decision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = month.resetEpochSeconds();

    if (m_redis) {
        bool allowed = true;
        if (const auto used = checkRedis(organizationId, limit, month, &allowed)) {
            decision.allowed = allowed;
            decision.used = *used;
            return decision;
        }
    }
    QMutexLocker locker(&m_mutex);
    auto it = m_counters.find(organizationId);
    // A request stamped in a month the counter has already left (its thread read the clock,
    // then waited for the lock) counts in the newer month: starting the old month over would
    // throw away the newer one's requests that the usage tables do not hold yet.
    if (it == m_counters.end() || it->month < month.first) {
        Counter counter{month.first, usedFromDatabase(organizationId, month.first)};
        it = m_counters.insert(organizationId, counter);
    } else if (it->month > month.first) {
        // Counted in the newer month, so the answer names when that one ends.
        decision.resetEpochSeconds
            = UtcMonth::containing(it->month.startOfDay(QTimeZone::utc()).toMSecsSinceEpoch()).resetEpochSeconds();
    }
    decision.used = it->used;
    if (limit > 0 && it->used >= limit) {
        decision.allowed = false;
        return decision;
    }
    ++it->used;
    decision.used = it->used;
    return decision;
}

void QuotaTracker::refund(const QUuid& organizationId, qint64 nowMs)
{
    const UtcMonth month = UtcMonth::containing(nowMs);
    if (m_redis && !redisFailedRecently()) {
        static const QByteArray sha1 = RedisClient::sha1Hex(kRefundScript);
        const QByteArray key = redisKey(organizationId, month);
        if (m_redis->with([&](RedisClient& client) { return client.evalScript(kRefundScript, sha1, {key}, {}); }))
            return;
        m_redisFailedAtMs.storeRelaxed(m_clock.elapsed());
    }
    QMutexLocker locker(&m_mutex);
    auto it = m_counters.find(organizationId);
    if (it != m_counters.end() && it->month == month.first && it->used > 0)
        --it->used;
}
