#include "RequestAuthenticator.h"

#include "ApiKeyFormat.h"
#include "ApiKeyHasher.h"
#include "KeyMasking.h"
#include "Logging.h"
#include "RedisRateLimiter.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("RequestAuthenticator", text);
}

AuthOutcome refuse(ErrorCode code, QString message)
{
    AuthOutcome outcome;
    outcome.error = code;
    outcome.message = std::move(message);
    return outcome;
}

QString messageFor(ErrorCode code);

// A known key refused (revoked, expired, inactive): the outcome names it and its organization.
AuthOutcome refuseKnown(const KeyCache::Refusal& refusal)
{
    AuthOutcome outcome = refuse(refusal.error, messageFor(refusal.error));
    outcome.refusedKeyId = refusal.keyId;
    outcome.refusedOrganizationId = refusal.organizationId;
    outcome.refusedOrganizationSlug = refusal.organizationSlug;
    return outcome;
}

QString messageFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::RevokedApiKey:
        return tr("the API key has been revoked");
    case ErrorCode::ExpiredApiKey:
        return tr("the API key has expired");
    case ErrorCode::OrganizationInactive:
        return tr("the key's organization is not active");
    default:
        return tr("the API key is not valid");
    }
}
} // namespace

RequestAuthenticator::RequestAuthenticator(
    Database& database, KeyCache& cache, RateLimiter& limiter, QuotaTracker& quota, const RuntimeConfig& config)
    : m_service(database)
    , m_cache(cache)
    , m_limiter(limiter)
    , m_redisLimiter(dynamic_cast<RedisRateLimiter*>(&limiter))
    , m_quota(quota)
    , m_config(config)
{
    // Invalid attempts are logged (masked) here; a flood must not become a flood of rows.
    m_service.setAuditInvalidAttempts(false);
}

QByteArrayView RequestAuthenticator::bearerToken(QByteArrayView header)
{
    header = header.trimmed();
    if (header.size() < 7)
        return {};
    // The scheme is case-insensitive (RFC 9110); the token is not.
    if (QByteArrayView(header.first(6)).compare("bearer", Qt::CaseInsensitive) != 0
        || (header[6] != ' ' && header[6] != '\t'))
        return {};
    return header.sliced(7).trimmed();
}

bool RequestAuthenticator::resolve(QByteArrayView authorization, qint64 nowMs, ResolvedKey& key, AuthOutcome& refusal)
{
    const auto refused = [&refusal](AuthOutcome outcome) {
        refusal = std::move(outcome);
        return false;
    };
    // The shape and the checksum fail alike: a client cannot tell a typo from an invention.
    const auto invalidKey = [&refused] {
        return refused(refuse(ErrorCode::InvalidApiKey, tr("the API key is not valid")));
    };
    if (authorization.trimmed().isEmpty())
        return refused(refuse(ErrorCode::MissingApiKey, tr("send the API key as `Authorization: Bearer <key>`")));
    const QByteArrayView token = bearerToken(authorization);
    if (token.isEmpty())
        return refused(refuse(ErrorCode::MissingApiKey, tr("the Authorization header must be `Bearer <key>`")));
    // Invented keys and oversized junk stop here, before the key is even hashed; typos stop
    // at the checksum below, before any database lookup.
    if (ApiKeyFormat::checkShape(token) != KeyFormatError::None)
        return invalidKey();

    KeyDigest digest;
    ApiKeyHasher::digestInto(token, digest.data());
    std::shared_ptr<const AuthContext> context;
    KeyCache::Refusal cached;
    quint64 generation = 0;
    switch (m_cache.find(digest, nowMs, &context, &cached, &generation)) {
    case KeyCache::Lookup::KnownInvalid:
        return refused(refuseKnown(cached));
    case KeyCache::Lookup::Hit:
        break;
    case KeyCache::Lookup::Miss: {
        // The checksum only now (on every request it cost 1.5% of a serving thread): a
        // cached key passed it when it was first looked up, and a key that fails it is
        // never cached, so it always lands here.
        if (!ApiKeyFormat::checksumMatches(token))
            return invalidKey();
        ApiKey refusedKey;
        QString refusedOrganization;
        auto validated = m_service.validate(QString::fromLatin1(token.data(), token.size()), QString(), &refusedKey,
                                            &refusedOrganization);
        if (!validated) {
            const ErrorCode code = validated.code();
            if (code == ErrorCode::Unavailable || code == ErrorCode::DatabaseError) {
                // Like the shared limiter's 503: a client backs off a second, not at random.
                AuthOutcome away
                    = refuse(ErrorCode::Unavailable, tr("the key store is unavailable; try again shortly"));
                away.retryAfterSeconds = 1;
                return refused(std::move(away));
            }
            const KeyCache::Refusal refusal{code, refusedKey.id, refusedKey.organizationId, refusedOrganization};
            m_cache.insertInvalid(digest, nowMs, refusal, generation);
            qCDebug(lcKeys).noquote() << "refused" << KeyMasking::mask(QString::fromLatin1(token.data(), token.size()))
                                      << ErrorCodes::wireCode(code);
            return refused(refuseKnown(refusal));
        }
        context = std::make_shared<const AuthContext>(std::move(validated).value());
        m_cache.insert(digest, context, nowMs, generation);
        break;
    }
    }

    // A cached key may have expired since it was cached.
    if (context->key.expiresAt.isValid() && context->key.expiresAt.toMSecsSinceEpoch() <= nowMs) {
        const KeyCache::Refusal refusal{ErrorCode::ExpiredApiKey, context->key.id, context->organization.id,
                                        context->organization.slug};
        m_cache.insertInvalid(digest, nowMs, refusal, generation);
        return refused(refuseKnown(refusal));
    }
    key.windowKey = context->rateLimitKeyId.isNull() ? context->key.id : context->rateLimitKeyId;
    key.limit = context->key.customRateLimit.value_or(context->organization.rateLimitPerMinute > 0
                                                          ? context->organization.rateLimitPerMinute
                                                          : m_config.defaultRateLimit);
    key.context = std::move(context);
    return true;
}

