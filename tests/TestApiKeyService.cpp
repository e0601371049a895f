#include "ApiKeyFormat.h"
#include "ApiKeyGenerator.h"
#include "ApiKeyHasher.h"
#include "ApiKeyService.h"
#include "AuditRepository.h"
#include "LogCapture.h"
#include "OrganizationService.h"
#include "SqlValue.h"
#include "TestDatabase.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

#include <latch>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

namespace {
const QString kActor = QStringLiteral("test:admin");
constexpr int kUnset = std::numeric_limits<int>::min();

QString message(const Error& error)
{
    return QStringLiteral("%1: %2").arg(ErrorCodes::wireCode(error.code), error.message);
}

// A key with exactly one character of its random part changed.
QString nearMiss(const QString& key, int position)
{
    QString changed = key;
    changed[position] = key[position] == u'A' ? u'B' : u'A';
    return changed;
}

// The secret middle of a key: what must never be found anywhere, even with a different
// prefix or hint around it.
QString secretPart(const QString& fullKey)
{
    return fullKey.mid(14, 30);
}
} // namespace

class TestApiKeyService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void validateReturnsAuthContext();
    void validateUsesKeyRateLimitOverOrganizations();
    void validateRefusesMalformedKeys_data();
    void validateRefusesMalformedKeys();
    void validateRefusesNearMissOfRealKey();
    void validateRefusesUnknownWellFormedKey();
    void validateRefusesRevokedKey();
    void validateRefusesExpiredKey();
    void validateRefusesKeyOfInactiveOrganization();
    void createKeyStoresOnlyHashPrefixAndHint();
    void createKeyEnforcesPlanCap();
    void capCountsOnlyUsableKeys();
    void createKeyRefusesInactiveOrganization();
    void createKeyRefusesUnknownOrganization();
    void createKeyRefusesBadInput_data();
    void createKeyRefusesBadInput();
    void revokeKey();
    void revokeTwiceIsAlreadyRevoked();
    void revokeUnknownIsNotFound();
    void revokeNeedsReason();
    void rollKeyKeepsOwnerNameScopesAndLimit();
    void rolledKeyHonoursGracePeriod();
    void rollWithZeroGraceExpiresOldKeyAtOnce();
    void rollKeepsLifetime();
    void rollAtCapIsAllowed();
    void rollRefusesRevokedUnknownAndBadGrace();
    void aRolledKeyIsNotRolledTwice();
    void keysPastedIntoFreeTextAreStoredMasked();
    void concurrentRollsMakeOneSuccessor();
    void concurrentCreatesStayWithinTheCap();
    void concurrentOrganizationUpdatesLoseNoChange();
    void listKeys();
    void findByFullKey();
    void findByFullKeyRefusesMalformedInput();
    void trackUsageAndStats();
    void usageStatsRefusesBadRange();
    void auditEventsOfKeyLifecycle();
    void auditInvalidAttempts();
    void noFullKeyStoredOrLogged();

private:
    Organization makeOrganization(const QString& name, Plan plan = Plan::Free);
    CreatedKey makeKey(const Organization& organization,
                       const QString& name = QStringLiteral("backend"),
                       const QStringList& scopes = {QStringLiteral("agents:run")});
    QList<AuditEvent> audit(const QString& action = {});

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<ApiKeyService> m_keys;
    std::unique_ptr<OrganizationService> m_orgs;
    QDateTime m_now;
};

void TestApiKeyService::init()
{
    const QDateTime wall = QDateTime::currentDateTimeUtc();
    m_now = QDateTime(wall.date(), QTime(wall.time().hour(), wall.time().minute(), wall.time().second()), Qt::UTC);
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    const Clock clock = [this] {
        return m_now;
    };
    m_keys = std::make_unique<ApiKeyService>(m_db->database(), clock);
    m_orgs = std::make_unique<OrganizationService>(m_db->database(), clock);
}

void TestApiKeyService::cleanup()
{
    m_keys.reset();
    m_orgs.reset();
    m_db.reset();
}

Organization TestApiKeyService::makeOrganization(const QString& name, Plan plan)
{
    CreateOrganizationRequest request;
    request.name = name;
    request.email = QStringLiteral("ops@example.com");
    request.plan = plan;
    auto created = m_orgs->create(request, kActor);
    if (!created)
        qFatal("cannot create organization: %s", qPrintable(created.error().message));
    return created.value();
}

CreatedKey TestApiKeyService::makeKey(const Organization& organization, const QString& name, const QStringList& scopes)
{
    CreateKeyRequest request;
    request.organizationId = organization.id;
    request.name = name;
    request.scopes = scopes;
    auto created = m_keys->createKey(request, kActor);
    if (!created)
        qFatal("cannot create key: %s", qPrintable(created.error().message));
    return created.value();
}

QList<AuditEvent> TestApiKeyService::audit(const QString& action)
{
    AuditRepository repository(m_db->database());
    AuditFilter filter;
    filter.action = action;
    auto events = repository.list(filter);
    if (!events)
        qFatal("cannot read audit events: %s", qPrintable(events.error().message));
    return events.value();
}

void TestApiKeyService::validateReturnsAuthContext()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"), Plan::Pro);
    const CreatedKey created
        = makeKey(org, QStringLiteral("backend"), {QStringLiteral("agents:run"), QStringLiteral("read")});
    QVERIFY(created.fullKey.startsWith(QStringLiteral("pk_live_")));
    QCOMPARE(created.fullKey.size(), 57);

    auto context = m_keys->validate(created.fullKey, QStringLiteral("10.0.0.1"));
    QVERIFY2(context.ok(), qPrintable(context.ok() ? QString() : message(context.error())));
    QCOMPARE(context->organization.id, org.id);
    QCOMPARE(context->organization.slug, QStringLiteral("acme"));
    QCOMPARE(context->key.id, created.key.id);
    QCOMPARE(context->key.organizationId, org.id);
    QCOMPARE(context->key.scopes, (QStringList{QStringLiteral("agents:run"), QStringLiteral("read")}));
    QVERIFY(context->key.hasScope(u"agents:run"));
    QVERIFY(!context->key.hasScope(u"admin"));
    // The overload the validator calls with a header's bytes answers the same.
    QVERIFY(context->key.hasScope(QLatin1String("agents:run")));
    QVERIFY(!context->key.hasScope(QLatin1String("agents:runner")));
    QVERIFY(!context->key.hasScope(QLatin1String("admin")));
    QCOMPARE(context->rateLimitPerMinute, 60); // the pro plan's, no custom limit on the key
    QCOMPARE(context->monthlyRequestLimit, qint64(100000));

    // The organization's own override is what a key without a custom limit gets.
    OrganizationUpdate change;
    change.rateLimitPerMinute = 42;
    QVERIFY(m_orgs->update(org.id, change, kActor).ok());
    context = m_keys->validate(created.fullKey);
    QVERIFY(context.ok());
    QCOMPARE(context->rateLimitPerMinute, 42);

    QCOMPARE(m_keys->validate(QString()).code(), ErrorCode::MissingApiKey);
}

