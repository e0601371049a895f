#include "ApiKeyService.h"

#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"
#include "InputRules.h"
#include "KeyMasking.h"
#include "Logging.h"
#include "SqlValue.h"
#include "Transaction.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ApiKeyService", text);
}

AuditEvent keyEvent(const char* action, const AuditActor& actor, const ApiKey& key, const QDateTime& at)
{
    AuditEvent event;
    event.timestamp = at;
    event.actor = actor.name;
    event.ipAddress = actor.ipAddress;
    event.action = QString::fromLatin1(action);
    event.organizationId = key.organizationId;
    event.keyId = key.id;
    event.details = {{QStringLiteral("key"), key.maskedKey()}, {QStringLiteral("name"), key.name}};
    return event;
}
} // namespace

ApiKeyService::ApiKeyService(Database& database, Clock clock)
    : m_database(database)
    , m_clock(std::move(clock))
    , m_keys(database)
    , m_organizations(database)
    , m_usage(database)
    , m_audit(database)
{
}

void ApiKeyService::auditInvalidAttempt(QStringView fullKey,
                                        const QString& reason,
                                        const QString& ipAddress,
                                        const ApiKey* key)
{
    qCInfo(lcKeys).noquote() << "refused key" << KeyMasking::mask(fullKey) << "reason" << reason;
    if (!m_auditInvalidAttempts)
        return;
    AuditEvent event;
    event.timestamp = m_clock();
    event.actor = QStringLiteral("validator");
    event.action = QString::fromLatin1(AuditActions::KeyInvalidAttempt);
    event.ipAddress = ipAddress;
    event.details = {{QStringLiteral("key"), KeyMasking::mask(fullKey)}, {QStringLiteral("reason"), reason}};
    if (key) {
        event.organizationId = key->organizationId;
        event.keyId = key->id;
    }
    if (auto id = m_audit.append(event); !id)
        qCWarning(lcKeys).noquote() << "cannot record an invalid attempt:" << id.error().message;
}

Result<AuthContext> ApiKeyService::validate(QStringView fullKey,
                                            const QString& ipAddress,
                                            ApiKey* refusedKey,
                                            QString* refusedOrganizationSlug)
{
    if (fullKey.isEmpty())
        return makeError(ErrorCode::MissingApiKey, tr("no API key was given"));
    const KeyFormatError formatError = ApiKeyFormat::check(fullKey);
    if (formatError != KeyFormatError::None) {
        // A malformed key never reaches the database, and is not worth an audit row each.
        return makeError(ErrorCode::InvalidApiKey, ApiKeyFormat::describe(formatError));
    }
    auto key = m_keys.getByHash(ApiKeyHasher::hash(fullKey));
    if (!key) {
        if (key.code() == ErrorCode::NotFound) {
            auditInvalidAttempt(fullKey, QStringLiteral("unknown_key"), ipAddress, nullptr);
            return makeError(ErrorCode::InvalidApiKey, tr("the API key is not valid"));
        }
        return key.error();
    }
    const QDateTime now = m_clock();
    if (refusedKey)
        *refusedKey = key.value();
    // Refusals of a known key name its organization (metrics and logs); one read, and the
    // validator caches the refusal.
    const auto noteOrganization = [&] {
        if (!refusedOrganizationSlug)
            return;
        if (auto organization = m_organizations.getById(key->organizationId))
            *refusedOrganizationSlug = organization->slug;
    };
    if (key->isRevoked()) {
        noteOrganization();
        auditInvalidAttempt(fullKey, QStringLiteral("revoked"), ipAddress, &key.value());
        return makeError(ErrorCode::RevokedApiKey, tr("the API key %1 has been revoked").arg(key->maskedKey()));
    }
    if (key->isExpired(now)) {
        noteOrganization();
        auditInvalidAttempt(fullKey, QStringLiteral("expired"), ipAddress, &key.value());
        return makeError(
            ErrorCode::ExpiredApiKey,
            tr("the API key %1 expired on %2").arg(key->maskedKey(), key->expiresAt.toString(Qt::ISODate)));
    }
    if (!key->isActive) {
        noteOrganization();
        auditInvalidAttempt(fullKey, QStringLiteral("inactive"), ipAddress, &key.value());
        return makeError(ErrorCode::RevokedApiKey, tr("the API key %1 is not active").arg(key->maskedKey()));
    }
    auto organization = m_organizations.getById(key->organizationId);
    if (!organization)
        return organization.code() == ErrorCode::NotFound
            ? makeError(ErrorCode::InvalidApiKey, tr("the API key is not valid"))
            : organization.error();
    if (!organization->isActive) {
        if (refusedOrganizationSlug)
            *refusedOrganizationSlug = organization->slug;
        return makeError(ErrorCode::OrganizationInactive,
                         tr("the organization \"%1\" is not active").arg(organization->slug));
    }
    AuthContext context;
    context.organization = organization.value();
    context.key = key.value();
    context.rateLimitPerMinute = key->customRateLimit.value_or(organization->rateLimitPerMinute);
    context.monthlyRequestLimit = organization->monthlyRequestLimit;
    context.rateLimitKeyId = key->id;
    // Only a rolled key (expiry set by the roll) has successors; a bounded walk to the newest.
    for (int hop = 0; key->expiresAt.isValid() && hop < 8; ++hop) {
        auto successor = m_keys.successorOf(context.rateLimitKeyId);
        if (!successor || successor->isNull())
            break;
        context.rateLimitKeyId = successor.value();
    }
    return context;
}

