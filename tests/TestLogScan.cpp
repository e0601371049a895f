// "Keys masked in every log line the whole test run produced" (issue 5, item 6).
//
// CTest runs this suite after every other test of the run: each of them requires the fixture
// `keywarden_log_scan` and this suite is its FIXTURES_CLEANUP test (tests/security_tests.cmake),
// so `ctest -j N`, `-R`, `-L` and `--repeat` all schedule it last and pull it in even when a
// filter does not name it. It reads what CTest recorded of their output: while a run lasts that
// is Testing/Temporary/LastTest.log.tmp (LastTest_<tag>.log.tmp for dashboard runs), holding
// each finished test's complete stdout and stderr (CTest truncates passed tests' output only in
// its dashboard XML, not in this file) and flushed as each test ends. That is exactly the text a
// CI log would show, including child processes' output (keywardenctl, serve) that a test passes
// through, which no in-process message handler sees.
//
// Any `pk_live_` / `pk_test_` / `pk_admin_` followed by 20 or more key characters fails the scan
// (KeyLeakScanner): a full key, a near miss of one, or a fragment. Nothing is allow-listed; only
// hand-made placeholders of at most four distinct characters (`pk_live_AAAA…`) are passed over,
// and counted in the report. Findings are printed masked: the scan must not leak what it found.
//
// Run by hand after a run: KEYWARDEN_SCAN_LOG=build/Testing/Temporary/LastTest.log tests/TestLogScan
#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "KeyLeakScanner.h"
#include "KeyMasking.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

#ifndef KEYWARDEN_CTEST_LOG_DIRS
#error "KEYWARDEN_CTEST_LOG_DIRS must be defined (folders where CTest keeps LastTest*.log, separated by '|')"
#endif

class TestLogScan : public QObject
{
    Q_OBJECT

private slots:
    void detectorFindsKeyMaterial_data();
    void detectorFindsKeyMaterial();
    void redactionShowsOnlyTheMaskedForm();
    void ctestOutputHoldsNoKey();

private:
    static QString currentRunLog();
};

using KeyLeakScanner::Kind;

void TestLogScan::detectorFindsKeyMaterial_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("findings");
    QTest::addColumn<int>("kind"); // of the first finding
    QTest::addColumn<int>("placeholders");

    const QString live = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    const QString test = ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
    const QString admin = ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey;
    QString nearMiss = live;
    nearMiss.back() = nearMiss.back() == u'a' ? u'b' : u'a';
    const int full = int(Kind::FullKey), shaped = int(Kind::KeyShaped), fragment = int(Kind::Fragment);

    QTest::newRow("a live key") << live << 1 << full << 0;
    QTest::newRow("a test key in a JSON log line")
        << QStringLiteral(R"({"level":"debug","event":"refused","key":"%1","ip":"127.0.0.1"})").arg(test) << 1 << full
        << 0;
    QTest::newRow("an admin key after Bearer") << QStringLiteral("Authorization: Bearer ") + admin << 1 << full << 0;
    QTest::newRow("a key in a URL query")
        << QStringLiteral("GET /v1/verify?api_key=%1&page=2").arg(live) << 1 << full << 0;
    QTest::newRow("a key with trailing characters") << live + QStringLiteral("xyz") << 1 << full << 0;
    QTest::newRow("two keys on one line") << live + QStringLiteral(" and ") + test << 2 << full << 0;
    QTest::newRow("a near miss (last character changed)") << nearMiss << 1 << shaped << 0;
    QTest::newRow("a key missing its last character") << live.chopped(1) << 1 << fragment << 0;
    QTest::newRow("prefix and 20 key characters") << live.left(8 + 20) << 1 << fragment << 0;
    QTest::newRow("QDebug-quoted") << QStringLiteral("key: \"%1\"").arg(live) << 1 << full << 0;
    // Not leaks.
    QTest::newRow("the masked form") << QStringLiteral("created key %1 for acme").arg(KeyMasking::mask(live)) << 0 << 0
                                     << 0;
    QTest::newRow("masked with three dots") << live.left(12) + QStringLiteral("...") + live.right(4) << 0 << 0 << 0;
    QTest::newRow("prefix and 19 key characters") << live.left(8 + 19) << 0 << 0 << 0;
    QTest::newRow("a short placeholder") << QStringLiteral("Bearer pk_live_abc") << 0 << 0 << 0;
    QTest::newRow("a long placeholder") << QStringLiteral("pk_live_") + QString(43, u'A') + QStringLiteral("ZZZZZZ")
                                        << 0 << 0 << 1;
    QTest::newRow("oversized placeholder") << QStringLiteral("pk_live_") + QString(8000, u'a') << 0 << 0 << 1;
    QTest::newRow("another prefix") << QStringLiteral("sk_live_") + live.mid(8) << 0 << 0 << 0;
}