void TestApiKeyService::validateUsesKeyRateLimitOverOrganizations()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("limited");
    request.customRateLimit = 3;
    auto created = m_keys->createKey(request, kActor);
    QVERIFY(created.ok());
    QCOMPARE(created->key.customRateLimit, std::optional<int>(3));
    auto context = m_keys->validate(created->fullKey);
    QVERIFY(context.ok());
    QCOMPARE(context->rateLimitPerMinute, 3);
    QCOMPARE(context->key.customRateLimit, std::optional<int>(3));
    QCOMPARE(context->organization.rateLimitPerMinute, 10);
}

void TestApiKeyService::validateRefusesMalformedKeys_data()
{
    QTest::addColumn<QString>("text");
    const QString real = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QTest::newRow("garbage") << QStringLiteral("hello");
    QTest::newRow("wrong prefix") << QStringLiteral("sk_live_") + real.mid(8);
    QTest::newRow("unknown env") << QStringLiteral("pk_prod_") + real.mid(8);
    QTest::newRow("truncated") << real.left(56);
    QTest::newRow("too long") << real + u'x';
    QTest::newRow("bad characters") << real.left(20) + u'$' + real.mid(21);
    QTest::newRow("with whitespace") << real + u' ';
}

void TestApiKeyService::validateRefusesMalformedKeys()
{
    QFETCH(QString, text);
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    makeKey(org);
    auto context = m_keys->validate(text);
    QVERIFY(!context.ok());
    QCOMPARE(context.code(), ErrorCode::InvalidApiKey);
    QVERIFY(!context.error().message.isEmpty());
}

void TestApiKeyService::validateRefusesNearMissOfRealKey()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    QVERIFY(m_keys->validate(created.fullKey).ok());
    for (int position : {8, 20, 40, 50, 51, 56}) {
        const QString miss = nearMiss(created.fullKey, position);
        QVERIFY(miss != created.fullKey);
        auto context = m_keys->validate(miss);
        QVERIFY2(!context.ok(), qPrintable(QStringLiteral("position %1").arg(position)));
        QCOMPARE(context.code(), ErrorCode::InvalidApiKey);
    }
    // Case matters: the same key in other case is another key.
    QCOMPARE(m_keys->validate(created.fullKey.toUpper()).code(), ErrorCode::InvalidApiKey);
}

void TestApiKeyService::validateRefusesUnknownWellFormedKey()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    makeKey(org);
    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QCOMPARE(ApiKeyFormat::check(unknown), KeyFormatError::None);
    auto context = m_keys->validate(unknown);
    QVERIFY(!context.ok());
    QCOMPARE(context.code(), ErrorCode::InvalidApiKey);
    QVERIFY(!context.error().message.contains(unknown));
    // An admin-format key is never an organization's key either.
    QCOMPARE(m_keys->validate(ApiKeyGenerator::generate(KeyEnvironment::Admin).fullKey).code(),
             ErrorCode::InvalidApiKey);
}

void TestApiKeyService::validateRefusesRevokedKey()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    const CreatedKey other = makeKey(org, QStringLiteral("other"));
    QVERIFY(m_keys->revokeKey(created.key.id, QStringLiteral("leaked"), kActor).ok());
    auto context = m_keys->validate(created.fullKey);
    QVERIFY(!context.ok());
    QCOMPARE(context.code(), ErrorCode::RevokedApiKey);
    QVERIFY(!context.error().message.contains(created.fullKey));
    QVERIFY(context.error().message.contains(created.key.maskedKey()));
    QVERIFY(m_keys->validate(other.fullKey).ok()); // only that key
}

void TestApiKeyService::validateRefusesExpiredKey()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("short-lived");
    request.expiresInDays = 1;
    auto created = m_keys->createKey(request, kActor);
    QVERIFY(created.ok());
    QCOMPARE(created->key.expiresAt, m_now.addDays(1));
    QVERIFY(m_keys->validate(created->fullKey).ok());

    m_now = m_now.addSecs(23 * 3600);
    QVERIFY(m_keys->validate(created->fullKey).ok());
    m_now = m_now.addSecs(3600); // exactly at expires_at
    QCOMPARE(m_keys->validate(created->fullKey).code(), ErrorCode::ExpiredApiKey);
    m_now = m_now.addDays(30);
    auto context = m_keys->validate(created->fullKey);
    QCOMPARE(context.code(), ErrorCode::ExpiredApiKey);
    QVERIFY(!context.error().message.contains(created->fullKey));
}

void TestApiKeyService::validateRefusesKeyOfInactiveOrganization()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    OrganizationUpdate off;
    off.isActive = false;
    QVERIFY(m_orgs->update(org.id, off, kActor).ok());
    auto context = m_keys->validate(created.fullKey);
    QVERIFY(!context.ok());
    QCOMPARE(context.code(), ErrorCode::OrganizationInactive);

    OrganizationUpdate on;
    on.isActive = true;
    QVERIFY(m_orgs->update(org.id, on, kActor).ok());
    QVERIFY(m_keys->validate(created.fullKey).ok());
}

void TestApiKeyService::createKeyStoresOnlyHashPrefixAndHint()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("  staging  ");
    request.description = QStringLiteral("for the staging cluster");
    request.environment = KeyEnvironment::Test;
    request.scopes = {QStringLiteral("*")};
    request.expiresInDays = 90;
    request.customRateLimit = 500;
    auto created = m_keys->createKey(request, kActor);
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : message(created.error())));
    const QString full = created->fullKey;
    QVERIFY(full.startsWith(QStringLiteral("pk_test_")));
    QCOMPARE(ApiKeyFormat::check(full), KeyFormatError::None);

    auto stored = m_keys->getKey(created->key.id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->organizationId, org.id);
    QCOMPARE(stored->name, QStringLiteral("staging"));
    QCOMPARE(stored->description, QStringLiteral("for the staging cluster"));
    QCOMPARE(stored->environment, KeyEnvironment::Test);
    QCOMPARE(stored->keyPrefix, full.left(12));
    QCOMPARE(stored->keyHint, full.right(4));
    QCOMPARE(stored->keyHash, ApiKeyHasher::hash(full));
    QCOMPARE(stored->scopes, QStringList{QStringLiteral("*")});
    QCOMPARE(stored->customRateLimit, std::optional<int>(500));
    QCOMPARE(stored->expiresAt, m_now.addDays(90));
    QCOMPARE(stored->createdAt, m_now);
    QVERIFY(stored->isActive);
    QVERIFY(!stored->isRevoked());
    QVERIFY(stored->rolledFrom.isNull());
    QCOMPARE(stored->totalRequests, qint64(0));
    QCOMPARE(stored->maskedKey(), full.left(12) + QChar(0x2026) + full.right(4));
    QCOMPARE(stored->status(m_now), ApiKey::Status::Active);
}

