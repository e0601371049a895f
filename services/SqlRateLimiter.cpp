#include "SqlRateLimiter.h"

#include "Logging.h"
#include "SqlQuery.h"
#include "SqlValue.h"

#include <QTimeZone>

SqlRateLimiter::SqlRateLimiter(Database& database)
    : m_database(database)
{
}

RateLimitDecision SqlRateLimiter::check(const QUuid& keyId, int limit, qint64 nowMs)
{
    return decide(keyId, limit, nowMs, true);
}

RateLimitDecision SqlRateLimiter::peek(const QUuid& keyId, int limit, qint64 nowMs)
{
    RateLimitDecision decision = decide(keyId, limit, nowMs, false);
    decision.retryAfterSeconds = 0;
    decision.unavailable = false;
    return decision;
}

RateLimitDecision SqlRateLimiter::decide(const QUuid& keyId, int limit, qint64 nowMs, bool count)
{
    QMutexLocker locker(&m_mutex);
    // A request whose moment lies before a minute another request already opened (its
    // thread waited for the lock or the database, or its validator's clock runs behind)
    // counts in that newer minute instead: counted in the old one, it would see neither the
    // newer minute's requests nor be seen by them as the last minute, and admit past the
    // limit. Each retry moves to a later minute, so this ends.
    for (;;) {
        qint64 newerWindowMs = 0;
        const RateLimitDecision decision = decideAt(keyId, limit, nowMs, count, &newerWindowMs);
        if (newerWindowMs <= nowMs)
            return decision;
        nowMs = newerWindowMs;
    }
}

RateLimitDecision
SqlRateLimiter::decideAt(const QUuid& keyId, int limit, qint64 nowMs, bool count, qint64* newerWindowMs)
{
    const qint64 windowStartMs = windowStart(nowMs);
    RateLimitDecision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = (windowStartMs + WindowMs + 999) / 1000;
    const auto at = [](qint64 ms) {
        return SqlValue::fromTime(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()));
    };

    auto db = m_database.connection();
    m_failed = !db;
    if (!db) {
        // The database is the limiter here: without it, fail closed like Redis's `closed`.
        decision.allowed = false;
        decision.unavailable = true;
        decision.retryAfterSeconds = 1;
        return decision;
    }
    const auto failClosed = [this, &decision] {
        m_failed = true;
        decision.allowed = false;
        decision.unavailable = true;
        decision.retryAfterSeconds = 1;
        return decision;
    };
    const QVariantList thisWindow{SqlValue::fromUuid(keyId), at(windowStartMs)};
    int current = 0;
    if (count) {
        // Take a ticket first: one atomic upsert counts this request and says how many this
        // window holds with it, so validators sharing the database can never both admit
        // the last slot (reading first and counting after could). A refused request hands
        // its ticket back below; meanwhile it can only make a concurrent one refuse, never
        // admit one too many.
        auto ticket = SqlQuery::exec(
            db.value(),
            QStringLiteral("INSERT INTO rate_limit_tracking (api_key_id, window_start, window_end, request_count, "
                           "created_at, updated_at) "
                           "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (api_key_id, window_start) DO UPDATE SET "
                           "request_count = rate_limit_tracking.request_count + 1, updated_at = excluded.updated_at "
                           "RETURNING request_count"),
            {SqlValue::fromUuid(keyId), at(windowStartMs), at(windowStartMs + WindowMs), at(nowMs), at(nowMs)});
        if (!ticket || !ticket->next()) {
            // A limiter that cannot count must not admit (a read-only replica, a full disk).
            qCWarning(lcDatabase).noquote() << "rate limit tracking write failed:"
                                            << (ticket ? QStringLiteral("no row returned") : ticket.error().message);
            return failClosed();
        }
        current = ticket->value(0).toInt() - 1; // the others in this window
    }
    // Read after the ticket: a newer minute opened before this read is seen here (and the
    // request moves to it); one opened after it reads this window with the ticket in it.
    auto counts = SqlQuery::exec(db.value(),
                                 QStringLiteral("SELECT window_start, request_count FROM rate_limit_tracking "
                                                "WHERE api_key_id = ? AND window_start >= ?"),
                                 {SqlValue::fromUuid(keyId), at(windowStartMs - WindowMs)});
    const auto handBack = [&] {
        (void)SqlQuery::exec(db.value(),
                             QStringLiteral("UPDATE rate_limit_tracking SET request_count = request_count - 1 "
                                            "WHERE api_key_id = ? AND window_start = ? AND request_count > 0"),
                             thisWindow);
    };
    if (!counts) {
        if (count)
            handBack();
        return failClosed();
    }
    int previous = 0;
    while (counts->next()) {
        const qint64 start = SqlValue::toTime(counts->value(0)).toMSecsSinceEpoch();
        if (start > windowStartMs)
            *newerWindowMs = qMax(*newerWindowMs, start);
        else if (start != windowStartMs)
            previous = counts->value(1).toInt();
        else if (!count)
            current = counts->value(1).toInt();
    }
    if (*newerWindowMs > windowStartMs) {
        if (count)
            handBack();
        return decision; // the caller asks again in the newer minute
    }
    decision = slidingWindow(previous, current, limit, nowMs, count);
    if (!count)
        return decision;
    if (!decision.allowed) {
        handBack();
        return decision;
    }
    // Old windows are of no use: clear them now and then.
    if (++m_checks % 1000 == 0)
        (void)SqlQuery::exec(db.value(), QStringLiteral("DELETE FROM rate_limit_tracking WHERE window_end < ?"),
                             {at(windowStartMs - WindowMs)});
    return decision;
}
