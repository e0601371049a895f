// The desktop's embedded validator over real HTTP on loopback, on SQLite and PostgreSQL:
// asynchronous start on a free port, a busy port reported in words, stop closes the port
// and writes the usage, and the request observer sees masked keys, never a full one.
#include "ApiKeyService.h"
#include "EmbeddedValidator.h"
#include "LogCapture.h"
#include "OrganizationService.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRepository.h"
#include "ValidatorHarness.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>

class TestEmbeddedValidator : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startsOnAFreePortAndAnswersHealth();
    void servesOnItsOwnThread();
    void reportsABusyPortInWords();
    void refusesASecondStartWhileRunning();
    void stopClosesThePortAndWritesUsage();
    void destructionWritesUsageToo();
    void observerSeesMaskedKeysNeverFullOnes();
    void observerNeverSeesTheQuery();
    void forgetsAChangeBeforeReturning();

private:
    // The validator shares the test's database without owning it.
    std::shared_ptr<Database> sharedDatabase()
    {
        return std::shared_ptr<Database>(&m_db->database(), [](Database*) {});
    }
    std::unique_ptr<EmbeddedValidator> startValidator(quint16 port = 0);
    static bool portIsFree(quint16 port);
    qsizetype usageRows(const QUuid& keyId);

    std::unique_ptr<TestDatabase> m_db;
};

void TestEmbeddedValidator::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
}

void TestEmbeddedValidator::cleanup()
{
    m_db.reset();
}

std::unique_ptr<EmbeddedValidator> TestEmbeddedValidator::startValidator(quint16 port)
{
    auto validator = std::make_unique<EmbeddedValidator>(sharedDatabase(), RuntimeConfig{});
    QSignalSpy started(validator.get(), &EmbeddedValidator::started);
    QSignalSpy failed(validator.get(), &EmbeddedValidator::startFailed);
    validator->start(QHostAddress(QHostAddress::LocalHost), port);
    // Asynchronous: nothing is decided before the event loop runs.
    if (validator->state() != EmbeddedValidator::State::Starting)
        qWarning("start() did not move to Starting");
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, 10000))
        qWarning("the validator answered neither started nor startFailed");
    if (!failed.isEmpty())
        qWarning("start failed: %s", qPrintable(failed.first().first().toString()));
    return validator;
}

bool TestEmbeddedValidator::portIsFree(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, port);
}

qsizetype TestEmbeddedValidator::usageRows(const QUuid& keyId)
{
    UsageRepository usage(m_db->database());
    auto rows = usage.getByKey(keyId, QDateTime::currentDateTimeUtc().addDays(-1),
                               QDateTime::currentDateTimeUtc().addDays(1));
    return rows.ok() ? rows->size() : -1;
}

void TestEmbeddedValidator::startsOnAFreePortAndAnswersHealth()
{
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    const quint16 port = validator->port();
    QVERIFY(port != 0);
    QCOMPARE(validator->url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    const HttpAnswer health = RawHttp::request(port, "GET", "/health");
    QCOMPARE(health.status, 200);
    QVERIFY(health.body.contains("\"database\":\"ok\""));
}

void TestEmbeddedValidator::servesOnItsOwnThread()
{
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    // The owner's thread is blocked in a synchronous request here: only a validator on a
    // thread of its own can answer it.
    const HttpAnswer answer = RawHttp::request(validator->port(), "GET", "/health", {}, {});
    QCOMPARE(answer.status, 200);
}

void TestEmbeddedValidator::reportsABusyPortInWords()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const quint16 busy = occupant.serverPort();

    EmbeddedValidator validator(sharedDatabase(), RuntimeConfig{});
    QSignalSpy started(&validator, &EmbeddedValidator::started);
    QSignalSpy failed(&validator, &EmbeddedValidator::startFailed);
    validator.start(QHostAddress(QHostAddress::LocalHost), busy);
    QVERIFY(failed.wait(10000));
    QCOMPARE(started.size(), 0);
    QCOMPARE(failed.first().first().toString(), QStringLiteral("Port %1 is already in use.").arg(busy));
    QVERIFY(!validator.isRunning());
    QCOMPARE(validator.state(), EmbeddedValidator::State::Stopped);
    QVERIFY(validator.url().isEmpty());

    // The same for a port taken by another embedded validator; and the first keeps serving.
    auto first = startValidator();
    QVERIFY(first->isRunning());
    EmbeddedValidator second(sharedDatabase(), RuntimeConfig{});
    QSignalSpy secondFailed(&second, &EmbeddedValidator::startFailed);
    second.start(QHostAddress(QHostAddress::LocalHost), first->port());
    QVERIFY(secondFailed.wait(10000));
    QCOMPARE(secondFailed.first().first().toString(), QStringLiteral("Port %1 is already in use.").arg(first->port()));
    QCOMPARE(RawHttp::request(first->port(), "GET", "/health").status, 200);
}

