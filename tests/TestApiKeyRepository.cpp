#include "ApiKeyGenerator.h"
#include "ApiKeyRepository.h"
#include "OrganizationRepository.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "TestDatabase.h"

#include <QTest>
#include <QTimeZone>

// Evaluates `expr` once and fails with its message.
#define KW_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& kwResult_ = (expr);                                                                                \
        QVERIFY2(kwResult_.ok(), qPrintable(kwResult_.ok() ? QString() : kwResult_.error().message));                  \
    } while (false)

namespace {

QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

const QDateTime kNow = utc("2024-05-10T12:00:00.000Z");

Organization makeOrganization(const QString& slug)
{
    Organization o;
    o.id = QUuid::createUuid();
    o.name = slug;
    o.slug = slug;
    o.email = slug + QStringLiteral("@example.com");
    o.createdAt = kNow;
    o.updatedAt = kNow;
    o.monthlyRequestLimit = 1000;
    o.rateLimitPerMinute = 10;
    o.maxApiKeys = 2;
    return o;
}

ApiKey makeKey(const QUuid& organizationId, const QString& name, KeyEnvironment environment = KeyEnvironment::Live)
{
    const GeneratedKey generated = ApiKeyGenerator::generate(environment);
    ApiKey k;
    k.id = QUuid::createUuid();
    k.organizationId = organizationId;
    k.keyPrefix = generated.keyPrefix;
    k.keyHash = generated.keyHash;
    k.keyHint = generated.keyHint;
    k.name = name;
    k.environment = environment;
    k.createdAt = kNow;
    return k;
}

void compareKeys(const ApiKey& actual, const ApiKey& expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.organizationId, expected.organizationId);
    QCOMPARE(actual.keyPrefix, expected.keyPrefix);
    QCOMPARE(actual.keyHash, expected.keyHash);
    QCOMPARE(actual.keyHint, expected.keyHint);
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.description, expected.description);
    QCOMPARE(actual.environment, expected.environment);
    QCOMPARE(actual.isActive, expected.isActive);
    QCOMPARE(actual.createdAt, expected.createdAt);
    QCOMPARE(actual.lastUsedAt, expected.lastUsedAt);
    QCOMPARE(actual.expiresAt, expected.expiresAt);
    QCOMPARE(actual.revokedAt, expected.revokedAt);
    QCOMPARE(actual.revokedBy, expected.revokedBy);
    QCOMPARE(actual.revokedReason, expected.revokedReason);
    QCOMPARE(actual.scopes, expected.scopes);
    QCOMPARE(actual.customRateLimit, expected.customRateLimit);
    QCOMPARE(actual.totalRequests, expected.totalRequests);
    QCOMPARE(actual.lastRequestAt, expected.lastRequestAt);
    QCOMPARE(actual.rolledFrom, expected.rolledFrom);
    for (const QDateTime& time :
         {actual.createdAt, actual.lastUsedAt, actual.expiresAt, actual.revokedAt, actual.lastRequestAt}) {
        if (time.isValid())
            QCOMPARE(time.timeSpec(), Qt::UTC);
    }
}

} // namespace

class TestApiKeyRepository : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndReadBackMinimal();
    void createAndReadBackEverything();
    void optionalColumnsRoundTrip_data();
    void optionalColumnsRoundTrip();
    void timesRoundTripInUtcWithMilliseconds();
    void getByHash();
    void getByHashStaysCorrectAcrossManyLookups();
    void notFound();
    void duplicateHashIsAlreadyExists();
    void duplicateIdIsAlreadyExists();
    void keyOfUnknownOrganizationIsRefused();
    void listByOrganization();
    void countUsable();
    void updateLastUsed();
    void incrementRequestCountNeverMovesBackwards();
    void revoke();
    void revokeTwiceIsAlreadyRevoked();
    void revokeUnknownIsNotFound();
    void setExpiry();
    void deleteExpired();

private:
    std::unique_ptr<TestDatabase> m_db;
    Organization m_org;
    Organization m_otherOrg;
};

void TestApiKeyRepository::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    OrganizationRepository organizations(m_db->database());
    m_org = makeOrganization(QStringLiteral("acme"));
    m_otherOrg = makeOrganization(QStringLiteral("globex"));
    KW_VERIFY_OK(organizations.create(m_org));
    KW_VERIFY_OK(organizations.create(m_otherOrg));
}