Result<CreatedKey> ApiKeyService::insertKey(const Organization& organization,
                                            const CreateKeyRequest& request,
                                            const QUuid& rolledFrom,
                                            const AuditActor& actor,
                                            bool enforceCap)
{
    const QDateTime now = m_clock();
    if (enforceCap) {
        auto inUse = m_keys.countUsable(organization.id, now);
        if (!inUse)
            return inUse.error();
        if (inUse.value() >= organization.maxApiKeys)
            return makeError(
                ErrorCode::KeyLimitReached,
                tr("the organization \"%1\" already has %2 of its %3 allowed keys (plan %4): revoke one or raise "
                   "the cap")
                    .arg(organization.slug)
                    .arg(inUse.value())
                    .arg(organization.maxApiKeys)
                    .arg(Plans::toString(organization.plan)));
    }

    const GeneratedKey generated = ApiKeyGenerator::generate(request.environment);
    ApiKey key;
    key.id = QUuid::createUuid();
    key.organizationId = organization.id;
    key.keyPrefix = generated.keyPrefix;
    key.keyHash = generated.keyHash;
    key.keyHint = generated.keyHint;
    // A key pasted into a name or description is kept masked, like everywhere else.
    key.name = KeyMasking::maskKeysIn(request.name.trimmed());
    key.description = KeyMasking::maskKeysIn(request.description);
    key.environment = request.environment;
    key.isActive = true;
    key.createdAt = now;
    if (request.expiresInDays)
        key.expiresAt = now.addDays(*request.expiresInDays);
    key.scopes = request.scopes;
    key.customRateLimit = request.customRateLimit;
    key.rolledFrom = rolledFrom;
    if (Status s = m_keys.create(key); !s)
        return s.error();

    AuditEvent event = keyEvent(AuditActions::KeyCreated, actor, key, now);
    event.details.insert(QStringLiteral("environment"), KeyEnvironments::toString(key.environment));
    event.details.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(key.scopes));
    if (!rolledFrom.isNull())
        event.details.insert(QStringLiteral("rolled_from"), SqlValue::uuidText(rolledFrom));
    if (auto id = m_audit.append(event); !id)
        return id.error();
    qCInfo(lcKeys).noquote() << "created key" << key.maskedKey() << "for" << organization.slug;
    return CreatedKey{key, generated.fullKey};
}

Result<CreatedKey> ApiKeyService::createKey(const CreateKeyRequest& request, const AuditActor& actor)
{
    if (Status s = InputRules::checkName(request.name, tr("key name")); !s)
        return s.error();
    if (Status s = InputRules::checkDescription(request.description); !s)
        return s.error();
    if (Status s = InputRules::checkScopes(request.scopes); !s)
        return s.error();
    if (Status s = InputRules::checkActor(actor.name); !s)
        return s.error();
    if (!KeyEnvironments::isOrganizationEnvironment(request.environment))
        return makeError(ErrorCode::InvalidInput, tr("an organization's key is either live or test"));
    if (request.expiresInDays && (*request.expiresInDays < 1 || *request.expiresInDays > InputRules::MaxExpiryDays))
        return makeError(ErrorCode::InvalidInput,
                         tr("the expiry must be between 1 and %1 days").arg(InputRules::MaxExpiryDays));
    if (request.customRateLimit
        && (*request.customRateLimit < InputRules::MinRateLimit || *request.customRateLimit > InputRules::MaxRateLimit))
        return makeError(ErrorCode::InvalidInput,
                         tr("the key's rate limit must be between %1 and %2 requests per minute")
                             .arg(InputRules::MinRateLimit)
                             .arg(InputRules::MaxRateLimit));

    auto db = m_database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    auto organization = m_organizations.getByIdForUpdate(request.organizationId);
    if (!organization)
        return organization.error();
    if (!organization->isActive)
        return makeError(
            ErrorCode::OrganizationInactive,
            tr("the organization \"%1\" is not active: reactivate it before creating keys").arg(organization->slug));
    auto created = insertKey(organization.value(), request, QUuid(), actor, true);
    if (!created)
        return created.error();
    if (Status s = transaction.commit(); !s)
        return s.error();
    return created;
}