void TestEmbeddedValidator::refusesASecondStartWhileRunning()
{
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    const quint16 port = validator->port();
    QSignalSpy failed(validator.get(), &EmbeddedValidator::startFailed);
    validator->start(QHostAddress(QHostAddress::LocalHost), 0);
    QVERIFY(failed.wait(5000));
    QVERIFY(failed.first().first().toString().contains(QString::number(port)));
    QVERIFY(validator->isRunning());
    QCOMPARE(validator->port(), port);
}

void TestEmbeddedValidator::stopClosesThePortAndWritesUsage()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    const quint16 port = validator->port();
    for (int i = 0; i < 12; ++i)
        QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);

    QSignalSpy stopped(validator.get(), &EmbeddedValidator::stopped);
    validator->stop();
    QCOMPARE(validator->state(), EmbeddedValidator::State::Stopping);
    QVERIFY(stopped.wait(10000));
    QVERIFY(!validator->isRunning());
    QCOMPARE(validator->port(), quint16(0));
    // Every request is written by the time stopped() arrives, and nothing listens any more.
    QCOMPARE(usageRows(key.key.id), qsizetype(12));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!socket.waitForConnected(2000));
    QVERIFY(portIsFree(port));

    // And it starts again, on the same port.
    QSignalSpy started(validator.get(), &EmbeddedValidator::started);
    validator->start(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(started.wait(10000));
    QCOMPARE(started.first().first().value<quint16>(), port);
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
}

void TestEmbeddedValidator::destructionWritesUsageToo()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    const quint16 port = validator->port();
    for (int i = 0; i < 7; ++i)
        QCOMPARE(RawHttp::request(port, "GET", "/v1/auth", {bearer(key.fullKey)}).status, 204);
    validator.reset(); // as when the app quits with the validator running
    QCOMPARE(usageRows(key.key.id), qsizetype(7));
    QVERIFY(portIsFree(port));
}

void TestEmbeddedValidator::observerSeesMaskedKeysNeverFullOnes()
{
    QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.debug=true"));
    LogCapture logs;
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id, {QStringLiteral("read")});
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    QSignalSpy served(validator.get(), &EmbeddedValidator::requestServed);
    QList<ValidatorRequestEvent> events;
    connect(validator.get(), &EmbeddedValidator::requestServed, this,
            [&events](const ValidatorRequestEvent& event) { events.append(event); });
    const quint16 port = validator->port();

    QString wrongChecksum = key.fullKey;
    wrongChecksum[wrongChecksum.size() - 1] = wrongChecksum.back() == u'A' ? u'B' : u'A';
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {bearer(key.fullKey)}).status, 200);
    QCOMPARE(RawHttp::request(port, "GET", "/v1/auth", {bearer(wrongChecksum)}).status, 401);
    QCOMPARE(RawHttp::request(port, "POST", "/v1/agents/demo/run",
                              {bearer(key.fullKey), "Content-Type: application/json"}, R"({"input":"hi"})")
                 .status,
             403);
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify").status, 401);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), qsizetype(4), 5000);
    QCOMPARE(served.size(), 4);

    const QString masked = key.fullKey.left(12) + QChar(0x2026) + key.fullKey.right(4);
    QCOMPARE(events[0].method, QStringLiteral("GET"));
    QCOMPARE(events[0].path, QStringLiteral("/v1/verify"));
    QCOMPARE(events[0].status, 200);
    QCOMPARE(events[0].errorCode, QString());
    QCOMPARE(events[0].maskedKey, masked);
    QCOMPARE(events[0].organizationSlug, QStringLiteral("acme"));
    QVERIFY(events[0].latencyMicros > 0);
    QVERIFY(qAbs(events[0].timestamp.msecsTo(QDateTime::currentDateTimeUtc())) < 60000);

    QCOMPARE(events[1].status, 401);
    QCOMPARE(events[1].errorCode, QStringLiteral("invalid_api_key")); // from X-Auth-Error
    QVERIFY(events[1].maskedKey.contains(QChar(0x2026)));
    QVERIFY(events[1].organizationSlug.isEmpty());

    QCOMPARE(events[2].method, QStringLiteral("POST"));
    QCOMPARE(events[2].path, QStringLiteral("/v1/agents/demo/run"));
    QCOMPARE(events[2].errorCode, QStringLiteral("insufficient_scope")); // from the JSON body
    QCOMPARE(events[2].maskedKey, masked);

    QCOMPARE(events[3].errorCode, QStringLiteral("missing_api_key"));
    QVERIFY(events[3].maskedKey.isEmpty());

    for (const ValidatorRequestEvent& event : std::as_const(events)) {
        for (const QString& text : {event.path, event.errorCode, event.maskedKey, event.organizationSlug}) {
            QVERIFY(!text.contains(key.fullKey));
            QVERIFY(!text.contains(wrongChecksum));
            QVERIFY(!text.contains(key.fullKey.mid(12, 30)));
        }
    }
    QVERIFY(!logs.contains(key.fullKey));
    QVERIFY(!logs.contains(wrongChecksum));
    QLoggingCategory::setFilterRules(QString());
}