void TestApiKeyService::createKeyEnforcesPlanCap()
{
    const Organization org = makeOrganization(QStringLiteral("Acme")); // free: 2 keys
    makeKey(org, QStringLiteral("one"));
    makeKey(org, QStringLiteral("two"));
    const int eventsBefore = int(audit().size());

    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("three");
    auto third = m_keys->createKey(request, kActor);
    QVERIFY(!third.ok());
    QCOMPARE(third.code(), ErrorCode::KeyLimitReached);
    const QString text = third.error().message;
    QVERIFY2(text.contains(QStringLiteral("acme")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("2 of its 2")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("free")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("revoke")), qPrintable(text));
    QCOMPARE(m_keys->listKeys(org.id)->size(), 2);
    QCOMPARE(int(audit().size()), eventsBefore);

    // Raising the cap (or a bigger plan) lets the next one through.
    OrganizationUpdate change;
    change.plan = Plan::Pro;
    QVERIFY(m_orgs->update(org.id, change, kActor).ok());
    QVERIFY(m_keys->createKey(request, kActor).ok());
    QCOMPARE(m_keys->listKeys(org.id)->size(), 3);

    // Another organization's keys do not count.
    const Organization other = makeOrganization(QStringLiteral("Other"));
    makeKey(other, QStringLiteral("one"));
    makeKey(other, QStringLiteral("two"));
}

void TestApiKeyService::capCountsOnlyUsableKeys()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey one = makeKey(org, QStringLiteral("one"));
    CreateKeyRequest shortLived;
    shortLived.organizationId = org.id;
    shortLived.name = QStringLiteral("short");
    shortLived.expiresInDays = 1;
    QVERIFY(m_keys->createKey(shortLived, kActor).ok());

    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("next");
    QCOMPARE(m_keys->createKey(request, kActor).code(), ErrorCode::KeyLimitReached);
    // A revoked key frees its slot...
    QVERIFY(m_keys->revokeKey(one.key.id, QStringLiteral("rotation"), kActor).ok());
    QVERIFY(m_keys->createKey(request, kActor).ok());
    QCOMPARE(m_keys->createKey(request, kActor).code(), ErrorCode::KeyLimitReached);
    // ...and so does an expired one.
    m_now = m_now.addDays(2);
    QVERIFY(m_keys->createKey(request, kActor).ok());
    QCOMPARE(m_keys->createKey(request, kActor).code(), ErrorCode::KeyLimitReached);
    QCOMPARE(m_keys->listKeys(org.id)->size(), 4);
}

void TestApiKeyService::createKeyRefusesInactiveOrganization()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    OrganizationUpdate off;
    off.isActive = false;
    QVERIFY(m_orgs->update(org.id, off, kActor).ok());
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("backend");
    auto created = m_keys->createKey(request, kActor);
    QVERIFY(!created.ok());
    QCOMPARE(created.code(), ErrorCode::OrganizationInactive);
    QVERIFY(created.error().message.contains(QStringLiteral("acme")));
    QCOMPARE(m_keys->listKeys(org.id)->size(), 0);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyCreated)).size(), 0);
}

void TestApiKeyService::createKeyRefusesUnknownOrganization()
{
    CreateKeyRequest request;
    request.organizationId = QUuid::createUuid();
    request.name = QStringLiteral("backend");
    auto created = m_keys->createKey(request, kActor);
    QCOMPARE(created.code(), ErrorCode::NotFound);
    QCOMPARE(audit().size(), 0);
}

void TestApiKeyService::createKeyRefusesBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<int>("expiresInDays");
    QTest::addColumn<int>("rateLimit");
    QTest::addColumn<KeyEnvironment>("environment");
    const QStringList ok{QStringLiteral("agents:run")};
    const KeyEnvironment live = KeyEnvironment::Live;
    QTest::newRow("empty name") << QString() << ok << kUnset << kUnset << live;
    QTest::newRow("oversized name") << QString(256, u'k') << ok << kUnset << kUnset << live;
    QTest::newRow("upper-case scope") << QStringLiteral("k") << QStringList{QStringLiteral("Agents:Run")} << kUnset
                                      << kUnset << live;
    QTest::newRow("scope with space") << QStringLiteral("k") << QStringList{QStringLiteral("agents run")} << kUnset
                                      << kUnset << live;
    QTest::newRow("empty scope") << QStringLiteral("k") << QStringList{QString()} << kUnset << kUnset << live;
    QTest::newRow("too many scopes") << QStringLiteral("k") << QStringList(51, QStringLiteral("a")) << kUnset << kUnset
                                     << live;
    QTest::newRow("expiry zero") << QStringLiteral("k") << ok << 0 << kUnset << live;
    QTest::newRow("expiry negative") << QStringLiteral("k") << ok << -3 << kUnset << live;
    QTest::newRow("expiry over ten years") << QStringLiteral("k") << ok << 3651 << kUnset << live;
    QTest::newRow("rate limit zero") << QStringLiteral("k") << ok << kUnset << 0 << live;
    QTest::newRow("rate limit negative") << QStringLiteral("k") << ok << kUnset << -5 << live;
    QTest::newRow("rate limit huge") << QStringLiteral("k") << ok << kUnset << 1000001 << live;
    QTest::newRow("admin environment") << QStringLiteral("k") << ok << kUnset << kUnset << KeyEnvironment::Admin;
}

void TestApiKeyService::createKeyRefusesBadInput()
{
    QFETCH(QString, name);
    QFETCH(QStringList, scopes);
    QFETCH(int, expiresInDays);
    QFETCH(int, rateLimit);
    QFETCH(KeyEnvironment, environment);
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = name;
    request.scopes = scopes;
    request.environment = environment;
    if (expiresInDays != kUnset)
        request.expiresInDays = expiresInDays;
    if (rateLimit != kUnset)
        request.customRateLimit = rateLimit;
    auto created = m_keys->createKey(request, kActor);
    QVERIFY(!created.ok());
    QCOMPARE(created.code(), ErrorCode::InvalidInput);
    QVERIFY(!created.error().message.isEmpty());
    QCOMPARE(m_keys->listKeys(org.id)->size(), 0);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyCreated)).size(), 0);
}

