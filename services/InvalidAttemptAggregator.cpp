#include "InvalidAttemptAggregator.h"

#include "AuditRepository.h"
#include "InputRules.h"
#include "Logging.h"
#include "Transaction.h"

#include <QJsonArray>

namespace {
// Samples come from what clients sent: a control character (a NUL, which PostgreSQL's
// jsonb refuses, or an escape meant for a terminal) becomes U+FFFD.
void addSample(QStringList& samples, const QString& value)
{
    if (samples.size() >= InvalidAttemptAggregator::MaxSamples || value.isEmpty())
        return;
    const QString clean = InputRules::withControlCharactersReplaced(value);
    if (!samples.contains(clean))
        samples << clean;
}
} // namespace

InvalidAttemptAggregator::Group&
InvalidAttemptAggregator::groupFor(const QUuid& keyId, const QUuid& organizationId, quint64 count)
{
    auto it = m_groups.find(keyId);
    if (it != m_groups.end())
        return *it;
    if (m_groups.size() >= MaxGroups) {
        it = m_groups.find(QUuid()); // fold into the "unknown" group
        if (it == m_groups.end())
            it = m_groups.insert(QUuid(), Group{});
        if (!keyId.isNull())
            it->foldedKnownKeys += count;
        return *it;
    }
    Group group;
    group.keyId = keyId;
    group.organizationId = organizationId;
    return *m_groups.insert(keyId, group);
}

void InvalidAttemptAggregator::record(const QString& reason,
                                      const QString& maskedKey,
                                      const QString& ipAddress,
                                      const QUuid& keyId,
                                      const QUuid& organizationId)
{
    QMutexLocker locker(&m_mutex);
    Group& group = groupFor(keyId, organizationId, 1);
    ++group.count;
    ++group.reasons[reason];
    addSample(group.sampleKeys, maskedKey);
    addSample(group.addresses, ipAddress);
}

qsizetype InvalidAttemptAggregator::pendingGroups() const
{
    QMutexLocker locker(&m_mutex);
    return m_groups.size();
}

int InvalidAttemptAggregator::flush(Database& database, qsizetype* taken)
{
    QHash<QUuid, Group> groups;
    {
        QMutexLocker locker(&m_mutex);
        groups.swap(m_groups);
    }
    if (taken)
        *taken = groups.size();
    if (groups.isEmpty())
        return 0;
    const Status status = writeWindow(database, groups);
    if (status)
        return int(groups.size());
    if (database.isAway(status)) {
        qCWarning(lcAudit).noquote() << "cannot record invalid attempts now, will retry:" << status.error().message;
        putBack(groups);
        return 0;
    }
    // Not an outage but a row the database refuses: one by one, so that it costs no other.
    return writeOneByOne(database, groups);
}

// One transaction: a flush that fails halfway leaves no row behind, so the retry that
// follows an outage writes each window once.
Status InvalidAttemptAggregator::writeWindow(Database& database, const QHash<QUuid, Group>& groups)
{
    auto db = database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    for (const Group& group : groups) {
        if (Status written = write(database, group); !written)
            return written;
    }
    return transaction.commit();
}

int InvalidAttemptAggregator::writeOneByOne(Database& database, const QHash<QUuid, Group>& groups)
{
    int written = 0;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const Status status = write(database, *it);
        if (status) {
            ++written;
            continue;
        }
        if (!database.isAway(status)) {
            qCWarning(lcAudit).noquote() << "cannot record invalid attempts:" << status.error().message;
            continue;
        }
        qCWarning(lcAudit).noquote() << "cannot record invalid attempts now, will retry:" << status.error().message;
        QHash<QUuid, Group> rest;
        for (; it != groups.cend(); ++it)
            rest.insert(it.key(), *it);
        putBack(rest);
        break;
    }
    return written;
}

Status InvalidAttemptAggregator::write(Database& database, const Group& group)
{
    QJsonObject reasons;
    for (auto it = group.reasons.cbegin(); it != group.reasons.cend(); ++it)
        reasons.insert(it.key(), double(it.value()));
    AuditEvent event;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.actor = QStringLiteral("validator");
    event.action = QString::fromLatin1(AuditActions::KeyInvalidAttempt);
    event.keyId = group.keyId;
    event.organizationId = group.organizationId;
    event.ipAddress = group.addresses.value(0);
    event.details = {{QStringLiteral("count"), double(group.count)},
                     {QStringLiteral("reasons"), reasons},
                     {QStringLiteral("sample_keys"), QJsonArray::fromStringList(group.sampleKeys)},
                     {QStringLiteral("ip_addresses"), QJsonArray::fromStringList(group.addresses)}};
    if (group.foldedKnownKeys > 0)
        event.details.insert(QStringLiteral("folded_known_key_attempts"), double(group.foldedKnownKeys));
    AuditRepository audit(database);
    if (auto id = audit.append(event); !id)
        return id.error();
    return success();
}

void InvalidAttemptAggregator::putBack(const QHash<QUuid, Group>& groups)
{
    QMutexLocker locker(&m_mutex);
    for (const Group& old : groups) {
        Group& group = groupFor(old.keyId, old.organizationId, old.count);
        group.count += old.count;
        group.foldedKnownKeys += old.foldedKnownKeys;
        for (auto it = old.reasons.cbegin(); it != old.reasons.cend(); ++it)
            group.reasons[it.key()] += it.value();
        for (const QString& key : old.sampleKeys)
            addSample(group.sampleKeys, key);
        for (const QString& address : old.addresses)
            addSample(group.addresses, address);
    }
}
