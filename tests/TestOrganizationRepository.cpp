#include "OrganizationRepository.h"
#include "SqlQuery.h"
#include "TestDatabase.h"

#include <QTest>
#include <QTimeZone>

namespace {

QDateTime utc(const char* iso)
{
    QDateTime time = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    Q_ASSERT(time.isValid());
    return time;
}

Organization makeOrganization(const QString& slug, Plan plan = Plan::Free)
{
    Organization o;
    o.id = QUuid::createUuid();
    o.name = QStringLiteral("Org ") + slug;
    o.slug = slug;
    o.email = slug + QStringLiteral("@example.com");
    o.plan = plan;
    o.isActive = true;
    o.createdAt = utc("2024-03-05T10:11:12.345Z");
    o.updatedAt = o.createdAt;
    const PlanLimits limits = Plans::limits(plan);
    o.monthlyRequestLimit = limits.monthlyRequestLimit;
    o.rateLimitPerMinute = limits.rateLimitPerMinute;
    o.maxApiKeys = limits.maxApiKeys;
    return o;
}

void compareOrganizations(const Organization& actual, const Organization& expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.slug, expected.slug);
    QCOMPARE(actual.email, expected.email);
    QCOMPARE(actual.plan, expected.plan);
    QCOMPARE(actual.isActive, expected.isActive);
    QCOMPARE(actual.createdAt, expected.createdAt);
    QCOMPARE(actual.updatedAt, expected.updatedAt);
    QCOMPARE(actual.createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(actual.updatedAt.timeSpec(), Qt::UTC);
    QCOMPARE(actual.monthlyRequestLimit, expected.monthlyRequestLimit);
    QCOMPARE(actual.rateLimitPerMinute, expected.rateLimitPerMinute);
    QCOMPARE(actual.maxApiKeys, expected.maxApiKeys);
}

} // namespace

// Evaluates `expr` once (it may have side effects, like a downgrade) and fails with its message.
#define KW_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto& kwResult_ = (expr);                                                                                \
        QVERIFY2(kwResult_.ok(), qPrintable(kwResult_.ok() ? QString() : kwResult_.error().message));                  \
    } while (false)

class TestOrganizationRepository : public QObject
{
    Q_OBJECT

private slots:
    void createAndReadBack_data();
    void createAndReadBack();
    void timesRoundTripInUtcWithMilliseconds();
    void lookups();
    void notFound();
    void duplicateSlugIsAlreadyExists();
    void duplicateIdIsAlreadyExists();
    void invalidRowIsADatabaseError();
    void listOrderLimitOffset();
    void count();
    void updateWritesMutableColumns();
    void updateOfUnknownIdIsNotFound();
    void storedTimesAreUtcText();
};

void TestOrganizationRepository::createAndReadBack_data()
{
    QTest::addColumn<Plan>("plan");
    QTest::addColumn<bool>("active");
    QTest::addColumn<QString>("name");
    QTest::newRow("free, active") << Plan::Free << true << QStringLiteral("Acme Corp.");
    QTest::newRow("pro, inactive") << Plan::Pro << false << QString::fromUtf8("Ünïcode Straße GmbH");
    QTest::newRow("enterprise, cjk") << Plan::Enterprise << true << QString::fromUtf8("株式会社テスト 🚀");
    QTest::newRow("quotes") << Plan::Free << true << QStringLiteral("O'Brien \"Quoted\" & Sons; DROP TABLE x");
}

void TestOrganizationRepository::createAndReadBack()
{
    QFETCH(Plan, plan);
    QFETCH(bool, active);
    QFETCH(QString, name);
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    Organization o = makeOrganization(QStringLiteral("acme"), plan);
    o.name = name;
    o.isActive = active;
    KW_VERIFY_OK(repository.create(o));
    auto loaded = repository.getById(o.id);
    KW_VERIFY_OK(loaded);
    compareOrganizations(loaded.value(), o);
}

