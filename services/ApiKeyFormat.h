#pragma once

#include "KeyEnvironment.h"

#include <QByteArrayView>
#include <QString>
#include <QStringView>

// Why a text is not a well-formed KeyWarden key, from the outside in.
enum class KeyFormatError {
    None,
    Empty,
    WrongPrefix,
    UnknownEnvironment,
    WrongLength,
    BadCharacters,
    BadChecksum,
};

// The key format of SPEC: `pk_{env}_{random}{checksum}` where random is 43 base64url
// characters (32 CSPRNG bytes) and checksum is CRC-32 of everything before it, in
// base62, six characters. Checking it costs no allocation and no lookup, so a typo or
// an invented key is refused before the database is asked.
class ApiKeyFormat
{
public:
    static constexpr int RandomLength = 43;
    static constexpr int ChecksumLength = 6;
    static constexpr int PrefixRandomChars = 4; // random chars kept in key_prefix
    static constexpr int HintLength = 4;
    static constexpr int MaxKeyLength = 64; // longest well-formed key (admin) is 58

    // Checks a key given as bytes (as it arrives in an HTTP header).
    static KeyFormatError check(QByteArrayView key, KeyEnvironment* environment = nullptr);
    static KeyFormatError check(QStringView key, KeyEnvironment* environment = nullptr);
    // check() in two parts, for the validator's hot path: the shape (prefix, environment,
    // length, alphabet) before the key is hashed, and the checksum only for a key its cache
    // does not know (a cached key passed it when it was first looked up).
    static KeyFormatError checkShape(QByteArrayView key, KeyEnvironment* environment = nullptr);
    static bool checksumMatches(QByteArrayView key); // of a key checkShape() accepts

    // A sentence saying what is wrong, for CLI and GUI messages ("wrong prefix").
    static QString describe(KeyFormatError error);
    // The key in what support staff paste: the text without the wrapping it was copied with
    // (`Authorization: Bearer …`, `export API_KEY=…`, `"key": "…",`, quotes), for check() to
    // judge. Whatever is inside stays, so a broken key is still described as broken.
    static QString fromPaste(const QString& text);

    // The six base62 characters of CRC-32 over `body` (`pk_{env}_{random}`).
    static QString checksum(QByteArrayView body);

    // The total length of a key of this environment (57 for live and test).
    static int keyLength(KeyEnvironment environment);

    // Stored parts of a well-formed key: `pk_{env}_` plus 4 random chars, and the last 4.
    static QString prefixOf(QStringView key);
    static QString hintOf(QStringView key);

    // Encodes a 32-bit value in base62 (0-9A-Za-z), left-padded with '0' to 6 chars.
    static void base62(quint32 value, char out[ChecksumLength]);
};
