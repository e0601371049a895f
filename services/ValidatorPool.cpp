#include "ValidatorPool.h"

#include "Logging.h"

#include <QMetaObject>

ValidatorPool::ValidatorPool(Database& database, RuntimeConfig config, int threads)
    : m_database(database)
    , m_threads(qBound(1, threads, 64))
    , m_primary(std::make_unique<ValidatorServer>(database, std::move(config)))
{
}

ValidatorPool::~ValidatorPool()
{
    shutdown();
}

quint16 ValidatorPool::listen(const QHostAddress& address, quint16 port)
{
    const bool share = m_threads > 1;
    const quint16 bound = m_primary->listenOn(address, port, share);
    if (bound == 0)
        return 0;
    for (int i = 1; i < m_threads; ++i) {
        Worker worker;
        worker.thread = std::make_unique<QThread>();
        worker.thread->setObjectName(QStringLiteral("validator-%1").arg(i));
        worker.context = new QObject;
        worker.context->moveToThread(worker.thread.get());
        worker.thread->start();
        bool ok = false;
        ValidatorServer* primary = m_primary.get();
        QMetaObject::invokeMethod(
            worker.context,
            [&worker, primary, address, bound, &ok] {
                worker.server = new ValidatorServer(*primary);
                ok = worker.server->listenOn(address, bound, true) == bound;
            },
            Qt::BlockingQueuedConnection);
        m_workers.push_back(std::move(worker));
        if (!ok) {
            qCWarning(lcValidator) << "could not start serving thread" << i << "; serving with" << i << "thread(s)";
            break;
        }
    }
    return bound;
}

void ValidatorPool::shutdown()
{
    for (Worker& worker : m_workers) {
        QMetaObject::invokeMethod(
            worker.context,
            [&worker, this] {
                delete worker.server;
                worker.server = nullptr;
                m_database.releaseThreadConnection();
                delete worker.context;
            },
            Qt::BlockingQueuedConnection);
        worker.thread->quit();
        worker.thread->wait();
    }
    m_workers.clear();
    if (m_primary)
        m_primary->shutdown();
}
