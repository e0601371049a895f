#pragma once

#include "Database.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUuid>

// Turns a stream of refused keys into few audit rows: attempts are counted in memory per
// key (or per "unknown key") and written as one `key.invalid_attempt` event per window
// with the count, the reasons, a few masked keys and source addresses. An attacker
// sending a million random keys produces one row a minute, not a million.
class InvalidAttemptAggregator
{
public:
    static constexpr int MaxGroups = 1000;
    static constexpr int MaxSamples = 5;

    void record(const QString& reason,
                const QString& maskedKey,
                const QString& ipAddress,
                const QUuid& keyId,
                const QUuid& organizationId);
    // Writes one audit event per group and starts a new window; returns how many rows.
    // `taken`, when given, receives how many groups this call took (another flush running at
    // the same time takes none of them).
    int flush(Database& database, qsizetype* taken = nullptr);

private:
    struct Group
    {
        QUuid keyId;
        QUuid organizationId;
        quint64 count = 0;
        QHash<QString, quint64> reasons;
        QStringList sampleKeys;
        QStringList addresses;
    };
    mutable QMutex m_mutex;
    QHash<QUuid, Group> m_groups; // null uuid: unknown keys
    quint64 m_overflow = 0;
};
