#include "ApiKeyRepository.h"

#include "SqlQuery.h"
#include "SqlValue.h"

#include <QCoreApplication>
#include <QSqlError>

namespace {

const QString kColumns = QStringLiteral(
    "id, organization_id, key_prefix, key_hash, key_hint, name, description, environment, is_active, "
    "created_at, last_used_at, expires_at, revoked_at, revoked_by, revoked_reason, scopes, custom_rate_limit, "
    "total_requests, last_request_at, rolled_from");

QString tr(const char* text)
{
    return QCoreApplication::translate("ApiKeyRepository", text);
}

ApiKey fromRow(const QSqlQuery& q)
{
    ApiKey k;
    k.id = SqlValue::toUuid(q.value(0));
    k.organizationId = SqlValue::toUuid(q.value(1));
    k.keyPrefix = q.value(2).toString();
    k.keyHash = q.value(3).toString();
    k.keyHint = q.value(4).toString();
    k.name = q.value(5).toString();
    k.description = q.value(6).toString();
    k.environment = KeyEnvironments::fromString(q.value(7).toString()).value_or(KeyEnvironment::Live);
    k.isActive = q.value(8).toBool();
    k.createdAt = SqlValue::toTime(q.value(9));
    k.lastUsedAt = SqlValue::toTime(q.value(10));
    k.expiresAt = SqlValue::toTime(q.value(11));
    k.revokedAt = SqlValue::toTime(q.value(12));
    k.revokedBy = q.value(13).toString();
    k.revokedReason = q.value(14).toString();
    k.scopes = SqlValue::toStringList(q.value(15));
    k.customRateLimit = SqlValue::toOptionalInt(q.value(16));
    k.totalRequests = q.value(17).toLongLong();
    k.lastRequestAt = SqlValue::toTime(q.value(18));
    k.rolledFrom = SqlValue::toUuid(q.value(19));
    return k;
}

} // namespace

ApiKeyRepository::ApiKeyRepository(Database& database)
    : m_database(database)
    , m_byHash(QStringLiteral("SELECT %1 FROM api_keys WHERE key_hash = ?").arg(kColumns)) // every cache miss
{
}

Result<ApiKey> ApiKeyRepository::getOne(const QString& column, const QVariant& value)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(), QStringLiteral("SELECT %1 FROM api_keys WHERE %2 = ?").arg(kColumns, column),
                            {value});
    if (!q)
        return q.error();
    if (!q->next())
        return makeError(ErrorCode::NotFound, tr("no such API key"));
    return fromRow(q.value());
}

Result<ApiKey> ApiKeyRepository::getById(const QUuid& id)
{
    if (id.isNull())
        return makeError(ErrorCode::NotFound, tr("no such API key"));
    auto key = getOne(QStringLiteral("id"), SqlValue::fromUuid(id));
    if (!key && key.code() == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound, tr("no API key with id %1").arg(SqlValue::uuidText(id)));
    return key;
}

Result<QUuid> ApiKeyRepository::successorOf(const QUuid& keyId)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("SELECT id FROM api_keys WHERE rolled_from = ? ORDER BY created_at DESC, id DESC LIMIT 1"),
        {SqlValue::fromUuid(keyId)});
    if (!q)
        return q.error();
    return q->next() ? SqlValue::toUuid(q->value(0)) : QUuid();
}

Result<ApiKey> ApiKeyRepository::getByHash(const QString& keyHash)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = m_byHash.exec(db.value(), {keyHash});
    if (!q)
        return q.error();
    QSqlQuery& row = *q.value();
    const bool found = row.next();
    std::optional<ApiKey> key;
    if (found)
        key = fromRow(row);
    row.finish(); // the kept statement holds no result (nor, on SQLite, a read) until the next
    if (!key)
        return makeError(ErrorCode::NotFound, tr("no such API key"));
    return *key;
}

Result<QList<ApiKey>> ApiKeyRepository::listWhere(const QString& condition, QVariantList values, int limit, int offset)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    values << qMax(0, limit) << qMax(0, offset);
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("SELECT %1 FROM api_keys WHERE %2 ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
            .arg(kColumns, condition),
        values);
    if (!q)
        return q.error();
    QList<ApiKey> keys;
    while (q->next())
        keys << fromRow(q.value());
    return keys;
}

