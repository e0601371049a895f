#include "UsageCsvWriter.h"

#include <QBuffer>
#include <QFile>
#include <QTest>

namespace {

// A strict RFC 4180 reader, written for this test: the writer is checked against the
// standard, not against itself.
QList<QStringList> parseCsv(const QByteArray& bytes, QString* error)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldWasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            if (!field.isEmpty() || fieldWasQuoted) {
                *error = QStringLiteral("quote inside an unquoted field at %1").arg(i);
                return {};
            }
            quoted = true;
            fieldWasQuoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
            fieldWasQuoted = false;
        } else if (c == u'\r') {
            if (i + 1 >= text.size() || text.at(i + 1) != u'\n') {
                *error = QStringLiteral("bare CR at %1").arg(i);
                return {};
            }
            ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
            fieldWasQuoted = false;
        } else if (c == u'\n') {
            *error = QStringLiteral("bare LF at %1").arg(i);
            return {};
        } else {
            if (fieldWasQuoted) {
                *error = QStringLiteral("text after a closing quote at %1").arg(i);
                return {};
            }
            field += c;
        }
    }
    if (quoted || !field.isEmpty() || !row.isEmpty()) {
        *error = QStringLiteral("the last record does not end with CRLF");
        return {};
    }
    return rows;
}

UsageStats sampleStats()
{
    UsageStats stats;
    stats.from = QDate(2024, 3, 1);
    stats.to = QDate(2024, 3, 3);
    UsageStats::DayRow first;
    first.day = QDate(2024, 3, 1);
    first.requests = 120;
    first.failed = 3;
    first.tokens = 5400;
    first.costUsd = 0.1234;
    UsageStats::DayRow third;
    third.day = QDate(2024, 3, 3);
    third.requests = 1;
    stats.byDay = {first, third};
    stats.byEndpoint
        = {{QStringLiteral("/v1/verify"), 100, 0, 0}, {QStringLiteral("/v1/agents/echo/run"), 21, 5400, 0.1234}};
    stats.byStatus = {{2, 118}, {4, 3}};
    stats.totals.requests = 121;
    stats.totals.successful = 118;
    stats.totals.failed = 3;
    stats.totals.tokens = 5400;
    stats.totals.costUsd = 0.1234;
    return stats;
}

QByteArray writeToBytes(const UsageStats& stats)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Status written = UsageCsvWriter::write(stats, buffer);
    if (!written)
        qWarning("write failed: %s", qPrintable(written.error().message));
    return written ? buffer.data() : QByteArray();
}

} // namespace

class TestUsageCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void headerDaysEndpointsStatusesTotal();
    void plainFieldsAreNotQuoted();
    void quotesCommasAndLineBreaks_data();
    void quotesCommasAndLineBreaks();
    void neutralisesFormulas_data();
    void neutralisesFormulas();
    void hostileEndpointNamesRoundTrip();
    void numbersIgnoreTheLocale();
    void emptyStatsStillHaveHeaderAndTotal();
    void refusesADeviceNotOpenForWriting();
    void reportsAFailedWrite();
};

void TestUsageCsvWriter::headerDaysEndpointsStatusesTotal()
{
    const QByteArray bytes = writeToBytes(sampleStats());
    QVERIFY(bytes.endsWith("\r\n"));
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
    QString error;
    const QList<QStringList> rows = parseCsv(bytes, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QList<QStringList> expected{
        {"section", "day", "endpoint", "status_class", "requests", "failed", "tokens", "cost_usd"},
        {"day", "2024-03-01", "", "", "120", "3", "5400", "0.123400"},
        {"day", "2024-03-02", "", "", "0", "0", "0", "0.000000"}, // no traffic, still a row
        {"day", "2024-03-03", "", "", "1", "0", "0", "0.000000"},
        {"endpoint", "", "/v1/verify", "", "100", "", "0", "0.000000"},
        {"endpoint", "", "/v1/agents/echo/run", "", "21", "", "5400", "0.123400"},
        {"status", "", "", "2xx", "118", "", "", ""},
        {"status", "", "", "4xx", "3", "", "", ""},
        {"total", "2024-03-01/2024-03-03", "", "", "121", "3", "5400", "0.123400"},
    };
    QCOMPARE(rows, expected);
    QCOMPARE(UsageCsvWriter::headerFields(), expected.first());
}

void TestUsageCsvWriter::plainFieldsAreNotQuoted()
{
    const QByteArray bytes = writeToBytes(sampleStats());
    QVERIFY(bytes.contains("\r\nendpoint,,/v1/verify,,100,,0,0.000000\r\n"));
    QVERIFY(!bytes.contains('"'));
}

void TestUsageCsvWriter::quotesCommasAndLineBreaks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("/v1/a") << QStringLiteral("/v1/a");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("/v1/a,b") << QStringLiteral("\"/v1/a,b\"");
    QTest::newRow("quote") << QStringLiteral("/v1/\"x\"") << QStringLiteral("\"/v1/\"\"x\"\"\"");
    QTest::newRow("lf") << QStringLiteral("/a\nb") << QStringLiteral("\"/a\nb\"");
    QTest::newRow("crlf") << QStringLiteral("/a\r\nb") << QStringLiteral("\"/a\r\nb\"");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QStringLiteral("\"\"\"\"");
}

