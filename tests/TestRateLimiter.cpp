// The sliding-window limiter (memory backend; the SQL backend shares its arithmetic):
// exactly `limit` per window, refusals do not count, and Retry-After names the first second
// at which a request is admitted again, not merely the end of the current minute. A request
// stamped before a minute the key already opened counts in that minute, on the memory and
// the SQL backend (the latter on this run's engine).
#include "InMemoryRateLimiter.h"
#include "SqlRateLimiter.h"
#include "TestDatabase.h"
#include "TestFixtures.h"

#include <QTest>
#include <QUuid>

#include <functional>
#include <memory>

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void admitsExactlyTheLimitPerWindow();
    void retryAfterIsWhenARequestIsAdmittedAgain_data();
    void retryAfterIsWhenARequestIsAdmittedAgain();
    void aLateRequestCountsInTheMinuteAlreadyOpen_data();
    void aLateRequestCountsInTheMinuteAlreadyOpen();

private:
    std::unique_ptr<TestDatabase> m_db;
};

namespace {
constexpr qint64 kMinute = RateLimiter::WindowMs;
// A minute boundary far from the epoch, so windowStart() arithmetic is exercised.
constexpr qint64 kBase = 1'790'000'000'000 - 1'790'000'000'000 % kMinute;
} // namespace

void TestRateLimiter::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
}

void TestRateLimiter::cleanupTestCase()
{
    m_db.reset();
}

void TestRateLimiter::admitsExactlyTheLimitPerWindow()
{
    InMemoryRateLimiter limiter;
    const QUuid key = QUuid::createUuid();
    for (int i = 0; i < 5; ++i) {
        const RateLimitDecision decision = limiter.check(key, 5, kBase + 1000 + i);
        QVERIFY(decision.allowed);
        QCOMPARE(decision.remaining, 4 - i);
    }
    for (int i = 0; i < 20; ++i)
        QVERIFY(!limiter.check(key, 5, kBase + 2000 + i).allowed);
    // Another key has its own window.
    QVERIFY(limiter.check(QUuid::createUuid(), 5, kBase + 3000).allowed);
}

