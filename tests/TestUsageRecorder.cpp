// UsageRecorder: usage leaves the request path through a queue drained in batches; while
// the database is away records wait in a bounded buffer, and what does not fit is dropped,
// counted and logged. Runs on SQLite and PostgreSQL (the outage is a database that cannot
// be opened: a SQLite file in a folder that does not exist, a PostgreSQL port nobody serves).
#include "LogCapture.h"
#include "SqlQuery.h"
#include "SqlValue.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "UsageRecorder.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

class TestUsageRecorder : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void writesEveryRecordInBatchesAndOnStop();
    void keepsRecordsWhileTheDatabaseIsAwayAndDropsBeyondTheBound();
    void aRefusedRecordIsDroppedAndEveryOtherWritten();
    void batchesAreAsLargeAsTheEngineTakes();
    void refusedRecordsCostAFewTransactions();
    void aSteadyStreamIsWrittenOncePerTick();

private:
    UsageRecord record(int i) const;
    // record(0) ... record(count - 1); those at `unknownKeyAt` name a key that does not
    // exist (deleted meanwhile), which the database refuses.
    void recordAll(UsageRecorder& recorder, int count, const QList<int>& unknownKeyAt = {}) const;
    // The usage rows stored for m_key, or -1 when they cannot be counted.
    int storedRows() const;

    std::unique_ptr<TestDatabase> m_db;
    Organization m_org;
    CreatedKey m_key;
};

void TestUsageRecorder::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->errorString()));
    m_org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    m_key = TestFixtures::key(m_db->database(), m_org.id);
}

void TestUsageRecorder::cleanup()
{
    m_db.reset();
}

UsageRecord TestUsageRecorder::record(int i) const
{
    UsageRecord usage;
    usage.apiKeyId = m_key.key.id;
    usage.organizationId = m_org.id;
    usage.timestamp = QDateTime::currentDateTimeUtc();
    usage.endpoint = QStringLiteral("/v1/verify");
    usage.method = QStringLiteral("GET");
    usage.statusCode = 200;
    usage.responseTimeMs = i;
    return usage;
}

void TestUsageRecorder::recordAll(UsageRecorder& recorder, int count, const QList<int>& unknownKeyAt) const
{
    for (int i = 0; i < count; ++i) {
        UsageRecord r = record(i);
        if (unknownKeyAt.contains(i))
            r.apiKeyId = QUuid::createUuid();
        recorder.record(r);
    }
}

int TestUsageRecorder::storedRows() const
{
    auto db = m_db->database().connection();
    if (!db)
        return -1;
    auto rows = SqlQuery::exec(db.value(), QStringLiteral("SELECT COUNT(*) FROM api_key_usage WHERE api_key_id = ?"),
                               {SqlValue::fromUuid(m_key.key.id)});
    return rows && rows->next() ? rows->value(0).toInt() : -1;
}

void TestUsageRecorder::writesEveryRecordInBatchesAndOnStop()
{
    UsageRecorder::Settings settings;
    settings.maxBatch = 7;
    settings.flushIntervalMs = 50;
    UsageRecorder recorder(m_db->database(), settings);
    recorder.start();
    recordAll(recorder, 20);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.written(), quint64(20), 10000);
    // Recorded just before a clean stop: stop() writes it.
    for (int i = 0; i < 5; ++i)
        recorder.record(record(100 + i));
    recorder.stop();
    QCOMPARE(recorder.written(), quint64(25));
    QCOMPARE(recorder.dropped(), quint64(0));
    QCOMPARE(recorder.pending(), 0);
    QCOMPARE(storedRows(), 25);

    auto db = m_db->database().connection();
    QVERIFY(db.ok());
    auto total = SqlQuery::exec(db.value(), QStringLiteral("SELECT total_requests FROM api_keys WHERE id = ?"),
                                {SqlValue::fromUuid(m_key.key.id)});
    QVERIFY(total.ok() && total->next());
    QCOMPARE(total->value(0).toInt(), 25);
}

void TestUsageRecorder::keepsRecordsWhileTheDatabaseIsAwayAndDropsBeyondTheBound()
{
    Database away(TestDatabase::unreachableUrl());
    UsageRecorder::Settings settings;
    settings.maxBuffered = 10;
    settings.maxBatch = 4;
    UsageRecorder recorder(away, settings);
    LogCapture log;
    recordAll(recorder, 15);
    QCOMPARE(recorder.pending(), 10);
    QCOMPARE(recorder.dropped(), quint64(5));
    QVERIFY2(log.contains(QStringLiteral("usage buffer full")), qPrintable(log.messages().join(u'\n')));

    // A flush that cannot reach the database keeps every buffered record for the next try.
    recorder.flush();
    QCOMPARE(recorder.written(), quint64(0));
    QVERIFY(recorder.failedFlushes() >= 1);
    QCOMPARE(recorder.pending(), 10);
    QCOMPARE(recorder.dropped(), quint64(5));
    recorder.flush();
    QCOMPARE(recorder.pending(), 10);
    QCOMPARE(recorder.dropped(), quint64(5));
}