void TestApiKeyService::revokeKey()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    m_now = m_now.addSecs(60);
    auto revoked
        = m_keys->revokeKey(created.key.id, QStringLiteral("  leaked in a gist "), QStringLiteral("support:bob"));
    QVERIFY2(revoked.ok(), qPrintable(revoked.ok() ? QString() : message(revoked.error())));
    QCOMPARE(revoked->id, created.key.id);
    QVERIFY(revoked->isRevoked());
    QCOMPARE(revoked->revokedAt, m_now);
    QCOMPARE(revoked->revokedBy, QStringLiteral("support:bob"));
    QCOMPARE(revoked->revokedReason, QStringLiteral("leaked in a gist"));
    QVERIFY(!revoked->isActive);
    QCOMPARE(revoked->status(m_now), ApiKey::Status::Revoked);
    auto stored = m_keys->getKey(created.key.id);
    QVERIFY(stored.ok());
    QVERIFY(stored->isRevoked());
    QCOMPARE(stored->revokedReason, QStringLiteral("leaked in a gist"));
}

void TestApiKeyService::revokeTwiceIsAlreadyRevoked()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    QVERIFY(m_keys->revokeKey(created.key.id, QStringLiteral("first"), kActor).ok());
    const QDateTime firstRevocation = m_keys->getKey(created.key.id)->revokedAt;
    m_now = m_now.addSecs(3600);
    auto again = m_keys->revokeKey(created.key.id, QStringLiteral("second"), QStringLiteral("someone:else"));
    QVERIFY(!again.ok());
    QCOMPARE(again.code(), ErrorCode::AlreadyRevoked);
    QVERIFY(!again.error().message.isEmpty());
    auto stored = m_keys->getKey(created.key.id);
    QCOMPARE(stored->revokedReason, QStringLiteral("first"));
    QCOMPARE(stored->revokedBy, kActor);
    QCOMPARE(stored->revokedAt, firstRevocation);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyRevoked)).size(), 1);
}

void TestApiKeyService::revokeUnknownIsNotFound()
{
    auto revoked = m_keys->revokeKey(QUuid::createUuid(), QStringLiteral("leaked"), kActor);
    QVERIFY(!revoked.ok());
    QCOMPARE(revoked.code(), ErrorCode::NotFound);
    QCOMPARE(audit().size(), 0);
}

void TestApiKeyService::revokeNeedsReason()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    QCOMPARE(m_keys->revokeKey(created.key.id, QStringLiteral("   "), kActor).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->revokeKey(created.key.id, QString(1001, u'r'), kActor).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->revokeKey(created.key.id, QStringLiteral("leaked"), QString()).code(), ErrorCode::InvalidInput);
    QVERIFY(!m_keys->getKey(created.key.id)->isRevoked());
    QVERIFY(m_keys->validate(created.fullKey).ok());
}

void TestApiKeyService::rollKeyKeepsOwnerNameScopesAndLimit()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"), Plan::Pro);
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("backend");
    request.description = QStringLiteral("main service");
    request.environment = KeyEnvironment::Test;
    request.scopes = {QStringLiteral("agents:run"), QStringLiteral("read")};
    request.customRateLimit = 7;
    auto old = m_keys->createKey(request, kActor);
    QVERIFY(old.ok());

    auto rolled = m_keys->rollKey(old->key.id, 24, kActor);
    QVERIFY2(rolled.ok(), qPrintable(rolled.ok() ? QString() : message(rolled.error())));
    QVERIFY(rolled->fullKey != old->fullKey);
    QVERIFY(rolled->key.id != old->key.id);
    QCOMPARE(ApiKeyFormat::check(rolled->fullKey), KeyFormatError::None);
    QVERIFY(rolled->fullKey.startsWith(QStringLiteral("pk_test_")));
    auto stored = m_keys->getKey(rolled->key.id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->organizationId, org.id);
    QCOMPARE(stored->name, QStringLiteral("backend"));
    QCOMPARE(stored->description, QStringLiteral("main service"));
    QCOMPARE(stored->environment, KeyEnvironment::Test);
    QCOMPARE(stored->scopes, request.scopes);
    QCOMPARE(stored->customRateLimit, std::optional<int>(7));
    QCOMPARE(stored->rolledFrom, old->key.id);
    QVERIFY(!stored->expiresAt.isValid()); // the old key never expired, neither does the new one

    auto context = m_keys->validate(rolled->fullKey);
    QVERIFY(context.ok());
    QCOMPARE(context->rateLimitPerMinute, 7);
    QCOMPARE(context->key.scopes, request.scopes);

    auto oldStored = m_keys->getKey(old->key.id);
    QVERIFY(oldStored.ok());
    QCOMPARE(oldStored->expiresAt, m_now.addSecs(24 * 3600));
    QVERIFY(!oldStored->isRevoked());
}

void TestApiKeyService::rolledKeyHonoursGracePeriod()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey old = makeKey(org);
    auto rolled = m_keys->rollKey(old.key.id, 2, kActor);
    QVERIFY(rolled.ok());

    // During the grace period both keys work.
    QVERIFY(m_keys->validate(old.fullKey).ok());
    m_now = m_now.addSecs(3600 + 59 * 60);
    QVERIFY(m_keys->validate(old.fullKey).ok());
    QVERIFY(m_keys->validate(rolled->fullKey).ok());
    // After it, only the new one.
    m_now = m_now.addSecs(2 * 60);
    auto context = m_keys->validate(old.fullKey);
    QVERIFY(!context.ok());
    QCOMPARE(context.code(), ErrorCode::ExpiredApiKey);
    QVERIFY(m_keys->validate(rolled->fullKey).ok());

    auto found = m_keys->findByFullKey(old.fullKey);
    QVERIFY(found.ok());
    QCOMPARE(found->status, ApiKey::Status::Expired);
}

void TestApiKeyService::rollWithZeroGraceExpiresOldKeyAtOnce()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey old = makeKey(org);
    auto rolled = m_keys->rollKey(old.key.id, 0, kActor);
    QVERIFY(rolled.ok());
    QCOMPARE(m_keys->validate(old.fullKey).code(), ErrorCode::ExpiredApiKey);
    QVERIFY(m_keys->validate(rolled->fullKey).ok());
    // An expired key cannot be rolled again.
    QCOMPARE(m_keys->rollKey(old.key.id, 1, kActor).code(), ErrorCode::ExpiredApiKey);
}

void TestApiKeyService::rollKeepsLifetime()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"), Plan::Pro);
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("quarterly");
    request.expiresInDays = 90;
    auto old = m_keys->createKey(request, kActor);
    QVERIFY(old.ok());
    m_now = m_now.addDays(10);
    auto rolled = m_keys->rollKey(old->key.id, 24, kActor);
    QVERIFY(rolled.ok());
    QCOMPARE(rolled->key.expiresAt, m_now.addDays(90));
    // The old key's end moves closer (grace), never further away.
    QCOMPARE(m_keys->getKey(old->key.id)->expiresAt, m_now.addSecs(24 * 3600));

    // A key expiring within the grace period keeps its own, earlier end.
    request.name = QStringLiteral("nearly-done");
    request.expiresInDays = 1;
    auto shortKey = m_keys->createKey(request, kActor);
    QVERIFY(shortKey.ok());
    QVERIFY(m_keys->rollKey(shortKey->key.id, 48, kActor).ok());
    QCOMPARE(m_keys->getKey(shortKey->key.id)->expiresAt, m_now.addDays(1));
}

