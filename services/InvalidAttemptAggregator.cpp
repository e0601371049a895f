#include "InvalidAttemptAggregator.h"

#include "AuditRepository.h"
#include "Logging.h"
#include "Transaction.h"

#include <QJsonArray>

namespace {
void addSample(QStringList& samples, const QString& value)
{
    if (samples.size() < InvalidAttemptAggregator::MaxSamples && !value.isEmpty() && !samples.contains(value))
        samples << value;
}
} // namespace

InvalidAttemptAggregator::Group& InvalidAttemptAggregator::groupFor(const QUuid& keyId, const QUuid& organizationId)
{
    auto it = m_groups.find(keyId);
    if (it != m_groups.end())
        return *it;
    if (m_groups.size() >= MaxGroups) {
        ++m_overflow;
        it = m_groups.find(QUuid()); // fold into the "unknown" group
        if (it == m_groups.end())
            it = m_groups.insert(QUuid(), Group{});
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
    Group& group = groupFor(keyId, organizationId);
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
    const Status status = write(database, groups);
    if (status)
        return int(groups.size());
    if (status.code() == ErrorCode::Unavailable) {
        qCWarning(lcAudit).noquote() << "cannot record invalid attempts now, will retry:" << status.error().message;
        putBack(groups);
    } else {
        qCWarning(lcAudit).noquote() << "cannot record invalid attempts:" << status.error().message;
    }
    return 0;
}

// One transaction: a flush that fails halfway leaves no row behind, so the retry that
// follows an outage writes each window once.
Status InvalidAttemptAggregator::write(Database& database, const QHash<QUuid, Group>& groups)
{
    auto db = database.connection();
    if (!db) // a database that cannot even be opened is away, whatever the reason given
        return makeError(ErrorCode::Unavailable, db.error().message);
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    AuditRepository audit(database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Group& group : groups) {
        QJsonObject reasons;
        for (auto it = group.reasons.cbegin(); it != group.reasons.cend(); ++it)
            reasons.insert(it.key(), double(it.value()));
        AuditEvent event;
        event.timestamp = now;
        event.actor = QStringLiteral("validator");
        event.action = QString::fromLatin1(AuditActions::KeyInvalidAttempt);
        event.keyId = group.keyId;
        event.organizationId = group.organizationId;
        event.ipAddress = group.addresses.value(0);
        event.details = {{QStringLiteral("count"), double(group.count)},
                         {QStringLiteral("reasons"), reasons},
                         {QStringLiteral("sample_keys"), QJsonArray::fromStringList(group.sampleKeys)},
                         {QStringLiteral("ip_addresses"), QJsonArray::fromStringList(group.addresses)}};
        if (auto id = audit.append(event); !id)
            return id.error();
    }
    return transaction.commit();
}

void InvalidAttemptAggregator::putBack(const QHash<QUuid, Group>& groups)
{
    QMutexLocker locker(&m_mutex);
    for (const Group& old : groups) {
        Group& group = groupFor(old.keyId, old.organizationId);
        group.count += old.count;
        for (auto it = old.reasons.cbegin(); it != old.reasons.cend(); ++it)
            group.reasons[it.key()] += it.value();
        for (const QString& key : old.sampleKeys)
            addSample(group.sampleKeys, key);
        for (const QString& address : old.addresses)
            addSample(group.addresses, address);
    }
}