void TestApiKeyRepository::cleanup()
{
    m_db.reset();
}

void TestApiKeyRepository::createAndReadBackMinimal()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey key = makeKey(m_org.id, QStringLiteral("minimal"));
    KW_VERIFY_OK(repository.create(key));
    auto loaded = repository.getById(key.id);
    KW_VERIFY_OK(loaded);
    compareKeys(loaded.value(), key);
    QVERIFY(loaded->scopes.isEmpty());
    QVERIFY(!loaded->customRateLimit.has_value());
    QVERIFY(!loaded->expiresAt.isValid());
    QVERIFY(!loaded->revokedAt.isValid());
    QVERIFY(loaded->rolledFrom.isNull());
    QCOMPARE(loaded->totalRequests, qint64(0));
    QCOMPARE(loaded->status(kNow), ApiKey::Status::Active);
}

void TestApiKeyRepository::createAndReadBackEverything()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey predecessor = makeKey(m_org.id, QStringLiteral("old"));
    KW_VERIFY_OK(repository.create(predecessor));

    ApiKey key = makeKey(m_org.id, QString::fromUtf8("Produktion – Ünïcode"), KeyEnvironment::Test);
    key.description = QStringLiteral("Used by the \"shop\" backend; it's important");
    key.isActive = false;
    key.createdAt = utc("2024-01-02T03:04:05.678Z");
    key.lastUsedAt = utc("2024-02-03T04:05:06.789Z");
    key.expiresAt = utc("2030-12-31T23:59:59.999Z");
    key.revokedAt = utc("2024-03-04T05:06:07.890Z");
    key.revokedBy = QStringLiteral("support@example.com");
    key.revokedReason = QString::fromUtf8("leaked – in a gist");
    key.scopes = {QStringLiteral("agents:run"), QStringLiteral("usage:read"), QStringLiteral("*")};
    key.customRateLimit = 120;
    key.totalRequests = 5000000000LL; // beyond 32 bits
    key.lastRequestAt = utc("2024-02-03T04:05:06.001Z");
    key.rolledFrom = predecessor.id;
    KW_VERIFY_OK(repository.create(key));
    auto loaded = repository.getById(key.id);
    KW_VERIFY_OK(loaded);
    compareKeys(loaded.value(), key);
    QCOMPARE(loaded->status(kNow), ApiKey::Status::Revoked);
    // The stored scopes are JSON text / JSONB, readable by the engine.
    auto connection = m_db->database().connection();
    const QString sql = m_db->database().isPostgres()
        ? QStringLiteral("SELECT jsonb_array_length(scopes) FROM api_keys WHERE id = ?")
        : QStringLiteral("SELECT json_array_length(scopes) FROM api_keys WHERE id = ?");
    auto query = SqlQuery::exec(connection.value(), sql, {SqlValue::fromUuid(key.id)});
    KW_VERIFY_OK(query);
    QVERIFY(query->next());
    QCOMPARE(query->value(0).toInt(), 3);
}

void TestApiKeyRepository::optionalColumnsRoundTrip_data()
{
    QTest::addColumn<int>("rateLimit"); // -1: NULL
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<bool>("active");
    QTest::addColumn<QString>("description");
    QTest::newRow("no custom limit") << -1 << QStringList() << true << QString();
    QTest::newRow("custom limit zero") << 0 << QStringList{QStringLiteral("read")} << true << QStringLiteral("d");
    QTest::newRow("custom limit 1") << 1 << QStringList{QStringLiteral("agents:*")} << false << QString();
    QTest::newRow("custom limit large") << 1000000 << QStringList{QStringLiteral("a"), QStringLiteral("b")} << true
                                        << QString::fromUtf8("Grüße \\ \"json\" [1,2]");
    QTest::newRow("quote-like scope") << -1 << QStringList{QStringLiteral("x\"]"), QString::fromUtf8("ü:\\n")} << false
                                      << QString();
}