Result<ApiKey> ApiKeyService::revokeKey(const QUuid& keyId, const QString& reason, const AuditActor& actor)
{
    if (Status s = InputRules::checkReason(reason); !s)
        return s.error();
    if (Status s = InputRules::checkActor(actor.name); !s)
        return s.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    const QDateTime now = m_clock();
    // "Leaked as pk_live_…" is a natural reason; the key itself is not kept in it.
    const QString storedReason = KeyMasking::maskKeysIn(reason.trimmed());
    if (Status s = m_keys.revoke(keyId, storedReason, actor.name, now); !s)
        return s.error();
    auto key = m_keys.getById(keyId);
    if (!key)
        return key.error();
    AuditEvent event = keyEvent(AuditActions::KeyRevoked, actor, key.value(), now);
    event.details.insert(QStringLiteral("reason"), storedReason);
    if (auto id = m_audit.append(event); !id)
        return id.error();
    if (Status s = transaction.commit(); !s)
        return s.error();
    qCInfo(lcKeys).noquote() << "revoked key" << key->maskedKey() << "by" << actor.name;
    return key;
}

Result<CreatedKey> ApiKeyService::rollKey(const QUuid& keyId, int graceHours, const AuditActor& actor)
{
    if (graceHours < 0 || graceHours > InputRules::MaxGraceHours)
        return makeError(ErrorCode::InvalidInput,
                         tr("the grace period must be between 0 and %1 hours").arg(InputRules::MaxGraceHours));
    if (Status s = InputRules::checkActor(actor.name); !s)
        return s.error();
    auto db = m_database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    auto old = m_keys.getById(keyId);
    if (!old)
        return old.error();
    // Locked first: a concurrent roll of the same key waits here, then sees this one's successor.
    auto organization = m_organizations.getByIdForUpdate(old->organizationId);
    if (!organization)
        return organization.error();
    const QDateTime now = m_clock();
    if (old->isRevoked())
        return makeError(ErrorCode::AlreadyRevoked,
                         tr("the key %1 is revoked; create a new key instead").arg(old->maskedKey()));
    if (old->isExpired(now))
        return makeError(ErrorCode::ExpiredApiKey,
                         tr("the key %1 has expired; create a new key instead").arg(old->maskedKey()));
    if (!organization->isActive)
        return makeError(ErrorCode::OrganizationInactive,
                         tr("the organization \"%1\" is not active").arg(organization->slug));
    // A second roll would fork the key (two live successors, neither counted against the
    // cap) and give the new one the grace period's lifetime: the successor is rolled instead.
    auto successor = m_keys.successorOf(old->id);
    if (!successor)
        return successor.error();
    if (!successor->isNull()) {
        auto next = m_keys.getById(successor.value());
        if (!next)
            return next.error();
        return makeError(ErrorCode::AlreadyExists,
                         tr("the key %1 was already rolled to %2 (id %3); roll that key instead")
                             .arg(old->maskedKey(), next->maskedKey(), SqlValue::uuidText(next->id)));
    }

    CreateKeyRequest request;
    request.organizationId = old->organizationId;
    request.name = old->name;
    request.description = old->description;
    request.environment = old->environment;
    request.scopes = old->scopes;
    request.customRateLimit = old->customRateLimit;
    if (old->expiresAt.isValid()) {
        // Keep the lifetime the old key was given, counted from now.
        const qint64 lifetimeDays = qMax<qint64>(1, old->createdAt.daysTo(old->expiresAt));
        request.expiresInDays = int(qMin<qint64>(lifetimeDays, InputRules::MaxExpiryDays));
    }
    // A roll replaces a key: it does not count against the cap while the old one fades out.
    auto created = insertKey(organization.value(), request, old->id, actor, false);
    if (!created)
        return created.error();
    const QDateTime graceEnd = now.addSecs(qint64(graceHours) * 3600);
    if (!old->expiresAt.isValid() || old->expiresAt > graceEnd) {
        if (Status s = m_keys.setExpiry(old->id, graceEnd); !s)
            return s.error();
    }
    AuditEvent event = keyEvent(AuditActions::KeyRolled, actor, old.value(), now);
    event.details.insert(QStringLiteral("new_key_id"), SqlValue::uuidText(created->key.id));
    event.details.insert(QStringLiteral("new_key"), created->key.maskedKey());
    event.details.insert(QStringLiteral("grace_hours"), graceHours);
    if (auto id = m_audit.append(event); !id)
        return id.error();
    if (Status s = transaction.commit(); !s)
        return s.error();
    return created;
}

