#include "ApiKey.h"
#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "KeyMasking.h"

#include <QTest>

namespace {
const QChar kEllipsis(0x2026);
}

class TestKeyMasking : public QObject
{
    Q_OBJECT

private slots:
    void masksGeneratedKeys_data();
    void masksGeneratedKeys();
    void neverRevealsTheMiddle();
    void masksShortAndForeignInputHarder_data();
    void masksShortAndForeignInputHarder();
    void truncatedKeysRevealAtMostThePrefix();
    void fromParts();
    void apiKeyMaskedKeyUsesStoredParts();
    void masksKeysInFreeText();
};

void TestKeyMasking::masksGeneratedKeys_data()
{
    QTest::addColumn<KeyEnvironment>("environment");
    QTest::addColumn<QString>("envPrefix");
    QTest::newRow("live") << KeyEnvironment::Live << QStringLiteral("pk_live_");
    QTest::newRow("test") << KeyEnvironment::Test << QStringLiteral("pk_test_");
    QTest::newRow("admin") << KeyEnvironment::Admin << QStringLiteral("pk_admin_");
}

void TestKeyMasking::masksGeneratedKeys()
{
    QFETCH(KeyEnvironment, environment);
    QFETCH(QString, envPrefix);
    const GeneratedKey key = ApiKeyGenerator::generate(environment);
    const QString masked = KeyMasking::mask(key.fullKey);
    // pk_live_XXXX…YYYY: the stored prefix (env + 4 random characters), U+2026, the 4-character hint.
    QCOMPARE(masked, envPrefix + key.fullKey.mid(envPrefix.size(), 4) + kEllipsis + key.fullKey.right(4));
    QCOMPARE(masked, key.keyPrefix + kEllipsis + key.keyHint);
    QCOMPARE(masked.size(), envPrefix.size() + 4 + 1 + 4);
    QCOMPARE(masked.count(kEllipsis), 1);
    QCOMPARE(KeyMasking::mask(key.fullKey), KeyMasking::fromParts(key.keyPrefix, key.keyHint));
}

void TestKeyMasking::neverRevealsTheMiddle()
{
    for (int i = 0; i < 200; ++i) {
        const QString key = ApiKeyGenerator::generate(i % 2 ? KeyEnvironment::Live : KeyEnvironment::Test).fullKey;
        const QString masked = KeyMasking::mask(key);
        // Everything between the 12 shown leading and the 4 shown trailing characters stays hidden.
        const QString middle = key.mid(12, key.size() - 16);
        QCOMPARE(middle.size(), 41);
        const QString visible = QString(masked).remove(kEllipsis);
        QCOMPARE(visible, key.left(12) + key.right(4));
        // No 5-character run of the hidden middle appears anywhere in the masked form.
        for (int at = 0; at + 5 <= middle.size(); ++at)
            QVERIFY2(!masked.contains(middle.mid(at, 5)),
                     qPrintable(QStringLiteral("key %1, offset %2").arg(i).arg(at)));
        QVERIFY(!masked.contains(key));
    }
}

void TestKeyMasking::masksShortAndForeignInputHarder_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString ellipsis(kEllipsis);
    QTest::newRow("empty") << QString() << ellipsis;
    QTest::newRow("plain secret") << QStringLiteral("hunter2-super-secret-password-value-123456789") << ellipsis;
    QTest::newRow("other vendor's key") << QStringLiteral("sk_live_51HqLyjWDarjtT1zdp7dcXYZabcdefghijklmnopqrstuvw")
                                        << ellipsis;
    QTest::newRow("upper-case prefix") << QStringLiteral("PK_LIVE_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij")
                                       << ellipsis;
    QTest::newRow("no environment separator")
        << QStringLiteral("pk_liveAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh") << ellipsis;
    QTest::newRow("overlong environment")
        << QStringLiteral("pk_production_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh") << ellipsis;
    QTest::newRow("prefix only") << QStringLiteral("pk_live_") << QStringLiteral("pk_live_") + ellipsis;
    QTest::newRow("short key-like") << QStringLiteral("pk_live_AbCdEfGh") << QStringLiteral("pk_live_") + ellipsis;
    QTest::newRow("short test key-like") << QStringLiteral("pk_test_1234567890abcdefghij")
                                         << QStringLiteral("pk_test_") + ellipsis;
}

