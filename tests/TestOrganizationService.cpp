#include "ApiKeyService.h"
#include "AuditRepository.h"
#include "OrganizationService.h"
#include "TestDatabase.h"

#include <QJsonObject>
#include <QTest>

namespace {
const QString kActor = QStringLiteral("test:admin");

CreateOrganizationRequest request(const QString& name,
                                  const QString& email = QStringLiteral("ops@acme.example"),
                                  Plan plan = Plan::Free,
                                  const QString& slug = {})
{
    CreateOrganizationRequest r;
    r.name = name;
    r.email = email;
    r.plan = plan;
    r.slug = slug;
    return r;
}

int organizationCount(Database& database)
{
    OrganizationService service(database);
    auto list = service.list();
    return list ? int(list->size()) : -1;
}

QList<AuditEvent> auditEvents(Database& database, const QString& action = {})
{
    AuditRepository audit(database);
    AuditFilter filter;
    filter.action = action;
    auto events = audit.list(filter);
    return events ? events.value() : QList<AuditEvent>();
}
} // namespace

class TestOrganizationService : public QObject
{
    Q_OBJECT

private slots:
    void createTakesPlanLimits_data();
    void createTakesPlanLimits();
    void slugIsDerivedFromName();
    void explicitSlugIsKept();
    void createRefusesBadInput_data();
    void createRefusesBadInput();
    void duplicateSlugIsAlreadyExists();
    void createWritesAuditEvent();
    void lookups();
    void planChangeBringsNewLimits();
    void overridesChangeOnlyTheirField();
    void planChangeWithOverride();
    void deactivateAndReactivate();
    void emptyUpdateIsAnError();
    void unchangedUpdateWritesNoAudit();
    void updateRefusesBadInput();
    void aKeyCapOfZeroAllowsNoNewKeys();
    void updateOfUnknownOrganizationIsNotFound();
    void updateWritesAuditEvent();
};

void TestOrganizationService::createTakesPlanLimits_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<int>("perMinute");
    QTest::addColumn<qint64>("perMonth");
    QTest::addColumn<int>("maxKeys");
    QTest::newRow("free") << Plan::Free << 10 << qint64(1000) << 2;
    QTest::newRow("pro") << Plan::Pro << 60 << qint64(100000) << 10;
    QTest::newRow("enterprise") << Plan::Enterprise << 300 << qint64(1000000) << 50;
}

void TestOrganizationService::createTakesPlanLimits()
{
    QFETCH(Plan, plan);
    QFETCH(int, perMinute);
    QFETCH(qint64, perMonth);
    QFETCH(int, maxKeys);
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created
        = service.create(request(QStringLiteral("Acme Corp"), QStringLiteral("ops@acme.example"), plan), kActor);
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
    QVERIFY(!created->id.isNull());
    QCOMPARE(created->plan, plan);
    QCOMPARE(created->rateLimitPerMinute, perMinute);
    QCOMPARE(created->monthlyRequestLimit, perMonth);
    QCOMPARE(created->maxApiKeys, maxKeys);
    QVERIFY(created->isActive);
    QVERIFY(created->createdAt.isValid());

    // What was stored, not only what was returned.
    auto stored = service.getById(created->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->name, QStringLiteral("Acme Corp"));
    QCOMPARE(stored->email, QStringLiteral("ops@acme.example"));
    QCOMPARE(stored->plan, plan);
    QCOMPARE(stored->rateLimitPerMinute, perMinute);
    QCOMPARE(stored->monthlyRequestLimit, perMonth);
    QCOMPARE(stored->maxApiKeys, maxKeys);
    QVERIFY(stored->isActive);
}

void TestOrganizationService::slugIsDerivedFromName()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("  Acme Corp. (EU) ")), kActor);
    QVERIFY(created.ok());
    QCOMPARE(created->slug, QStringLiteral("acme-corp-eu"));
    QCOMPARE(created->name, QStringLiteral("Acme Corp. (EU)"));
    auto bySlug = service.getBySlug(QStringLiteral("acme-corp-eu"));
    QVERIFY(bySlug.ok());
    QCOMPARE(bySlug->id, created->id);

    auto accented = service.create(request(QStringLiteral("Café Zürich")), kActor);
    QVERIFY(accented.ok());
    QCOMPARE(accented->slug, QStringLiteral("cafe-zurich"));
}

