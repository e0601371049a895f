#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"

#include <QCryptographicHash>
#include <QTest>

class TestApiKeyHasher : public QObject
{
    Q_OBJECT

private slots:
    void knownVectors_data();
    void knownVectors();
    void millionAs();
    void hashesUtf8OfTheText();
    void hashIntoMatchesHash_data();
    void hashIntoMatchesHash();
    void hashIntoWritesExactlySixtyFourCharacters();
    void verifyAcceptsTheRightKey();
    void verifyRefuses_data();
    void verifyRefuses();
    void constantTimeEquals_data();
    void constantTimeEquals();
};

void TestApiKeyHasher::knownVectors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    // FIPS 180-2 / NIST test vectors.
    QTest::newRow("empty") << QString()
                           << QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QStringLiteral("abc")
                         << QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("448 bits") << QStringLiteral("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << QStringLiteral("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    QTest::newRow("quick brown fox") << QStringLiteral("The quick brown fox jumps over the lazy dog")
                                     << QStringLiteral(
                                            "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
}

void TestApiKeyHasher::knownVectors()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(ApiKeyHasher::hash(input), expected);
    QVERIFY(ApiKeyHasher::verify(input, expected));
}

void TestApiKeyHasher::millionAs()
{
    const QString input(1000000, u'a');
    QCOMPARE(ApiKeyHasher::hash(input),
             QStringLiteral("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestApiKeyHasher::hashesUtf8OfTheText()
{
    const QString text = QString::fromUtf8("Ünïcode Straße 日本");
    const QString expected
        = QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
    QCOMPARE(ApiKeyHasher::hash(text), expected);
    QCOMPARE(ApiKeyHasher::hash(QString::fromUtf8("Ünïcode")),
             QStringLiteral("00b24be80c8dd6e9d76ed28922c27452555f9f803875c55583d04e2311b448ac"));
}

void TestApiKeyHasher::hashIntoMatchesHash_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("empty") << QString();
    QTest::newRow("abc") << QStringLiteral("abc");
    QTest::newRow("live key") << ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QTest::newRow("test key") << ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
    QTest::newRow("admin key") << ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
}

void TestApiKeyHasher::hashIntoMatchesHash()
{
    QFETCH(QString, key);
    char out[ApiKeyHasher::HexLength];
    const QByteArray bytes = key.toLatin1();
    ApiKeyHasher::hashInto(bytes, out);
    const QString viaHashInto = QString::fromLatin1(out, ApiKeyHasher::HexLength);
    QCOMPARE(viaHashInto, ApiKeyHasher::hash(key));
    const QString independent
        = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QCOMPARE(viaHashInto, independent);
}

void TestApiKeyHasher::hashIntoWritesExactlySixtyFourCharacters()
{
    // A guard byte after the buffer must survive: hashInto writes no terminator.
    char buffer[ApiKeyHasher::HexLength + 1];
    buffer[ApiKeyHasher::HexLength] = '#';
    ApiKeyHasher::hashInto(QByteArrayView("abc"), buffer);
    QCOMPARE(buffer[ApiKeyHasher::HexLength], '#');
    const QByteArray hex(buffer, ApiKeyHasher::HexLength);
    QCOMPARE(hex, QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    for (char c : hex)
        QVERIFY((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
}

void TestApiKeyHasher::verifyAcceptsTheRightKey()
{
    for (KeyEnvironment environment : {KeyEnvironment::Live, KeyEnvironment::Test, KeyEnvironment::Admin}) {
        const GeneratedKey key = ApiKeyGenerator::generate(environment);
        QVERIFY(ApiKeyHasher::verify(key.fullKey, key.keyHash));
        QVERIFY(ApiKeyHasher::verify(key.fullKey, ApiKeyHasher::hash(key.fullKey)));
    }
}

void TestApiKeyHasher::verifyRefuses_data()
{
    const GeneratedKey key = ApiKeyGenerator::generate(KeyEnvironment::Live);
    const GeneratedKey other = ApiKeyGenerator::generate(KeyEnvironment::Live);
    QString nearMiss = key.fullKey;
    nearMiss[30] = nearMiss[30] == u'A' ? u'B' : u'A';
    QString flippedHash = key.keyHash;
    flippedHash[63] = flippedHash[63] == u'0' ? u'1' : u'0';
    QString upperHash = key.keyHash.toUpper();
    if (upperHash == key.keyHash) // all digits: vanishingly unlikely, but keep the row meaningful
        upperHash = QStringLiteral("A") + upperHash.mid(1);

    QTest::addColumn<QString>("candidate");
    QTest::addColumn<QString>("expectedHex");
    QTest::newRow("one character changed") << nearMiss << key.keyHash;
    QTest::newRow("key truncated") << key.fullKey.chopped(1) << key.keyHash;
    QTest::newRow("key extended") << key.fullKey + u'x' << key.keyHash;
    QTest::newRow("another key") << other.fullKey << key.keyHash;
    QTest::newRow("empty key") << QString() << key.keyHash;
    QTest::newRow("hash with one digit changed") << key.fullKey << flippedHash;
    QTest::newRow("hash too short") << key.fullKey << key.keyHash.chopped(1);
    QTest::newRow("hash too long") << key.fullKey << key.keyHash + u'0';
    QTest::newRow("hash empty") << key.fullKey << QString();
    QTest::newRow("hash upper case") << key.fullKey << upperHash;
    QTest::newRow("hash with spaces") << key.fullKey << QStringLiteral(" ") + key.keyHash.chopped(1);
}

void TestApiKeyHasher::verifyRefuses()
{
    QFETCH(QString, candidate);
    QFETCH(QString, expectedHex);
    QVERIFY(!ApiKeyHasher::verify(candidate, expectedHex));
}

void TestApiKeyHasher::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << QByteArray("secret-value") << QByteArray("secret-value") << true;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("first byte differs") << QByteArray("xecret-value") << QByteArray("secret-value") << false;
    QTest::newRow("last byte differs") << QByteArray("secret-valuf") << QByteArray("secret-value") << false;
    QTest::newRow("prefix") << QByteArray("secret") << QByteArray("secret-value") << false;
    QTest::newRow("longer") << QByteArray("secret-value!") << QByteArray("secret-value") << false;
    QTest::newRow("empty vs not") << QByteArray() << QByteArray("a") << false;
    QTest::newRow("case differs") << QByteArray("ABC") << QByteArray("abc") << false;
    QTest::newRow("embedded zero") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
    QTest::newRow("embedded zero same") << QByteArray("a\0b", 3) << QByteArray("a\0b", 3) << true;
}

void TestApiKeyHasher::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(ApiKeyHasher::constantTimeEquals(a, b), equal);
    QCOMPARE(ApiKeyHasher::constantTimeEquals(b, a), equal);
}

QTEST_GUILESS_MAIN(TestApiKeyHasher)
#include "TestApiKeyHasher.moc"
