#include "AuditRepository.h"

#include "Logging.h"
#include "SqlQuery.h"
#include "SqlValue.h"

AuditRepository::AuditRepository(Database& database)
    : m_database(database)
{
}

Result<qint64> AuditRepository::append(const AuditEvent& e)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    const QDateTime at = e.timestamp.isValid() ? e.timestamp : QDateTime::currentDateTimeUtc();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("INSERT INTO audit_events (timestamp, actor, action, organization_id, key_id, "
                       "ip_address, details) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        {SqlValue::fromTime(at), e.actor.left(255), e.action.left(64), SqlValue::fromUuid(e.organizationId),
         SqlValue::fromUuid(e.keyId), SqlValue::fromText(e.ipAddress.left(45)), SqlValue::toJson(e.details)});
    if (!q)
        return q.error();
    const qint64 id = q->next() ? q->value(0).toLongLong() : 0;
    if (m_database.isPostgres() && AuditActions::invalidatesCaches(e.action)) {
        // Every running validator listens; PostgreSQL delivers this when the change commits.
        const QString payload = e.action + QLatin1Char(' ') + SqlValue::uuidText(e.organizationId) + QLatin1Char(' ')
            + SqlValue::uuidText(e.keyId);
        auto notify = SqlQuery::exec(db.value(), QStringLiteral("SELECT pg_notify(?, ?)"),
                                     {QString::fromLatin1(AuditActions::ChangeChannel), payload});
        if (!notify)
            return notify.error();
    }
    QString subject;
    if (!e.organizationId.isNull())
        subject += QStringLiteral(" org ") + SqlValue::uuidText(e.organizationId);
    if (!e.keyId.isNull())
        subject += QStringLiteral(" key ") + SqlValue::uuidText(e.keyId);
    qCInfo(lcAudit).noquote() << e.action << "by" << e.actor + subject;
    return id;
}

Result<QList<AuditEvent>> AuditRepository::list(const AuditFilter& f)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    QStringList where;
    QVariantList values;
    if (!f.organizationId.isNull()) {
        where << QStringLiteral("organization_id = ?");
        values << SqlValue::fromUuid(f.organizationId);
    }
    if (!f.keyId.isNull()) {
        where << QStringLiteral("key_id = ?");
        values << SqlValue::fromUuid(f.keyId);
    }
    if (!f.action.isEmpty()) {
        where << QStringLiteral("action = ?");
        values << f.action;
    }
    if (!f.actor.isEmpty()) {
        where << QStringLiteral("actor = ?");
        values << f.actor;
    }
    if (f.since.isValid()) {
        where << QStringLiteral("timestamp >= ?");
        values << SqlValue::fromTime(f.since);
    }
    if (f.until.isValid()) {
        where << QStringLiteral("timestamp < ?");
        values << SqlValue::fromTime(f.until);
    }
    values << qMax(0, f.limit) << qMax(0, f.offset);
    const QString sql
        = QStringLiteral("SELECT id, timestamp, actor, action, organization_id, key_id, ip_address, details "
                         "FROM audit_events %1 ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?")
              .arg(where.isEmpty() ? QString() : QStringLiteral("WHERE ") + where.join(QStringLiteral(" AND ")));
    auto q = SqlQuery::exec(db.value(), sql, values);
    if (!q)
        return q.error();
    QList<AuditEvent> events;
    while (q->next()) {
        AuditEvent e;
        e.id = q->value(0).toLongLong();
        e.timestamp = SqlValue::toTime(q->value(1));
        e.actor = q->value(2).toString();
        e.action = q->value(3).toString();
        e.organizationId = SqlValue::toUuid(q->value(4));
        e.keyId = SqlValue::toUuid(q->value(5));
        e.ipAddress = q->value(6).toString();
        e.details = SqlValue::toJsonObject(q->value(7));
        events << e;
    }
    return events;
}