void TestOrganizationRepository::timesRoundTripInUtcWithMilliseconds()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    const QList<QDateTime> times{
        utc("2024-03-05T10:11:12.345Z"),
        utc("2024-12-31T23:59:59.999Z"),
        utc("2025-01-01T00:00:00.001Z"),
        utc("1999-07-01T12:00:00.000Z"),
        // A time given in another zone is the same instant once read back (in UTC).
        QDateTime(QDate(2024, 6, 1), QTime(1, 30, 0, 250), QTimeZone(5 * 3600 + 1800)),
        QDateTime(QDate(2024, 11, 3), QTime(23, 0, 0, 7), QTimeZone(-7 * 3600)),
    };
    int i = 0;
    for (const QDateTime& time : times) {
        Organization o = makeOrganization(QStringLiteral("org-%1").arg(i++));
        o.createdAt = time;
        o.updatedAt = time.addMSecs(1);
        KW_VERIFY_OK(repository.create(o));
        auto loaded = repository.getBySlug(o.slug);
        KW_VERIFY_OK(loaded);
        QCOMPARE(loaded->createdAt, time);
        QCOMPARE(loaded->createdAt.toMSecsSinceEpoch(), time.toMSecsSinceEpoch());
        QCOMPARE(loaded->createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(loaded->createdAt.time().msec(), time.toUTC().time().msec());
        QCOMPARE(loaded->updatedAt.toMSecsSinceEpoch() - loaded->createdAt.toMSecsSinceEpoch(), qint64(1));
    }
}

void TestOrganizationRepository::lookups()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    const Organization a = makeOrganization(QStringLiteral("alpha"));
    const Organization b = makeOrganization(QStringLiteral("beta"), Plan::Pro);
    KW_VERIFY_OK(repository.create(a));
    KW_VERIFY_OK(repository.create(b));

    auto byId = repository.getById(b.id);
    KW_VERIFY_OK(byId);
    compareOrganizations(byId.value(), b);
    auto bySlug = repository.getBySlug(QStringLiteral("alpha"));
    KW_VERIFY_OK(bySlug);
    compareOrganizations(bySlug.value(), a);
    auto byEmail = repository.getByEmail(QStringLiteral("beta@example.com"));
    KW_VERIFY_OK(byEmail);
    compareOrganizations(byEmail.value(), b);
}

void TestOrganizationRepository::notFound()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    KW_VERIFY_OK(repository.create(makeOrganization(QStringLiteral("acme"))));

    auto byId = repository.getById(QUuid::createUuid());
    QVERIFY(!byId.ok());
    QCOMPARE(byId.code(), ErrorCode::NotFound);
    auto nullId = repository.getById(QUuid());
    QCOMPARE(nullId.code(), ErrorCode::NotFound);
    auto bySlug = repository.getBySlug(QStringLiteral("nope"));
    QCOMPARE(bySlug.code(), ErrorCode::NotFound);
    QVERIFY(bySlug.error().message.contains(QStringLiteral("nope")));
    // Lookups are exact: no case folding, no pattern matching, no injection.
    QCOMPARE(repository.getBySlug(QStringLiteral("ACME")).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getBySlug(QStringLiteral("acm%")).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getBySlug(QStringLiteral("x' OR '1'='1")).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getByEmail(QStringLiteral("nobody@example.com")).code(), ErrorCode::NotFound);
    QCOMPARE(repository.getByEmail(QString()).code(), ErrorCode::NotFound);
}