void TestApiKeyRepository::optionalColumnsRoundTrip()
{
    QFETCH(int, rateLimit);
    QFETCH(QStringList, scopes);
    QFETCH(bool, active);
    QFETCH(QString, description);
    ApiKeyRepository repository(m_db->database());
    ApiKey key = makeKey(m_org.id, QStringLiteral("k"));
    key.customRateLimit = rateLimit < 0 ? std::nullopt : std::optional<int>(rateLimit);
    key.scopes = scopes;
    key.isActive = active;
    key.description = description;
    KW_VERIFY_OK(repository.create(key));
    auto loaded = repository.getById(key.id);
    KW_VERIFY_OK(loaded);
    compareKeys(loaded.value(), key);
    QCOMPARE(loaded->customRateLimit.has_value(), rateLimit >= 0);
    // NULL really is NULL in the row (not 0), so "no custom limit" keeps meaning "use the organization's".
    auto query
        = SqlQuery::exec(m_db->database().connection().value(),
                         QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE id = ? AND custom_rate_limit IS NULL"),
                         {SqlValue::fromUuid(key.id)});
    KW_VERIFY_OK(query);
    QVERIFY(query->next());
    QCOMPARE(query->value(0).toInt(), rateLimit < 0 ? 1 : 0);
}

void TestApiKeyRepository::timesRoundTripInUtcWithMilliseconds()
{
    ApiKeyRepository repository(m_db->database());
    const QList<QDateTime> times{utc("2024-05-10T12:00:00.001Z"), utc("2024-12-31T23:59:59.999Z"),
                                 QDateTime(QDate(2024, 7, 1), QTime(0, 15, 30, 500), QTimeZone(3 * 3600)),
                                 QDateTime(QDate(2024, 7, 1), QTime(22, 0, 0, 42), QTimeZone(-10 * 3600))};
    for (const QDateTime& time : times) {
        ApiKey key = makeKey(m_org.id, QStringLiteral("t"));
        key.createdAt = time;
        key.expiresAt = time.addDays(30);
        key.lastUsedAt = time.addMSecs(123);
        KW_VERIFY_OK(repository.create(key));
        auto loaded = repository.getById(key.id);
        KW_VERIFY_OK(loaded);
        QCOMPARE(loaded->createdAt, time);
        QCOMPARE(loaded->createdAt.toMSecsSinceEpoch(), time.toMSecsSinceEpoch());
        QCOMPARE(loaded->expiresAt, time.addDays(30));
        QCOMPARE(loaded->lastUsedAt.toMSecsSinceEpoch(), time.toMSecsSinceEpoch() + 123);
        QCOMPARE(loaded->createdAt.timeSpec(), Qt::UTC);
    }
}

void TestApiKeyRepository::getByHash()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey a = makeKey(m_org.id, QStringLiteral("a"));
    ApiKey b = makeKey(m_otherOrg.id, QStringLiteral("b"), KeyEnvironment::Test);
    b.scopes = {QStringLiteral("agents:run")};
    KW_VERIFY_OK(repository.create(a));
    KW_VERIFY_OK(repository.create(b));
    auto foundA = repository.getByHash(a.keyHash);
    KW_VERIFY_OK(foundA);
    compareKeys(foundA.value(), a);
    auto foundB = repository.getByHash(b.keyHash);
    KW_VERIFY_OK(foundB);
    compareKeys(foundB.value(), b);
    QCOMPARE(repository.getByHash(a.keyHash.toUpper()).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getByHash(a.keyHash.left(63)).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getByHash(QString()).code(), ErrorCode::NotFound);
    // Still correct after misses (the prepared statement is reused).
    compareKeys(repository.getByHash(a.keyHash).value(), a);
}

