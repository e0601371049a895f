// PostgresWire on a real PostgreSQL: parameters that stay values, COPY rows that arrive as
// they were sent, errors that name no value, a lost connection reported as an outage, and
// the QPSQL connection still usable afterwards. PostgreSQL only: it is PostgreSQL's wire.
#include "CopyTextRows.h"
#include "Database.h"
#include "DatabaseUrl.h"
#include "PostgresWire.h"
#include "SqlQuery.h"
#include "TestDatabase.h"
#include "Transaction.h"

#include <QTest>

#include <memory>

class TestPostgresWire : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void queryKeepsParametersAsValues();
    void copiedRowsArriveAsSent();
    void aRefusedCopyNamesNoValueAndLeavesTheConnectionUsable();
    void aRolledBackCopyLeavesNothing();
    void aLostConnectionIsAnOutage();

private:
    QSqlDatabase connection() { return m_db->connection(); }
    QStringList texts();
    std::unique_ptr<TestDatabase> m_db;
};

namespace {
const char* const kCopy = "COPY wire_probe (label, amount) FROM STDIN";
const QString kSecret = QStringLiteral("pk_live_wireprobe_0123456789abcdefghijklmnopqrstuv");

// One wire_probe row in COPY's text format.
QByteArray probeRow(QStringView label, qint64 amount)
{
    CopyTextRows row;
    row.appendText(label);
    row.appendNumber(amount);
    row.endRow();
    return row.data();
}
} // namespace

void TestPostgresWire::initTestCase()
{
    if (TestDatabase::engine() != DatabaseEngine::PostgreSQL)
        QFAIL("registered for PostgreSQL only: run with KEYWARDEN_TEST_ENGINE=postgresql");
}

void TestPostgresWire::init()
{
    m_db = std::make_unique<TestDatabase>(false);
    KW_REQUIRE_DB(*m_db);
    QVERIFY(
        SqlQuery::exec(connection(), QStringLiteral("CREATE TABLE wire_probe (label TEXT, amount INTEGER NOT NULL)"))
            .ok());
}

void TestPostgresWire::cleanup()
{
    m_db.reset();
}

QStringList TestPostgresWire::texts()
{
    QStringList labels;
    auto q = SqlQuery::exec(connection(), QStringLiteral("SELECT label, amount FROM wire_probe ORDER BY amount"));
    while (q && q->next())
        labels << (q->value(0).isNull() ? QStringLiteral("<null>") : q->value(0).toString());
    return labels;
}

void TestPostgresWire::queryKeepsParametersAsValues()
{
    const QByteArray hostile("1'); DROP TABLE wire_probe; --");
    const auto rows = PostgresWire::query(connection(), "SELECT $1::text, $2::text, 1 + $3::integer",
                                          {hostile, QByteArray(), QByteArray("41")});
    QVERIFY2(rows.ok(), rows.ok() ? "" : qPrintable(rows.error().message));
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().value(0), hostile);
    QVERIFY(rows->first().value(1).isNull());
    QCOMPARE(rows->first().value(2), QByteArray("42"));
    // The table is still there, and QPSQL still works on the connection.
    QCOMPARE(texts(), QStringList());

    const auto refused = PostgresWire::query(connection(), "SELECT $1::integer", {kSecret.toLatin1()});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::DatabaseError);
    QVERIFY2(!refused.error().message.contains(kSecret), qPrintable(refused.error().message));
    QVERIFY2(refused.error().message.contains(QLatin1String("integer")), qPrintable(refused.error().message));
    // The value can stand in the middle of the message too.
    const auto outOfRange = PostgresWire::query(connection(), "SELECT $1::smallint", {QByteArray("99999123456789")});
    QVERIFY(!outOfRange.ok());
    QVERIFY2(!outOfRange.error().message.contains(QLatin1String("99999123456789")),
             qPrintable(outOfRange.error().message));
    QVERIFY2(outOfRange.error().message.contains(QLatin1String("out of range")),
             qPrintable(outOfRange.error().message));
}

