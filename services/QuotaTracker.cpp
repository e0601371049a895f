#include "QuotaTracker.h"

#include "Logging.h"
#include "UsageRepository.h"

#include <QTimeZone>

QuotaTracker::QuotaTracker(Database& database)
    : m_database(database)
{
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
    m_redis = std::make_unique<RedisClient>(url, 250);
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

QByteArray QuotaTracker::redisKey(const QUuid& organizationId, QDate month)
{
    return QByteArrayLiteral("kw:quota:") + organizationId.toByteArray(QUuid::WithoutBraces) + ':'
        + month.toString(QStringLiteral("yyyyMM")).toLatin1();
}

std::optional<qint64> QuotaTracker::checkRedis(const QUuid& organizationId, qint64 limit, QDate month, bool* allowed)
{
    if (m_redisFailure.isValid() && m_redisFailure.elapsed() < 1000)
        return std::nullopt;
    static const QByteArray sha1 = RedisClient::sha1Hex(kQuotaScript);
    const QByteArray key = redisKey(organizationId, month);
    const QByteArray expiry = QByteArray::number(40 * 86400);
    auto reply = m_redis->evalScript(kQuotaScript, sha1, {key}, {QByteArray::number(limit), "-1", expiry});
    if (reply && reply->elements.size() == 2 && reply->elements[0].integer == -1)
        reply = m_redis->evalScript(
            kQuotaScript, sha1, {key},
            {QByteArray::number(limit), QByteArray::number(usedFromDatabase(organizationId, month)), expiry});
    if (!reply || reply->elements.size() != 2) {
        m_redisFailure.start();
        return std::nullopt;
    }
    m_redisFailure.invalidate();
    *allowed = reply->elements[0].integer == 1;
    return reply->elements[1].integer;
}

QuotaTracker::Decision QuotaTracker::check(const QUuid& organizationId, qint64 limit, const QDateTime& now)
{
    const QDate today = now.toUTC().date();
    const QDate month(today.year(), today.month(), 1);
    Decision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = QDateTime(month.addMonths(1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();

    QMutexLocker locker(&m_mutex);
    if (m_redis) {
        bool allowed = true;
        if (const auto used = checkRedis(organizationId, limit, month, &allowed)) {
            decision.allowed = allowed;
            decision.used = *used;
            return decision;
        }
    }
    auto it = m_counters.find(organizationId);
    if (it == m_counters.end() || it->month != month) {
        Counter counter{month, usedFromDatabase(organizationId, today)};
        it = m_counters.insert(organizationId, counter);
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

void QuotaTracker::refund(const QUuid& organizationId, const QDateTime& now)
{
    const QDate today = now.toUTC().date();
    const QDate month(today.year(), today.month(), 1);
    QMutexLocker locker(&m_mutex);
    if (m_redis && !(m_redisFailure.isValid() && m_redisFailure.elapsed() < 1000)) {
        static const QByteArray sha1 = RedisClient::sha1Hex(kRefundScript);
        if (m_redis->evalScript(kRefundScript, sha1, {redisKey(organizationId, month)}, {}))
            return;
        m_redisFailure.start();
    }
    auto it = m_counters.find(organizationId);
    if (it != m_counters.end() && it->month == month && it->used > 0)
        --it->used;
}
