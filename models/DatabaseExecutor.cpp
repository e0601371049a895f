#include "DatabaseExecutor.h"

#include <QSemaphore>

DatabaseExecutor::DatabaseExecutor(std::shared_ptr<Database> database, QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
{
    m_pool.setMaxThreadCount(1);
    // The worker must outlive idle spells: its database connection belongs to it.
    m_pool.setExpiryTimeout(-1);
    m_pool.setObjectName(QStringLiteral("keywarden-db"));
}

DatabaseExecutor::~DatabaseExecutor()
{
    std::shared_ptr<Database> database = m_database;
    m_pool.start([database] { database->releaseThreadConnection(); });
    m_pool.waitForDone();
}

bool DatabaseExecutor::waitForIdle(int timeoutMs)
{
    // A sentinel task rather than QThreadPool::waitForDone(), which would also end the
    // worker thread and orphan its connection.
    auto reached = std::make_shared<QSemaphore>();
    m_pool.start([reached] { reached->release(); });
    return reached->tryAcquire(1, timeoutMs);
}

void DatabaseExecutor::begin()
{
    if (m_pending.fetch_add(1) == 0)
        emit busyChanged(true);
}

void DatabaseExecutor::finish()
{
    if (m_pending.fetch_sub(1) == 1)
        QMetaObject::invokeMethod(
            this, [this] { emit busyChanged(isBusy()); }, Qt::QueuedConnection);
}