std::optional<RedisRateLimiter::PlannedAdmission>
RequestAuthenticator::planAdmission(QByteArrayView authorization, QByteArrayView requiredScope, qint64 nowMs)
{
    if (!m_redisLimiter || !m_quota.isShared())
        return std::nullopt;
    ResolvedKey key;
    AuthOutcome refusal;
    if (!resolve(authorization, nowMs, key, refusal))
        return std::nullopt;
    // authenticate() refuses these before the admission.
    if (!requiredScope.isEmpty()
        && !key.context->key.hasScope(QLatin1String(requiredScope.data(), requiredScope.size())))
        return std::nullopt;
    return RedisRateLimiter::PlannedAdmission{
        key.windowKey, key.limit, QuotaTracker::redisKey(key.context->organization.id, UtcMonth::containing(nowMs)),
        key.context->monthlyRequestLimit};
}

AuthOutcome RequestAuthenticator::authenticate(QByteArrayView authorization, QByteArrayView requiredScope, qint64 nowMs)
{
    ResolvedKey key;
    AuthOutcome refusal;
    if (!resolve(authorization, nowMs, key, refusal))
        return refusal;
    const std::shared_ptr<const AuthContext>& context = key.context;
    const QUuid& windowKey = key.windowKey;
    const int limit = key.limit;

    AuthOutcome outcome;
    outcome.context = context;
    if (!requiredScope.isEmpty() && !context->key.hasScope(QLatin1String(requiredScope.data(), requiredScope.size()))) {
        // Refused, but authenticated: the answer still says where the key stands.
        outcome.rate = m_limiter.peek(windowKey, limit, nowMs);
        outcome.rateChecked = true;
        outcome.error = ErrorCode::InsufficientScope;
        // The scope is the caller's text: a key pasted into it is not echoed.
        outcome.message
            = tr("the API key lacks the scope \"%1\"")
                  .arg(KeyMasking::maskKeysIn(QString::fromLatin1(requiredScope.data(), requiredScope.size())));
        return outcome;
    }

    const UtcMonth month = UtcMonth::containing(nowMs);
    // `resetEpochSeconds`: when the month the request was counted in ends.
    const auto quotaUsedUp = [&](qint64 resetEpochSeconds) {
        outcome.error = ErrorCode::QuotaExceeded;
        outcome.message
            = tr("the organization's monthly quota of %1 requests is used up").arg(context->monthlyRequestLimit);
        outcome.retryAfterSeconds = int(qMax<qint64>(1, resetEpochSeconds - nowMs / 1000));
        return outcome;
    };
    const auto windowFull = [&] {
        outcome.retryAfterSeconds = outcome.rate.retryAfterSeconds;
        if (outcome.rate.unavailable) {
            outcome.error = ErrorCode::Unavailable;
            outcome.message = tr("the shared rate limiter is unavailable; try again shortly");
        } else {
            outcome.error = ErrorCode::RateLimitExceeded;
            outcome.message = tr("rate limit of %1 requests per minute exceeded").arg(limit);
        }
        return outcome;
    };
    outcome.rateChecked = true;

    // Both shared through Redis (the usual deployment of several validators): one round trip.
    if (m_redisLimiter && m_quota.isShared()) {
        // The seed captures one reference, which std::function holds without allocating.
        const struct
        {
            QuotaTracker& quota;
            QUuid organizationId;
            QDate firstDay;
        } seedFrom{m_quota, context->organization.id, month.first};
        const RedisRateLimiter::QuotaCounter counter{
            QuotaTracker::redisKey(seedFrom.organizationId, month), context->monthlyRequestLimit, [&seedFrom] {
                return seedFrom.quota.usedFromDatabase(seedFrom.organizationId, seedFrom.firstDay);
            }};
        if (const auto admission = m_redisLimiter->admit(windowKey, limit, counter)) {
            outcome.rate = admission->rate;
            if (!admission->quotaAllowed)
                return quotaUsedUp(month.resetEpochSeconds());
            if (!admission->rate.allowed)
                return windowFull();
            outcome.ok = true;
            return outcome;
        }
        m_quota.redisFailed(); // the separate checks below then count in process at once
    }

    // The monthly quota first: a request it refuses must not spend a slot of the
    // per-minute window (the key could not make its allowed calls once the month turns).
    const QuotaTracker::Decision quota = m_quota.check(context->organization.id, context->monthlyRequestLimit, nowMs);
    if (!quota.allowed) {
        outcome.rate = m_limiter.peek(windowKey, limit, nowMs);
        return quotaUsedUp(quota.resetEpochSeconds);
    }

    outcome.rate = m_limiter.check(windowKey, limit, nowMs);
    if (outcome.rate.unavailable || !outcome.rate.allowed) {
        // Refused after all: the quota gets its request back.
        m_quota.refund(context->organization.id, nowMs);
        return windowFull();
    }
    outcome.ok = true;
    return outcome;
}