void TestLogScan::detectorFindsKeyMaterial()
{
    QFETCH(QString, text);
    QFETCH(int, findings);
    QFETCH(int, kind);
    QFETCH(int, placeholders);
    const KeyLeakScanner::Result result = KeyLeakScanner::scan(text);
    QCOMPARE(result.findings.size(), findings);
    QCOMPARE(result.placeholders, placeholders);
    if (findings > 0) {
        QCOMPARE(int(result.findings.first().kind), kind);
        QVERIFY(!result.findings.first().masked.isEmpty());
    }
}

void TestLogScan::redactionShowsOnlyTheMaskedForm()
{
    const QString key = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    const QString line = QStringLiteral(R"({"key":"%1","path":"/v1/verify?token=%1"})").arg(key);
    const QString redacted = KeyLeakScanner::redact(line);
    QVERIFY(!redacted.contains(key.mid(8, 30)));
    QVERIFY(redacted.contains(KeyMasking::mask(key)));
    QVERIFY(KeyLeakScanner::scan(redacted).findings.isEmpty());
    QCOMPARE(KeyLeakScanner::scan(line).findings.first().masked, KeyMasking::mask(key));
}

QString TestLogScan::currentRunLog()
{
    const QString explicitLog = qEnvironmentVariable("KEYWARDEN_SCAN_LOG");
    if (!explicitLog.isEmpty())
        return explicitLog;
    // The run in progress writes LastTest*.log.tmp; the newest one is ours.
    QFileInfo newest;
    for (const QString& dir : QStringLiteral(KEYWARDEN_CTEST_LOG_DIRS).split(u'|', Qt::SkipEmptyParts)) {
        const QFileInfoList logs = QDir(dir).entryInfoList({QStringLiteral("LastTest*.log.tmp")}, QDir::Files);
        for (const QFileInfo& log : logs) {
            if (!newest.exists() || log.lastModified() > newest.lastModified())
                newest = log;
        }
    }
    return newest.exists() ? newest.absoluteFilePath() : QString();
}

void TestLogScan::ctestOutputHoldsNoKey()
{
    const QString path = currentRunLog();
    if (path.isEmpty())
        QSKIP("not run by CTest (no Testing/Temporary/LastTest*.log.tmp): set KEYWARDEN_SCAN_LOG to scan a log");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(": ") + file.errorString()));

    static const QRegularExpression testHeader(QStringLiteral("^\\s*\\d+/\\d+ Test: (.+)$"));
    QString test = QStringLiteral("(before the first test)");
    QSet<QString> tests;
    QStringList report;
    QSet<QString> leakingTests;
    int lines = 0;
    int placeholders = 0;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        ++lines;
        if (const auto header = testHeader.match(line); header.hasMatch()) {
            test = header.captured(1).trimmed();
            tests.insert(test);
            continue;
        }
        const KeyLeakScanner::Result result = KeyLeakScanner::scan(line);
        placeholders += result.placeholders;
        for (const KeyLeakScanner::Finding& finding : result.findings) {
            leakingTests.insert(test);
            report << QStringLiteral("%1, line %2: %3 %4 in: %5")
                          .arg(test)
                          .arg(lines)
                          .arg(KeyLeakScanner::kindName(finding.kind), finding.masked,
                               KeyLeakScanner::redact(line).left(300));
        }
    }
    if (tests.isEmpty() && qEnvironmentVariableIsEmpty("KEYWARDEN_SCAN_LOG"))
        QSKIP("no other test has finished in this CTest run: nothing to scan");
    qInfo().noquote() << QStringLiteral("scanned %1: %2 lines of %3 tests; %4 placeholder(s) passed over")
                             .arg(path)
                             .arg(lines)
                             .arg(tests.size())
                             .arg(placeholders);
    for (const QString& line : std::as_const(report))
        qWarning().noquote() << line;
    QVERIFY2(report.isEmpty(),
             qPrintable(QStringLiteral("%1 key leak(s) in the output of: %2")
                            .arg(report.size())
                            .arg(QStringList(leakingTests.values()).join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(TestLogScan)
#include "TestLogScan.moc"
