#pragma once

#include <QDate>
#include <QList>
#include <QString>

// Usage of an organization (or one key) over a range of days, read from the daily rollup.
struct UsageStats
{
    struct Totals
    {
        qint64 requests = 0;
        qint64 successful = 0; // status < 400
        qint64 failed = 0; // status >= 400
        qint64 tokens = 0;
        double costUsd = 0;
        double averageResponseMs = 0;
    };
    struct EndpointRow
    {
        QString endpoint;
        qint64 requests = 0;
        qint64 tokens = 0;
        double costUsd = 0;
    };
    struct DayRow
    {
        QDate day;
        qint64 requests = 0;
        qint64 failed = 0;
        qint64 tokens = 0;
        double costUsd = 0;
    };
    struct StatusRow
    {
        int statusClass = 2; // 2 for 2xx, 4 for 4xx, ...
        qint64 requests = 0;
    };

    QDate from; // inclusive
    QDate to; // inclusive
    Totals totals;
    QList<EndpointRow> byEndpoint; // most requests first
    QList<DayRow> byDay; // oldest first, only days with traffic
    QList<StatusRow> byStatus; // by class
};
