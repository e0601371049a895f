#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

// SHA-256 of the whole key, hex encoded. A key carries 256 bits of CSPRNG output, so a
// fast unsalted hash is enough: there is nothing to brute-force (docs/API_SECURITY.md).
class ApiKeyHasher
{
public:
    static constexpr int HexLength = 64;

    static QString hash(QStringView key);
    // The raw 32-byte digest (the validator's cache key) and its hex form.
    static void digestInto(QByteArrayView key, unsigned char out[32]);
    static void hexInto(const unsigned char digest[32], char out[HexLength]);
    // Writes the 64 hex characters into `out`, with no string of its own (validator hot path).
    // OpenSSL 3.0 itself still allocates the digest's state once per call: EVP_DigestInit_ex2
    // makes it anew even for a reused context (measured with a malloc uprobe).
    static void hashInto(QByteArrayView key, char out[HexLength]);

    // Hashes `key` and compares with `expectedHex` in constant time.
    static bool verify(QStringView key, QStringView expectedHex);
    // Constant-time equality of two byte strings of the same length; false when lengths differ.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
};
