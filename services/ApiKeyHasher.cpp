#include "ApiKeyHasher.h"

#include <cstddef>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";

// EVP_sha256() makes OpenSSL 3 look the algorithm up on every digest, and EVP_Digest()
// allocates a context each time: on the validator's hot path both are measurable. The
// algorithm is fetched once per process and each thread keeps one context.
const EVP_MD* sha256()
{
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    return md;
}

struct ThreadDigestContext
{
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ThreadDigestContext() = default;
    ~ThreadDigestContext() { EVP_MD_CTX_free(context); }
    Q_DISABLE_COPY_MOVE(ThreadDigestContext)
};
} // namespace

void ApiKeyHasher::digestInto(QByteArrayView key, unsigned char out[32])
{
    thread_local ThreadDigestContext digest;
    unsigned int digestLength = 0;
    if (digest.context && sha256() && EVP_DigestInit_ex2(digest.context, sha256(), nullptr) == 1
        && EVP_DigestUpdate(digest.context, key.data(), static_cast<size_t>(key.size())) == 1
        && EVP_DigestFinal_ex(digest.context, out, &digestLength) == 1)
        return;
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
