#pragma once

#include "Database.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <functional>

// A thread with an object living on it, so a test can run a server there (with its event
// loop) and still block on sockets itself. run() executes work on that thread and waits;
// stop() runs a last step there, releases that thread's database connection and ends it.
class ServingThread
{
public:
    explicit ServingThread(Database& database)
        : m_database(database)
    {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }
    ~ServingThread() { stop(); }
    Q_DISABLE_COPY_MOVE(ServingThread)

    void run(const std::function<void()>& work)
    {
        QMetaObject::invokeMethod(
            m_context, [&work] { work(); }, Qt::BlockingQueuedConnection);
    }

    // Safe to call twice; the second call does nothing.
    void stop(const std::function<void()>& teardown = {})
    {
        if (!m_context)
            return;
        QMetaObject::invokeMethod(
            m_context,
            [this, &teardown] {
                if (teardown)
                    teardown();
                m_database.releaseThreadConnection();
                delete m_context;
            },
            Qt::BlockingQueuedConnection);
        m_context = nullptr;
        m_thread.quit();
        m_thread.wait();
    }

private:
    Database& m_database;
    QThread m_thread;
    QObject* m_context = nullptr;
};
