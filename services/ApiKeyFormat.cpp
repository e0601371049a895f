#include "ApiKeyFormat.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <zlib.h>

namespace {

constexpr char kBase62Alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool isBase64Url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool isBase62(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

quint32 crc32Of(QByteArrayView bytes)
{
    return static_cast<quint32>(
        ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

} // namespace

void ApiKeyFormat::base62(quint32 value, char out[ChecksumLength])
{
    for (int i = ChecksumLength - 1; i >= 0; --i) {
        out[i] = kBase62Alphabet[value % 62];
        value /= 62;
    }
}

QString ApiKeyFormat::checksum(QByteArrayView body)
{
    char digits[ChecksumLength];
    base62(crc32Of(body), digits);
    return QString::fromLatin1(digits, ChecksumLength);
}

int ApiKeyFormat::keyLength(KeyEnvironment environment)
{
    const int envLength = static_cast<int>(KeyEnvironments::toString(environment).size());
    return 3 + envLength + 1 + RandomLength + ChecksumLength;
}

KeyFormatError ApiKeyFormat::check(QByteArrayView key, KeyEnvironment* environment)
{
    KeyEnvironment env;
    if (const KeyFormatError shape = checkShape(key, &env); shape != KeyFormatError::None)
        return shape;
    if (!checksumMatches(key))
        return KeyFormatError::BadChecksum;
    if (environment)
        *environment = env;
    return KeyFormatError::None;
}

bool ApiKeyFormat::checksumMatches(QByteArrayView key)
{
    if (key.size() < ChecksumLength)
        return false;
    const qsizetype bodyLength = key.size() - ChecksumLength;
    char expected[ChecksumLength];
    base62(crc32Of(key.first(bodyLength)), expected);
    return QByteArrayView(expected, ChecksumLength) == key.sliced(bodyLength);
}

KeyFormatError ApiKeyFormat::checkShape(QByteArrayView key, KeyEnvironment* environment)
{
    if (key.isEmpty())
        return KeyFormatError::Empty;
    if (!key.startsWith("pk_"))
        return KeyFormatError::WrongPrefix;

    const qsizetype envEnd = key.indexOf('_', 3);
    if (envEnd < 0)
        return KeyFormatError::UnknownEnvironment;
    const QByteArrayView envName = key.sliced(3, envEnd - 3);
    KeyEnvironment env;
    if (envName == "live")
        env = KeyEnvironment::Live;
    else if (envName == "test")
        env = KeyEnvironment::Test;
    else if (envName == "admin")
        env = KeyEnvironment::Admin;
    else
        return KeyFormatError::UnknownEnvironment;

    const qsizetype bodyLength = envEnd + 1 + RandomLength;
    if (key.size() != bodyLength + ChecksumLength)
        return KeyFormatError::WrongLength;
    for (qsizetype i = envEnd + 1; i < bodyLength; ++i) {
        if (!isBase64Url(key[i]))
            return KeyFormatError::BadCharacters;
    }
    for (qsizetype i = bodyLength; i < key.size(); ++i) {
        if (!isBase62(key[i]))
            return KeyFormatError::BadCharacters;
    }

    if (environment)
        *environment = env;
    return KeyFormatError::None;
}

KeyFormatError ApiKeyFormat::check(QStringView key, KeyEnvironment* environment)
{
    if (key.isEmpty())
        return KeyFormatError::Empty;
    // Keys are ASCII; anything longer than any key is refused by length without copying.
    char buffer[MaxKeyLength];
    if (key.size() > MaxKeyLength) {
        return key.startsWith(u"pk_") ? KeyFormatError::WrongLength : KeyFormatError::WrongPrefix;
    }
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key[i].unicode();
        if (c > 0x7f) {
            // Report the outermost problem first, as the byte check would.
            if (i < 3)
                return KeyFormatError::WrongPrefix;
            return KeyFormatError::BadCharacters;
        }
        buffer[i] = static_cast<char>(c);
    }
    return check(QByteArrayView(buffer, key.size()), environment);
}

QString ApiKeyFormat::fromPaste(const QString& text)
{
    QString key = text.trimmed();
    const auto dropPrefix = [&key](QLatin1StringView prefix) {
        if (key.startsWith(prefix, Qt::CaseInsensitive))
            key = key.sliced(prefix.size()).trimmed();
    };
    if (key.startsWith(u'{') && key.endsWith(u'}')) // a one-field JSON object
        key = key.sliced(1, key.size() - 2).trimmed();
    dropPrefix(QLatin1StringView("Authorization:"));
    dropPrefix(QLatin1StringView("export "));
    // A scheme (Bearer, then any whitespace), an assignment (API_KEY=…, from a shell or an
    // .env file), a YAML or JSON field (api_key: …, "key": …).
    static const QRegularExpression assignment(
        QStringLiteral("^(?:Bearer\\s+|[A-Za-z_][A-Za-z0-9_]*\\s*[=:]|\"[^\"]*\"\\s*:)\\s*"),
        QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = assignment.match(key); m.hasMatch())
        key = key.sliced(m.capturedLength());
    if (key.endsWith(u',') || key.endsWith(u';'))
        key.chop(1);
    key = key.trimmed();
    for (const QChar quote : {u'"', u'\'', u'`'}) {
        if (key.size() >= 2 && key.front() == quote && key.back() == quote) {
            key = key.sliced(1, key.size() - 2).trimmed();
            break;
        }
    }
    return key;
}

QString ApiKeyFormat::describe(KeyFormatError error)
{
    switch (error) {
    case KeyFormatError::None:
        return QCoreApplication::translate("ApiKeyFormat", "this is a well-formed KeyWarden key");
    case KeyFormatError::Empty:
        return QCoreApplication::translate("ApiKeyFormat", "no key was given");
    case KeyFormatError::WrongPrefix:
        return QCoreApplication::translate("ApiKeyFormat",
                                           "this is not a KeyWarden key: wrong prefix (keys start with \"pk_\")");
    case KeyFormatError::UnknownEnvironment:
        return QCoreApplication::translate(
            "ApiKeyFormat",
            "this is not a KeyWarden key: unknown environment (expected pk_live_, pk_test_ or pk_admin_)");
    case KeyFormatError::WrongLength:
        return QCoreApplication::translate(
            "ApiKeyFormat", "this is not a KeyWarden key: wrong length (a live or test key has 57 characters)");
    case KeyFormatError::BadCharacters:
        return QCoreApplication::translate("ApiKeyFormat",
                                           "this is not a KeyWarden key: it contains characters a key never has");
    case KeyFormatError::BadChecksum:
        return QCoreApplication::translate(
            "ApiKeyFormat", "this is not a valid KeyWarden key: the checksum does not match (mistyped or truncated?)");
    }
    return QString();
}

QString ApiKeyFormat::prefixOf(QStringView key)
{
    const qsizetype envEnd = key.indexOf(u'_', 3);
    if (!key.startsWith(u"pk_") || envEnd < 0)
        return QString();
    return key.first(qMin(key.size(), envEnd + 1 + PrefixRandomChars)).toString();
}

QString ApiKeyFormat::hintOf(QStringView key)
{
    return key.last(qMin<qsizetype>(HintLength, key.size())).toString();
}
