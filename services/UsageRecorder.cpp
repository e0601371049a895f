#include "UsageRecorder.h"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "Logging.h"
#include "UsageRepository.h"

#include <QMetaObject>
#include <QTimer>

UsageRecorder::UsageRecorder(Database& database, QObject* parent)
    : UsageRecorder(database, Settings{}, parent)
{
}

UsageRecorder::UsageRecorder(Database& database, Settings settings, QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_settings(settings)
{
    if (m_settings.maxBatch <= 0)
        m_settings.maxBatch = defaultMaxBatch(database.engine());
    m_thread.setObjectName(QStringLiteral("usage-recorder"));
}

int UsageRecorder::defaultMaxBatch(DatabaseEngine engine)
{
    return engine == DatabaseEngine::PostgreSQL ? 5000 : 1000;
}

// stop() can throw only std::bad_alloc; terminating then is the right answer.
UsageRecorder::~UsageRecorder() // NOLINT(bugprone-exception-escape)
{
    stop();
}

namespace {
// The writer must keep up, but not at the cost of the answers: on a busy machine it should
// wait a moment rather than take a core from a serving thread mid-burst (that wait is a
// validator's tail latency). SCHED_BATCH stops its wake-ups from preempting them, and a
// slightly lower weight makes it give way; it still gets most of an idle core.
void yieldToServingThreads()
{
    sched_param parameters{};
    parameters.sched_priority = 0;
    ::sched_setscheduler(0, SCHED_BATCH, &parameters);
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);
}
} // namespace

void UsageRecorder::start()
{
    if (m_started)
        return;
    m_started = true;
    // The timer lives on the worker thread, so flushes never run on the caller's.
    m_timer = new QTimer;
    m_timer->setInterval(m_settings.flushIntervalMs);
    connect(
        m_timer, &QTimer::timeout, m_timer, [this] { writeQueued(Drain::FullBatches); }, Qt::DirectConnection);
    m_timer->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_timer, [] { yieldToServingThreads(); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_timer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
}

void UsageRecorder::stop()
{
    if (m_started) {
        m_started = false;
        QMetaObject::invokeMethod(
            m_timer,
            [this] {
                m_timer->stop();
                flush();
                m_database.releaseThreadConnection();
                delete m_timer;
                m_timer = nullptr;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    // Anything recorded after the worker stopped is written here, on the caller's thread.
    if (pending() > 0)
        flush();
}

void UsageRecorder::record(UsageRecord record)
{
    QMutexLocker locker(&m_mutex);
    if (m_queue.size() >= m_settings.maxBuffered) {
        const quint64 dropped = ++m_dropped;
        if (dropped == 1 || dropped % 1000 == 0)
            qCWarning(lcDatabase) << "usage buffer full:" << dropped << "records dropped so far";
        return;
    }
    m_queue.append(std::move(record));
}

qsizetype UsageRecorder::pending() const
{
    QMutexLocker locker(&m_mutex);
    return m_queue.size() + m_writing.loadRelaxed();
}

void UsageRecorder::flush()
{
    writeQueued(Drain::Everything);
}

void UsageRecorder::writeQueued(Drain drain)
{
    QMutexLocker flushLocker(&m_flushMutex);
    UsageRepository repository(m_database, &m_endpointBudget);
    for (bool first = true;; first = false) {
        // Everything queued, in one swap: the serving threads wait on this lock no longer
        // than for an append. The batches are cut and written outside it.
        {
            QMutexLocker locker(&m_mutex);
            if (m_queue.isEmpty())
                return;
            // What came in while a tick's batches were written waits for the next tick
            // unless it fills a batch: going round again at once wrote a small batch after
            // every batch, each with its fixed cost (on PostgreSQL a dozen round trips to
            // the server, and as many wake-ups of the serving threads' cores).
            if (!first && drain == Drain::FullBatches && m_queue.size() < m_settings.maxBatch)
                return;
            m_taken.swap(m_queue);
            m_writing.storeRelaxed(m_taken.size());
        }
        for (qsizetype start = 0; start < m_taken.size(); start += m_settings.maxBatch) {
            const QList<UsageRecord> batch = m_taken.mid(start, m_settings.maxBatch);
            QList<UsageRecord> retry;
            if (!writeBatch(repository, batch, retry)) {
                requeue(retry + m_taken.mid(start + batch.size()));
                m_taken.clear();
                m_writing.storeRelaxed(0);
                return;
            }
            m_writing.storeRelaxed(m_taken.size() - start - batch.size());
        }
        m_taken.clear();
    }
}

bool UsageRecorder::writeBatch(UsageRepository& repository, const QList<UsageRecord>& batch, QList<UsageRecord>& retry)
{
    Status status = repository.recordBatch(batch);
    if (status) {
        m_written += quint64(batch.size());
        ++m_batches;
        return true;
    }
    // An outage keeps the batch rather than drop it row by row.
    if (m_database.isAway(status)) {
        ++m_failedFlushes;
        qCWarning(lcDatabase).noquote() << "usage batch of" << batch.size()
                                        << "not written, will retry:" << status.error().message;
        retry = batch;
        return false;
    }
    // Not an outage but a record the database refuses (say, its key was deleted meanwhile):
    // the batch is halved until each refused record stands alone, so that one bad record
    // costs a few transactions rather than one per record of a 5,000-record batch.
    if (batch.size() == 1) {
        ++m_dropped;
        return true;
    }
    const qsizetype half = batch.size() / 2;
    if (!writeBatch(repository, batch.first(half), retry)) {
        retry += batch.sliced(half); // an outage after all: the rest waits for the next try
        return false;
    }
    return writeBatch(repository, batch.sliced(half), retry);
}

void UsageRecorder::requeue(QList<UsageRecord> records)
{
    QMutexLocker locker(&m_mutex);
    const qsizetype room = qMax<qsizetype>(0, m_settings.maxBuffered - m_queue.size());
    if (room < records.size()) {
        m_dropped += quint64(records.size() - room);
        records.resize(room);
    }
    m_queue = records + m_queue;
}