void TestApiKeyService::rollAtCapIsAllowed()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey one = makeKey(org, QStringLiteral("one"));
    makeKey(org, QStringLiteral("two"));
    auto rolled = m_keys->rollKey(one.key.id, 24, kActor);
    QVERIFY2(rolled.ok(), qPrintable(rolled.ok() ? QString() : message(rolled.error())));
    QCOMPARE(m_keys->listKeys(org.id)->size(), 3);
    QVERIFY(m_keys->validate(rolled->fullKey).ok());
    QVERIFY(m_keys->validate(one.fullKey).ok());
    // But a roll is not a back door for new keys.
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("three");
    QCOMPARE(m_keys->createKey(request, kActor).code(), ErrorCode::KeyLimitReached);
}

void TestApiKeyService::rollRefusesRevokedUnknownAndBadGrace()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    QCOMPARE(m_keys->rollKey(created.key.id, -1, kActor).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->rollKey(created.key.id, 721, kActor).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->rollKey(QUuid::createUuid(), 24, kActor).code(), ErrorCode::NotFound);
    QVERIFY(m_keys->revokeKey(created.key.id, QStringLiteral("leaked"), kActor).ok());
    QCOMPARE(m_keys->rollKey(created.key.id, 24, kActor).code(), ErrorCode::AlreadyRevoked);
    QCOMPARE(m_keys->listKeys(org.id)->size(), 1);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyRolled)).size(), 0);
}

void TestApiKeyService::aRolledKeyIsNotRolledTwice()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("backend");
    request.expiresInDays = 90;
    auto original = m_keys->createKey(request, kActor);
    QVERIFY(original.ok());
    auto first = m_keys->rollKey(original->key.id, 48, kActor);
    QVERIFY(first.ok());

    // Again, with any grace period: refused, naming the successor (masked) to roll instead.
    for (const int grace : {48, 1, 0}) {
        auto again = m_keys->rollKey(original->key.id, grace, kActor);
        QCOMPARE(again.code(), ErrorCode::AlreadyExists);
        QVERIFY2(again.error().message.contains(first->key.maskedKey()), qPrintable(again.error().message));
        QVERIFY2(again.error().message.contains(SqlValue::uuidText(first->key.id)), qPrintable(again.error().message));
        QVERIFY(!again.error().message.contains(first->fullKey));
    }
    QCOMPARE(m_keys->listKeys(org.id)->size(), 2);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyRolled)).size(), 1);
    // The old key keeps the first roll's grace period.
    QCOMPARE(m_keys->getKey(original->key.id)->expiresAt, m_now.addSecs(48 * 3600));

    // The successor rolls, and keeps the 90-day lifetime the line started with.
    auto second = m_keys->rollKey(first->key.id, 24, kActor);
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : message(second.error())));
    QCOMPARE(second->key.rolledFrom, first->key.id);
    QCOMPARE(second->key.expiresAt, m_now.addDays(90));
}

void TestApiKeyService::keysPastedIntoFreeTextAreStoredMasked()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey leaked = makeKey(org, QStringLiteral("leaked"));
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("replaces ") + leaked.fullKey;
    request.description = QStringLiteral("the old one was ") + leaked.fullKey + QStringLiteral(", see ticket 42");
    auto created = m_keys->createKey(request, kActor);
    QVERIFY(created.ok());
    QCOMPARE(created->key.name, QStringLiteral("replaces ") + leaked.key.maskedKey());
    QCOMPARE(created->key.description,
             QStringLiteral("the old one was ") + leaked.key.maskedKey() + QStringLiteral(", see ticket 42"));
    auto revoked = m_keys->revokeKey(leaked.key.id, QStringLiteral("posted as ") + leaked.fullKey, kActor);
    QVERIFY(revoked.ok());
    QCOMPARE(revoked->revokedReason, QStringLiteral("posted as ") + leaked.key.maskedKey());
    OrganizationUpdate rename;
    rename.name = QStringLiteral("Acme ") + leaked.fullKey;
    QVERIFY(m_orgs->update(org.id, rename, kActor).ok());
    // A new organization's slug is made from its masked name.
    CreateOrganizationRequest named;
    named.name = leaked.fullKey;
    named.email = QStringLiteral("ops@example.com");
    auto pasted = m_orgs->create(named, kActor);
    QVERIFY(pasted.ok());
    const auto letters = [](QString text) {
        text = text.toLower();
        text.remove(QRegularExpression(QStringLiteral("[^a-z0-9]")));
        return text;
    };
    QVERIFY2(!letters(pasted->slug).contains(letters(leaked.fullKey.mid(12, 30)).left(16)), qPrintable(pasted->slug));
    // Nowhere in the database, the audit log included.
    for (const QString& text : m_db->allText())
        QVERIFY2(!text.contains(leaked.fullKey.mid(12, 30)), qPrintable(text));
}

namespace {
// Runs `work` on `threads` threads at once (each with its own connection) and waits.
template <typename Work>
void atOnce(Database& database, int threads, Work work)
{
    std::latch start(threads);
    std::vector<std::thread> running;
    for (int i = 0; i < threads; ++i) {
        running.emplace_back([&, i] {
            start.arrive_and_wait();
            work(i);
            database.releaseThreadConnection();
        });
    }
    for (std::thread& thread : running)
        thread.join();
}
} // namespace

// Runs `attempt` on `threads` threads at once: how many succeeded, each failure having
// to be `refusal`.
template <typename Attempt>
int successesAtOnce(Database& database, int threads, ErrorCode refusal, Attempt attempt)
{
    std::vector<std::optional<ErrorCode>> failures(size_t(threads), std::nullopt);
    atOnce(database, threads, [&](int i) {
        const auto result = attempt(i);
        if (!result)
            failures[size_t(i)] = result.code();
    });
    int succeeded = 0;
    for (const std::optional<ErrorCode>& failure : failures) {
        succeeded += failure ? 0 : 1;
        if (failure && *failure != refusal) {
            qWarning("unexpected refusal %s", qPrintable(ErrorCodes::wireCode(*failure)));
            return -1; // fails the caller's comparison
        }
    }
    return succeeded;
}

void TestApiKeyService::concurrentRollsMakeOneSuccessor()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey original = makeKey(org);
    QCOMPARE(successesAtOnce(m_db->database(), 6, ErrorCode::AlreadyExists,
                             [&](int) { return ApiKeyService(m_db->database()).rollKey(original.key.id, 24, kActor); }),
             1);
    QCOMPARE(m_keys->listKeys(org.id)->size(), 2);
}

