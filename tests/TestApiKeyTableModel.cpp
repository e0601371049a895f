#include "ApiKeyFilterProxyModel.h"
#include "ApiKeyService.h"
#include "ApiKeyTableModel.h"
#include "DatabaseExecutor.h"
#include "SharedDatabase.h"
#include "TestDatabase.h"
#include "TestFixtures.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>

class TestApiKeyTableModel : public QObject
{
    Q_OBJECT

private slots:
    void loadsKeysWithStatusAndNeverTheFullKey();
    void statusesHaveTextAndColour();
    void sortsAndFilters();
    void dropsAnswersForAnOrganizationNoLongerShown();
};

namespace {
ApiKey key(const QString& name, const QDateTime& expires = {}, bool revoked = false, qint64 requests = 0)
{
    ApiKey k;
    k.id = QUuid::createUuid();
    k.keyPrefix = QStringLiteral("pk_live_") + name.left(4).leftJustified(4, u'x');
    k.keyHint = QStringLiteral("wxyz");
    k.name = name;
    k.createdAt = QDateTime::currentDateTimeUtc().addDays(-10);
    k.expiresAt = expires;
    if (revoked) {
        k.revokedAt = QDateTime::currentDateTimeUtc();
        k.revokedBy = QStringLiteral("desktop:alice");
        k.revokedReason = QStringLiteral("leaked");
    }
    k.scopes = {QStringLiteral("agents:run")};
    k.totalRequests = requests;
    return k;
}

QStringList everyValue(const QAbstractItemModel& model)
{
    QStringList values;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::UserRole + 1), int(Qt::UserRole + 4)})
                values << model.index(r, c).data(role).toString();
        }
    }
    return values;
}
} // namespace

void TestApiKeyTableModel::loadsKeysWithStatusAndNeverTheFullKey()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization org = TestFixtures::organization(db, QStringLiteral("acme"));
    const CreatedKey active
        = TestFixtures::key(db, org.id, {QStringLiteral("*")}, std::nullopt, QStringLiteral("live"));
    const CreatedKey revoked
        = TestFixtures::key(db, org.id, {QStringLiteral("*")}, std::nullopt, QStringLiteral("old"));
    QVERIFY(ApiKeyService(db).revokeKey(revoked.key.id, QStringLiteral("leaked"), QStringLiteral("desktop:test")));

    ApiKeyTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    DatabaseExecutor executor(sharedDatabase(db));
    QSignalSpy loaded(&model, &ApiKeyTableModel::loaded);
    model.reload(executor, org.id);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.organizationId(), org.id);
    const int activeRow = model.rowOf(active.key.id);
    const int revokedRow = model.rowOf(revoked.key.id);
    QCOMPARE(model.index(activeRow, ApiKeyTableModel::StatusColumn).data().toString(), QStringLiteral("Active"));
    QCOMPARE(model.index(revokedRow, ApiKeyTableModel::StatusColumn).data().toString(), QStringLiteral("Revoked"));
    QVERIFY(model.index(revokedRow, ApiKeyTableModel::StatusColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("leaked")));
    QCOMPARE(model.index(activeRow, ApiKeyTableModel::MaskedKeyColumn).data().toString(), active.key.maskedKey());
    QCOMPARE(model.index(activeRow, ApiKeyTableModel::LastUsedColumn).data().toString(), QStringLiteral("Never"));
    // No role of any cell holds a full key (or the hash).
    for (const QString& value : everyValue(model)) {
        QVERIFY(!value.contains(active.fullKey));
        QVERIFY(!value.contains(revoked.fullKey));
        QVERIFY(!value.contains(active.key.keyHash));
    }
}

void TestApiKeyTableModel::statusesHaveTextAndColour()
{
    ApiKeyTableModel model;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.setNow(now);
    model.setKeys(QUuid::createUuid(),
                  {key(QStringLiteral("a")), key(QStringLiteral("b"), now.addDays(3)),
                   key(QStringLiteral("c"), now.addDays(-1)), key(QStringLiteral("d"), {}, true)});
    const QStringList expected{QStringLiteral("Active"), QStringLiteral("Expiring soon"), QStringLiteral("Expired"),
                               QStringLiteral("Revoked")};
    QSet<QRgb> colours;
    for (int row = 0; row < 4; ++row) {
        const QModelIndex index = model.index(row, ApiKeyTableModel::StatusColumn);
        QCOMPARE(index.data().toString(), expected.at(row));
        colours << index.data(Qt::ForegroundRole).value<QBrush>().color().rgb();
    }
    QVERIFY(colours.size() >= 4 - 1); // expired and inactive may share grey; the rest differ
    // Moving the clock makes a key expire without reloading.
    model.setNow(now.addDays(4));
    QCOMPARE(model.index(1, ApiKeyTableModel::StatusColumn).data().toString(), QStringLiteral("Expired"));
}

void TestApiKeyTableModel::sortsAndFilters()
{
    ApiKeyTableModel model;
    ApiKeyFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.setKeys(QUuid::createUuid(),
                  {key(QStringLiteral("never"), {}, false, 9), key(QStringLiteral("soon"), now.addDays(3), false, 10),
                   key(QStringLiteral("later"), now.addDays(60), true, 100)});
    proxy.sort(ApiKeyTableModel::ExpiresColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, ApiKeyTableModel::NameColumn).data().toString(), QStringLiteral("soon"));
    QCOMPARE(proxy.index(2, ApiKeyTableModel::NameColumn).data().toString(), QStringLiteral("never"));
    proxy.sort(ApiKeyTableModel::RequestsColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, ApiKeyTableModel::NameColumn).data().toString(), QStringLiteral("later"));
    QCOMPARE(proxy.index(2, ApiKeyTableModel::NameColumn).data().toString(), QStringLiteral("never"));

    proxy.setStatusFilter(ApiKey::Status::Revoked);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, ApiKeyTableModel::NameColumn).data().toString(), QStringLiteral("later"));
    proxy.setStatusFilter(ApiKey::Status::ExpiringSoon);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setStatusFilter(std::nullopt);
    proxy.setSearchText(QStringLiteral("agents:run NEV"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText(QStringLiteral("pk_live_soon"));
    QCOMPARE(proxy.rowCount(), 1); // the masked key is searchable
    const QModelIndex source = proxy.mapToSource(proxy.index(0, 0));
    QCOMPARE(model.keyAt(source.row())->name, QStringLiteral("soon"));
}

void TestApiKeyTableModel::dropsAnswersForAnOrganizationNoLongerShown()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization a = TestFixtures::organization(db, QStringLiteral("a-org"));
    const Organization b = TestFixtures::organization(db, QStringLiteral("b-org"));
    TestFixtures::key(db, a.id);
    TestFixtures::key(db, a.id);
    TestFixtures::key(db, b.id);
    ApiKeyTableModel model;
    DatabaseExecutor executor(sharedDatabase(db));
    QSignalSpy loaded(&model, &ApiKeyTableModel::loaded);
    model.reload(executor, a.id);
    model.reload(executor, b.id); // the user clicked on, before A's keys arrived
    QVERIFY(loaded.wait(10000));
    QVERIFY(executor.waitForIdle());
    QCoreApplication::processEvents();
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(model.organizationId(), b.id);
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(TestApiKeyTableModel)
#include "TestApiKeyTableModel.moc"
