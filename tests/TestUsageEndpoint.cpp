// UsageEndpoint::route() and UsageEndpointBudget: how usage rollups and /metrics name an
// endpoint, and the bound on the endpoints one key adds to the rollup a day.
#include "UsageEndpoint.h"

#include <QTest>

class TestUsageEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void readsIdentifiersAsId_data();
    void readsIdentifiersAsId();
    void anUnchangedPathIsNotCopied();
    void boundsTheEndpointsOfAKeyADay();
    void aNewDayStartsAFreshBudget();
};

void TestUsageEndpoint::readsIdentifiersAsId_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("route");
    QTest::newRow("a route of the validator") << QStringLiteral("/v1/verify") << QStringLiteral("/v1/verify");
    QTest::newRow("an agent run") << QStringLiteral("/v1/agents/summarizer-2/run")
                                  << QStringLiteral("/v1/agents/summarizer-2/run");
    QTest::newRow("a number") << QStringLiteral("/orders/42") << QStringLiteral("/orders/{id}");
    QTest::newRow("numbers, nested") << QStringLiteral("/orgs/7/orders/42/items")
                                     << QStringLiteral("/orgs/{id}/orders/{id}/items");
    QTest::newRow("a UUID") << QStringLiteral("/users/5d0c8a9e-4f1b-4c8e-9a55-0e3c2b1d7f60/keys")
                            << QStringLiteral("/users/{id}/keys");
    QTest::newRow("an object id (24 hex)")
        << QStringLiteral("/docs/507f1f77bcf86cd799439011") << QStringLiteral("/docs/{id}");
    QTest::newRow("an opaque id") << QStringLiteral("/customers/cus_9s6XKzkNRiz8i3aB")
                                  << QStringLiteral("/customers/{id}");
    QTest::newRow("a word") << QStringLiteral("/users/alice") << QStringLiteral("/users/alice");
    QTest::newRow("a version") << QStringLiteral("/v2/items") << QStringLiteral("/v2/items");
    QTest::newRow("a long word without digits")
        << QStringLiteral("/internationalization/settings") << QStringLiteral("/internationalization/settings");
    QTest::newRow("short hex word") << QStringLiteral("/cafe/beef") << QStringLiteral("/cafe/beef");
    QTest::newRow("trailing slash") << QStringLiteral("/orders/42/") << QStringLiteral("/orders/{id}/");
    QTest::newRow("empty segments") << QStringLiteral("//42//") << QStringLiteral("//{id}//");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("/");
    QTest::newRow("a number alone") << QStringLiteral("123") << QStringLiteral("{id}");
    QTest::newRow("a masked key is left as masked")
        << QStringLiteral("/keys/pk_live_abcd…wxyz") << QStringLiteral("/keys/pk_live_abcd…wxyz");
    QTest::newRow("a UUID one short is still an opaque id")
        << QStringLiteral("/u/5d0c8a9e-4f1b-4c8e-9a55-0e3c2b1d7f6") << QStringLiteral("/u/{id}");
    QTest::newRow("a word with a number, short")
        << QStringLiteral("/api/oauth2/token") << QStringLiteral("/api/oauth2/token");
}

void TestUsageEndpoint::readsIdentifiersAsId()
{
    QFETCH(QString, path);
    QFETCH(QString, route);
    QCOMPARE(UsageEndpoint::route(path), route);
}

void TestUsageEndpoint::anUnchangedPathIsNotCopied()
{
    // /metrics counts every recorded request through route(): the usual path costs no copy.
    const QString path = QStringLiteral("/v1/verify");
    QVERIFY(UsageEndpoint::route(path).constData() == path.constData());
}

void TestUsageEndpoint::boundsTheEndpointsOfAKeyADay()
{
    UsageEndpointBudget budget;
    const QDate day(2026, 11, 28);
    const QUuid key = QUuid::createUuid();
    for (int i = 0; i < UsageEndpointBudget::MaxPerKeyPerDay; ++i) {
        const QString route = QStringLiteral("/search/term%1").arg(i);
        QCOMPARE(budget.admit(day, key, route), route);
    }
    QCOMPARE(budget.admit(day, key, QStringLiteral("/search/one-too-many")), UsageEndpointBudget::other());
    // What the key already has keeps its own row.
    QCOMPARE(budget.admit(day, key, QStringLiteral("/search/term7")), QStringLiteral("/search/term7"));
    // Another key has a budget of its own.
    QCOMPARE(budget.admit(day, QUuid::createUuid(), QStringLiteral("/search/one-too-many")),
             QStringLiteral("/search/one-too-many"));
}

void TestUsageEndpoint::aNewDayStartsAFreshBudget()
{
    UsageEndpointBudget budget;
    const QDate day(2026, 11, 28);
    const QUuid key = QUuid::createUuid();
    for (int i = 0; i < UsageEndpointBudget::MaxPerKeyPerDay; ++i)
        budget.admit(day, key, QStringLiteral("/e/%1x").arg(i));
    QCOMPARE(budget.admit(day.addDays(1), key, QStringLiteral("/late")), QStringLiteral("/late"));
    // A batch straddling midnight: the day before keeps its full budget.
    QCOMPARE(budget.admit(day, key, QStringLiteral("/late")), UsageEndpointBudget::other());
    QCOMPARE(budget.admit(day, key, QStringLiteral("/e/3x")), QStringLiteral("/e/3x"));
}

QTEST_GUILESS_MAIN(TestUsageEndpoint)
#include "TestUsageEndpoint.moc"
