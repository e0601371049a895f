#pragma once

#include "Database.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

// Runs database work off the GUI thread. One worker thread (so its named connection is
// opened once and reused, and changes apply in the order they were asked for); results
// come back on the thread of a context object, and are dropped if it is gone by then.
// Models, panels and commands of the desktop app all go through one executor.
class DatabaseExecutor : public QObject
{
    Q_OBJECT

public:
    explicit DatabaseExecutor(std::shared_ptr<Database> database, QObject* parent = nullptr);
    // Waits for queued work, then closes the worker's connection.
    ~DatabaseExecutor() override;

    Database& database() { return *m_database; }
    std::shared_ptr<Database> sharedDatabase() const { return m_database; }

    // Runs `work` on the worker thread, then `done(result)` on `context`'s thread.
    template <typename Work, typename Done>
    void run(QObject* context, Work work, Done done)
    {
        using R = std::invoke_result_t<Work, Database&>;
        begin();
        std::shared_ptr<Database> database = m_database;
        m_pool.start([this, database, context = QPointer<QObject>(context), work = std::move(work),
                      done = std::move(done)]() mutable {
            R result = work(*database);
            if (context) {
                QMetaObject::invokeMethod(
                    context.data(),
                    [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
                    Qt::QueuedConnection);
            }
            finish();
        });
    }

    bool isBusy() const { return m_pending.load() > 0; }
    // For tests and shutdown: blocks until the worker has run everything queued so far.
    bool waitForIdle(int timeoutMs = 30000);

signals:
    // Emitted on the executor's thread when work starts or the queue empties.
    void busyChanged(bool busy);

private:
    void begin();
    void finish();

    std::shared_ptr<Database> m_database;
    QThreadPool m_pool;
    std::atomic<int> m_pending{0};
};