void TestApiKeyRepository::getByHashStaysCorrectAcrossManyLookups()
{
    ApiKeyRepository writer(m_db->database());
    QList<ApiKey> keys;
    for (int i = 0; i < 20; ++i) {
        keys << makeKey(i % 2 ? m_org.id : m_otherOrg.id, QStringLiteral("key %1").arg(i));
        KW_VERIFY_OK(writer.create(keys.last()));
    }
    ApiKeyRepository reader(m_db->database());
    for (int round = 0; round < 3; ++round) {
        for (const ApiKey& key : std::as_const(keys)) {
            auto found = reader.getByHash(key.keyHash);
            KW_VERIFY_OK(found);
            QCOMPARE(found->id, key.id);
            QCOMPARE(found->name, key.name);
        }
        QCOMPARE(reader.getByHash(ApiKeyGenerator::generate(KeyEnvironment::Live).keyHash).code(), ErrorCode::NotFound);
    }
    // A change made through another repository is visible to the prepared lookup.
    KW_VERIFY_OK(writer.revoke(keys.first().id, QStringLiteral("leaked"), QStringLiteral("admin"), kNow));
    auto revoked = reader.getByHash(keys.first().keyHash);
    KW_VERIFY_OK(revoked);
    QVERIFY(revoked->isRevoked());
}

void TestApiKeyRepository::notFound()
{
    ApiKeyRepository repository(m_db->database());
    KW_VERIFY_OK(repository.create(makeKey(m_org.id, QStringLiteral("k"))));
    const QUuid unknown = QUuid::createUuid();
    auto byId = repository.getById(unknown);
    QCOMPARE(byId.code(), ErrorCode::NotFound);
    QVERIFY(byId.error().message.contains(SqlValue::uuidText(unknown)));
    QCOMPARE(repository.getById(QUuid()).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getByHash(ApiKeyGenerator::generate(KeyEnvironment::Live).keyHash).code(), ErrorCode::NotFound);
    auto list = repository.listByOrganization(QUuid::createUuid());
    KW_VERIFY_OK(list);
    QVERIFY(list->isEmpty());
    QCOMPARE(repository.setExpiry(unknown, kNow).code(), ErrorCode::NotFound);
}

void TestApiKeyRepository::duplicateHashIsAlreadyExists()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey first = makeKey(m_org.id, QStringLiteral("first"));
    KW_VERIFY_OK(repository.create(first));
    ApiKey copy = makeKey(m_otherOrg.id, QStringLiteral("copy"));
    copy.keyHash = first.keyHash;
    const Status status = repository.create(copy);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::AlreadyExists);
    QCOMPARE(repository.getById(copy.id).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getByHash(first.keyHash)->id, first.id);
}

void TestApiKeyRepository::duplicateIdIsAlreadyExists()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey first = makeKey(m_org.id, QStringLiteral("first"));
    KW_VERIFY_OK(repository.create(first));
    ApiKey second = makeKey(m_org.id, QStringLiteral("second"));
    second.id = first.id;
    QCOMPARE(repository.create(second).code(), ErrorCode::AlreadyExists);
    QCOMPARE(repository.getById(first.id)->name, QStringLiteral("first"));
}

void TestApiKeyRepository::keyOfUnknownOrganizationIsRefused()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey orphan = makeKey(QUuid::createUuid(), QStringLiteral("orphan"));
    const Status status = repository.create(orphan);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::DatabaseError); // a foreign-key violation, not an outage
    QCOMPARE(repository.getById(orphan.id).code(), ErrorCode::NotFound);
}

void TestApiKeyRepository::listByOrganization()
{
    ApiKeyRepository repository(m_db->database());
    QList<ApiKey> created;
    for (int i = 0; i < 5; ++i) {
        ApiKey key = makeKey(m_org.id, QStringLiteral("key %1").arg(i));
        key.createdAt = kNow.addSecs(60 * i);
        KW_VERIFY_OK(repository.create(key));
        created << key;
    }
    KW_VERIFY_OK(repository.create(makeKey(m_otherOrg.id, QStringLiteral("foreign"))));

    auto all = repository.listByOrganization(m_org.id);
    KW_VERIFY_OK(all);
    QCOMPARE(all->size(), 5);
    // Newest first, only this organization's keys, every column read.
    for (int i = 0; i < 5; ++i)
        compareKeys(all->at(i), created.at(4 - i));

    auto page = repository.listByOrganization(m_org.id, 2, 1);
    KW_VERIFY_OK(page);
    QCOMPARE(page->size(), 2);
    QCOMPARE(page->at(0).id, created.at(3).id);
    QCOMPARE(page->at(1).id, created.at(2).id);
    auto tail = repository.listByOrganization(m_org.id, 10, 4);
    QCOMPARE(tail->size(), 1);
    QCOMPARE(tail->at(0).id, created.at(0).id);
    QVERIFY(repository.listByOrganization(m_org.id, 10, 5)->isEmpty());
    QVERIFY(repository.listByOrganization(m_org.id, 0)->isEmpty());
    QCOMPARE(repository.listByOrganization(m_otherOrg.id)->size(), 1);
}

