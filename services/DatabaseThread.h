#pragma once

#include "Database.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <functional>

// A thread with an event loop and an object living on it, for work that uses the
// database's connection of that thread: the validator's change watcher, so that no serving
// thread ever waits on the database for it, and the tests' servers, so that a test can
// block on sockets itself. run() executes work on that thread and waits; objects it
// creates as children of context() live there. stop() runs a last step there, deletes
// context() with its children, releases that thread's database connection and ends it.
class DatabaseThread
{
public:
    // `name` names the thread for ps, top and perf (at most 15 characters show).
    explicit DatabaseThread(Database& database, const QString& name = {})
        : m_database(database)
    {
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        if (!name.isEmpty())
            m_thread.setObjectName(name);
        m_thread.start();
    }
    ~DatabaseThread() { stop(); }
    Q_DISABLE_COPY_MOVE(DatabaseThread)

    QObject* context() const { return m_context; }

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
                delete m_context;
                m_database.releaseThreadConnection();
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
