#pragma once

#include <QDate>
#include <QHash>
#include <QSet>
#include <QString>
#include <QUuid>

#include <utility>

// How an endpoint is counted in the daily usage rollups and in /metrics. A forwarded path
// is the upstream API's, and its identifiers would make one rollup row per resource
// ("/orders/1", "/orders/2", ...): such segments (numbers, UUIDs, long hex strings, long
// opaque tokens of letters and digits) read "{id}" there. The raw usage row keeps the
// path as it was called.
namespace UsageEndpoint {
QString route(const QString& path);
} // namespace UsageEndpoint

// Bounds the endpoints one key adds to the daily rollup: beyond MaxPerKeyPerDay distinct
// ones in a day, the rest count as "(other)". A caller choosing paths (or agent names)
// could otherwise make the rollup, which charts and summaries read, as large as the raw
// rows. Per process: with several validators the bound is per validator.
class UsageEndpointBudget
{
public:
    static constexpr int MaxPerKeyPerDay = 100;
    static QString other() { return QStringLiteral("(other)"); }

    // `route` itself, or other() once the key's day is full.
    QString admit(QDate day, const QUuid& keyId, const QString& route);

private:
    QDate m_newestDay;
    QHash<std::pair<QDate, QUuid>, QSet<QString>> m_seen;
};
