// QuotaTracker counting in process (the default; Redis's counters are TestRedisRateLimiting's):
// exactly the limit per organization and month, a refund gives one back, and a request
// stamped in a month the counter has already left counts in the newer month. Runs on SQLite
// and PostgreSQL (a counter starts from what the usage tables hold).
#include "QuotaTracker.h"
#include "TestDatabase.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

#include <memory>

namespace {
// The first millisecond of December 2026, UTC.
const qint64 kDecember = QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
} // namespace

class TestQuotaTracker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void admitsTheLimitAndTakesRefundsBack();
    void aLateRequestCountsInTheMonthAlreadyOpen();

private:
    std::unique_ptr<TestDatabase> m_db;
};

void TestQuotaTracker::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
}

void TestQuotaTracker::cleanupTestCase()
{
    m_db.reset();
}

void TestQuotaTracker::admitsTheLimitAndTakesRefundsBack()
{
    QuotaTracker quota(m_db->database());
    const QUuid org = QUuid::createUuid();
    const QUuid other = QUuid::createUuid();
    for (int i = 1; i <= 3; ++i) {
        const QuotaTracker::Decision decision = quota.check(org, 3, kDecember + i);
        QVERIFY(decision.allowed);
        QCOMPARE(decision.used, i);
        QCOMPARE(decision.limit, 3);
        QCOMPARE(decision.resetEpochSeconds,
                 QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch());
    }
    QVERIFY(!quota.check(org, 3, kDecember + 10).allowed);
    quota.refund(org, kDecember + 11);
    QVERIFY(quota.check(org, 3, kDecember + 12).allowed);
    QVERIFY(!quota.check(org, 3, kDecember + 13).allowed);
    // Another organization, and a limit <= 0 (none), are not held back.
    QVERIFY(quota.check(other, 3, kDecember + 14).allowed);
    QVERIFY(quota.check(org, 0, kDecember + 15).allowed);
}

void TestQuotaTracker::aLateRequestCountsInTheMonthAlreadyOpen()
{
    // A serving thread reads the clock just before midnight, then waits for the lock while
    // another thread's request opens the new month. Counted in the old month, the late
    // request would start that month over, and the next one the new month over again, from
    // the usage tables, which do not hold the new month's requests yet: past the limit.
    QuotaTracker quota(m_db->database());
    const QUuid org = QUuid::createUuid();
    QVERIFY(quota.check(org, 2, kDecember + 1).allowed); // opens December
    const QuotaTracker::Decision late = quota.check(org, 2, kDecember - 1); // stamped in November
    QVERIFY(late.allowed);
    QCOMPARE(late.used, 2);
    const QuotaTracker::Decision next = quota.check(org, 2, kDecember + 2);
    QVERIFY2(!next.allowed, "a request stamped in the last month opened a second quota");
    QCOMPARE(next.used, 2);
    // Counted in December, refused or not, so the quota comes back when December ends
    // (a Retry-After of one second would send the client straight back).
    const qint64 endOfDecember = QDateTime(QDate(2027, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
    QCOMPARE(late.resetEpochSeconds, endOfDecember);
    const QuotaTracker::Decision lateRefused = quota.check(org, 2, kDecember - 1);
    QVERIFY(!lateRefused.allowed);
    QCOMPARE(lateRefused.resetEpochSeconds, endOfDecember);
}

QTEST_GUILESS_MAIN(TestQuotaTracker)
#include "TestQuotaTracker.moc"
