#include "ApiKeyHasher.h"

#include <cstddef>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}

void ApiKeyHasher::digestInto(QByteArrayView key, unsigned char out[32])
{
    unsigned int digestLength = 0;
    EVP_Digest(key.data(), static_cast<size_t>(key.size()), out, &digestLength, EVP_sha256(), nullptr);
}

void ApiKeyHasher::hexInto(const unsigned char digest[32], char out[HexLength])
{
    for (std::size_t i = 0; i < 32; ++i) {
        out[2 * i] = kHexDigits[digest[i] >> 4];
        out[2 * i + 1] = kHexDigits[digest[i] & 0x0f];
    }
}

void ApiKeyHasher::hashInto(QByteArrayView key, char out[HexLength])
{
    unsigned char digest[32];
    digestInto(key, digest);
    hexInto(digest, out);
    OPENSSL_cleanse(digest, sizeof digest);
}

QString ApiKeyHasher::hash(QStringView key)
{
    QByteArray utf8 = key.toUtf8();
    char hex[HexLength];
    hashInto(utf8, hex);
    OPENSSL_cleanse(utf8.data(), static_cast<size_t>(utf8.size()));
    return QString::fromLatin1(hex, HexLength);
}

bool ApiKeyHasher::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

bool ApiKeyHasher::verify(QStringView key, QStringView expectedHex)
{
    const QString actual = hash(key);
    // Hex digests are ASCII: compare their Latin-1 bytes. Case-insensitive input is not
    // accepted on purpose: stored hashes are always lower case.
    return constantTimeEquals(actual.toLatin1(), expectedHex.toLatin1());
}