void TestOrganizationService::explicitSlugIsKept()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(
        request(QStringLiteral("Acme Corp"), QStringLiteral("a@b.example"), Plan::Pro, QStringLiteral("acme")), kActor);
    QVERIFY(created.ok());
    QCOMPARE(created->slug, QStringLiteral("acme"));
}

void TestOrganizationService::createRefusesBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("slug");
    const QString email = QStringLiteral("ops@acme.example");
    QTest::newRow("empty name") << QString() << email << QString();
    QTest::newRow("blank name") << QStringLiteral("   ") << email << QString();
    QTest::newRow("oversized name") << QString(256, u'a') << email << QString();
    QTest::newRow("name with newline") << QStringLiteral("Acme\nCorp") << email << QString();
    QTest::newRow("empty email") << QStringLiteral("Acme") << QString() << QString();
    QTest::newRow("email without at") << QStringLiteral("Acme") << QStringLiteral("ops.acme.example") << QString();
    QTest::newRow("email without domain dot") << QStringLiteral("Acme") << QStringLiteral("ops@localhost") << QString();
    QTest::newRow("email with space") << QStringLiteral("Acme") << QStringLiteral("o ps@acme.example") << QString();
    QTest::newRow("upper-case slug") << QStringLiteral("Acme") << email << QStringLiteral("Acme");
    QTest::newRow("slug with space") << QStringLiteral("Acme") << email << QStringLiteral("acme corp");
    QTest::newRow("slug double hyphen") << QStringLiteral("Acme") << email << QStringLiteral("acme--corp");
    QTest::newRow("slug leading hyphen") << QStringLiteral("Acme") << email << QStringLiteral("-acme");
    QTest::newRow("slug too long") << QStringLiteral("Acme") << email << QString(65, u'a');
    QTest::newRow("no slug derivable") << QStringLiteral("!!!") << email << QString();
}

void TestOrganizationService::createRefusesBadInput()
{
    QFETCH(QString, name);
    QFETCH(QString, email);
    QFETCH(QString, slug);
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(name, email, Plan::Free, slug), kActor);
    QVERIFY(!created.ok());
    QCOMPARE(created.code(), ErrorCode::InvalidInput);
    QVERIFY(!created.error().message.isEmpty());
    QCOMPARE(organizationCount(testDb.database()), 0);
    QCOMPARE(auditEvents(testDb.database()).size(), 0);
}

void TestOrganizationService::duplicateSlugIsAlreadyExists()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto first = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(first.ok());
    // Same derived slug from a different spelling, and an explicit duplicate.
    auto derived = service.create(request(QStringLiteral("ACME!"), QStringLiteral("other@acme.example")), kActor);
    QVERIFY(!derived.ok());
    QCOMPARE(derived.code(), ErrorCode::AlreadyExists);
    QVERIFY(derived.error().message.contains(QStringLiteral("acme")));
    auto explicitSlug = service.create(
        request(QStringLiteral("Another"), QStringLiteral("x@y.example"), Plan::Pro, QStringLiteral("acme")), kActor);
    QCOMPARE(explicitSlug.code(), ErrorCode::AlreadyExists);

    QCOMPARE(organizationCount(testDb.database()), 1);
    QCOMPARE(auditEvents(testDb.database()).size(), 1);
    auto stored = service.getBySlug(QStringLiteral("acme"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->id, first->id);
    QCOMPARE(stored->email, QStringLiteral("ops@acme.example"));

    // The failed attempts did not leave the connection unusable (PostgreSQL aborts a
    // transaction on a constraint violation).
    auto next = service.create(request(QStringLiteral("Beta")), kActor);
    QVERIFY2(next.ok(), qPrintable(next.ok() ? QString() : next.error().message));
    QCOMPARE(organizationCount(testDb.database()), 2);
}

void TestOrganizationService::createWritesAuditEvent()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created
        = service.create(request(QStringLiteral("Acme"), QStringLiteral("ops@acme.example"), Plan::Pro), kActor);
    QVERIFY(created.ok());
    const auto events = auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgCreated));
    QCOMPARE(events.size(), 1);
    const AuditEvent& event = events.first();
    QCOMPARE(event.action, QStringLiteral("org.created"));
    QCOMPARE(event.actor, kActor);
    QCOMPARE(event.organizationId, created->id);
    QVERIFY(event.keyId.isNull());
    QVERIFY(event.timestamp.isValid());
    QCOMPARE(event.details.value(QStringLiteral("slug")).toString(), QStringLiteral("acme"));
    QCOMPARE(event.details.value(QStringLiteral("plan")).toString(), QStringLiteral("pro"));
}

