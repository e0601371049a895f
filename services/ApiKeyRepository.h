#pragma once

#include "ApiKey.h"
#include "Database.h"
#include "KeptQuery.h"
#include "Result.h"

#include <QList>
#include <QSqlQuery>

#include <optional>

// The only code that reads or writes `api_keys`. Use one instance per thread: it keeps
// the hot lookup by hash prepared on this thread's connection (KeptQuery).
class ApiKeyRepository
{
public:
    explicit ApiKeyRepository(Database& database);

    Result<ApiKey> getById(const QUuid& id);
    Result<ApiKey> getByHash(const QString& keyHash);
    // The newest key rolled from `keyId` (its `rolled_from`), or a null id when none was.
    Result<QUuid> successorOf(const QUuid& keyId);
    Result<QList<ApiKey>> listByOrganization(const QUuid& organizationId, int limit = 10000, int offset = 0);
    // Keys whose stored prefix and hint match (a masked key `pk_live_AbCd…wxyz` names
    // them); usually one, possibly a few.
    Result<QList<ApiKey>> findByPrefixAndHint(const QString& keyPrefix, const QString& keyHint, int limit = 20);
    // Keys that count against the plan's cap: active, not revoked, not expired at `now`.
    Result<int> countUsable(const QUuid& organizationId, const QDateTime& now);
    Status create(const ApiKey& key);
    Status updateLastUsed(const QUuid& id, const QDateTime& at);
    Status incrementRequestCount(const QUuid& id, qint64 by, const QDateTime& at);
    // Marks the key revoked; AlreadyRevoked when it was, NotFound when there is no such key.
    Status revoke(const QUuid& id, const QString& reason, const QString& revokedBy, const QDateTime& at);
    Status setExpiry(const QUuid& id, const QDateTime& expiresAt);
    // Deletes keys whose expiry lies before `cutoff`; returns how many.
    Result<int> deleteExpired(const QDateTime& cutoff);

private:
    Result<ApiKey> getOne(const QString& column, const QVariant& value);
    // Keys matching `condition` (bound `values`), newest first.
    Result<QList<ApiKey>> listWhere(const QString& condition, QVariantList values, int limit, int offset);

    Database& m_database;
    KeptQuery m_byHash;
};
