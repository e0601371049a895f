#include "ApiKeyService.h"
#include "DatabaseExecutor.h"
#include "OrganizationFilterProxyModel.h"
#include "OrganizationService.h"
#include "OrganizationTableModel.h"
#include "SharedDatabase.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestOrganizationTableModel : public QObject
{
    Q_OBJECT

private slots:
    void loadsCountsOfKeysAndRequests();
    void sortsByRawValuesNotText();
    void filtersByTextAndActivity();
    void reportsAnUnreachableDatabase();
};

namespace {
OrganizationRow row(const QString& name, int keysInUse, qint64 requests, bool active = true)
{
    OrganizationRow r;
    r.organization.id = QUuid::createUuid();
    r.organization.name = name;
    r.organization.slug = name.toLower();
    r.organization.email = name.toLower() + QStringLiteral("@example.com");
    r.organization.isActive = active;
    r.organization.maxApiKeys = 10;
    r.organization.monthlyRequestLimit = 1000;
    r.keysInUse = keysInUse;
    r.requestsThisMonth = requests;
    return r;
}
} // namespace

void TestOrganizationTableModel::loadsCountsOfKeysAndRequests()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization acme = TestFixtures::organization(db, QStringLiteral("acme"), Plan::Pro, QStringLiteral("Acme"));
    TestFixtures::organization(db, QStringLiteral("globex"), Plan::Free, QStringLiteral("Globex"));
    const CreatedKey first = TestFixtures::key(db, acme.id);
    const CreatedKey second = TestFixtures::key(db, acme.id);
    QVERIFY(ApiKeyService(db).revokeKey(second.key.id, QStringLiteral("test"), QStringLiteral("test")));
    QList<UsageRecord> usage;
    for (int i = 0; i < 7; ++i) {
        UsageRecord record;
        record.apiKeyId = first.key.id;
        record.organizationId = acme.id;
        record.timestamp = QDateTime::currentDateTimeUtc();
        record.endpoint = QStringLiteral("/v1/verify");
        record.method = QStringLiteral("GET");
        usage << record;
    }
    QVERIFY(UsageRepository(db).recordBatch(usage));

    OrganizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    DatabaseExecutor executor(sharedDatabase(db));
    QSignalSpy loaded(&model, &OrganizationTableModel::loaded);
    model.reload(executor);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2);
    const int acmeRow = model.rowOf(acme.id);
    QVERIFY(acmeRow >= 0);
    const OrganizationRow* loadedRow = model.rowAt(acmeRow);
    QCOMPARE(loadedRow->keysInUse, 1); // the revoked key does not count against the cap
    QCOMPARE(loadedRow->requestsThisMonth, 7);
    QCOMPARE(model.index(acmeRow, OrganizationTableModel::KeysColumn).data(OrganizationTableModel::SortRole).toInt(),
             1);
    QVERIFY(model.index(acmeRow, OrganizationTableModel::KeysColumn).data().toString().startsWith(u'1'));
    QCOMPARE(model.index(acmeRow, OrganizationTableModel::NameColumn).data().toString(), QStringLiteral("Acme"));
    QCOMPARE(model.index(acmeRow, OrganizationTableModel::PlanColumn).data().toString(), QStringLiteral("Pro"));
    QCOMPARE(model.index(acmeRow, 0).data(OrganizationTableModel::IdRole).toUuid(), acme.id);
    QVERIFY(!model.index(acmeRow, 0).data(Qt::DecorationRole).isValid());
    QVERIFY(model.headerData(OrganizationTableModel::RequestsColumn, Qt::Horizontal)
                .toString()
                .contains(QStringLiteral("Requests")));
    QVERIFY(executor.waitForIdle());
}

void TestOrganizationTableModel::sortsByRawValuesNotText()
{
    OrganizationTableModel model;
    OrganizationFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row(QStringLiteral("b"), 9, 100), row(QStringLiteral("a"), 10, 20), row(QStringLiteral("c"), 2, 3)});
    proxy.sort(OrganizationTableModel::KeysColumn, Qt::AscendingOrder);
    // As text "10" < "2" < "9"; as numbers 2 < 9 < 10.
    QCOMPARE(proxy.index(0, OrganizationTableModel::NameColumn).data().toString(), QStringLiteral("c"));
    QCOMPARE(proxy.index(2, OrganizationTableModel::NameColumn).data().toString(), QStringLiteral("a"));
    proxy.sort(OrganizationTableModel::RequestsColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, OrganizationTableModel::NameColumn).data().toString(), QStringLiteral("b"));
    proxy.sort(OrganizationTableModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, OrganizationTableModel::NameColumn).data().toString(), QStringLiteral("a"));
}

void TestOrganizationTableModel::filtersByTextAndActivity()
{
    OrganizationTableModel model;
    OrganizationFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row(QStringLiteral("Acme"), 1, 1), row(QStringLiteral("Globex"), 1, 1),
                   row(QStringLiteral("Initech"), 1, 1, false)});
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setSearchText(QStringLiteral("  ACME  "));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText(QStringLiteral("globex@example"));
    QCOMPARE(proxy.rowCount(), 1); // the email is searched too
    proxy.setSearchText(QStringLiteral("acme globex"));
    QCOMPARE(proxy.rowCount(), 0); // every word must match
    proxy.setSearchText(QString());
    proxy.setShowInactive(false);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearchText(QStringLiteral("initech"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setSearchText(QString(10000, u'\x01')); // hostile filter text: no match, no crash
    QCOMPARE(proxy.rowCount(), 0);
    // Inactive rows are greyed, not only hidden.
    model.setRows({row(QStringLiteral("Initech"), 1, 1, false)});
    QVERIFY(model.index(0, 0).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(0, OrganizationTableModel::ActiveColumn).data().toString(), QStringLiteral("Inactive"));
}

void TestOrganizationTableModel::reportsAnUnreachableDatabase()
{
    auto url = DatabaseUrl::parse(QStringLiteral("sqlite:///nonexistent-folder-kw/x.db"));
    QVERIFY(url);
    DatabaseExecutor executor(std::make_shared<Database>(url.value()));
    OrganizationTableModel model;
    QSignalSpy failed(&model, &OrganizationTableModel::loadFailed);
    model.reload(executor);
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("does not exist")));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestOrganizationTableModel)
#include "TestOrganizationTableModel.moc"