void TestOrganizationService::lookups()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    QVERIFY(service.create(request(QStringLiteral("Beta")), kActor).ok());
    QVERIFY(service.create(request(QStringLiteral("Alpha")), kActor).ok());
    auto list = service.list();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 2);
    QStringList slugs;
    for (const Organization& o : list.value())
        slugs << o.slug;
    slugs.sort();
    QCOMPARE(slugs, (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));

    QCOMPARE(service.getBySlug(QStringLiteral("gamma")).code(), ErrorCode::NotFound);
    QCOMPARE(service.getBySlug(QStringLiteral("Not A Slug")).code(), ErrorCode::NotFound);
    QCOMPARE(service.getById(QUuid::createUuid()).code(), ErrorCode::NotFound);
}

void TestOrganizationService::planChangeBringsNewLimits()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    OrganizationUpdate change;
    change.plan = Plan::Enterprise;
    auto updated = service.update(created->id, change, kActor);
    QVERIFY2(updated.ok(), qPrintable(updated.ok() ? QString() : updated.error().message));
    QCOMPARE(updated->plan, Plan::Enterprise);
    QCOMPARE(updated->rateLimitPerMinute, 300);
    QCOMPARE(updated->monthlyRequestLimit, qint64(1000000));
    QCOMPARE(updated->maxApiKeys, 50);

    auto stored = service.getById(created->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->plan, Plan::Enterprise);
    QCOMPARE(stored->rateLimitPerMinute, 300);
    QCOMPARE(stored->monthlyRequestLimit, qint64(1000000));
    QCOMPARE(stored->maxApiKeys, 50);
    QCOMPARE(stored->name, QStringLiteral("Acme"));
    QCOMPARE(stored->slug, QStringLiteral("acme"));

    change.plan = Plan::Pro;
    updated = service.update(created->id, change, kActor);
    QVERIFY(updated.ok());
    QCOMPARE(updated->rateLimitPerMinute, 60);
    QCOMPARE(updated->monthlyRequestLimit, qint64(100000));
    QCOMPARE(updated->maxApiKeys, 10);
}

void TestOrganizationService::overridesChangeOnlyTheirField()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());

    OrganizationUpdate rate;
    rate.rateLimitPerMinute = 25;
    auto updated = service.update(created->id, rate, kActor);
    QVERIFY(updated.ok());
    QCOMPARE(updated->rateLimitPerMinute, 25);
    QCOMPARE(updated->monthlyRequestLimit, qint64(1000));
    QCOMPARE(updated->maxApiKeys, 2);
    QCOMPARE(updated->plan, Plan::Free);

    OrganizationUpdate monthly;
    monthly.monthlyRequestLimit = 5000000000LL; // beyond 32 bits
    updated = service.update(created->id, monthly, kActor);
    QVERIFY(updated.ok());
    OrganizationUpdate keys;
    keys.maxApiKeys = 7;
    updated = service.update(created->id, keys, kActor);
    QVERIFY(updated.ok());
    OrganizationUpdate rename;
    rename.name = QStringLiteral("Acme Renamed");
    rename.email = QStringLiteral("new@acme.example");
    updated = service.update(created->id, rename, kActor);
    QVERIFY(updated.ok());

    auto stored = service.getById(created->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->rateLimitPerMinute, 25);
    QCOMPARE(stored->monthlyRequestLimit, 5000000000LL);
    QCOMPARE(stored->maxApiKeys, 7);
    QCOMPARE(stored->name, QStringLiteral("Acme Renamed"));
    QCOMPARE(stored->email, QStringLiteral("new@acme.example"));
    QCOMPARE(stored->slug, QStringLiteral("acme")); // the slug never follows the name
    QCOMPARE(stored->plan, Plan::Free);
    QVERIFY(stored->updatedAt >= stored->createdAt);
}

void TestOrganizationService::planChangeWithOverride()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    OrganizationUpdate change;
    change.plan = Plan::Pro;
    change.rateLimitPerMinute = 99;
    auto updated = service.update(created->id, change, kActor);
    QVERIFY(updated.ok());
    QCOMPARE(updated->plan, Plan::Pro);
    QCOMPARE(updated->rateLimitPerMinute, 99); // the override wins over the plan's 60
    QCOMPARE(updated->monthlyRequestLimit, qint64(100000));
    QCOMPARE(updated->maxApiKeys, 10);
    auto stored = service.getById(created->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->rateLimitPerMinute, 99);
}