void TestApiKeyService::concurrentCreatesStayWithinTheCap()
{
    const Organization org = makeOrganization(QStringLiteral("Acme")); // free plan: 2 keys
    QCOMPARE(org.maxApiKeys, 2);
    QCOMPARE(successesAtOnce(m_db->database(), 6, ErrorCode::KeyLimitReached,
                             [&](int i) {
                                 CreateKeyRequest request;
                                 request.organizationId = org.id;
                                 request.name = QStringLiteral("k%1").arg(i);
                                 return ApiKeyService(m_db->database()).createKey(request, kActor);
                             }),
             2);
    QCOMPARE(m_keys->listKeys(org.id)->size(), 2);
}

// Each update rewrites the whole row: without the row lock, the last of two concurrent
// updates would put back what the first one changed (PostgreSQL; SQLite serializes).
void TestApiKeyService::concurrentOrganizationUpdatesLoseNoChange()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    atOnce(m_db->database(), 5, [&](int i) {
        OrganizationService organizations(m_db->database());
        OrganizationUpdate change;
        switch (i) {
        case 0:
            change.name = QStringLiteral("Renamed");
            break;
        case 1:
            change.email = QStringLiteral("new@example.com");
            break;
        case 2:
            change.rateLimitPerMinute = 7;
            break;
        case 3:
            change.monthlyRequestLimit = 777;
            break;
        default:
            change.maxApiKeys = 5;
            break;
        }
        if (!organizations.update(org.id, change, kActor))
            qWarning("update %d failed", i);
    });
    const auto after = m_orgs->getById(org.id);
    QVERIFY(after.ok());
    QCOMPARE(after->name, QStringLiteral("Renamed"));
    QCOMPARE(after->email, QStringLiteral("new@example.com"));
    QCOMPARE(after->rateLimitPerMinute, 7);
    QCOMPARE(after->monthlyRequestLimit, 777);
    QCOMPARE(after->maxApiKeys, 5);
}

void TestApiKeyService::listKeys()
{
    const Organization acme = makeOrganization(QStringLiteral("Acme"), Plan::Pro);
    const Organization beta = makeOrganization(QStringLiteral("Beta"));
    const CreatedKey a1 = makeKey(acme, QStringLiteral("a1"));
    const CreatedKey a2 = makeKey(acme, QStringLiteral("a2"));
    const CreatedKey b1 = makeKey(beta, QStringLiteral("b1"));
    QVERIFY(m_keys->revokeKey(a2.key.id, QStringLiteral("old"), kActor).ok());

    auto list = m_keys->listKeys(acme.id);
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);
    QSet<QUuid> ids;
    for (const ApiKey& key : list.value()) {
        ids.insert(key.id);
        QCOMPARE(key.organizationId, acme.id);
        QCOMPARE(key.keyHash.size(), 64);
    }
    QCOMPARE(ids, (QSet<QUuid>{a1.key.id, a2.key.id})); // revoked keys are listed too
    auto betaList = m_keys->listKeys(beta.id);
    QVERIFY(betaList.ok());
    QCOMPARE(betaList->size(), 1);
    QCOMPARE(betaList->first().id, b1.key.id);
    auto none = m_keys->listKeys(QUuid::createUuid());
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());
}

void TestApiKeyService::findByFullKey()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    const int eventsBefore = int(audit().size());

    auto found = m_keys->findByFullKey(created.fullKey);
    QVERIFY2(found.ok(), qPrintable(found.ok() ? QString() : message(found.error())));
    QCOMPARE(found->key.id, created.key.id);
    QCOMPARE(found->organization.id, org.id);
    QCOMPARE(found->organization.slug, QStringLiteral("acme"));
    QCOMPARE(found->status, ApiKey::Status::Active);

    QVERIFY(m_keys->revokeKey(created.key.id, QStringLiteral("leaked"), kActor).ok());
    found = m_keys->findByFullKey(created.fullKey);
    QVERIFY(found.ok());
    QCOMPARE(found->status, ApiKey::Status::Revoked);
    QCOMPARE(found->key.revokedReason, QStringLiteral("leaked"));

    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("soon");
    request.expiresInDays = 3;
    auto soon = m_keys->createKey(request, kActor);
    QVERIFY(soon.ok());
    QCOMPARE(m_keys->findByFullKey(soon->fullKey)->status, ApiKey::Status::ExpiringSoon);
    m_now = m_now.addDays(4);
    QCOMPARE(m_keys->findByFullKey(soon->fullKey)->status, ApiKey::Status::Expired);

    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    auto missing = m_keys->findByFullKey(unknown);
    QCOMPARE(missing.code(), ErrorCode::NotFound);
    QVERIFY(!missing.error().message.contains(unknown));

    // Lookups write nothing: only the revoke and the create above left events.
    QCOMPARE(int(audit().size()), eventsBefore + 2);
}

