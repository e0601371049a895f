#include "ApiKeyFormat.h"
#include "ApiKeyService.h"
#include "AuditRepository.h"
#include "DefaultDataSeeder.h"
#include "OrganizationService.h"
#include "TestDatabase.h"

#include <QTest>

namespace {
const QString kActor = QStringLiteral("cli:seed");

QString describe(const Error& error)
{
    return QStringLiteral("%1: %2").arg(ErrorCodes::wireCode(error.code), error.message);
}
} // namespace

class TestDefaultDataSeeder : public QObject
{
    Q_OBJECT

private slots:
    void firstRunCreatesOrganizationAndKey();
    void secondRunCreatesNothing();
    void revokedDefaultKeyIsNotRecreated();
    void existingDefaultOrganizationGetsItsKey();
};

void TestDefaultDataSeeder::firstRunCreatesOrganizationAndKey()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    DefaultDataSeeder seeder(testDb.database());
    auto seeded = seeder.seed(kActor);
    QVERIFY2(seeded.ok(), qPrintable(seeded.ok() ? QString() : describe(seeded.error())));
    QVERIFY(seeded->organizationCreated);
    QCOMPARE(seeded->organization.name, QStringLiteral("Default Organization"));
    QCOMPARE(seeded->organization.slug, QStringLiteral("default"));
    QCOMPARE(seeded->organization.plan, Plan::Free);
    QCOMPARE(seeded->organization.rateLimitPerMinute, 10);
    QCOMPARE(seeded->organization.monthlyRequestLimit, qint64(1000));
    QCOMPARE(seeded->organization.maxApiKeys, 2);
    QVERIFY(seeded->organization.isActive);

    QVERIFY(seeded->key.has_value());
    const CreatedKey& key = *seeded->key;
    QCOMPARE(key.key.name, QStringLiteral("Default Test Key"));
    QCOMPARE(key.key.environment, KeyEnvironment::Test);
    QCOMPARE(key.key.scopes, QStringList{QStringLiteral("*")});
    QCOMPARE(key.key.organizationId, seeded->organization.id);
    QVERIFY(key.fullKey.startsWith(QStringLiteral("pk_test_")));
    QCOMPARE(ApiKeyFormat::check(key.fullKey), KeyFormatError::None);

    // What is in the database, seen through the services.
    OrganizationService organizations(testDb.database());
    auto stored = organizations.getBySlug(QStringLiteral("default"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->id, seeded->organization.id);
    QCOMPARE(stored->name, QStringLiteral("Default Organization"));
    QCOMPARE(stored->plan, Plan::Free);
    QCOMPARE(organizations.list()->size(), 1);

    ApiKeyService keys(testDb.database());
    auto list = keys.listKeys(stored->id);
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().name, QStringLiteral("Default Test Key"));
    QCOMPARE(list->first().environment, KeyEnvironment::Test);
    QCOMPARE(list->first().scopes, QStringList{QStringLiteral("*")});

    // The printed key works and may do anything.
    auto context = keys.validate(key.fullKey);
    QVERIFY2(context.ok(), qPrintable(context.ok() ? QString() : describe(context.error())));
    QCOMPARE(context->organization.slug, QStringLiteral("default"));
    QVERIFY(context->key.hasScope(u"agents:run"));
    QVERIFY(context->key.hasScope(u"anything:else"));

    AuditRepository audit(testDb.database());
    auto events = audit.list();
    QVERIFY(events.ok());
    QStringList actions;
    for (const AuditEvent& e : events.value()) {
        actions << e.action;
        QCOMPARE(e.actor, kActor);
    }
    actions.sort();
    QCOMPARE(actions, (QStringList{QStringLiteral("key.created"), QStringLiteral("org.created")}));
}

void TestDefaultDataSeeder::secondRunCreatesNothing()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    DefaultDataSeeder seeder(testDb.database());
    auto first = seeder.seed(kActor);
    QVERIFY(first.ok());
    QVERIFY(first->key.has_value());
    const QStringList before = testDb.allText();

    auto second = seeder.seed(kActor);
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : describe(second.error())));
    QVERIFY(!second->organizationCreated);
    QVERIFY(!second->key.has_value());
    QCOMPARE(second->organization.id, first->organization.id);
    QCOMPARE(second->organization.slug, QStringLiteral("default"));

    // A third run, from a fresh seeder, changes nothing either.
    DefaultDataSeeder again(testDb.database());
    auto third = again.seed(kActor);
    QVERIFY(third.ok());
    QVERIFY(!third->organizationCreated);
    QVERIFY(!third->key.has_value());

    OrganizationService organizations(testDb.database());
    QCOMPARE(organizations.list()->size(), 1);
    ApiKeyService keys(testDb.database());
    QCOMPARE(keys.listKeys(first->organization.id)->size(), 1);
    AuditRepository audit(testDb.database());
    QCOMPARE(audit.list()->size(), 2);
    QCOMPARE(testDb.allText(), before); // not a single value changed
    QVERIFY(keys.validate(first->key->fullKey).ok());
}

void TestDefaultDataSeeder::revokedDefaultKeyIsNotRecreated()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    DefaultDataSeeder seeder(testDb.database());
    auto first = seeder.seed(kActor);
    QVERIFY(first.ok());
    ApiKeyService keys(testDb.database());
    QVERIFY(keys.revokeKey(first->key->key.id, QStringLiteral("rotated"), kActor).ok());
    auto second = seeder.seed(kActor);
    QVERIFY(second.ok());
    QVERIFY(!second->key.has_value());
    QCOMPARE(keys.listKeys(first->organization.id)->size(), 1);
}

void TestDefaultDataSeeder::existingDefaultOrganizationGetsItsKey()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    // Someone made the "default" organization by hand (on another plan) before seeding.
    OrganizationService organizations(testDb.database());
    CreateOrganizationRequest request;
    request.name = QStringLiteral("Our Default");
    request.email = QStringLiteral("me@example.org");
    request.slug = QStringLiteral("default");
    request.plan = Plan::Pro;
    auto existing = organizations.create(request, kActor);
    QVERIFY(existing.ok());

    DefaultDataSeeder seeder(testDb.database());
    auto seeded = seeder.seed(kActor);
    QVERIFY2(seeded.ok(), qPrintable(seeded.ok() ? QString() : describe(seeded.error())));
    QVERIFY(!seeded->organizationCreated);
    QCOMPARE(seeded->organization.id, existing->id);
    QCOMPARE(seeded->organization.name, QStringLiteral("Our Default")); // left as it was
    QCOMPARE(seeded->organization.plan, Plan::Pro);
    QVERIFY(seeded->key.has_value());
    QCOMPARE(seeded->key->key.organizationId, existing->id);
    QCOMPARE(organizations.list()->size(), 1);
}

QTEST_GUILESS_MAIN(TestDefaultDataSeeder)
#include "TestDefaultDataSeeder.moc"