void TestOrganizationRepository::duplicateSlugIsAlreadyExists()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    const Organization first = makeOrganization(QStringLiteral("acme"));
    KW_VERIFY_OK(repository.create(first));
    Organization second = makeOrganization(QStringLiteral("acme"), Plan::Pro);
    second.name = QStringLiteral("Another Acme");
    second.email = QStringLiteral("other@example.com");
    const Status duplicate = repository.create(second);
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.code(), ErrorCode::AlreadyExists);
    QVERIFY2(duplicate.error().message.contains(QStringLiteral("acme")), qPrintable(duplicate.error().message));
    QCOMPARE(repository.count().value(), qint64(1));
    compareOrganizations(repository.getBySlug(QStringLiteral("acme")).value(), first);
    QCOMPARE(repository.getById(second.id).code(), ErrorCode::NotFound);
    // The same e-mail address under another slug is fine.
    Organization sameEmail = makeOrganization(QStringLiteral("acme-two"));
    sameEmail.email = first.email;
    KW_VERIFY_OK(repository.create(sameEmail));
}

void TestOrganizationRepository::duplicateIdIsAlreadyExists()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    const Organization first = makeOrganization(QStringLiteral("one"));
    KW_VERIFY_OK(repository.create(first));
    Organization second = makeOrganization(QStringLiteral("two"));
    second.id = first.id;
    QCOMPARE(repository.create(second).code(), ErrorCode::AlreadyExists);
    QCOMPARE(repository.count().value(), qint64(1));
}

void TestOrganizationRepository::invalidRowIsADatabaseError()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    Organization negative = makeOrganization(QStringLiteral("negative"));
    negative.rateLimitPerMinute = -1; // CHECK constraint on both engines
    const Status status = repository.create(negative);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::DatabaseError);
    QCOMPARE(repository.count().value(), qint64(0));
    // The connection is still usable afterwards.
    KW_VERIFY_OK(repository.create(makeOrganization(QStringLiteral("fine"))));
}

void TestOrganizationRepository::listOrderLimitOffset()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    auto empty = repository.list();
    KW_VERIFY_OK(empty);
    QVERIFY(empty->isEmpty());

    // Created out of order; listed by name, then slug.
    const QList<QPair<QString, QString>> rows{{QStringLiteral("delta"), QStringLiteral("Delta")},
                                              {QStringLiteral("alpha-2"), QStringLiteral("Alpha")},
                                              {QStringLiteral("charlie"), QStringLiteral("Charlie")},
                                              {QStringLiteral("alpha-1"), QStringLiteral("Alpha")},
                                              {QStringLiteral("bravo"), QStringLiteral("Bravo")}};
    for (const auto& [slug, name] : rows) {
        Organization o = makeOrganization(slug);
        o.name = name;
        KW_VERIFY_OK(repository.create(o));
    }
    auto all = repository.list();
    KW_VERIFY_OK(all);
    QStringList slugs;
    for (const Organization& o : all.value())
        slugs << o.slug;
    QCOMPARE(slugs,
             (QStringList{QStringLiteral("alpha-1"), QStringLiteral("alpha-2"), QStringLiteral("bravo"),
                          QStringLiteral("charlie"), QStringLiteral("delta")}));

    auto page = repository.list(2, 1);
    KW_VERIFY_OK(page);
    QCOMPARE(page->size(), 2);
    QCOMPARE(page->at(0).slug, QStringLiteral("alpha-2"));
    QCOMPARE(page->at(1).slug, QStringLiteral("bravo"));
    auto last = repository.list(10, 4);
    KW_VERIFY_OK(last);
    QCOMPARE(last->size(), 1);
    QCOMPARE(last->at(0).slug, QStringLiteral("delta"));
    auto beyond = repository.list(10, 5);
    KW_VERIFY_OK(beyond);
    QVERIFY(beyond->isEmpty());
    auto none = repository.list(0, 0);
    KW_VERIFY_OK(none);
    QVERIFY(none->isEmpty());
    // Every field of a listed row is read, not only the sort keys.
    compareOrganizations(all->at(4), repository.getBySlug(QStringLiteral("delta")).value());
}