Result<QList<ApiKey>> ApiKeyRepository::listByOrganization(const QUuid& organizationId, int limit, int offset)
{
    return listWhere(QStringLiteral("organization_id = ?"), {SqlValue::fromUuid(organizationId)}, limit, offset);
}

Result<QList<ApiKey>> ApiKeyRepository::findByPrefixAndHint(const QString& keyPrefix, const QString& keyHint, int limit)
{
    return listWhere(QStringLiteral("key_prefix = ? AND key_hint = ?"), {keyPrefix, keyHint}, limit, 0);
}

Result<int> ApiKeyRepository::countUsable(const QUuid& organizationId, const QDateTime& now)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE organization_id = ? AND is_active = ? "
                                           "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"),
                            {SqlValue::fromUuid(organizationId), true, SqlValue::fromTime(now)});
    if (!q)
        return q.error();
    q->next();
    return q->value(0).toInt();
}

Status ApiKeyRepository::create(const ApiKey& k)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(
        db.value(),
        QStringLiteral("INSERT INTO api_keys (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns),
        {SqlValue::fromUuid(k.id),
         SqlValue::fromUuid(k.organizationId),
         k.keyPrefix,
         k.keyHash,
         k.keyHint,
         k.name,
         SqlValue::fromText(k.description),
         KeyEnvironments::toString(k.environment),
         k.isActive,
         SqlValue::fromTime(k.createdAt),
         SqlValue::fromTime(k.lastUsedAt),
         SqlValue::fromTime(k.expiresAt),
         SqlValue::fromTime(k.revokedAt),
         SqlValue::fromText(k.revokedBy),
         SqlValue::fromText(k.revokedReason),
         SqlValue::toJson(k.scopes),
         SqlValue::fromOptionalInt(k.customRateLimit),
         k.totalRequests,
         SqlValue::fromTime(k.lastRequestAt),
         SqlValue::fromUuid(k.rolledFrom)});
    if (!q)
        return q.error();
    return success();
}

Status ApiKeyRepository::updateLastUsed(const QUuid& id, const QDateTime& at)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(), QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ?"),
                            {SqlValue::fromTime(at), SqlValue::fromUuid(id)});
    if (!q)
        return q.error();
    return success();
}

Status ApiKeyRepository::incrementRequestCount(const QUuid& id, qint64 by, const QDateTime& at)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    // Never move the timestamps backwards when batches arrive out of order.
    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("UPDATE api_keys SET total_requests = total_requests + ?, "
                                           "last_request_at = CASE WHEN last_request_at IS NULL OR last_request_at < ? "
                                           "THEN ? ELSE last_request_at END, "
                                           "last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? "
                                           "THEN ? ELSE last_used_at END WHERE id = ?"),
                            {by, SqlValue::fromTime(at), SqlValue::fromTime(at), SqlValue::fromTime(at),
                             SqlValue::fromTime(at), SqlValue::fromUuid(id)});
    if (!q)
        return q.error();
    return success();
}

Status ApiKeyRepository::revoke(const QUuid& id, const QString& reason, const QString& revokedBy, const QDateTime& at)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("UPDATE api_keys SET is_active = ?, revoked_at = ?, revoked_by = ?, "
                                           "revoked_reason = ? WHERE id = ? AND revoked_at IS NULL"),
                            {false, SqlValue::fromTime(at), revokedBy, reason, SqlValue::fromUuid(id)});
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 0) {
        auto existing = getById(id);
        if (!existing)
            return existing.error();
        return makeError(ErrorCode::AlreadyRevoked,
                         tr("API key %1 was already revoked on %2")
                             .arg(existing->maskedKey(), existing->revokedAt.toString(Qt::ISODate)));
    }
    return success();
}

Status ApiKeyRepository::setExpiry(const QUuid& id, const QDateTime& expiresAt)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(), QStringLiteral("UPDATE api_keys SET expires_at = ? WHERE id = ?"),
                            {SqlValue::fromTime(expiresAt), SqlValue::fromUuid(id)});
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("no API key with id %1").arg(SqlValue::uuidText(id)));
    return success();
}

Result<int> ApiKeyRepository::deleteExpired(const QDateTime& cutoff)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    auto q = SqlQuery::exec(db.value(),
                            QStringLiteral("DELETE FROM api_keys WHERE expires_at IS NOT NULL AND expires_at < ?"),
                            {SqlValue::fromTime(cutoff)});
    if (!q)
        return q.error();
    return q->numRowsAffected();
}