void TestApiKeyRepository::countUsable()
{
    ApiKeyRepository repository(m_db->database());
    QCOMPARE(repository.countUsable(m_org.id, kNow).value(), 0);

    ApiKey plain = makeKey(m_org.id, QStringLiteral("plain"));
    ApiKey futureExpiry = makeKey(m_org.id, QStringLiteral("future expiry"));
    futureExpiry.expiresAt = kNow.addMSecs(1);
    ApiKey expired = makeKey(m_org.id, QStringLiteral("expired"));
    expired.expiresAt = kNow.addSecs(-3600);
    ApiKey expiresNow = makeKey(m_org.id, QStringLiteral("expires exactly now"));
    expiresNow.expiresAt = kNow;
    ApiKey inactive = makeKey(m_org.id, QStringLiteral("inactive"));
    inactive.isActive = false;
    ApiKey revoked = makeKey(m_org.id, QStringLiteral("revoked"));
    ApiKey foreign = makeKey(m_otherOrg.id, QStringLiteral("foreign"));
    for (const ApiKey& key : {plain, futureExpiry, expired, expiresNow, inactive, revoked, foreign})
        KW_VERIFY_OK(repository.create(key));
    KW_VERIFY_OK(repository.revoke(revoked.id, QStringLiteral("gone"), QStringLiteral("admin"), kNow));

    auto usable = repository.countUsable(m_org.id, kNow);
    KW_VERIFY_OK(usable);
    QCOMPARE(usable.value(), 2); // plain, futureExpiry
    // One millisecond later the short-lived key no longer counts; an hour earlier the expired one did.
    QCOMPARE(repository.countUsable(m_org.id, kNow.addMSecs(1)).value(), 1);
    QCOMPARE(repository.countUsable(m_org.id, kNow.addSecs(-7200)).value(), 4);
    QCOMPARE(repository.countUsable(m_otherOrg.id, kNow).value(), 1);
    QCOMPARE(repository.countUsable(QUuid::createUuid(), kNow).value(), 0);
    // The same instant in another zone gives the same answer.
    QCOMPARE(repository.countUsable(m_org.id, kNow.toTimeZone(QTimeZone(9 * 3600))).value(), 2);
}

void TestApiKeyRepository::updateLastUsed()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey key = makeKey(m_org.id, QStringLiteral("k"));
    const ApiKey other = makeKey(m_org.id, QStringLiteral("other"));
    KW_VERIFY_OK(repository.create(key));
    KW_VERIFY_OK(repository.create(other));
    const QDateTime at = utc("2024-05-11T01:02:03.456Z");
    KW_VERIFY_OK(repository.updateLastUsed(key.id, at));
    QCOMPARE(repository.getById(key.id)->lastUsedAt, at);
    QVERIFY(!repository.getById(other.id)->lastUsedAt.isValid());
    QCOMPARE(repository.getById(key.id)->totalRequests, qint64(0));
}

