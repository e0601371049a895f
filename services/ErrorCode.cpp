#include "ErrorCode.h"

namespace ErrorCodes {

QString wireCode(ErrorCode code)
{
    switch (code) {
    case ErrorCode::MissingApiKey:
        return QStringLiteral("missing_api_key");
    case ErrorCode::InvalidApiKey:
        return QStringLiteral("invalid_api_key");
    case ErrorCode::ExpiredApiKey:
        return QStringLiteral("expired_api_key");
    case ErrorCode::RevokedApiKey:
        return QStringLiteral("revoked_api_key");
    case ErrorCode::InsufficientScope:
        return QStringLiteral("insufficient_scope");
    case ErrorCode::OrganizationInactive:
        return QStringLiteral("organization_inactive");
    case ErrorCode::RateLimitExceeded:
        return QStringLiteral("rate_limit_exceeded");
    case ErrorCode::QuotaExceeded:
        return QStringLiteral("quota_exceeded");
    case ErrorCode::ApiKeyInUrl:
        return QStringLiteral("api_key_in_url");
    case ErrorCode::BadRequest:
        return QStringLiteral("bad_request");
    case ErrorCode::PayloadTooLarge:
        return QStringLiteral("payload_too_large");
    case ErrorCode::HeadersTooLarge:
        return QStringLiteral("headers_too_large");
    case ErrorCode::Unavailable:
        return QStringLiteral("unavailable");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::AlreadyExists:
        return QStringLiteral("already_exists");
    case ErrorCode::InvalidInput:
        return QStringLiteral("invalid_input");
    case ErrorCode::KeyLimitReached:
        return QStringLiteral("key_limit_reached");
    case ErrorCode::AlreadyRevoked:
        return QStringLiteral("already_revoked");
    case ErrorCode::DatabaseError:
        return QStringLiteral("database_error");
    case ErrorCode::Internal:
        return QStringLiteral("internal_error");
    }
    return QStringLiteral("internal_error");
}

int httpStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::ApiKeyInUrl:
    case ErrorCode::BadRequest:
    case ErrorCode::InvalidInput:
        return 400;
    case ErrorCode::MissingApiKey:
    case ErrorCode::InvalidApiKey:
    case ErrorCode::ExpiredApiKey:
    case ErrorCode::RevokedApiKey:
        return 401;
    case ErrorCode::InsufficientScope:
    case ErrorCode::OrganizationInactive:
        return 403;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::AlreadyExists:
    case ErrorCode::KeyLimitReached:
    case ErrorCode::AlreadyRevoked:
        return 409;
    case ErrorCode::PayloadTooLarge:
        return 413;
    case ErrorCode::RateLimitExceeded:
    case ErrorCode::QuotaExceeded:
        return 429;
    case ErrorCode::HeadersTooLarge:
        return 431;
    case ErrorCode::Unavailable:
    case ErrorCode::DatabaseError:
        return 503;
    case ErrorCode::Internal:
        return 500;
    }
    return 500;
}

} // namespace ErrorCodes
