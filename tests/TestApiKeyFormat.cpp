#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"

#include <QSet>
#include <QTest>

#include <zlib.h>

class TestApiKeyFormat : public QObject
{
    Q_OBJECT

private slots:
    void generatedKeyHasSpecFormat_data();
    void generatedKeyHasSpecFormat();
    void checksumIsCrc32InBase62();
    void everySingleCharacterChangeIsRefused();
    void refusesMalformedKeys_data();
    void refusesMalformedKeys();
    void stringAndBytesAgree();
    void keysAreUnique();
    void readsAKeyAsItWasPasted_data();
    void readsAKeyAsItWasPasted();
};

void TestApiKeyFormat::generatedKeyHasSpecFormat_data()
{
    QTest::addColumn<KeyEnvironment>("environment");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<int>("length");
    QTest::newRow("live") << KeyEnvironment::Live << QStringLiteral("pk_live_") << 57;
    QTest::newRow("test") << KeyEnvironment::Test << QStringLiteral("pk_test_") << 57;
    QTest::newRow("admin") << KeyEnvironment::Admin << QStringLiteral("pk_admin_") << 58;
}

void TestApiKeyFormat::generatedKeyHasSpecFormat()
{
    QFETCH(KeyEnvironment, environment);
    QFETCH(QString, prefix);
    QFETCH(int, length);
    const GeneratedKey key = ApiKeyGenerator::generate(environment);
    QVERIFY(key.fullKey.startsWith(prefix));
    QCOMPARE(key.fullKey.size(), length);
    QCOMPARE(ApiKeyFormat::keyLength(environment), length);
    KeyEnvironment parsed;
    QCOMPARE(ApiKeyFormat::check(key.fullKey, &parsed), KeyFormatError::None);
    QCOMPARE(parsed, environment);
    QCOMPARE(key.keyPrefix, key.fullKey.left(prefix.size() + 4));
    QCOMPARE(key.keyHint, key.fullKey.right(4));
    QCOMPARE(key.keyHash, ApiKeyHasher::hash(key.fullKey));
    QCOMPARE(key.keyHash.size(), 64);
}

void TestApiKeyFormat::checksumIsCrc32InBase62()
{
    // The IEEE CRC-32 check value: CRC-32("123456789") = 0xCBF43926, "3jZRME" in base62.
    QCOMPARE(ApiKeyFormat::checksum("123456789"), QStringLiteral("3jZRME"));
    char digits[6];
    ApiKeyFormat::base62(0, digits);
    QCOMPARE(QByteArray(digits, 6), QByteArray("000000"));
    ApiKeyFormat::base62(61, digits);
    QCOMPARE(QByteArray(digits, 6), QByteArray("00000z"));
    ApiKeyFormat::base62(62, digits);
    QCOMPARE(QByteArray(digits, 6), QByteArray("000010"));
    ApiKeyFormat::base62(0xFFFFFFFFu, digits);
    QCOMPARE(QByteArray(digits, 6), QByteArray("4gfFC3"));

    const GeneratedKey key = ApiKeyGenerator::generate(KeyEnvironment::Live);
    const QByteArray body = key.fullKey.left(51).toLatin1();
    const quint32 crc = quint32(::crc32(0, reinterpret_cast<const Bytef*>(body.constData()), uInt(body.size())));
    ApiKeyFormat::base62(crc, digits);
    QCOMPARE(key.fullKey.right(6), QString::fromLatin1(digits, 6));
}

void TestApiKeyFormat::everySingleCharacterChangeIsRefused()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    for (int i = 8; i < key.size(); ++i) {
        QString nearMiss = key;
        nearMiss[i] = key[i] == u'A' ? u'B' : u'A';
        QVERIFY2(ApiKeyFormat::check(nearMiss) != KeyFormatError::None,
                 qPrintable(QStringLiteral("position %1").arg(i)));
    }
}

void TestApiKeyFormat::refusesMalformedKeys_data()
{
    const QString good = ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
    QTest::addColumn<QString>("key");
    QTest::addColumn<KeyFormatError>("expected");
    QTest::newRow("empty") << QString() << KeyFormatError::Empty;
    QTest::newRow("no prefix") << QStringLiteral("sk_live_abc") << KeyFormatError::WrongPrefix;
    QTest::newRow("upper-case prefix") << good.toUpper() << KeyFormatError::WrongPrefix;
    QTest::newRow("unknown environment") << QString(good).replace(0, 8, QStringLiteral("pk_prod_"))
                                         << KeyFormatError::UnknownEnvironment;
    QTest::newRow("no environment separator") << QStringLiteral("pk_live") << KeyFormatError::UnknownEnvironment;
    QTest::newRow("truncated") << good.chopped(1) << KeyFormatError::WrongLength;
    QTest::newRow("extra character") << good + u'x' << KeyFormatError::WrongLength;
    QTest::newRow("oversized") << QStringLiteral("pk_live_") + QString(10000, u'a') << KeyFormatError::WrongLength;
    QTest::newRow("space inside") << QString(good).replace(20, 1, u' ') << KeyFormatError::BadCharacters;
    QTest::newRow("non-ascii inside") << QString(good).replace(20, 1, QChar(0x00e9)) << KeyFormatError::BadCharacters;
    QTest::newRow("checksum with dash") << QString(good).replace(good.size() - 1, 1, u'-')
                                        << KeyFormatError::BadCharacters;
    QTest::newRow("swapped checksum") << good.left(51) + good.right(6).right(3) + good.right(6).left(3)
                                      << KeyFormatError::BadChecksum;
}

