#pragma once

#include "ApiKeyService.h"
#include "KeyCache.h"
#include "QuotaTracker.h"
#include "RateLimiter.h"
#include "RedisRateLimiter.h"
#include "RuntimeConfig.h"

#include <QByteArrayView>

#include <memory>
#include <optional>

// The outcome of the validator's pipeline for one request.
struct AuthOutcome
{
    bool ok = false;
    ErrorCode error = ErrorCode::Internal;
    QString message;
    std::shared_ptr<const AuthContext> context; // set once the key itself was valid
    QUuid refusedKeyId; // a known key that was refused (revoked, expired, inactive)
    QUuid refusedOrganizationId;
    QString refusedOrganizationSlug;
    RateLimitDecision rate;
    bool rateChecked = false;
    int retryAfterSeconds = 0;
};

// The seed's middleware, without HTTP: Authorization header -> format -> cache or
// database -> scope -> rate limit -> monthly quota. One instance per server thread.
class RequestAuthenticator
{
public:
    RequestAuthenticator(
        Database& database, KeyCache& cache, RateLimiter& limiter, QuotaTracker& quota, const RuntimeConfig& config);

    AuthOutcome authenticate(QByteArrayView authorization, QByteArrayView requiredScope, qint64 nowMs);
    // The Redis admission authenticate() would make for these headers, with everything
    // before it done (the key found and cached, its scope checked); nullopt when it would
    // make none (refused earlier, or no Redis). See RedisRateLimiter::prefetch().
    std::optional<RedisRateLimiter::PlannedAdmission>
    planAdmission(QByteArrayView authorization, QByteArrayView requiredScope, qint64 nowMs);
    // Extracts the token of `Bearer <token>`; empty when the header has no bearer token.
    static QByteArrayView bearerToken(QByteArrayView authorization);

private:
    struct ResolvedKey
    {
        std::shared_ptr<const AuthContext> context;
        QUuid windowKey; // the key's, or the key it was rolled from (they share a window)
        int limit = 0;
    };
    // Header, format, cache or database, expiry: the key, or why it is refused.
    bool resolve(QByteArrayView authorization, qint64 nowMs, ResolvedKey& key, AuthOutcome& refusal);

    ApiKeyService m_service;
    KeyCache& m_cache;
    RateLimiter& m_limiter;
    RedisRateLimiter* m_redisLimiter; // m_limiter, when it is Redis's
    QuotaTracker& m_quota;
    const RuntimeConfig& m_config;
};