void TestPostgresWire::copiedRowsArriveAsSent()
{
    const QStringList sent{QStringLiteral("plain"),
                           QStringLiteral("\\N"),
                           QStringLiteral("\\."),
                           QStringLiteral("line\n\\.\nafter"),
                           QStringLiteral("tab\there\r\n"),
                           QStringLiteral("back\\slash\\"),
                           QStringLiteral("{\"quoted\", 'NULL'}"),
                           QString::fromUtf8("\xf0\x9f\x94\x91 Schl\xc3\xbcssel"),
                           QString()};
    CopyTextRows rows;
    for (qsizetype i = 0; i < sent.size(); ++i) {
        if (sent.at(i).isNull())
            rows.appendNull();
        else
            rows.appendText(sent.at(i));
        rows.appendNumber(int(i));
        rows.endRow();
    }
    const auto copied = PostgresWire::copyIn(connection(), kCopy, rows.data());
    QVERIFY2(copied.ok(), copied.ok() ? "" : qPrintable(copied.error().message));
    QCOMPARE(copied.value(), qint64(sent.size()));
    QStringList expected = sent;
    expected.last() = QStringLiteral("<null>");
    QCOMPARE(texts(), expected);

    // Many rows, sent in several pieces.
    CopyTextRows many;
    for (int i = 0; i < 50000; ++i) {
        many.appendText(QStringLiteral("row %1 with some text to make it longer").arg(i));
        many.appendNumber(1000 + i);
        many.endRow();
    }
    QVERIFY(many.data().size() > 1024 * 1024);
    const auto copiedMany = PostgresWire::copyIn(connection(), kCopy, many.data());
    QVERIFY(copiedMany.ok());
    QCOMPARE(copiedMany.value(), qint64(50000));
    QCOMPARE(texts().size(), sent.size() + 50000);
}

void TestPostgresWire::aRefusedCopyNamesNoValueAndLeavesTheConnectionUsable()
{
    CopyTextRows bad; // the key where the amount goes
    bad.appendText(kSecret);
    bad.appendText(u"not a number");
    bad.endRow();
    const auto refused = PostgresWire::copyIn(connection(), kCopy, probeRow(u"fine", 1) + bad.data());
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::DatabaseError);
    // PostgreSQL's context line quotes the row; only its primary message is kept.
    QVERIFY2(!refused.error().message.contains(kSecret), qPrintable(refused.error().message));
    QVERIFY2(!refused.error().message.contains(QLatin1String("not a number")), qPrintable(refused.error().message));
    QCOMPARE(texts(), QStringList());

    // A statement that is not a COPY, and a COPY of a table that does not exist.
    const auto notCopy = PostgresWire::copyIn(connection(), "SELECT 1", "x\n");
    QVERIFY(!notCopy.ok());
    QCOMPARE(notCopy.error().code, ErrorCode::DatabaseError);
    // A COPY the other way: its rows are read to the end, and the connection is idle again.
    QVERIFY(PostgresWire::copyIn(connection(), kCopy, probeRow(u"stored", 7)).ok());
    const auto wrongWay = PostgresWire::copyIn(connection(), "COPY wire_probe TO STDOUT", "x\n");
    QVERIFY(!wrongWay.ok());
    QCOMPARE(wrongWay.error().code, ErrorCode::DatabaseError);
    QVERIFY(SqlQuery::exec(connection(), QStringLiteral("DELETE FROM wire_probe")).ok());
    const auto noTable = PostgresWire::copyIn(connection(), "COPY no_such_table FROM STDIN", "x\n");
    QVERIFY(!noTable.ok());
    QCOMPARE(noTable.error().code, ErrorCode::DatabaseError);

    // The connection is idle again, for libpq and for QPSQL.
    QVERIFY(PostgresWire::copyIn(connection(), kCopy, probeRow(u"after", 2)).ok());
    QCOMPARE(texts(), QStringList{QStringLiteral("after")});
}

void TestPostgresWire::aRolledBackCopyLeavesNothing()
{
    const QByteArray rows = probeRow(u"kept", 1);
    {
        Transaction transaction(connection());
        QVERIFY(transaction.isActive());
        QVERIFY(PostgresWire::copyIn(connection(), kCopy, rows).ok());
        // Not committed: the destructor rolls back.
    }
    QCOMPARE(texts(), QStringList());
    {
        Transaction transaction(connection());
        QVERIFY(PostgresWire::copyIn(connection(), kCopy, rows).ok());
        QVERIFY(transaction.commit().ok());
    }
    QCOMPARE(texts(), QStringList{QStringLiteral("kept")});
}

void TestPostgresWire::aLostConnectionIsAnOutage()
{
    const auto pid = PostgresWire::query(connection(), "SELECT pg_backend_pid()", {});
    QVERIFY(pid.ok());
    QCOMPARE(m_db->endSession(), QString());

    const QByteArray rows = probeRow(u"lost", 1);
    const auto copied = PostgresWire::copyIn(connection(), kCopy, rows);
    QVERIFY(!copied.ok());
    QCOMPARE(copied.error().code, ErrorCode::Unavailable);
    // The next caller gets a new connection (QPSQL reports the broken one closed), so the
    // recorder's retry of that batch goes through.
    const auto pidAfter = PostgresWire::query(connection(), "SELECT pg_backend_pid()", {});
    QVERIFY(pidAfter.ok());
    QVERIFY(pidAfter->first().value(0) != pid->first().value(0));
    QVERIFY(PostgresWire::copyIn(connection(), kCopy, rows).ok());
    QCOMPARE(texts(), QStringList{QStringLiteral("lost")});
}

QTEST_GUILESS_MAIN(TestPostgresWire)
#include "TestPostgresWire.moc"
