#include "TimeZoneOverride.h"
#include "UsageDayModel.h"

#include <QAbstractItemModelTester>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QVXYModelMapper>

namespace {

UsageStats::DayRow dayRow(QDate day, qint64 requests, qint64 failed, qint64 tokens, double cost)
{
    UsageStats::DayRow row;
    row.day = day;
    row.requests = requests;
    row.failed = failed;
    row.tokens = tokens;
    row.costUsd = cost;
    return row;
}

// 2024-02-27 .. 2024-03-02 (a leap day inside), traffic on the 28th and 1st only.
UsageStats sparseStats()
{
    UsageStats stats;
    stats.from = QDate(2024, 2, 27);
    stats.to = QDate(2024, 3, 2);
    stats.byDay = {dayRow(QDate(2024, 2, 28), 10, 2, 500, 0.25), dayRow(QDate(2024, 3, 1), 4, 0, 40, 0.125)};
    stats.totals.requests = 14;
    return stats;
}

qint64 localMidnight(int y, int m, int d)
{
    return QDateTime(QDate(y, m, d), QTime(0, 0)).toMSecsSinceEpoch();
}

} // namespace

class TestUsageDayModel : public QObject
{
    Q_OBJECT

private slots:
    void emptyModel();
    void fillsEveryDayOfTheRangeWithZeros();
    void rawValuesUnderSortRole();
    void dayAsChartMsecs();
    void dayReadsAsItselfOnTheChartInAnyTimeZone_data();
    void dayReadsAsItselfOnTheChartInAnyTimeZone();
    void rangeFromRowsWhenStatsHaveNone();
    void reversedRangeIsNotFilled();
    void rowsOutsideTheRangeWidenIt();
    void absurdRangeIsNotFilled();
    void resetSignalsAndMaxima();
    void headers();
    void passesModelTesterThroughResets();
    void feedsQVXYModelMapper();
};

void TestUsageDayModel::emptyModel()
{
    UsageDayModel model;
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(UsageDayModel::ColumnCount));
    QVERIFY(!model.from().isValid());
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
}

void TestUsageDayModel::fillsEveryDayOfTheRangeWithZeros()
{
    UsageDayModel model;
    model.setStats(sparseStats());
    // 27, 28, 29 Feb, 1, 2 Mar
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.from(), QDate(2024, 2, 27));
    QCOMPARE(model.to(), QDate(2024, 3, 2));
    const QList<qint64> expectedRequests{0, 10, 0, 4, 0};
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.dayRow(row).day, QDate(2024, 2, 27).addDays(row));
        QCOMPARE(model.index(row, UsageDayModel::Requests).data(UsageDayModel::SortRole).toLongLong(),
                 expectedRequests.at(row));
    }
    QCOMPARE(model.index(0, UsageDayModel::Day).data().toString(), QStringLiteral("2024-02-27"));
    QCOMPARE(model.index(2, UsageDayModel::Day).data().toString(), QStringLiteral("2024-02-29"));
    QCOMPARE(model.index(2, UsageDayModel::Failed).data(UsageDayModel::SortRole).toLongLong(), qint64(0));
    QCOMPARE(model.index(2, UsageDayModel::CostUsd).data(UsageDayModel::SortRole).toDouble(), 0.0);
}

void TestUsageDayModel::rawValuesUnderSortRole()
{
    UsageDayModel model;
    model.setStats(sparseStats());
    const int row = 1; // 2024-02-28
    QCOMPARE(model.index(row, UsageDayModel::Day).data(UsageDayModel::SortRole).toDate(), QDate(2024, 2, 28));
    QCOMPARE(model.index(row, UsageDayModel::Requests).data(UsageDayModel::SortRole).toLongLong(), qint64(10));
    QCOMPARE(model.index(row, UsageDayModel::Failed).data(UsageDayModel::SortRole).toLongLong(), qint64(2));
    QCOMPARE(model.index(row, UsageDayModel::Tokens).data(UsageDayModel::SortRole).toLongLong(), qint64(500));
    QCOMPARE(model.index(row, UsageDayModel::CostUsd).data(UsageDayModel::SortRole).toDouble(), 0.25);
    // Numbers under DisplayRole too (the chart mappers read it; views format it).
    QCOMPARE(model.index(row, UsageDayModel::Requests).data().typeId(), int(QMetaType::LongLong));
    QCOMPARE(model.index(row, UsageDayModel::Requests).data().toLongLong(), qint64(10));
    QCOMPARE(model.index(row, UsageDayModel::CostUsd).data().typeId(), int(QMetaType::Double));
    QCOMPARE(model.index(row, UsageDayModel::CostUsd).data().toDouble(), 0.25);
    QCOMPARE(model.index(row, UsageDayModel::Requests).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!model.index(row, UsageDayModel::Requests).data(Qt::DecorationRole).isValid());
}

