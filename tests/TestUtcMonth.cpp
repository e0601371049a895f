#include "QuotaTracker.h"
#include "TimeZoneOverride.h"
#include "UtcMonth.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

#include <thread>

namespace {
qint64 utcMs(int year, int month, int day, int hour = 0, int minute = 0, int second = 0, int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), QTimeZone::utc()).toMSecsSinceEpoch();
}
} // namespace

class TestUtcMonth : public QObject
{
    Q_OBJECT

private slots:
    void boundaries_data();
    void boundaries();
    void followsTheClockAcrossMonths();
    void ignoresTheLocalTimeZone();
    void quotaKeysNameTheOrganizationAndMonth();
};

void TestUtcMonth::boundaries_data()
{
    QTest::addColumn<qint64>("moment");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<qint64>("end");
    QTest::newRow("mid-month") << utcMs(2026, 11, 27, 10) << QDate(2026, 11, 1) << utcMs(2026, 12, 1);
    QTest::newRow("first millisecond") << utcMs(2026, 11, 1) << QDate(2026, 11, 1) << utcMs(2026, 12, 1);
    QTest::newRow("last millisecond") << utcMs(2026, 11, 30, 23, 59, 59, 999) << QDate(2026, 11, 1)
                                      << utcMs(2026, 12, 1);
    QTest::newRow("december to january") << utcMs(2026, 12, 31, 12) << QDate(2026, 12, 1) << utcMs(2027, 1, 1);
    QTest::newRow("leap february") << utcMs(2028, 2, 29, 23) << QDate(2028, 2, 1) << utcMs(2028, 3, 1);
    QTest::newRow("before 1970") << utcMs(1969, 7, 20, 20, 17) << QDate(1969, 7, 1) << utcMs(1969, 8, 1);
}

void TestUtcMonth::boundaries()
{
    QFETCH(qint64, moment);
    QFETCH(QDate, first);
    QFETCH(qint64, end);
    const UtcMonth month = UtcMonth::containing(moment);
    QCOMPARE(month.first, first);
    QCOMPARE(month.startMs, utcMs(first.year(), first.month(), 1));
    QCOMPARE(month.endMs, end);
    QCOMPARE(month.resetEpochSeconds(), end / 1000);
    QVERIFY(month.contains(moment));
    QVERIFY(month.contains(month.startMs));
    QVERIFY(!month.contains(month.startMs - 1));
    QVERIFY(!month.contains(month.endMs));
}

// The remembered month must never answer for a moment outside it, whichever way the
// clock moves (forwards at the turn of a month, backwards when it is set back).
void TestUtcMonth::followsTheClockAcrossMonths()
{
    const qint64 lastOfNovember = utcMs(2026, 11, 30, 23, 59, 59, 999);
    QCOMPARE(UtcMonth::containing(lastOfNovember).first, QDate(2026, 11, 1));
    QCOMPARE(UtcMonth::containing(lastOfNovember + 1).first, QDate(2026, 12, 1));
    QCOMPARE(UtcMonth::containing(lastOfNovember).first, QDate(2026, 11, 1));
    QCOMPARE(UtcMonth::containing(utcMs(2025, 3, 15)).first, QDate(2025, 3, 1));
    QCOMPARE(UtcMonth::containing(utcMs(2026, 12, 1)).endMs, utcMs(2027, 1, 1));
}

void TestUtcMonth::ignoresTheLocalTimeZone()
{
    const TimeZoneOverride sydney("AEST-10"); // 1 December 08:00 in Sydney is still November in UTC
    const UtcMonth month = UtcMonth::containing(utcMs(2026, 11, 30, 22));
    QCOMPARE(month.first, QDate(2026, 11, 1));
    QCOMPARE(month.endMs, utcMs(2026, 12, 1));
}

// QuotaTracker's Redis key of an organization's month, which every validator must spell
// alike. The thread keeps the last one it built: asking again, for another organization
// or another month, must still name the right one.
void TestUtcMonth::quotaKeysNameTheOrganizationAndMonth()
{
    const QUuid first = QUuid::fromString(QStringLiteral("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    const QUuid second = QUuid::fromString(QStringLiteral("00000000-0000-4000-8000-000000000001"));
    const UtcMonth november
        = UtcMonth::containing(QDateTime(QDate(2026, 11, 27), QTime(13, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    const UtcMonth january
        = UtcMonth::containing(QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    const QByteArray novemberKey = QuotaTracker::redisKey(first, november);
    QCOMPARE(novemberKey, QByteArray("kw:quota:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:202611"));
    const QByteArray again = QuotaTracker::redisKey(first, november);
    QCOMPARE(again, novemberKey);
    QCOMPARE(static_cast<const void*>(again.constData()), static_cast<const void*>(novemberKey.constData())); // shared
    QCOMPARE(QuotaTracker::redisKey(second, november),
             QByteArray("kw:quota:00000000-0000-4000-8000-000000000001:202611"));
    QCOMPARE(QuotaTracker::redisKey(second, january),
             QByteArray("kw:quota:00000000-0000-4000-8000-000000000001:202701"));
    QCOMPARE(QuotaTracker::redisKey(first, january),
             QByteArray("kw:quota:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:202701"));
    QCOMPARE(QuotaTracker::redisKey(first, november), novemberKey);
    // Each thread keeps its own.
    QByteArray onAnotherThread;
    std::thread([&] { onAnotherThread = QuotaTracker::redisKey(second, january); }).join();
    QCOMPARE(onAnotherThread, QByteArray("kw:quota:00000000-0000-4000-8000-000000000001:202701"));
    QCOMPARE(QuotaTracker::redisKey(first, november), novemberKey);
}

QTEST_GUILESS_MAIN(TestUtcMonth)
#include "TestUtcMonth.moc"
