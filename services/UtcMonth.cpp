#include "UtcMonth.h"

#include <QDateTime>
#include <QTimeZone>

namespace {
UtcMonth compute(qint64 msecsSinceEpoch)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, QTimeZone::utc()).date();
    UtcMonth month;
    month.first = QDate(day.year(), day.month(), 1);
    month.startMs = QDateTime(month.first, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    month.endMs = QDateTime(month.first.addMonths(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    return month;
}
} // namespace

UtcMonth UtcMonth::containing(qint64 msecsSinceEpoch)
{
    thread_local UtcMonth last;
    if (!last.contains(msecsSinceEpoch))
        last = compute(msecsSinceEpoch);
    return last;
}