void TestUsageDayModel::dayAsChartMsecs()
{
    const TimeZoneOverride utc("UTC0");
    UsageDayModel model;
    model.setStats(sparseStats());
    QCOMPARE(localMidnight(2024, 2, 29), qint64(1709164800000));
    for (int column = 0; column < model.columnCount(); ++column)
        QCOMPARE(model.index(2, column).data(UsageDayModel::DayEpochMsRole).toLongLong(), qint64(1709164800000));
    // The mapper column: a plain number under DisplayRole.
    const QVariant display = model.index(2, UsageDayModel::DayEpochMs).data();
    QCOMPARE(display.typeId(), int(QMetaType::LongLong));
    QCOMPARE(display.toLongLong(), qint64(1709164800000));
    QCOMPARE(model.index(0, UsageDayModel::DayEpochMs).data().toLongLong(), localMidnight(2024, 2, 27));
    QCOMPARE(UsageDayModel::chartMsecs(QDate(1970, 1, 2)), qint64(86400000));
    QCOMPARE(model.roleNames().value(UsageDayModel::DayEpochMsRole), QByteArrayLiteral("dayEpochMs"));
}

void TestUsageDayModel::dayReadsAsItselfOnTheChartInAnyTimeZone_data()
{
    // POSIX rules, so that no tz database is needed. The offset of 2024-01-15 12:00 UTC
    // proves the zone took effect (a test in UTC would prove nothing).
    QTest::addColumn<QByteArray>("tz");
    QTest::addColumn<int>("januaryOffsetHours");
    QTest::newRow("US east, POSIX rule") << QByteArray("EST5EDT,M3.2.0,M11.1.0") << -5;
    QTest::newRow("New Zealand, POSIX rule") << QByteArray("NZST-12NZDT,M9.5.0,M4.1.0/3") << 13;
    QTest::newRow("Baker Island, POSIX rule") << QByteArray("AOE12") << -12;
    QTest::newRow("Kiritimati, POSIX rule") << QByteArray("LINT-14") << 14;
}

// QDateTimeAxis labels its ticks in local time: a day's point must read as that day there,
// DST changeover days included, or the chart labels every day as the one before (west of
// UTC) or after.
void TestUsageDayModel::dayReadsAsItselfOnTheChartInAnyTimeZone()
{
    QFETCH(QByteArray, tz);
    QFETCH(int, januaryOffsetHours);
    const TimeZoneOverride zone(tz.constData());
    QCOMPARE(QDateTime(QDate(2024, 1, 15), QTime(12, 0), QTimeZone::utc()).toLocalTime().offsetFromUtc(),
             januaryOffsetHours * 3600);

    UsageStats stats;
    stats.from = QDate(2024, 3, 8); // US DST starts on the 10th
    stats.to = QDate(2024, 4, 9); // New Zealand's ends on the 7th
    UsageDayModel model;
    model.setStats(stats);
    QCOMPARE(model.rowCount(), 33);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QDate day = model.dayRow(row).day;
        const qint64 x = model.index(row, UsageDayModel::DayEpochMs).data().toLongLong();
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(x).date(), day);
        QCOMPARE(QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(x), QStringLiteral("dd MMM")),
                 QLocale::c().toString(day, QStringLiteral("dd MMM")));
    }
    for (const QDate day : {QDate(2024, 11, 3), QDate(2024, 9, 29), QDate(2024, 12, 31), QDate(1970, 1, 1)})
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(UsageDayModel::chartMsecs(day)).date(), day);
}

void TestUsageDayModel::rangeFromRowsWhenStatsHaveNone()
{
    UsageStats stats = sparseStats();
    stats.from = QDate();
    stats.to = QDate();
    UsageDayModel model;
    model.setStats(stats);
    QCOMPARE(model.rowCount(), 3); // 28, 29, 1
    QCOMPARE(model.from(), QDate(2024, 2, 28));
    QCOMPARE(model.to(), QDate(2024, 3, 1));
    QCOMPARE(model.dayRow(1).requests, qint64(0));
}

