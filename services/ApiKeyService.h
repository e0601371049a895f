#pragma once

#include "ApiKey.h"
#include "ApiKeyRepository.h"
#include "AuditRepository.h"
#include "Clock.h"
#include "Database.h"
#include "Organization.h"
#include "OrganizationRepository.h"
#include "Result.h"
#include "UsageRepository.h"

#include <optional>

// What a validated key may do: handed to the route that serves the request.
struct AuthContext
{
    Organization organization;
    ApiKey key;
    int rateLimitPerMinute = 0; // key's custom limit, else the organization's
    // The key whose per-minute window this one counts against: itself, or while a rolled key
    // is in its grace period, the newest key that replaced it (old and new share one window,
    // so a roll never doubles a caller's rate).
    QUuid rateLimitKeyId;
    qint64 monthlyRequestLimit = 0;
};

struct CreateKeyRequest
{
    QUuid organizationId;
    QString name;
    QString description;
    KeyEnvironment environment = KeyEnvironment::Live;
    QStringList scopes;
    std::optional<int> expiresInDays;
    std::optional<int> customRateLimit;
};

// A new key and the one moment its full text exists.
struct CreatedKey
{
    ApiKey key;
    QString fullKey;
};

// What support sees for a pasted key.
struct KeyLookup
{
    ApiKey key;
    Organization organization;
    ApiKey::Status status = ApiKey::Status::Active;
};

// The key lifecycle: validate, create, revoke, roll, list, find, track usage, report.
// Every change writes its audit event in the same transaction. Use one instance per thread.
class ApiKeyService
{
public:
    explicit ApiKeyService(Database& database, Clock clock = systemNow);

    // format -> hash -> lookup -> active -> not expired -> not revoked -> organization active.
    // When a known key is refused (revoked, expired, inactive), `refusedKey` gets it, so
    // callers can attribute the attempt.
    // A known key that is refused (revoked, expired, inactive, of an inactive organization)
    // comes back in `refusedKey`, its organization's slug in `refusedOrganizationSlug`.
    Result<AuthContext> validate(QStringView fullKey,
                                 const QString& ipAddress = {},
                                 ApiKey* refusedKey = nullptr,
                                 QString* refusedOrganizationSlug = nullptr);
    Result<CreatedKey> createKey(const CreateKeyRequest& request, const AuditActor& actor);
    Result<ApiKey> revokeKey(const QUuid& keyId, const QString& reason, const AuditActor& actor);
    // A new key with the same organization, name, scopes and limits, linked by `rolled_from`;
    // the old key expires after `graceHours` (0: at once).
    Result<CreatedKey> rollKey(const QUuid& keyId, int graceHours, const AuditActor& actor);
    Result<QList<ApiKey>> listKeys(const QUuid& organizationId);
    Result<ApiKey> getKey(const QUuid& keyId);
    // For support: who owns this full key and in what state is it. Writes nothing.
    Result<KeyLookup> findByFullKey(QStringView fullKey);
    // The same from a masked key (`pk_live_AbCd…wxyz`, or `...` for the ellipsis), as a
    // ticket or a log line shows it: every key with that prefix and hint.
    Result<QList<KeyLookup>> findByMaskedKey(QStringView maskedKey);
    Status trackUsage(const UsageRecord& record);
    Status trackUsage(const QList<UsageRecord>& records);
    Result<UsageStats> usageStats(const QUuid& organizationId, QDate from, QDate to, const QUuid& keyId = {});

    // Record `key.invalid_attempt` audit events from validate() (on by default; the
    // validator turns it off and aggregates attempts itself).
    void setAuditInvalidAttempts(bool enabled) { m_auditInvalidAttempts = enabled; }

private:
    Result<CreatedKey> insertKey(const Organization& organization,
                                 const CreateKeyRequest& request,
                                 const QUuid& rolledFrom,
                                 const AuditActor& actor,
                                 bool enforceCap);
    void auditInvalidAttempt(QStringView fullKey, const QString& reason, const QString& ipAddress, const ApiKey* key);

    Database& m_database;
    Clock m_clock;
    ApiKeyRepository m_keys;
    OrganizationRepository m_organizations;
    UsageRepository m_usage;
    AuditRepository m_audit;
    bool m_auditInvalidAttempts = true;
};