void TestApiKeyService::findByFullKeyRefusesMalformedInput()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    auto wrong = m_keys->findByFullKey(QStringLiteral("ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.code(), ErrorCode::InvalidInput);
    QVERIFY2(wrong.error().message.contains(QStringLiteral("wrong prefix")), qPrintable(wrong.error().message));

    auto typo = m_keys->findByFullKey(nearMiss(created.fullKey, 30));
    QCOMPARE(typo.code(), ErrorCode::InvalidInput);
    QVERIFY(typo.error().message.contains(QStringLiteral("checksum")));
    QCOMPARE(m_keys->findByFullKey(QString()).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->findByFullKey(created.fullKey.left(40)).code(), ErrorCode::InvalidInput);
}

void TestApiKeyService::trackUsageAndStats()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"), Plan::Pro);
    const Organization other = makeOrganization(QStringLiteral("Other"), Plan::Pro);
    const CreatedKey k1 = makeKey(org, QStringLiteral("k1"));
    const CreatedKey k2 = makeKey(org, QStringLiteral("k2"));
    const CreatedKey o1 = makeKey(other, QStringLiteral("o1"));

    const QDateTime day1(QDate(2025, 3, 5), QTime(10, 0), Qt::UTC);
    const QDateTime day2(QDate(2025, 3, 6), QTime(23, 30), Qt::UTC);
    auto record = [](const CreatedKey& key, const QDateTime& at, const QString& endpoint, int status, int tokens,
                     double cost, double ms) {
        UsageRecord r;
        r.apiKeyId = key.key.id;
        r.organizationId = key.key.organizationId;
        r.timestamp = at;
        r.endpoint = endpoint;
        r.method = QStringLiteral("POST");
        r.statusCode = status;
        r.tokensUsed = tokens;
        r.costUsd = cost;
        r.responseTimeMs = ms;
        return r;
    };
    const QString run = QStringLiteral("/v1/agents/echo/run");
    const QString verify = QStringLiteral("/v1/verify");
    QVERIFY(m_keys->trackUsage(record(k1, day1, run, 200, 100, 0.5, 10)).ok());
    QVERIFY(m_keys
                ->trackUsage(QList<UsageRecord>{
                    record(k1, day1.addSecs(60), run, 200, 50, 0.25, 20),
                    record(k1, day1.addSecs(120), verify, 200, 0, 0, 30), record(k2, day2, verify, 429, 0, 0, 40),
                    record(k2, day2.addSecs(10), run, 500, 10, 0.125, 50),
                    record(o1, day1, run, 200, 1000, 9, 60), // another organization
                })
                .ok());
    // Outside the month: April 1st.
    QVERIFY(m_keys->trackUsage(record(k1, QDateTime(QDate(2025, 4, 1), QTime(0, 0), Qt::UTC), run, 200, 1, 1, 1)).ok());

    auto stats = m_keys->usageStats(org.id, QDate(2025, 3, 1), QDate(2025, 3, 31));
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : message(stats.error())));
    QCOMPARE(stats->from, QDate(2025, 3, 1));
    QCOMPARE(stats->to, QDate(2025, 3, 31));
    QCOMPARE(stats->totals.requests, qint64(5));
    QCOMPARE(stats->totals.successful, qint64(3));
    QCOMPARE(stats->totals.failed, qint64(2));
    QCOMPARE(stats->totals.tokens, qint64(160));
    QCOMPARE(stats->totals.costUsd, 0.875);
    QCOMPARE(stats->totals.averageResponseMs, 30.0);

    QCOMPARE(stats->byEndpoint.size(), 2);
    QCOMPARE(stats->byEndpoint.at(0).endpoint, run);
    QCOMPARE(stats->byEndpoint.at(0).requests, qint64(3));
    QCOMPARE(stats->byEndpoint.at(0).tokens, qint64(160));
    QCOMPARE(stats->byEndpoint.at(0).costUsd, 0.875);
    QCOMPARE(stats->byEndpoint.at(1).endpoint, verify);
    QCOMPARE(stats->byEndpoint.at(1).requests, qint64(2));

    QCOMPARE(stats->byDay.size(), 2);
    QCOMPARE(stats->byDay.at(0).day, QDate(2025, 3, 5));
    QCOMPARE(stats->byDay.at(0).requests, qint64(3));
    QCOMPARE(stats->byDay.at(0).failed, qint64(0));
    QCOMPARE(stats->byDay.at(1).day, QDate(2025, 3, 6));
    QCOMPARE(stats->byDay.at(1).requests, qint64(2));
    QCOMPARE(stats->byDay.at(1).failed, qint64(2));
    QCOMPARE(stats->byDay.at(1).costUsd, 0.125);

    QCOMPARE(stats->byStatus.size(), 3);
    QMap<int, qint64> byClass;
    for (const auto& row : stats->byStatus)
        byClass[row.statusClass] = row.requests;
    QCOMPARE(byClass.value(2), qint64(3));
    QCOMPARE(byClass.value(4), qint64(1));
    QCOMPARE(byClass.value(5), qint64(1));

    // One key only.
    auto k2Stats = m_keys->usageStats(org.id, QDate(2025, 3, 1), QDate(2025, 3, 31), k2.key.id);
    QVERIFY(k2Stats.ok());
    QCOMPARE(k2Stats->totals.requests, qint64(2));
    QCOMPARE(k2Stats->totals.failed, qint64(2));
    // One day only.
    auto oneDay = m_keys->usageStats(org.id, QDate(2025, 3, 6), QDate(2025, 3, 6));
    QVERIFY(oneDay.ok());
    QCOMPARE(oneDay->totals.requests, qint64(2));
    // An empty range is zeros, not an error.
    auto empty = m_keys->usageStats(org.id, QDate(2024, 1, 1), QDate(2024, 1, 31));
    QVERIFY(empty.ok());
    QCOMPARE(empty->totals.requests, qint64(0));
    QVERIFY(empty->byDay.isEmpty());

    // The keys' counters follow.
    auto k1Stored = m_keys->getKey(k1.key.id);
    QVERIFY(k1Stored.ok());
    QCOMPARE(k1Stored->totalRequests, qint64(4));
    QCOMPARE(k1Stored->lastRequestAt, QDateTime(QDate(2025, 4, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(k1Stored->lastUsedAt, QDateTime(QDate(2025, 4, 1), QTime(0, 0), Qt::UTC));
    QCOMPARE(m_keys->getKey(k2.key.id)->totalRequests, qint64(2));
    QCOMPARE(m_keys->getKey(o1.key.id)->totalRequests, qint64(1));
}

void TestApiKeyService::usageStatsRefusesBadRange()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    QCOMPARE(m_keys->usageStats(org.id, QDate(2025, 3, 31), QDate(2025, 3, 1)).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->usageStats(org.id, QDate(), QDate(2025, 3, 1)).code(), ErrorCode::InvalidInput);
    QCOMPARE(m_keys->usageStats(org.id, QDate(2000, 1, 1), QDate(2025, 3, 1)).code(), ErrorCode::InvalidInput);
}

void TestApiKeyService::auditEventsOfKeyLifecycle()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    auto rolled = m_keys->rollKey(created.key.id, 24, QStringLiteral("ops:carol"));
    QVERIFY(rolled.ok());
    QVERIFY(m_keys->revokeKey(rolled->key.id, QStringLiteral("leaked"), QStringLiteral("support:bob")).ok());

    const auto createdEvents = audit(QString::fromLatin1(AuditActions::KeyCreated));
    QCOMPARE(createdEvents.size(), 2); // the original and the rolled key
    const AuditEvent* first = nullptr;
    const AuditEvent* second = nullptr;
    for (const AuditEvent& e : createdEvents) {
        if (e.keyId == created.key.id)
            first = &e;
        else if (e.keyId == rolled->key.id)
            second = &e;
    }
    QVERIFY(first && second);
    QCOMPARE(first->actor, kActor);
    QCOMPARE(first->organizationId, org.id);
    QCOMPARE(first->details.value(QStringLiteral("key")).toString(), created.key.maskedKey());
    QCOMPARE(first->details.value(QStringLiteral("name")).toString(), QStringLiteral("backend"));
    QCOMPARE(second->actor, QStringLiteral("ops:carol"));
    QCOMPARE(second->details.value(QStringLiteral("rolled_from")).toString(), SqlValue::uuidText(created.key.id));

    const auto rolledEvents = audit(QString::fromLatin1(AuditActions::KeyRolled));
    QCOMPARE(rolledEvents.size(), 1);
    QCOMPARE(rolledEvents.first().actor, QStringLiteral("ops:carol"));
    QCOMPARE(rolledEvents.first().organizationId, org.id);
    QCOMPARE(rolledEvents.first().keyId, created.key.id);
    QCOMPARE(rolledEvents.first().details.value(QStringLiteral("new_key_id")).toString(),
             SqlValue::uuidText(rolled->key.id));
    QCOMPARE(rolledEvents.first().details.value(QStringLiteral("grace_hours")).toInt(), 24);

    const auto revokedEvents = audit(QString::fromLatin1(AuditActions::KeyRevoked));
    QCOMPARE(revokedEvents.size(), 1);
    QCOMPARE(revokedEvents.first().actor, QStringLiteral("support:bob"));
    QCOMPARE(revokedEvents.first().organizationId, org.id);
    QCOMPARE(revokedEvents.first().keyId, rolled->key.id);
    QCOMPARE(revokedEvents.first().details.value(QStringLiteral("reason")).toString(), QStringLiteral("leaked"));

    for (const AuditEvent& e : audit()) {
        const QString details = QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
        for (const CreatedKey* key : {&created, static_cast<const CreatedKey*>(&rolled.value())}) {
            QVERIFY2(!details.contains(key->fullKey), qPrintable(e.action));
            QVERIFY2(!details.contains(secretPart(key->fullKey)), qPrintable(e.action));
        }
    }
}

