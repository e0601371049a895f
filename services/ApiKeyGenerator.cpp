#include "ApiKeyGenerator.h"

#include "ApiKeyFormat.h"
#include "ApiKeyHasher.h"

#include <QByteArray>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

GeneratedKey ApiKeyGenerator::generate(KeyEnvironment environment)
{
    unsigned char random[RandomBytes];
    if (RAND_bytes(random, RandomBytes) != 1) {
        // Without a working CSPRNG no key may be made; this is not a recoverable state.
        throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
    }
    const QByteArray encoded = QByteArray::fromRawData(reinterpret_cast<const char*>(random), RandomBytes)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    OPENSSL_cleanse(random, sizeof random);

    QByteArray body = QByteArrayLiteral("pk_") + KeyEnvironments::toString(environment).toLatin1() + '_' + encoded;
    const QString check = ApiKeyFormat::checksum(body);

    GeneratedKey key;
    key.fullKey = QString::fromLatin1(body) + check;
    key.keyHash = ApiKeyHasher::hash(key.fullKey);
    key.keyPrefix = ApiKeyFormat::prefixOf(key.fullKey);
    key.keyHint = ApiKeyFormat::hintOf(key.fullKey);
    OPENSSL_cleanse(body.data(), static_cast<size_t>(body.size()));
    return key;
}
