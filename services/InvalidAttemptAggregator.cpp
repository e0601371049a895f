#include "InvalidAttemptAggregator.h"

#include "AuditRepository.h"
#include "Logging.h"

#include <QJsonArray>

void InvalidAttemptAggregator::record(const QString& reason,
                                      const QString& maskedKey,
                                      const QString& ipAddress,
                                      const QUuid& keyId,
                                      const QUuid& organizationId)
{
    QMutexLocker locker(&m_mutex);
    auto it = m_groups.find(keyId);
    if (it == m_groups.end()) {
        if (m_groups.size() >= MaxGroups) {
            ++m_overflow;
            it = m_groups.find(QUuid()); // fold into the "unknown" group
            if (it == m_groups.end())
                it = m_groups.insert(QUuid(), Group{});
        } else {
            Group group;
            group.keyId = keyId;
            group.organizationId = organizationId;
            it = m_groups.insert(keyId, group);
        }
    }
    ++it->count;
    ++it->reasons[reason];
    if (it->sampleKeys.size() < MaxSamples && !it->sampleKeys.contains(maskedKey))
        it->sampleKeys << maskedKey;
    if (it->addresses.size() < MaxSamples && !ipAddress.isEmpty() && !it->addresses.contains(ipAddress))
        it->addresses << ipAddress;
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
    AuditRepository audit(database);
    int written = 0;
    for (const Group& group : std::as_const(groups)) {
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
        if (auto id = audit.append(event); id)
            ++written;
        else
            qCWarning(lcAudit).noquote() << "cannot record invalid attempts:" << id.error().message;
    }
    return written;
}