void TestUsageRecorder::aRefusedRecordIsDroppedAndEveryOtherWritten()
{
    // One flush takes the whole queue and writes it in batches of 7; the second batch holds
    // a record whose key does not exist (deleted meanwhile). Only that record is lost.
    UsageRecorder::Settings settings;
    settings.maxBatch = 7;
    UsageRecorder recorder(m_db->database(), settings);
    recordAll(recorder, 20, {9});
    QCOMPARE(recorder.pending(), 20);
    recorder.flush();
    QCOMPARE(recorder.written(), quint64(19));
    QCOMPARE(recorder.dropped(), quint64(1));
    QCOMPARE(recorder.pending(), 0);
    auto db = m_db->database().connection();
    QVERIFY(db.ok());
    auto rows = SqlQuery::exec(db.value(),
                               QStringLiteral("SELECT COUNT(*), SUM(response_time_ms) FROM api_key_usage "
                                              "WHERE api_key_id = ?"),
                               {SqlValue::fromUuid(m_key.key.id)});
    QVERIFY(rows.ok() && rows->next());
    QCOMPARE(rows->value(0).toInt(), 19);
    QCOMPARE(rows->value(1).toInt(), 190 - 9); // 0 + 1 + ... + 19, without the ninth
}

// A batch the database refuses (here two records name a key that does not exist) is halved
// around the refused records: every other record is written, in a few transactions rather
// than one per record.
void TestUsageRecorder::refusedRecordsCostAFewTransactions()
{
    UsageRecorder::Settings settings;
    settings.maxBatch = 2000;
    UsageRecorder recorder(m_db->database(), settings);
    recordAll(recorder, 2000, {333, 1500});
    {
        LogCapture quiet; // the refusals are logged; this test expects them
        recorder.flush();
    }
    QCOMPARE(recorder.written(), quint64(1998));
    QCOMPARE(recorder.dropped(), quint64(2));
    QCOMPARE(recorder.pending(), 0);
    // Halving 2,000 down to each refused record: at most 11 written halves for each of them.
    QVERIFY2(recorder.batchesWritten() <= 22, QByteArray::number(recorder.batchesWritten()).constData());
    QCOMPARE(storedRows(), 1998);
}

// The default batch follows the engine: 5,000 rows on PostgreSQL, 1,000 on SQLite (whose
// batch holds the one write lock).
void TestUsageRecorder::batchesAreAsLargeAsTheEngineTakes()
{
    const int perBatch = UsageRecorder::defaultMaxBatch(TestDatabase::engine());
    QCOMPARE(perBatch, TestDatabase::engine() == DatabaseEngine::PostgreSQL ? 5000 : 1000);
    UsageRecorder recorder(m_db->database());
    recordAll(recorder, 6000);
    recorder.flush();
    QCOMPARE(recorder.written(), quint64(6000));
    QCOMPARE(recorder.batchesWritten(), quint64((6000 + perBatch - 1) / perBatch));
}

// Records that arrive while a tick's batch is being written wait for the next tick (or
// until they fill a batch): writing them at once meant a small batch after every batch,
// each with its fixed cost. A steady stream is then about one batch per tick.
void TestUsageRecorder::aSteadyStreamIsWrittenOncePerTick()
{
    UsageRecorder::Settings settings;
    settings.flushIntervalMs = 100;
    settings.maxBatch = 1000;
    UsageRecorder recorder(m_db->database(), settings);
    recorder.start();
    QElapsedTimer elapsed;
    elapsed.start();
    qint64 recorded = 0;
    while (elapsed.elapsed() < 1500) {
        for (int i = 0; i < 5; ++i, ++recorded)
            recorder.record(record(int(recorded)));
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    const qint64 ms = elapsed.elapsed();
    recorder.stop();
    QCOMPARE(recorder.written(), quint64(recorded));
    QCOMPARE(recorder.dropped(), quint64(0));
    // Each tick writes what is queued (in batches of up to 1,000, the last one partial), and
    // goes round again only for 1,000 more; stop() writes the rest. So at most one partial
    // batch per tick and one per 1,000 records, beside the full ones; the slack is for a
    // coarse timer firing a little early, a tick between the loop and stop(), and stop().
    const quint64 bound = quint64(2 * (recorded / settings.maxBatch) + ms / settings.flushIntervalMs + 4);
    qInfo() << recorded << "records in" << recorder.batchesWritten() << "batches over" << ms << "ms; bound" << bound;
    QVERIFY2(recorder.batchesWritten() <= bound, QByteArray::number(recorder.batchesWritten()).constData());
}

QTEST_GUILESS_MAIN(TestUsageRecorder)
#include "TestUsageRecorder.moc"