void TestOrganizationService::deactivateAndReactivate()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    OrganizationUpdate off;
    off.isActive = false;
    auto updated = service.update(created->id, off, kActor);
    QVERIFY(updated.ok());
    QVERIFY(!updated->isActive);
    auto stored = service.getById(created->id);
    QVERIFY(stored.ok());
    QVERIFY(!stored->isActive);

    OrganizationUpdate on;
    on.isActive = true;
    updated = service.update(created->id, on, kActor);
    QVERIFY(updated.ok());
    stored = service.getById(created->id);
    QVERIFY(stored->isActive);
}

void TestOrganizationService::emptyUpdateIsAnError()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    auto updated = service.update(created->id, OrganizationUpdate{}, kActor);
    QVERIFY(!updated.ok());
    QCOMPARE(updated.code(), ErrorCode::InvalidInput);
    QVERIFY(!updated.error().message.isEmpty());
    QCOMPARE(auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgUpdated)).size(), 0);
}

void TestOrganizationService::unchangedUpdateWritesNoAudit()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    const QDateTime updatedAt = service.getById(created->id)->updatedAt;
    OrganizationUpdate same;
    same.name = QStringLiteral("Acme");
    same.plan = Plan::Free;
    same.isActive = true;
    same.rateLimitPerMinute = 10;
    same.maxApiKeys = 2;
    auto updated = service.update(created->id, same, kActor);
    QVERIFY(updated.ok());
    QCOMPARE(updated->rateLimitPerMinute, 10);
    QCOMPARE(auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgUpdated)).size(), 0);
    QCOMPARE(auditEvents(testDb.database()).size(), 1); // only org.created
    QCOMPARE(service.getById(created->id)->updatedAt, updatedAt);
}

void TestOrganizationService::updateRefusesBadInput()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    QList<OrganizationUpdate> bad;
    {
        OrganizationUpdate u;
        u.name = QString();
        bad << u;
    }
    {
        OrganizationUpdate u;
        u.name = QString(300, u'x');
        bad << u;
    }
    {
        OrganizationUpdate u;
        u.email = QStringLiteral("not-an-email");
        bad << u;
    }
    {
        OrganizationUpdate u;
        u.rateLimitPerMinute = -1;
        bad << u;
    }
    {
        OrganizationUpdate u;
        u.monthlyRequestLimit = -5;
        bad << u;
    }
    // 0 would read as "none" to one person and "unlimited" to another: refused.
    {
        OrganizationUpdate u;
        u.rateLimitPerMinute = 0;
        bad << u;
    }
    {
        OrganizationUpdate u;
        u.monthlyRequestLimit = 0;
        bad << u;
    }
    {
        OrganizationUpdate u;
        u.maxApiKeys = -1;
        u.name = QStringLiteral("Fine Name"); // one bad field refuses the whole update
        bad << u;
    }
    for (const OrganizationUpdate& u : bad) {
        auto updated = service.update(created->id, u, kActor);
        QVERIFY(!updated.ok());
        QCOMPARE(updated.code(), ErrorCode::InvalidInput);
        if (u.rateLimitPerMinute || u.monthlyRequestLimit)
            QVERIFY2(updated.error().message.contains(QStringLiteral("deactivate")),
                     qPrintable(updated.error().message));
    }
    auto stored = service.getById(created->id);
    QVERIFY(stored.ok());
    QCOMPARE(stored->name, QStringLiteral("Acme"));
    QCOMPARE(stored->email, QStringLiteral("ops@acme.example"));
    QCOMPARE(stored->rateLimitPerMinute, 10);
    QCOMPARE(stored->maxApiKeys, 2);
    QCOMPARE(auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgUpdated)).size(), 0);
}

void TestOrganizationService::aKeyCapOfZeroAllowsNoNewKeys()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    OrganizationUpdate freeze;
    freeze.maxApiKeys = 0;
    auto updated = service.update(created->id, freeze, kActor);
    QVERIFY(updated.ok());
    QCOMPARE(updated->maxApiKeys, 0);
    ApiKeyService keys(testDb.database());
    CreateKeyRequest key;
    key.organizationId = created->id;
    key.name = QStringLiteral("ci");
    auto refused = keys.createKey(key, kActor);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.code(), ErrorCode::KeyLimitReached);
}

