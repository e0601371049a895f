#include "ApiKeyService.h"
#include "AuditLogModel.h"
#include "DatabaseExecutor.h"
#include "OrganizationService.h"
#include "SharedDatabase.h"
#include "TestDatabase.h"
#include "TestFixtures.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestAuditLogModel : public QObject
{
    Q_OBJECT

private slots:
    void showsEventsNewestFirstWithNames();
    void filtersInTheQuery();
};

namespace {
Result<AuditPage> loadThrough(Database& db, const AuditFilter& filter, AuditLogModel& model)
{
    DatabaseExecutor executor(sharedDatabase(db));
    QSignalSpy loaded(&model, &AuditLogModel::loaded);
    model.reload(executor, filter);
    if (!loaded.wait(10000))
        return makeError(ErrorCode::Internal, QStringLiteral("no answer"));
    return AuditPage{};
}
} // namespace

void TestAuditLogModel::showsEventsNewestFirstWithNames()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization org = TestFixtures::organization(db, QStringLiteral("acme"), Plan::Pro, QStringLiteral("Acme"));
    const CreatedKey created = TestFixtures::key(db, org.id);
    QVERIFY(ApiKeyService(db).revokeKey(created.key.id, QStringLiteral("leaked, \"badly\""),
                                        QStringLiteral("desktop:alice")));

    AuditLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(loadThrough(db, {}, model));
    QCOMPARE(model.rowCount(), 3); // org.created, key.created, key.revoked
    QCOMPARE(model.eventAt(0)->action, QStringLiteral("key.revoked"));
    QCOMPARE(model.index(0, AuditLogModel::ActionColumn).data().toString(), QStringLiteral("Key revoked"));
    QCOMPARE(model.index(0, AuditLogModel::ActorColumn).data().toString(), QStringLiteral("desktop:alice"));
    QCOMPARE(model.index(0, AuditLogModel::OrganizationColumn).data().toString(), QStringLiteral("Acme"));
    QCOMPARE(model.index(0, AuditLogModel::KeyColumn).data().toString(), created.key.maskedKey());
    QVERIFY(model.index(0, AuditLogModel::DetailsColumn).data().toString().contains(QStringLiteral("leaked")));
    QCOMPARE(model.eventAt(2)->action, QStringLiteral("org.created"));
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c)
            QVERIFY(!model.index(r, c).data().toString().contains(created.fullKey));
    }
}

void TestAuditLogModel::filtersInTheQuery()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization a = TestFixtures::organization(db, QStringLiteral("a-org"));
    const Organization b = TestFixtures::organization(db, QStringLiteral("b-org"));
    TestFixtures::key(db, a.id);
    TestFixtures::key(db, b.id);

    AuditLogModel model;
    AuditFilter byAction;
    byAction.action = QStringLiteral("key.created");
    QVERIFY(loadThrough(db, byAction, model));
    QCOMPARE(model.rowCount(), 2);

    AuditFilter byOrganization;
    byOrganization.organizationId = b.id;
    QVERIFY(loadThrough(db, byOrganization, model));
    QCOMPARE(model.rowCount(), 2); // b's org.created and key.created
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.eventAt(r)->organizationId, b.id);

    AuditFilter hostile;
    hostile.actor = QStringLiteral("x' OR '1'='1");
    QVERIFY(loadThrough(db, hostile, model));
    QCOMPARE(model.rowCount(), 0); // bound values: no injection

    AuditFilter future;
    future.since = QDateTime::currentDateTimeUtc().addDays(1);
    QVERIFY(loadThrough(db, future, model));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestAuditLogModel)
#include "TestAuditLogModel.moc"