void TestUsageCsvWriter::quotesCommasAndLineBreaks()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(UsageCsvWriter::textField(text), field);
}

void TestUsageCsvWriter::neutralisesFormulas_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("=") << QStringLiteral("=1+1") << QStringLiteral("'=1+1");
    QTest::newRow("+") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("-") << QStringLiteral("-2+3") << QStringLiteral("'-2+3");
    QTest::newRow("@") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("cr") << QStringLiteral("\r=1") << QStringLiteral("\"'\r=1\"");
    QTest::newRow("dde") << QStringLiteral("=cmd|' /C calc'!A0") << QStringLiteral("'=cmd|' /C calc'!A0");
    QTest::newRow("formula with quotes and comma") << QStringLiteral("=HYPERLINK(\"http://evil\",\"x\")")
                                                   << QStringLiteral("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    QTest::newRow("later = is harmless") << QStringLiteral("/v1/a=b") << QStringLiteral("/v1/a=b");
}

void TestUsageCsvWriter::neutralisesFormulas()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(UsageCsvWriter::textField(text), field);
}

void TestUsageCsvWriter::hostileEndpointNamesRoundTrip()
{
    const QStringList hostile{
        QStringLiteral("/v1/a,b"),
        QStringLiteral("/v1/\"quoted\""),
        QStringLiteral("/v1/line\nbreak"),
        QStringLiteral("/v1/cr\r\nlf"),
        QStringLiteral("=HYPERLINK(\"http://evil\",\"click\")"),
        QStringLiteral("@cmd"),
        QStringLiteral("+\"a,b\"\n"),
        QStringLiteral("/v1/gr\u00fc\u00dfe/\u65e5\u672c"),
        QStringLiteral(",,,"),
    };
    UsageStats stats;
    for (int i = 0; i < hostile.size(); ++i)
        stats.byEndpoint << UsageStats::EndpointRow{hostile.at(i), qint64(100 - i), 0, 0};
    const QByteArray bytes = writeToBytes(stats);
    QString error;
    const QList<QStringList> rows = parseCsv(bytes, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), 1 + hostile.size() + 1); // header, endpoints, total
    for (int i = 0; i < hostile.size(); ++i) {
        const QStringList& row = rows.at(1 + i);
        QCOMPARE(row.size(), 8); // nothing in a name split or ended a record
        QCOMPARE(row.at(0), QStringLiteral("endpoint"));
        QCOMPARE(row.at(4), QString::number(100 - i));
        const QString& name = hostile.at(i);
        const bool formula = QStringLiteral("=+-@\t\r").contains(name.front());
        QCOMPARE(row.at(2), formula ? u'\'' + name : name);
    }
}

void TestUsageCsvWriter::numbersIgnoreTheLocale()
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QByteArray bytes = writeToBytes(sampleStats());
    QLocale::setDefault(previous);
    QVERIFY(bytes.contains(",5400,0.123400\r\n"));
    QVERIFY(!bytes.contains("0,123400"));
    QVERIFY(!bytes.contains("5.400"));
}

void TestUsageCsvWriter::emptyStatsStillHaveHeaderAndTotal()
{
    UsageStats stats;
    stats.from = QDate(2024, 3, 1);
    stats.to = QDate(2024, 3, 2);
    const QByteArray bytes = writeToBytes(stats);
    QString error;
    const QList<QStringList> rows = parseCsv(bytes, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows.size(), 4); // header, two zero days, total
    QCOMPARE(rows.last(), (QStringList{"total", "2024-03-01/2024-03-02", "", "", "0", "0", "0", "0.000000"}));
}

void TestUsageCsvWriter::refusesADeviceNotOpenForWriting()
{
    QBuffer closed;
    QVERIFY(!UsageCsvWriter::write(sampleStats(), closed).ok());
    QByteArray data("x");
    QBuffer readOnly(&data);
    readOnly.open(QIODevice::ReadOnly);
    const Status refused = UsageCsvWriter::write(sampleStats(), readOnly);
    QVERIFY(!refused.ok());
    QVERIFY(!refused.error().message.isEmpty());
    QCOMPARE(data, QByteArray("x"));
}

void TestUsageCsvWriter::reportsAFailedWrite()
{
    // A real device that is always full: writes fail with ENOSPC.
    QFile full(QStringLiteral("/dev/full"));
    if (!full.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        QSKIP("/dev/full is not available here");
    const Status written = UsageCsvWriter::write(sampleStats(), full);
    QVERIFY(!written.ok());
    QVERIFY2(!written.error().message.isEmpty(), "the error must say what went wrong");
}

QTEST_GUILESS_MAIN(TestUsageCsvWriter)
#include "TestUsageCsvWriter.moc"
