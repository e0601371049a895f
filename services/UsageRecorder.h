#pragma once

#include "Database.h"
#include "UsageEndpoint.h"
#include "UsageRecord.h"

#include <QAtomicInteger>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QThread>

class QTimer;
class UsageRepository;

// Takes usage records off the request path: `record()` only appends to a queue; a worker
// thread drains it in batches (raw rows, daily rollup, key counters in one transaction).
// While the database is down, records wait in a bounded buffer; beyond the bound they
// are dropped, counted and logged. `stop()` flushes what is left, so a clean shutdown
// loses nothing.
class UsageRecorder : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int flushIntervalMs = 200;
        // Rows per transaction; 0: the engine's own (see defaultMaxBatch()).
        int maxBatch = 0;
        int maxBuffered = 200000;
    };

    explicit UsageRecorder(Database& database, QObject* parent = nullptr);
    UsageRecorder(Database& database, Settings settings, QObject* parent = nullptr);
    ~UsageRecorder() override; // NOLINT(bugprone-exception-escape): see the definition

    void start();
    // Flushes everything queued, then stops the worker. Safe to call twice.
    void stop();
    // Thread-safe and cheap: called on the request path.
    void record(UsageRecord record);

    // A batch's fixed cost (a handful of statements) is worth spreading over many rows.
    // PostgreSQL takes 5,000 (one 200 ms tick of a busy validator): only what touches the
    // same rollup rows or keys' counters (another validator's writer, a key's revocation)
    // waits for its commit. SQLite's batch holds the database's one write lock, which the SQL
    // rate limiter and the admin tools also need, so it stays at 1,000 (about 5 ms).
    static int defaultMaxBatch(DatabaseEngine engine);

    quint64 written() const { return m_written.loadRelaxed(); }
    quint64 dropped() const { return m_dropped.loadRelaxed(); }
    quint64 failedFlushes() const { return m_failedFlushes.loadRelaxed(); }
    // Transactions that wrote a whole batch.
    quint64 batchesWritten() const { return m_batches.loadRelaxed(); }
    qsizetype pending() const;

public slots:
    // Writes everything queued now (on the worker thread when started).
    void flush();

private:
    enum class Drain {
        Everything,
        // What is queued now, then only whole batches (the timer's flush).
        FullBatches,
    };
    void writeQueued(Drain drain);
    // Writes one batch (halving it around records the database refuses, which are dropped);
    // on an outage returns false with what must be tried again.
    bool writeBatch(UsageRepository& repository, const QList<UsageRecord>& batch, QList<UsageRecord>& retry);
    // Puts records back in front of the queue, within the bound; the rest counts as dropped.
    void requeue(QList<UsageRecord> records);

    Database& m_database;
    Settings m_settings;
    mutable QMutex m_mutex;
    QList<UsageRecord> m_queue;
    // What flush() took from the queue in one swap (so a serving thread never waits
    // behind a copy) and is writing; cleared, not freed, between flushes.
    QList<UsageRecord> m_taken;
    QAtomicInteger<qsizetype> m_writing;
    QThread m_thread;
    QTimer* m_timer = nullptr;
    QMutex m_flushMutex;
    UsageEndpointBudget m_endpointBudget; // used under m_flushMutex
    QAtomicInteger<quint64> m_written;
    QAtomicInteger<quint64> m_dropped;
    QAtomicInteger<quint64> m_failedFlushes;
    QAtomicInteger<quint64> m_batches;
    bool m_started = false;
};
