// The sliding-window limiter (memory backend; the SQL backend shares its arithmetic):
// exactly `limit` per window, refusals do not count, and Retry-After names the first second
// at which a request is admitted again, not merely the end of the current minute.
#include "InMemoryRateLimiter.h"

#include <QTest>
#include <QUuid>

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void admitsExactlyTheLimitPerWindow();
    void retryAfterIsWhenARequestIsAdmittedAgain_data();
    void retryAfterIsWhenARequestIsAdmittedAgain();
};

namespace {
constexpr qint64 kMinute = RateLimiter::WindowMs;
// A minute boundary far from the epoch, so windowStart() arithmetic is exercised.
constexpr qint64 kBase = 1'790'000'000'000 - 1'790'000'000'000 % kMinute;
} // namespace

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
    // ...and the answer is not needlessly long: a second earlier is still refused.
    if (refused.retryAfterSeconds > 1) {
        auto early = replay();
        QVERIFY(!early->check(key, limit, retryAt - 1000).allowed);
    }
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "TestRateLimiter.moc"