void TestEmbeddedValidator::observerNeverSeesTheQuery()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    QList<ValidatorRequestEvent> events;
    connect(validator.get(), &EmbeddedValidator::requestServed, this,
            [&events](const ValidatorRequestEvent& event) { events.append(event); });
    const quint16 port = validator->port();
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify?api_key=" + key.fullKey.toLatin1()).status, 400);
    // A key in a path is not refused like one in the query, but it is not echoed either.
    QCOMPARE(RawHttp::request(port, "GET", "/v1/" + key.fullKey.toLatin1()).status, 404);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), qsizetype(2), 5000);
    QCOMPARE(events[0].path, QStringLiteral("/v1/verify"));
    QCOMPARE(events[0].errorCode, QStringLiteral("api_key_in_url"));
    QVERIFY(events[0].maskedKey.isEmpty());
    QCOMPARE(events[1].status, 404);
    QVERIFY(!events[1].path.contains(key.fullKey));
    QVERIFY(events[1].path.startsWith(QStringLiteral("/v1/pk_live_")));
}

void TestEmbeddedValidator::forgetsAChangeBeforeReturning()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    const QByteArray authorization = bearer(key.fullKey);
    EmbeddedValidator(sharedDatabase(), RuntimeConfig{}).forget(org.id, key.key.id); // not started: nothing to do
    auto validator = startValidator();
    QVERIFY(validator->isRunning());
    const quint16 port = validator->port();
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {authorization}).status, 200); // now cached

    // The change watcher would see these within its poll (or at NOTIFY); forget() makes them
    // count at once. The watcher is held, so that only forget() can make the difference.
    auto hold = std::make_unique<ChangeWatcherHold>(validator->changeWatchContext());
    QVERIFY(hold->isHolding());
    OrganizationUpdate deactivate;
    deactivate.isActive = false;
    QVERIFY(OrganizationService(m_db->database()).update(org.id, deactivate, QStringLiteral("test")).ok());
    validator->forget(org.id, QUuid());
    HttpAnswer answer = RawHttp::request(port, "GET", "/v1/verify", {authorization});
    QCOMPARE(answer.status, 403);
    QVERIFY(answer.body.contains("organization_inactive"));

    OrganizationUpdate reactivate;
    reactivate.isActive = true;
    QVERIFY(OrganizationService(m_db->database()).update(org.id, reactivate, QStringLiteral("test")).ok());
    validator->forget(org.id, QUuid());
    QCOMPARE(RawHttp::request(port, "GET", "/v1/verify", {authorization}).status, 200);

    QVERIFY(
        ApiKeyService(m_db->database()).revokeKey(key.key.id, QStringLiteral("leaked"), QStringLiteral("test")).ok());
    validator->forget(org.id, key.key.id);
    answer = RawHttp::request(port, "GET", "/v1/verify", {authorization});
    QCOMPARE(answer.status, 401);
    QVERIFY(answer.body.contains("revoked_api_key"));
    hold.reset(); // stopping waits for the watcher's thread

    validator->stop();
    QTRY_VERIFY(validator->state() == EmbeddedValidator::State::Stopped);
    validator->forget(org.id, key.key.id); // stopped: nothing to do
}

QTEST_GUILESS_MAIN(TestEmbeddedValidator)
#include "TestEmbeddedValidator.moc"
