#pragma once

#include <QString>

// Every failure the core reports. The first group maps 1:1 onto SPEC's wire codes;
// the rest are administrative failures the CLI and admin API report with their own words.
enum class ErrorCode {
    // Validator-facing (SPEC error table)
    MissingApiKey,
    InvalidApiKey,
    ExpiredApiKey,
    RevokedApiKey,
    InsufficientScope,
    OrganizationInactive,
    RateLimitExceeded,
    QuotaExceeded,
    ApiKeyInUrl,
    BadRequest,
    PayloadTooLarge,
    HeadersTooLarge,
    Unavailable,
    // Administrative
    NotFound,
    AlreadyExists,
    InvalidInput,
    KeyLimitReached,
    AlreadyRevoked,
    DatabaseError,
    Internal,
};

namespace ErrorCodes {
// The snake_case code used in JSON bodies and `X-Auth-Error`.
QString wireCode(ErrorCode code);
// The HTTP status a validator or admin API answers with.
int httpStatus(ErrorCode code);
} // namespace ErrorCodes
