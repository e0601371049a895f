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
// sending a million random keys produces one row a minute, not a million. Beyond MaxGroups
// keys in a window, attempts on further keys are counted in the unknown group's row as
// `folded_known_key_attempts`. A window's rows
// are written in one transaction; while the database is away they wait for the next flush,
// merged into the new window's groups (so within the same bound) and never written twice.
// A row the database refuses costs only itself.
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
    // the same time takes none of them). When the database cannot be reached the groups are
    // kept for the next flush and 0 is returned.
    int flush(Database& database, qsizetype* taken = nullptr);
    // Groups waiting for a flush.
    qsizetype pendingGroups() const;

private:
    struct Group
    {
        QUuid keyId;
        QUuid organizationId;
        quint64 count = 0;
        QHash<QString, quint64> reasons;
        QStringList sampleKeys;
        QStringList addresses;
        // In the unknown group: attempts on known keys that found no room for a row of
        // their own (the window had MaxGroups keys already). The audit row says so.
        quint64 foldedKnownKeys = 0;
    };
    // The group for `keyId`, made if there is room, else the "unknown" group. Under m_mutex.
    // `count`: the attempts about to be added, counted as folded when there is no room.
    Group& groupFor(const QUuid& keyId, const QUuid& organizationId, quint64 count);
    static Status writeWindow(Database& database, const QHash<QUuid, Group>& groups);
    // After a refused row: each group on its own; an outage puts back what is left.
    int writeOneByOne(Database& database, const QHash<QUuid, Group>& groups);
    // One group's audit row, in the connection's transaction when one is open.
    static Status write(Database& database, const Group& group);
    // Merges groups a failed flush took back into the current window.
    void putBack(const QHash<QUuid, Group>& groups);

    mutable QMutex m_mutex;
    QHash<QUuid, Group> m_groups; // null uuid: unknown keys
};