void TestRateLimiter::retryAfterIsWhenARequestIsAdmittedAgain_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<qint64>>("admitted"); // offsets from kBase, all admitted
    QTest::addColumn<qint64>("refusedAt"); // offset of the refused request

    QTest::newRow("full minute, refused mid-minute") << 2 << QList<qint64>{30'000, 30'100} << qint64(30'200);
    QTest::newRow("full minute, refused at its end") << 2 << QList<qint64>{1'000, 2'000} << qint64(59'900);
    QTest::newRow("the last minute still weighs") << 3 << QList<qint64>{50'000, 51'000, 52'000} << qint64(61'000);
    QTest::newRow("both minutes used") << 4 << QList<qint64>{10'000, 20'000, 70'000, 71'000} << qint64(72'000);
    QTest::newRow("limit 1") << 1 << QList<qint64>{45'000} << qint64(46'000);
    QTest::newRow("large limit") << 100 << QList<qint64>(100, 5'000) << qint64(40'000);
}

void TestRateLimiter::retryAfterIsWhenARequestIsAdmittedAgain()
{
    QFETCH(int, limit);
    QFETCH(QList<qint64>, admitted);
    QFETCH(qint64, refusedAt);
    const QUuid key = QUuid::createUuid();
    // Fresh limiters replay the same history, so probing one moment does not change another.
    auto replay = [&] {
        auto limiter = std::make_unique<InMemoryRateLimiter>();
        for (qint64 at : admitted)
            if (!limiter->check(key, limit, kBase + at).allowed)
                return std::unique_ptr<InMemoryRateLimiter>();
        return limiter;
    };
    auto limiter = replay();
    QVERIFY2(limiter, "the history itself was refused");
    const RateLimitDecision refused = limiter->check(key, limit, kBase + refusedAt);
    QVERIFY(!refused.allowed);
    QVERIFY(refused.retryAfterSeconds >= 1);
    QVERIFY(refused.retryAfterSeconds <= 120);
    const qint64 retryAt = kBase + refusedAt + qint64(refused.retryAfterSeconds) * 1000;
    // Retrying when told is admitted...
    auto atRetry = replay();
    QVERIFY(!atRetry->check(key, limit, kBase + refusedAt).allowed);
    QVERIFY2(atRetry->check(key, limit, retryAt).allowed, qPrintable(QString::number(refused.retryAfterSeconds)));
    // So is retrying at the reset the refusal names (X-RateLimit-Reset, RateLimit's t).
    QVERIFY(refused.resetEpochSeconds * 1000 >= kBase + refusedAt);
    QVERIFY2(refused.resetEpochSeconds * 1000 <= retryAt + 1000,
             qPrintable(QString::number(refused.resetEpochSeconds)));
    auto atReset = replay();
    QVERIFY(!atReset->check(key, limit, kBase + refusedAt).allowed);
    QVERIFY2(atReset->check(key, limit, refused.resetEpochSeconds * 1000).allowed,
             qPrintable(QString::number(refused.resetEpochSeconds * 1000 - kBase)));
    // ...and the answer is not needlessly long: a second earlier is still refused.
    if (refused.retryAfterSeconds > 1) {
        auto early = replay();
        QVERIFY(!early->check(key, limit, retryAt - 1000).allowed);
    }
}

void TestRateLimiter::aLateRequestCountsInTheMinuteAlreadyOpen_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("SQL") << QStringLiteral("sql");
}

void TestRateLimiter::aLateRequestCountsInTheMinuteAlreadyOpen()
{
    // A serving thread reads the clock, then waits for the limiter's lock (or the database)
    // while another thread's request opens the next minute; or one of two validators sharing
    // the database runs a few milliseconds behind the other. The late request must count in
    // the minute already open: in its own, it would see neither that minute's requests nor
    // be seen by them, and admit past the limit.
    QFETCH(QString, backend);
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("late-") + backend);
    std::function<std::unique_ptr<RateLimiter>()> makeLimiter = [] {
        return std::make_unique<InMemoryRateLimiter>();
    };
    if (backend == QLatin1String("sql"))
        makeLimiter = [this] {
            return std::make_unique<SqlRateLimiter>(m_db->database());
        };
    constexpr qint64 Next = kBase + kMinute;

    // Refused: five in the last minute still weigh five, one more in this one fills it.
    {
        const auto limiter = makeLimiter();
        const QUuid key = TestFixtures::key(m_db->database(), org.id).key.id;
        for (int i = 0; i < 5; ++i)
            QVERIFY(limiter->check(key, 6, kBase + 50'000 + i).allowed);
        const RateLimitDecision opening = limiter->check(key, 6, Next + 1);
        QVERIFY(opening.allowed);
        QCOMPARE(opening.remaining, 0);
        const RateLimitDecision late = limiter->check(key, 6, Next - 1);
        QVERIFY2(!late.allowed, "a request stamped in the last minute opened a second budget");
        QVERIFY(late.retryAfterSeconds >= 1);
        // Nor did it disturb the minute it came late to.
        QVERIFY(!limiter->check(key, 6, Next + 2).allowed);
        QCOMPARE(limiter->peek(key, 6, Next + 3).remaining, 0);
    }
    // Admitted, and counted in the minute already open (not in the one it was stamped in).
    {
        const auto limiter = makeLimiter();
        const QUuid key = TestFixtures::key(m_db->database(), org.id).key.id;
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter->check(key, 10, kBase + 10'000 + i).allowed);
        QVERIFY(limiter->check(key, 10, Next + 500).allowed); // 3 weighed + 1
        const RateLimitDecision late = limiter->check(key, 10, kBase + 30'000);
        QVERIFY(late.allowed);
        QCOMPARE(late.remaining, 10 - 3 - 2);
        QCOMPARE(limiter->peek(key, 10, Next + 600).remaining, 10 - 3 - 2);
        // The minute after: the open one (2 requests) is the one that weighs now.
        QCOMPARE(limiter->peek(key, 10, Next + kMinute).remaining, 10 - 2);
    }
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "TestRateLimiter.moc"
