#pragma once

#include "KeyEnvironment.h"

#include <QString>

// A key in the moment of its creation. `fullKey` must not outlive the call that shows
// it to a person: it is never stored, never logged.
struct GeneratedKey
{
    QString fullKey;
    QString keyHash; // SHA-256 hex of fullKey
    QString keyPrefix; // pk_{env}_ + first 4 random characters
    QString keyHint; // last 4 characters
};

class ApiKeyGenerator
{
public:
    static constexpr int RandomBytes = 32;

    // 32 bytes from OpenSSL's CSPRNG, base64url without padding, CRC-32 checksum in base62.
    static GeneratedKey generate(KeyEnvironment environment);
};
