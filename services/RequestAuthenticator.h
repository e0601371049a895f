#pragma once

#include "ApiKeyService.h"
#include "KeyCache.h"
#include "QuotaTracker.h"
#include "RateLimiter.h"
#include "RuntimeConfig.h"

#include <QByteArrayView>

#include <memory>

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
    // Extracts the token of `Bearer <token>`; empty when the header has no bearer token.
    static QByteArrayView bearerToken(QByteArrayView authorization);

private:
    ApiKeyService m_service;
    KeyCache& m_cache;
    RateLimiter& m_limiter;
    class RedisRateLimiter* m_redisLimiter; // m_limiter, when it is Redis's
    QuotaTracker& m_quota;
    const RuntimeConfig& m_config;
};