void TestApiKeyService::auditInvalidAttempts()
{
    const Organization org = makeOrganization(QStringLiteral("Acme"));
    const CreatedKey created = makeKey(org);
    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Live).fullKey;
    QCOMPARE(m_keys->validate(unknown, QStringLiteral("203.0.113.7")).code(), ErrorCode::InvalidApiKey);
    QVERIFY(m_keys->revokeKey(created.key.id, QStringLiteral("leaked"), kActor).ok());
    QCOMPARE(m_keys->validate(created.fullKey, QStringLiteral("203.0.113.8")).code(), ErrorCode::RevokedApiKey);

    const auto events = audit(QString::fromLatin1(AuditActions::KeyInvalidAttempt));
    QCOMPARE(events.size(), 2);
    const AuditEvent* unknownEvent = nullptr;
    const AuditEvent* revokedEvent = nullptr;
    for (const AuditEvent& e : events) {
        if (e.details.value(QStringLiteral("reason")).toString() == QLatin1String("unknown_key"))
            unknownEvent = &e;
        else if (e.details.value(QStringLiteral("reason")).toString() == QLatin1String("revoked"))
            revokedEvent = &e;
    }
    QVERIFY(unknownEvent && revokedEvent);
    QVERIFY(!unknownEvent->actor.isEmpty());
    QVERIFY(unknownEvent->organizationId.isNull());
    QVERIFY(unknownEvent->keyId.isNull());
    QCOMPARE(unknownEvent->ipAddress, QStringLiteral("203.0.113.7"));
    QCOMPARE(revokedEvent->organizationId, org.id);
    QCOMPARE(revokedEvent->keyId, created.key.id);
    QCOMPARE(revokedEvent->ipAddress, QStringLiteral("203.0.113.8"));
    QCOMPARE(revokedEvent->details.value(QStringLiteral("key")).toString(), created.key.maskedKey());
    for (const AuditEvent& e : events) {
        const QString details = QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
        QVERIFY(!details.contains(unknown));
        QVERIFY(!details.contains(secretPart(unknown)));
        QVERIFY(!details.contains(created.fullKey));
        QVERIFY(!details.contains(secretPart(created.fullKey)));
    }

    // Malformed keys are refused before any lookup and leave no row each.
    QCOMPARE(m_keys->validate(QStringLiteral("nonsense")).code(), ErrorCode::InvalidApiKey);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyInvalidAttempt)).size(), 2);

    // The validator can turn the per-attempt rows off.
    m_keys->setAuditInvalidAttempts(false);
    QCOMPARE(m_keys->validate(unknown).code(), ErrorCode::InvalidApiKey);
    QCOMPARE(audit(QString::fromLatin1(AuditActions::KeyInvalidAttempt)).size(), 2);
}

void TestApiKeyService::noFullKeyStoredOrLogged()
{
    LogCapture logs;
    const Organization org = makeOrganization(QStringLiteral("Acme"), Plan::Pro);
    QStringList secrets;
    CreateKeyRequest request;
    request.organizationId = org.id;
    request.name = QStringLiteral("scan");
    request.description = QStringLiteral("security scan");
    request.scopes = {QStringLiteral("*")};
    request.expiresInDays = 30;
    auto a = m_keys->createKey(request, kActor);
    QVERIFY(a.ok());
    secrets << a->fullKey;
    const CreatedKey b = makeKey(org, QStringLiteral("second"));
    secrets << b.fullKey;
    auto rolled = m_keys->rollKey(a->key.id, 1, kActor);
    QVERIFY(rolled.ok());
    secrets << rolled->fullKey;

    for (const QString& key : secrets)
        QVERIFY(m_keys->validate(key, QStringLiteral("198.51.100.1")).ok());
    QVERIFY(m_keys->revokeKey(b.key.id, QStringLiteral("scan"), kActor).ok());
    QCOMPARE(m_keys->validate(b.fullKey).code(), ErrorCode::RevokedApiKey);
    m_now = m_now.addSecs(2 * 3600);
    QCOMPARE(m_keys->validate(a->fullKey).code(), ErrorCode::ExpiredApiKey);
    const QString unknown = ApiKeyGenerator::generate(KeyEnvironment::Test).fullKey;
    secrets << unknown;
    QCOMPARE(m_keys->validate(unknown).code(), ErrorCode::InvalidApiKey);
    const QString typo = nearMiss(rolled->fullKey, 25);
    secrets << typo;
    QCOMPARE(m_keys->validate(typo).code(), ErrorCode::InvalidApiKey);
    QVERIFY(m_keys->findByFullKey(rolled->fullKey).ok());
    UsageRecord usage;
    usage.apiKeyId = rolled->key.id;
    usage.organizationId = org.id;
    usage.timestamp = m_now;
    usage.endpoint = QStringLiteral("/v1/verify");
    usage.method = QStringLiteral("GET");
    QVERIFY(m_keys->trackUsage(usage).ok());

    const QStringList stored = m_db->allText();
    QVERIFY(stored.size() > 20); // the scan did read the tables
    QVERIFY(stored.contains(a->key.keyHash));
    const QStringList logged = logs.messages();
    QVERIFY(logs.contains(a->key.maskedKey())); // the logs did see the keys, masked
    for (const QString& secret : secrets) {
        for (const QString& text : stored) {
            QVERIFY2(!text.contains(secret), qPrintable(QStringLiteral("full key stored: %1").arg(text.left(80))));
            QVERIFY2(!text.contains(secretPart(secret)),
                     qPrintable(QStringLiteral("secret part stored: %1").arg(text.left(80))));
        }
        for (const QString& line : logged) {
            QVERIFY2(!line.contains(secret), "full key logged");
            QVERIFY2(!line.contains(secretPart(secret)), "secret part logged");
        }
    }
}

QTEST_GUILESS_MAIN(TestApiKeyService)
#include "TestApiKeyService.moc"