Result<QList<ApiKey>> ApiKeyService::listKeys(const QUuid& organizationId)
{
    return m_keys.listByOrganization(organizationId);
}

Result<ApiKey> ApiKeyService::getKey(const QUuid& keyId)
{
    return m_keys.getById(keyId);
}

Result<KeyLookup> ApiKeyService::findByFullKey(QStringView fullKey)
{
    const KeyFormatError formatError = ApiKeyFormat::check(fullKey);
    if (formatError != KeyFormatError::None)
        return makeError(ErrorCode::InvalidInput, ApiKeyFormat::describe(formatError));
    auto key = m_keys.getByHash(ApiKeyHasher::hash(fullKey));
    if (!key) {
        if (key.code() == ErrorCode::NotFound)
            return makeError(
                ErrorCode::NotFound,
                tr("the key %1 is well-formed but unknown to this database").arg(KeyMasking::mask(fullKey)));
        return key.error();
    }
    auto organization = m_organizations.getById(key->organizationId);
    if (!organization)
        return organization.error();
    return KeyLookup{key.value(), organization.value(), key->status(m_clock())};
}

Result<QList<KeyLookup>> ApiKeyService::findByMaskedKey(QStringView maskedKey)
{
    QString text = maskedKey.trimmed().toString();
    text.replace(QStringLiteral("..."), QStringLiteral("\u2026"));
    const qsizetype ellipsis = text.indexOf(QChar(0x2026));
    const QString prefix = ellipsis < 0 ? QString() : text.left(ellipsis);
    const QString hint = ellipsis < 0 ? QString() : text.mid(ellipsis + 1);
    // `pk_{env}_` then four random characters, which may themselves be '_' or '-'
    // (base64url): split at the environment's underscore, not at every one.
    const qsizetype environmentEnd = prefix.startsWith(QLatin1String("pk_")) ? prefix.indexOf(u'_', 3) : -1;
    const bool prefixShaped = environmentEnd > 3
        && KeyEnvironments::fromString(QStringView(prefix).mid(3, environmentEnd - 3)).has_value()
        && prefix.size() - environmentEnd - 1 == ApiKeyFormat::PrefixRandomChars;
    if (!prefixShaped || hint.size() != ApiKeyFormat::HintLength)
        return makeError(ErrorCode::InvalidInput,
                         tr("a masked key looks like pk_live_AbCd\u2026wxyz: the key prefix with four characters, "
                            "an ellipsis and the last four characters"));
    auto keys = m_keys.findByPrefixAndHint(prefix, hint);
    if (!keys)
        return keys.error();
    if (keys->isEmpty())
        return makeError(ErrorCode::NotFound, tr("no key of this database matches %1").arg(text));
    QList<KeyLookup> found;
    const QDateTime now = m_clock();
    for (const ApiKey& key : keys.value()) {
        auto organization = m_organizations.getById(key.organizationId);
        if (!organization)
            return organization.error();
        found << KeyLookup{key, organization.value(), key.status(now)};
    }
    return found;
}

Status ApiKeyService::trackUsage(const UsageRecord& record)
{
    return m_usage.recordBatch({record});
}

Status ApiKeyService::trackUsage(const QList<UsageRecord>& records)
{
    return m_usage.recordBatch(records);
}

Result<UsageStats> ApiKeyService::usageStats(const QUuid& organizationId, QDate from, QDate to, const QUuid& keyId)
{
    if (!from.isValid() || !to.isValid() || from > to)
        return makeError(ErrorCode::InvalidInput,
                         tr("the date range is not valid: the start must not be after the end"));
    if (from.daysTo(to) > 3660)
        return makeError(ErrorCode::InvalidInput, tr("the date range is too long (at most ten years)"));
    return m_usage.summary(organizationId, from, to, keyId);
}