void TestApiKeyRepository::incrementRequestCountNeverMovesBackwards()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey key = makeKey(m_org.id, QStringLiteral("k"));
    const ApiKey other = makeKey(m_org.id, QStringLiteral("other"));
    KW_VERIFY_OK(repository.create(key));
    KW_VERIFY_OK(repository.create(other));

    const QDateTime t1 = utc("2024-05-10T12:00:00.100Z");
    const QDateTime t2 = utc("2024-05-10T12:00:00.200Z");
    KW_VERIFY_OK(repository.incrementRequestCount(key.id, 5, t2));
    auto loaded = repository.getById(key.id);
    QCOMPARE(loaded->totalRequests, qint64(5));
    QCOMPARE(loaded->lastRequestAt, t2);
    QCOMPARE(loaded->lastUsedAt, t2);

    // An older batch arrives late: the count grows, the timestamps stay.
    KW_VERIFY_OK(repository.incrementRequestCount(key.id, 3, t1));
    loaded = repository.getById(key.id);
    QCOMPARE(loaded->totalRequests, qint64(8));
    QCOMPARE(loaded->lastRequestAt, t2);
    QCOMPARE(loaded->lastUsedAt, t2);

    // A time given in a zone ahead of UTC but earlier as an instant does not win either
    // (the text "2024-05-10T13:..." would sort after "12:..." if stored unnormalized).
    KW_VERIFY_OK(repository.incrementRequestCount(
        key.id, 1, QDateTime(QDate(2024, 5, 10), QTime(13, 0, 0, 150), QTimeZone(3600))));
    loaded = repository.getById(key.id);
    QCOMPARE(loaded->totalRequests, qint64(9));
    QCOMPARE(loaded->lastRequestAt, t2);

    // A newer one moves them forward, by a single millisecond if need be.
    const QDateTime t3 = t2.addMSecs(1);
    KW_VERIFY_OK(repository.incrementRequestCount(key.id, 1, t3));
    loaded = repository.getById(key.id);
    QCOMPARE(loaded->totalRequests, qint64(10));
    QCOMPARE(loaded->lastRequestAt, t3);
    QCOMPARE(loaded->lastUsedAt, t3);

    // updateLastUsed set a later last_used_at: an increment with an older time keeps it.
    const QDateTime t4 = utc("2024-05-10T13:00:00.000Z");
    KW_VERIFY_OK(repository.updateLastUsed(key.id, t4));
    KW_VERIFY_OK(repository.incrementRequestCount(key.id, 1, t3.addMSecs(1)));
    loaded = repository.getById(key.id);
    QCOMPARE(loaded->lastUsedAt, t4);
    QCOMPARE(loaded->lastRequestAt, t3.addMSecs(1));

    // Large increments, and nobody else's counter moved.
    KW_VERIFY_OK(repository.incrementRequestCount(key.id, 4000000000LL, t3));
    QCOMPARE(repository.getById(key.id)->totalRequests, qint64(4000000011LL));
    QCOMPARE(repository.getById(other.id)->totalRequests, qint64(0));
    QVERIFY(!repository.getById(other.id)->lastRequestAt.isValid());
}

void TestApiKeyRepository::revoke()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey key = makeKey(m_org.id, QStringLiteral("k"));
    const ApiKey other = makeKey(m_org.id, QStringLiteral("other"));
    KW_VERIFY_OK(repository.create(key));
    KW_VERIFY_OK(repository.create(other));
    const QDateTime at = utc("2024-05-10T12:34:56.789Z");
    KW_VERIFY_OK(
        repository.revoke(key.id, QString::fromUtf8("leaked – on GitHub"), QStringLiteral("support@example.com"), at));
    auto loaded = repository.getById(key.id);
    KW_VERIFY_OK(loaded);
    QVERIFY(loaded->isRevoked());
    QCOMPARE(loaded->revokedAt, at);
    QCOMPARE(loaded->revokedReason, QString::fromUtf8("leaked – on GitHub"));
    QCOMPARE(loaded->revokedBy, QStringLiteral("support@example.com"));
    QCOMPARE(loaded->isActive, false);
    QCOMPARE(loaded->status(at.addSecs(1)), ApiKey::Status::Revoked);
    QVERIFY(!repository.getById(other.id)->isRevoked());
    QCOMPARE(repository.getById(other.id)->isActive, true);
}

void TestApiKeyRepository::revokeTwiceIsAlreadyRevoked()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey key = makeKey(m_org.id, QStringLiteral("k"));
    KW_VERIFY_OK(repository.create(key));
    const QDateTime first = utc("2024-05-10T12:00:00.000Z");
    KW_VERIFY_OK(repository.revoke(key.id, QStringLiteral("first reason"), QStringLiteral("alice"), first));
    const Status again
        = repository.revoke(key.id, QStringLiteral("second reason"), QStringLiteral("bob"), first.addDays(1));
    QVERIFY(!again.ok());
    QCOMPARE(again.code(), ErrorCode::AlreadyRevoked);
    // The message names the key by its masked form only.
    QVERIFY2(again.error().message.contains(key.maskedKey()), qPrintable(again.error().message));
    QVERIFY(!again.error().message.contains(key.keyHash));
    // The first revocation stands.
    auto loaded = repository.getById(key.id);
    QCOMPARE(loaded->revokedAt, first);
    QCOMPARE(loaded->revokedReason, QStringLiteral("first reason"));
    QCOMPARE(loaded->revokedBy, QStringLiteral("alice"));
}