void TestApiKeyFormat::refusesMalformedKeys()
{
    QFETCH(QString, key);
    QFETCH(KeyFormatError, expected);
    if (expected == KeyFormatError::BadChecksum && key.right(3) == key.right(6).left(3))
        QSKIP("the generated checksum is symmetric; nothing to swap");
    QCOMPARE(ApiKeyFormat::check(key), expected);
    QVERIFY(!ApiKeyFormat::describe(expected).isEmpty());
    // The same check in the validator's two parts: the checksum alone is left to the second.
    const QByteArray bytes = key.toLatin1();
    QCOMPARE(ApiKeyFormat::checkShape(bytes),
             expected == KeyFormatError::BadChecksum ? KeyFormatError::None : expected);
    if (expected == KeyFormatError::BadChecksum)
        QVERIFY(!ApiKeyFormat::checksumMatches(bytes));
}

void TestApiKeyFormat::stringAndBytesAgree()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QCOMPARE(ApiKeyFormat::check(QByteArrayView(key.toLatin1())), KeyFormatError::None);
    QCOMPARE(ApiKeyFormat::checkShape(QByteArrayView(key.toLatin1())), KeyFormatError::None);
    QVERIFY(ApiKeyFormat::checksumMatches(QByteArrayView(key.toLatin1())));
    QVERIFY(!ApiKeyFormat::checksumMatches("abc"));
    QCOMPARE(ApiKeyFormat::check(QByteArrayView(key.toLatin1().chopped(1))), KeyFormatError::WrongLength);
    QCOMPARE(ApiKeyFormat::describe(KeyFormatError::WrongPrefix).contains(QStringLiteral("wrong prefix")), true);
}

void TestApiKeyFormat::keysAreUnique()
{
    QSet<QString> keys;
    for (int i = 0; i < 2000; ++i)
        keys.insert(ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey);
    QCOMPARE(keys.size(), 2000);
}

void TestApiKeyFormat::readsAKeyAsItWasPasted_data()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bare") << key << key;
    QTest::newRow("spaces and a newline") << "  " + key + " \n" << key;
    QTest::newRow("header line") << "Authorization: Bearer " + key << key;
    QTest::newRow("bearer in lower case") << "bearer " + key << key;
    QTest::newRow("double quotes") << '"' + key + '"' << key;
    QTest::newRow("single quotes") << '\'' + key + '\'' << key;
    QTest::newRow("backticks") << '`' + key + '`' << key;
    QTest::newRow("shell export") << "export API_KEY=" + key << key;
    QTest::newRow("shell export, quoted") << "export API_KEY=\"" + key + "\"" << key;
    QTest::newRow(".env line") << "KEYWARDEN_KEY = '" + key + "'" << key;
    QTest::newRow("JSON field") << "\"key\": \"" + key + "\"," << key;
    QTest::newRow("JSON field, last") << "  \"key\":\"" + key + "\"" << key;
    QTest::newRow("JSON object") << "{\"key\": \"" + key + "\"}" << key;
    QTest::newRow("YAML field") << "api_key: " + key << key;
    QTest::newRow("Bearer and a tab") << "Bearer\t" + key << key;
    // What is inside stays, so check() can say what is wrong with it.
    QTest::newRow("broken inside") << "\"" + key.left(20) + " " + key.mid(20) + "\""
                                   << key.left(20) + " " + key.mid(20);
    QTest::newRow("another prefix") << "Bearer sk_live_abc" << QStringLiteral("sk_live_abc");
    QTest::newRow("one quote only") << '"' + key << '"' + key;
    QTest::newRow("masked") << QString::fromUtf8("pk_live_AbCd…wxyz") << QString::fromUtf8("pk_live_AbCd…wxyz");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("quotes only") << QStringLiteral("\"\"") << QString();
}

void TestApiKeyFormat::readsAKeyAsItWasPasted()
{
    QFETCH(QString, pasted);
    QFETCH(QString, expected);
    QCOMPARE(ApiKeyFormat::fromPaste(pasted), expected);
}

QTEST_GUILESS_MAIN(TestApiKeyFormat)
#include "TestApiKeyFormat.moc"