void TestOrganizationRepository::count()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    QCOMPARE(repository.count().value(), qint64(0));
    for (int i = 0; i < 7; ++i)
        KW_VERIFY_OK(repository.create(makeOrganization(QStringLiteral("org-%1").arg(i))));
    auto count = repository.count();
    KW_VERIFY_OK(count);
    QCOMPARE(count.value(), qint64(7));
}

void TestOrganizationRepository::updateWritesMutableColumns()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    const Organization original = makeOrganization(QStringLiteral("acme"));
    const Organization bystander = makeOrganization(QStringLiteral("other"));
    KW_VERIFY_OK(repository.create(original));
    KW_VERIFY_OK(repository.create(bystander));

    Organization changed = original;
    changed.name = QString::fromUtf8("Acme Überarbeitet");
    changed.email = QStringLiteral("billing@acme.example");
    changed.plan = Plan::Enterprise;
    changed.isActive = false;
    changed.updatedAt = utc("2024-04-01T08:09:10.987Z");
    changed.monthlyRequestLimit = 1000000000000LL; // beyond 32 bits
    changed.rateLimitPerMinute = 0;
    changed.maxApiKeys = 100000;
    KW_VERIFY_OK(repository.update(changed));
    auto loaded = repository.getById(original.id);
    KW_VERIFY_OK(loaded);
    compareOrganizations(loaded.value(), changed);

    // Back to active: booleans go both ways.
    changed.isActive = true;
    KW_VERIFY_OK(repository.update(changed));
    QCOMPARE(repository.getById(original.id)->isActive, true);

    // The slug and the creation time are not rewritten by an update.
    Organization sneaky = changed;
    sneaky.slug = QStringLiteral("renamed");
    sneaky.createdAt = utc("2000-01-01T00:00:00.000Z");
    KW_VERIFY_OK(repository.update(sneaky));
    loaded = repository.getById(original.id);
    QCOMPARE(loaded->slug, QStringLiteral("acme"));
    QCOMPARE(loaded->createdAt, original.createdAt);
    QCOMPARE(repository.getBySlug(QStringLiteral("renamed")).code(), ErrorCode::NotFound);

    // Other rows are untouched.
    compareOrganizations(repository.getById(bystander.id).value(), bystander);
}

void TestOrganizationRepository::updateOfUnknownIdIsNotFound()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    KW_VERIFY_OK(repository.create(makeOrganization(QStringLiteral("acme"))));
    const Organization ghost = makeOrganization(QStringLiteral("ghost"));
    const Status status = repository.update(ghost);
    QVERIFY(!status.ok());
    QCOMPARE(status.code(), ErrorCode::NotFound);
    QCOMPARE(repository.count().value(), qint64(1));
}

void TestOrganizationRepository::storedTimesAreUtcText()
{
    TestDatabase db;
    KW_REQUIRE_DB(db);
    OrganizationRepository repository(db.database());
    Organization o = makeOrganization(QStringLiteral("acme"));
    o.createdAt = QDateTime(QDate(2024, 6, 1), QTime(1, 30, 0, 250), QTimeZone(2 * 3600));
    KW_VERIFY_OK(repository.create(o));
    auto connection = db.database().connection();
    KW_VERIFY_OK(connection);
    // Ask the engine itself, so the instant is checked independently of the repository's reading.
    const QString sql = db.database().isPostgres()
        ? QStringLiteral(
            "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM organizations")
        : QStringLiteral("SELECT created_at FROM organizations");
    auto query = SqlQuery::exec(connection.value(), sql);
    KW_VERIFY_OK(query);
    QVERIFY(query->next());
    QCOMPARE(query->value(0).toString().left(23), QStringLiteral("2024-05-31T23:30:00.250"));
    if (!db.database().isPostgres())
        QCOMPARE(query->value(0).toString(), QStringLiteral("2024-05-31T23:30:00.250Z"));
}

QTEST_GUILESS_MAIN(TestOrganizationRepository)
#include "TestOrganizationRepository.moc"
