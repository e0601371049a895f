#pragma once

#include <QDate>
#include <QtGlobal>

// The UTC calendar month a moment falls in: where an organization's monthly quota starts
// and ends. containing() is on every request's path, so it remembers the last month it
// computed (per thread) and only works out a new one when the month turns.
struct UtcMonth
{
    QDate first; // the month's first day
    qint64 startMs = 0; // its first millisecond since the epoch
    qint64 endMs = 0; // the next month's first millisecond: when the quota begins again

    static UtcMonth containing(qint64 msecsSinceEpoch);
    bool contains(qint64 msecsSinceEpoch) const { return msecsSinceEpoch >= startMs && msecsSinceEpoch < endMs; }
    qint64 resetEpochSeconds() const { return endMs / 1000; }
};