void TestApiKeyRepository::revokeUnknownIsNotFound()
{
    ApiKeyRepository repository(m_db->database());
    const Status status = repository.revoke(QUuid::createUuid(), QStringLiteral("r"), QStringLiteral("a"), kNow);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::NotFound);
    QCOMPARE(repository.revoke(QUuid(), QStringLiteral("r"), QStringLiteral("a"), kNow).code(), ErrorCode::NotFound);
}

void TestApiKeyRepository::setExpiry()
{
    ApiKeyRepository repository(m_db->database());
    const ApiKey key = makeKey(m_org.id, QStringLiteral("k"));
    const ApiKey other = makeKey(m_org.id, QStringLiteral("other"));
    KW_VERIFY_OK(repository.create(key));
    KW_VERIFY_OK(repository.create(other));
    const QDateTime expiry = utc("2024-05-11T12:00:00.500Z");
    KW_VERIFY_OK(repository.setExpiry(key.id, expiry));
    QCOMPARE(repository.getById(key.id)->expiresAt, expiry);
    QVERIFY(!repository.getById(other.id)->expiresAt.isValid());
    QCOMPARE(repository.getById(key.id)->status(expiry), ApiKey::Status::Expired);
    QCOMPARE(repository.getById(key.id)->status(expiry.addMSecs(-1)), ApiKey::Status::ExpiringSoon);
    // An invalid time clears the expiry.
    KW_VERIFY_OK(repository.setExpiry(key.id, QDateTime()));
    QVERIFY(!repository.getById(key.id)->expiresAt.isValid());
}

void TestApiKeyRepository::deleteExpired()
{
    ApiKeyRepository repository(m_db->database());
    const QDateTime cutoff = utc("2024-05-01T00:00:00.000Z");
    ApiKey longGone = makeKey(m_org.id, QStringLiteral("long gone"));
    longGone.expiresAt = cutoff.addDays(-30);
    ApiKey justBefore = makeKey(m_otherOrg.id, QStringLiteral("just before"));
    justBefore.expiresAt = cutoff.addMSecs(-1);
    ApiKey atCutoff = makeKey(m_org.id, QStringLiteral("at cutoff"));
    atCutoff.expiresAt = cutoff;
    ApiKey later = makeKey(m_org.id, QStringLiteral("later"));
    later.expiresAt = cutoff.addDays(1);
    ApiKey noExpiry = makeKey(m_org.id, QStringLiteral("noExpiry"));
    // The successor of a deleted key keeps existing; its link is cleared.
    ApiKey successor = makeKey(m_org.id, QStringLiteral("successor"));
    successor.rolledFrom = longGone.id;
    for (const ApiKey& key : {longGone, justBefore, atCutoff, later, noExpiry, successor})
        KW_VERIFY_OK(repository.create(key));

    auto deleted = repository.deleteExpired(cutoff);
    KW_VERIFY_OK(deleted);
    QCOMPARE(deleted.value(), 2);
    QCOMPARE(repository.getById(longGone.id).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getById(justBefore.id).code(), ErrorCode::NotFound);
    QVERIFY(repository.getById(atCutoff.id).ok());
    QVERIFY(repository.getById(later.id).ok());
    QVERIFY(repository.getById(noExpiry.id).ok());
    auto remaining = repository.getById(successor.id);
    KW_VERIFY_OK(remaining);
    QVERIFY(remaining->rolledFrom.isNull());

    auto again = repository.deleteExpired(cutoff);
    KW_VERIFY_OK(again);
    QCOMPARE(again.value(), 0);
    auto withLater = repository.deleteExpired(cutoff.addYears(1));
    KW_VERIFY_OK(withLater);
    QCOMPARE(withLater.value(), 2); // atCutoff and later; never the key without expiry
    QVERIFY(repository.getById(noExpiry.id).ok());
}

QTEST_GUILESS_MAIN(TestApiKeyRepository)
#include "TestApiKeyRepository.moc"