void TestOrganizationService::updateOfUnknownOrganizationIsNotFound()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    OrganizationUpdate change;
    change.isActive = false;
    auto updated = service.update(QUuid::createUuid(), change, kActor);
    QCOMPARE(updated.code(), ErrorCode::NotFound);
    QCOMPARE(auditEvents(testDb.database()).size(), 0);
}

void TestOrganizationService::updateWritesAuditEvent()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    OrganizationService service(testDb.database());
    auto created = service.create(request(QStringLiteral("Acme")), kActor);
    QVERIFY(created.ok());
    OrganizationUpdate change;
    change.plan = Plan::Pro;
    change.isActive = false;
    const QString actor = QStringLiteral("support:alice");
    QVERIFY(service.update(created->id, change, actor).ok());

    const auto events = auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgUpdated));
    QCOMPARE(events.size(), 1);
    const AuditEvent& event = events.first();
    QCOMPARE(event.action, QStringLiteral("org.updated"));
    QCOMPARE(event.actor, actor);
    QCOMPARE(event.organizationId, created->id);
    QCOMPARE(event.details.value(QStringLiteral("slug")).toString(), QStringLiteral("acme"));
    const QJsonObject changes = event.details.value(QStringLiteral("changes")).toObject();
    QCOMPARE(changes.value(QStringLiteral("plan")).toObject().value(QStringLiteral("from")).toString(),
             QStringLiteral("free"));
    QCOMPARE(changes.value(QStringLiteral("plan")).toObject().value(QStringLiteral("to")).toString(),
             QStringLiteral("pro"));
    QCOMPARE(changes.value(QStringLiteral("is_active")).toObject().value(QStringLiteral("to")).toBool(), false);
    QCOMPARE(changes.value(QStringLiteral("rate_limit_per_minute")).toObject().value(QStringLiteral("to")).toInt(), 60);
    QCOMPARE(changes.value(QStringLiteral("max_api_keys")).toObject().value(QStringLiteral("from")).toInt(), 2);
    QVERIFY(!changes.contains(QStringLiteral("name")));

    // A plan and a limit in one change: the limit wins, and the audit row says what the
    // row held before (the old plan's 10 per minute), not the new plan's default.
    OrganizationUpdate both;
    both.plan = Plan::Enterprise;
    both.rateLimitPerMinute = 7;
    auto other = service.create(request(QStringLiteral("Beta")), kActor);
    QVERIFY(other.ok());
    QCOMPARE(other->rateLimitPerMinute, 10);
    auto updated = service.update(other->id, both, actor);
    QVERIFY(updated.ok());
    QCOMPARE(updated->rateLimitPerMinute, 7);
    QCOMPARE(updated->maxApiKeys, Plans::limits(Plan::Enterprise).maxApiKeys);
    const auto after = auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgUpdated));
    QCOMPARE(after.size(), 2);
    const AuditEvent& latest = after.first().organizationId == other->id ? after.first() : after.last();
    const QJsonObject rate = latest.details.value(QStringLiteral("changes"))
                                 .toObject()
                                 .value(QStringLiteral("rate_limit_per_minute"))
                                 .toObject();
    QCOMPARE(rate.value(QStringLiteral("from")).toInt(), 10);
    QCOMPARE(rate.value(QStringLiteral("to")).toInt(), 7);
    // A limit set back to what it was is no change.
    OrganizationUpdate same;
    same.plan = Plan::Free;
    same.rateLimitPerMinute = 7;
    QVERIFY(service.update(other->id, same, actor).ok());
    const auto third = auditEvents(testDb.database(), QString::fromLatin1(AuditActions::OrgUpdated));
    QCOMPARE(third.size(), 3);
    for (const AuditEvent& event : third) {
        const QJsonObject changes = event.details.value(QStringLiteral("changes")).toObject();
        if (event.organizationId == other->id
            && changes.value(QStringLiteral("plan")).toObject().value(QStringLiteral("to")) == QStringLiteral("free"))
            QVERIFY(!changes.contains(QStringLiteral("rate_limit_per_minute")));
    }
}

QTEST_GUILESS_MAIN(TestOrganizationService)
#include "TestOrganizationService.moc"
