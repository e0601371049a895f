#include "QuotaTracker.h"

#include "Logging.h"
#include "UsageRepository.h"

#include <QTimeZone>

QuotaTracker::QuotaTracker(Database& database)
    : m_database(database)
{
}

QuotaTracker::Decision QuotaTracker::check(const QUuid& organizationId, qint64 limit, const QDateTime& now)
{
    const QDate today = now.toUTC().date();
    const QDate month(today.year(), today.month(), 1);
    Decision decision;
    decision.limit = limit;
    decision.resetEpochSeconds = QDateTime(month.addMonths(1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();

    QMutexLocker locker(&m_mutex);
    auto it = m_counters.find(organizationId);
    if (it == m_counters.end() || it->month != month) {
        Counter counter{month, 0};
        UsageRepository usage(m_database);
        if (auto used = usage.requestsInMonth(organizationId, today))
            counter.used = used.value();
        else
            qCWarning(lcDatabase).noquote() << "cannot read this month's usage; counting from zero:" << used.error().message;
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

void QuotaTracker::forget(const QUuid& organizationId)
{
    QMutexLocker locker(&m_mutex);
    m_counters.remove(organizationId);
}
