// CopyTextRows: PostgreSQL's COPY text format, byte for byte (TestPostgresWire sends such
// rows to a real server and reads them back).
#include "CopyTextRows.h"

#include <QTest>

class TestCopyTextRows : public QObject
{
    Q_OBJECT

private slots:
    void fieldsAreTabSeparatedAndRowsEndInANewline();
    void escapesWhatTheFormatGivesAMeaning_data();
    void escapesWhatTheFormatGivesAMeaning();
    void nonAsciiTextIsUtf8();
    void numbersAreWrittenInFull();
    void anEmptyTextIsNotNull();
};

void TestCopyTextRows::fieldsAreTabSeparatedAndRowsEndInANewline()
{
    CopyTextRows rows;
    QCOMPARE(rows.rows(), 0);
    rows.appendPlain("a");
    rows.appendNull();
    rows.appendText(u"c");
    rows.endRow();
    rows.appendText(u"d");
    rows.endRow();
    QCOMPARE(rows.data(), QByteArray("a\t\\N\tc\nd\n"));
    QCOMPARE(rows.rows(), 2);
}

void TestCopyTextRows::escapesWhatTheFormatGivesAMeaning_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QByteArray("a\\\\b");
    QTest::newRow("the NULL marker as text") << QStringLiteral("\\N") << QByteArray("\\\\N");
    QTest::newRow("the end-of-data marker") << QStringLiteral("\\.") << QByteArray("\\\\.");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QByteArray("a\\tb");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QByteArray("a\\nb");
    QTest::newRow("carriage return") << QStringLiteral("a\rb") << QByteArray("a\\rb");
    QTest::newRow("quotes and braces stay") << QStringLiteral("{\"x\",'y'}") << QByteArray("{\"x\",'y'}");
    QTest::newRow("escapes in non-ASCII text") << QString::fromUtf8("\xc3\xbc\t\\") << QByteArray("\xc3\xbc\\t\\\\");
}

void TestCopyTextRows::escapesWhatTheFormatGivesAMeaning()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    CopyTextRows rows;
    rows.appendText(text);
    rows.endRow();
    QCOMPARE(rows.data(), expected + '\n');
}

void TestCopyTextRows::nonAsciiTextIsUtf8()
{
    CopyTextRows rows;
    rows.appendText(u"ok");
    const QString key = QString::fromUtf8("\xf0\x9f\x94\x91 Schl\xc3\xbcssel");
    rows.appendText(key);
    rows.endRow();
    QCOMPARE(rows.data(), "ok\t" + key.toUtf8() + '\n');
}

void TestCopyTextRows::numbersAreWrittenInFull()
{
    CopyTextRows rows;
    rows.appendNumber(-2147483647 - 1);
    rows.appendNumber(0.05);
    rows.appendNumber(123456789.123456);
    rows.appendNumber(qint64(9007199254740993));
    rows.endRow();
    QCOMPARE(rows.data(), QByteArray("-2147483648\t0.05\t123456789.123456\t9007199254740993\n"));
}

void TestCopyTextRows::anEmptyTextIsNotNull()
{
    CopyTextRows rows;
    rows.appendText(QString());
    rows.appendText(u"");
    rows.appendNull();
    rows.endRow();
    QCOMPARE(rows.data(), QByteArray("\t\t\\N\n"));
}

QTEST_GUILESS_MAIN(TestCopyTextRows)
#include "TestCopyTextRows.moc"
