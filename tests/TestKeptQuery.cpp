// KeptQuery on both engines: a statement run again with new values, kept prepared (on
// PostgreSQL, one server-side statement for every run), a statement the database refuses
// reported and not kept, and, after the connection is lost, prepared again on the new one.
#include "Database.h"
#include "DatabaseUrl.h"
#include "KeptQuery.h"
#include "SqlQuery.h"
#include "TestDatabase.h"

#include <QTest>

#include <memory>

class TestKeptQuery : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void runsAgainWithNewValues();
    void staysPreparedBetweenRuns();
    void aRefusedStatementIsAnErrorEachTime();
    void isPreparedAgainAfterTheConnectionIsLost_data();
    void isPreparedAgainAfterTheConnectionIsLost();

private:
    QSqlDatabase connection() { return m_db->connection(); }
    // The labels KeptQuery `query` answers for `n`; "error" when it fails.
    QStringList labels(KeptQuery& query, int n);
    std::unique_ptr<TestDatabase> m_db;
};

namespace {
const QString kSelect = QStringLiteral("SELECT label FROM kept_probe WHERE n = ? ORDER BY label");
}

void TestKeptQuery::init()
{
    m_db = std::make_unique<TestDatabase>(false);
    KW_REQUIRE_DB(*m_db);
    QVERIFY(SqlQuery::exec(connection(), QStringLiteral("CREATE TABLE kept_probe (label TEXT, n INTEGER)")).ok());
    for (const auto& [label, n] : {std::pair{"one", 1}, std::pair{"two", 2}, std::pair{"also two", 2}})
        QVERIFY(SqlQuery::exec(connection(), QStringLiteral("INSERT INTO kept_probe (label, n) VALUES (?, ?)"),
                               {QString::fromLatin1(label), n})
                    .ok());
}

void TestKeptQuery::cleanup()
{
    m_db.reset();
}

QStringList TestKeptQuery::labels(KeptQuery& query, int n)
{
    auto q = query.exec(connection(), {n});
    if (!q)
        return {QStringLiteral("error")};
    QStringList found;
    while (q.value()->next())
        found << q.value()->value(0).toString();
    q.value()->finish();
    return found;
}

void TestKeptQuery::runsAgainWithNewValues()
{
    KeptQuery query(kSelect);
    QCOMPARE(labels(query, 1), QStringList{QStringLiteral("one")});
    QCOMPARE(labels(query, 2), (QStringList{QStringLiteral("also two"), QStringLiteral("two")}));
    QCOMPARE(labels(query, 99), QStringList());
    QCOMPARE(labels(query, 1), QStringList{QStringLiteral("one")});
    // A write between runs is seen.
    QVERIFY(SqlQuery::exec(connection(), QStringLiteral("UPDATE kept_probe SET n = 3 WHERE label = ?"),
                           {QStringLiteral("one")})
                .ok());
    QCOMPARE(labels(query, 1), QStringList());
    QCOMPARE(labels(query, 3), QStringList{QStringLiteral("one")});
}

// The point of keeping it: PostgreSQL holds one prepared statement, the same one for every
// run (a new QSqlQuery prepares under a new name and deallocates it).
void TestKeptQuery::staysPreparedBetweenRuns()
{
    if (TestDatabase::engine() != DatabaseEngine::PostgreSQL)
        QSKIP("SQLite prepares in process; the PostgreSQL run shows the statement kept");
    KeptQuery query(kSelect);
    const auto preparedNames = [this] {
        auto q = SqlQuery::exec(connection(),
                                QStringLiteral("SELECT name FROM pg_prepared_statements "
                                               "WHERE statement LIKE '%FROM kept_probe WHERE n%'"));
        QStringList names;
        while (q && q->next())
            names << q->value(0).toString();
        return names;
    };
    QCOMPARE(labels(query, 1), QStringList{QStringLiteral("one")});
    const QStringList first = preparedNames();
    QCOMPARE(first.size(), 1);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(labels(query, 2).size(), 2);
    QCOMPARE(preparedNames(), first);
}

void TestKeptQuery::aRefusedStatementIsAnErrorEachTime()
{
    KeptQuery query(QStringLiteral("SELECT label FROM no_such_table WHERE n = ?"));
    for (int i = 0; i < 2; ++i) {
        auto q = query.exec(connection(), {1});
        QVERIFY(!q.ok());
        QCOMPARE(q.code(), ErrorCode::DatabaseError);
    }
    // The connection is fine for the next statement.
    KeptQuery good(kSelect);
    QCOMPARE(labels(good, 1), QStringList{QStringLiteral("one")});
}

void TestKeptQuery::isPreparedAgainAfterTheConnectionIsLost_data()
{
    QTest::addColumn<bool>("keptQuerySeesTheLoss");
    QTest::newRow("the kept query sees the loss") << true;
    // The connection is then reopened in place, under the same name: the kept statement's
    // name means nothing to the new server session.
    QTest::newRow("another statement sees it first") << false;
}

void TestKeptQuery::isPreparedAgainAfterTheConnectionIsLost()
{
    if (TestDatabase::engine() != DatabaseEngine::PostgreSQL)
        QSKIP("an SQLite file does not go away under its process; the PostgreSQL run covers this");
    QFETCH(bool, keptQuerySeesTheLoss);
    KeptQuery query(kSelect);
    QCOMPARE(labels(query, 1), QStringList{QStringLiteral("one")});
    QCOMPARE(m_db->endSession(), QString());

    if (keptQuerySeesTheLoss) {
        auto lost = query.exec(connection(), {1});
        QVERIFY(!lost.ok());
        QVERIFY2(lost.code() == ErrorCode::Unavailable, qPrintable(lost.error().message));
    } else {
        auto lost = SqlQuery::exec(connection(), QStringLiteral("SELECT 1"));
        QVERIFY(!lost.ok());
        QCOMPARE(lost.code(), ErrorCode::Unavailable);
        auto reopened = SqlQuery::exec(connection(), QStringLiteral("SELECT 1"));
        QVERIFY(reopened.ok());
    }
    // The next run is on the new session, where the statement is prepared again.
    QCOMPARE(labels(query, 1), QStringList{QStringLiteral("one")});
    QCOMPARE(labels(query, 2).size(), 2);
}

QTEST_GUILESS_MAIN(TestKeptQuery)
#include "TestKeptQuery.moc"
