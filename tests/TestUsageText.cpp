// usageText(): what the usage tables keep of a client's text, the same on both engines.
#include "UsageText.h"

#include <QTest>

class TestUsageText : public QObject
{
    Q_OBJECT

private slots:
    void keepsOrCuts_data();
    void keepsOrCuts();
    void sharesAnUncutText();
};

void TestUsageText::keepsOrCuts_data()
{
    const QString key = QString::fromUtf8("\xf0\x9f\x94\x91"); // one character, two UTF-16 units
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("short") << QStringLiteral("/v1/verify") << 255 << QStringLiteral("/v1/verify");
    QTest::newRow("cut") << QStringLiteral("abcdef") << 3 << QStringLiteral("abc");
    QTest::newRow("empty") << QString() << 10 << QString();
    QTest::newRow("a pair at the limit is kept") << QStringLiteral("ab") + key << 4 << QStringLiteral("ab") + key;
    QTest::newRow("a pair across the limit is left out") << QStringLiteral("abc") + key << 4 << QStringLiteral("abc");
    QTest::newRow("NUL") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << 10 << QStringLiteral("a\ufffdb");
    QTest::newRow("lone high surrogate") << QStringLiteral("a") + QChar(0xd83d) + QStringLiteral("b") << 10
                                         << QStringLiteral("a\ufffdb");
    QTest::newRow("lone low surrogate at the end")
        << QStringLiteral("ab") + QChar(0xdd11) << 10 << QStringLiteral("ab\ufffd");
    QTest::newRow("reversed pair") << QString(QChar(0xdd11)) + QChar(0xd83d) << 10 << QStringLiteral("\ufffd\ufffd");
    QTest::newRow("non-Latin text stays")
        << QString::fromUtf8("Schl\xc3\xbcssel ") + key << 12 << QString::fromUtf8("Schl\xc3\xbcssel ") + key;
}

void TestUsageText::keepsOrCuts()
{
    QFETCH(QString, text);
    QFETCH(int, limit);
    QFETCH(QString, expected);
    const QString kept = usageText(text, limit);
    QCOMPARE(kept, expected);
    QVERIFY(kept.size() <= limit);
    // What it keeps survives UTF-8 unchanged (PostgreSQL's COPY and JSON take UTF-8).
    QCOMPARE(QString::fromUtf8(kept.toUtf8()), kept);
}

void TestUsageText::sharesAnUncutText()
{
    const QString text = QString::fromLatin1("/v1/verify"); // not a literal: those share nothing
    QVERIFY(usageText(text, 255).isSharedWith(text));
}

QTEST_GUILESS_MAIN(TestUsageText)
#include "TestUsageText.moc"