void TestKeyMasking::masksShortAndForeignInputHarder()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QString masked = KeyMasking::mask(input);
    QCOMPARE(masked, expected);
    if (input.size() > 8)
        QVERIFY(!masked.contains(input.mid(8)));
}

void TestKeyMasking::truncatedKeysRevealAtMostThePrefix()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    // A truncated key (pasted half, cut by a log line) must not give away its first
    // random characters and its end: what is left to guess would be too little.
    for (int length = 0; length <= 40; ++length) {
        const QString truncated = key.left(length);
        const QString masked = KeyMasking::mask(truncated);
        QVERIFY2(masked.size() <= 9, qPrintable(QStringLiteral("length %1: %2").arg(length).arg(masked.size())));
        QVERIFY(masked.endsWith(kEllipsis));
        // Nothing after the environment prefix is shown.
        if (length >= 8)
            QCOMPARE(masked, QStringLiteral("pk_live_") + kEllipsis);
        else
            QCOMPARE(masked, QString(kEllipsis));
    }
}

void TestKeyMasking::fromParts()
{
    QCOMPARE(KeyMasking::fromParts(u"pk_live_AbCd", u"wxyz"),
             QStringLiteral("pk_live_AbCd") + kEllipsis + QStringLiteral("wxyz"));
    QCOMPARE(KeyMasking::fromParts(u"pk_test_0-_9", u"Zz_-"),
             QStringLiteral("pk_test_0-_9") + kEllipsis + QStringLiteral("Zz_-"));
    QCOMPARE(KeyMasking::fromParts(u"", u""), QString(kEllipsis));
}

void TestKeyMasking::apiKeyMaskedKeyUsesStoredParts()
{
    const GeneratedKey generated = ApiKeyGenerator::generate(KeyEnvironment::Test);
    ApiKey key;
    key.keyPrefix = generated.keyPrefix;
    key.keyHint = generated.keyHint;
    key.keyHash = generated.keyHash;
    QCOMPARE(key.maskedKey(), KeyMasking::mask(generated.fullKey));
    QVERIFY(!key.maskedKey().contains(generated.keyHash.left(8)));
}

void TestKeyMasking::masksKeysInFreeText()
{
    const QString live = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    const QString test = ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
    const QString masked = KeyMasking::mask(live);
    // Anywhere in the text, any number of times, with the words around it kept.
    QCOMPARE(KeyMasking::maskKeysIn(QStringLiteral("leaked as ") + live + QStringLiteral(" in a gist.")),
             QStringLiteral("leaked as ") + masked + QStringLiteral(" in a gist."));
    QCOMPARE(KeyMasking::maskKeysIn(live), masked);
    QCOMPARE(KeyMasking::maskKeysIn(u'(' + live + QStringLiteral("),") + test),
             u'(' + masked + QStringLiteral("),") + KeyMasking::mask(test));
    // A key with a typo, or cut short, still hides most of a secret: masked too.
    QString typo = live;
    typo[20] = typo[20] == u'A' ? u'B' : u'A';
    QVERIFY(!KeyMasking::maskKeysIn(typo).contains(typo.mid(12, 30)));
    QVERIFY(!KeyMasking::maskKeysIn(live.left(45)).contains(live.mid(12, 30)));
    // Text that only looks a little like a key is left as it is.
    for (const QString& plain : {QStringLiteral("rotate pk_live_ keys"), QStringLiteral("pk_live_short"),
                                 QStringLiteral("Acme GmbH"), QString(), QStringLiteral("pk_")}) {
        QCOMPARE(KeyMasking::maskKeysIn(plain), plain);
    }
    // A key glued to a word before it is still a key.
    for (const QString& prefix : {QStringLiteral("prod_"), QStringLiteral("x-"), QStringLiteral("my")}) {
        const QString text = KeyMasking::maskKeysIn(prefix + live);
        QCOMPARE(text, prefix + masked);
    }
}

QTEST_GUILESS_MAIN(TestKeyMasking)
#include "TestKeyMasking.moc"