void TestUsageDayModel::reversedRangeIsNotFilled()
{
    UsageStats stats;
    stats.from = QDate(2024, 3, 10);
    stats.to = QDate(2024, 3, 1);
    UsageDayModel model;
    model.setStats(stats);
    QCOMPARE(model.rowCount(), 0);
}

void TestUsageDayModel::rowsOutsideTheRangeWidenIt()
{
    UsageStats stats = sparseStats();
    stats.byDay << dayRow(QDate(2024, 3, 4), 1, 1, 0, 0);
    UsageDayModel model;
    model.setStats(stats);
    QCOMPARE(model.rowCount(), 7); // 27 Feb .. 4 Mar
    QCOMPARE(model.dayRow(6).requests, qint64(1));
    QCOMPARE(model.dayRow(5).requests, qint64(0));
}

void TestUsageDayModel::absurdRangeIsNotFilled()
{
    UsageStats stats = sparseStats();
    stats.from = QDate(1900, 1, 1);
    stats.to = QDate(2100, 1, 1);
    UsageDayModel model;
    model.setStats(stats);
    QCOMPARE(model.rowCount(), 2);
}

void TestUsageDayModel::resetSignalsAndMaxima()
{
    UsageDayModel model;
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setStats(sparseStats());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.maxRequests(), qint64(10));
    QCOMPARE(model.maxCostUsd(), 0.25);
    model.clear();
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.maxRequests(), qint64(0));
}

void TestUsageDayModel::headers()
{
    UsageDayModel model;
    QCOMPARE(model.headerData(UsageDayModel::Day, Qt::Horizontal).toString(), QStringLiteral("Day (UTC)"));
    QCOMPARE(model.headerData(UsageDayModel::Requests, Qt::Horizontal).toString(), QStringLiteral("Requests"));
    QCOMPARE(model.headerData(UsageDayModel::CostUsd, Qt::Horizontal).toString(), QStringLiteral("Cost (USD)"));
}

void TestUsageDayModel::passesModelTesterThroughResets()
{
    UsageDayModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStats(sparseStats());
    UsageStats longer;
    longer.from = QDate(2023, 1, 1);
    longer.to = QDate(2023, 12, 31);
    model.setStats(longer);
    QCOMPARE(model.rowCount(), 365);
    model.clear();
    model.setStats(sparseStats());
    QCOMPARE(model.rowCount(), 5);
}

void TestUsageDayModel::feedsQVXYModelMapper()
{
    UsageDayModel model;
    QLineSeries series;
    QVXYModelMapper mapper;
    mapper.setXColumn(UsageDayModel::DayEpochMs);
    mapper.setYColumn(UsageDayModel::Requests);
    mapper.setSeries(&series);
    mapper.setModel(&model);
    model.setStats(sparseStats());
    const QList<QPointF> points = series.points();
    QCOMPARE(points.size(), 5);
    QCOMPARE(qint64(points.at(1).x()), localMidnight(2024, 2, 28));
    QCOMPARE(points.at(1).y(), 10.0);
    QCOMPARE(points.at(2).y(), 0.0);
    QCOMPARE(points.at(3).y(), 4.0);
    // Cost through a second mapper, in a locale that groups digits and writes "0,25".
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QLineSeries cost;
    QVXYModelMapper costMapper;
    costMapper.setXColumn(UsageDayModel::DayEpochMs);
    costMapper.setYColumn(UsageDayModel::CostUsd);
    costMapper.setSeries(&cost);
    costMapper.setModel(&model);
    UsageStats big = sparseStats();
    big.byDay[0].requests = 1234567;
    model.setStats(big);
    QLocale::setDefault(previous);
    QCOMPARE(cost.count(), 5);
    QCOMPARE(cost.at(1).y(), 0.25);
    QCOMPARE(cost.at(3).y(), 0.125);
    QCOMPARE(series.at(1).y(), 1234567.0);

    model.clear();
    QCOMPARE(series.count(), 0);
    QCOMPARE(cost.count(), 0);
}

QTEST_MAIN(TestUsageDayModel)
#include "TestUsageDayModel.moc"
