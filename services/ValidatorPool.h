#pragma once

#include "ValidatorServer.h"

#include <QHostAddress>
#include <QThread>
#include <vector>

#include <memory>

// One validator served by several threads: the primary ValidatorServer on the calling
// thread and N-1 more on threads of their own, all on one port (SO_REUSEPORT) and one
// shared state. Qt HTTP Server runs one thread per server (../shared/PLATFORM.md), so
// this is how the validator uses more than one core.
class ValidatorPool
{
public:
    ValidatorPool(Database& database, RuntimeConfig config, int threads);
    ~ValidatorPool();
    Q_DISABLE_COPY_MOVE(ValidatorPool)

    // Returns the port (chosen by the system when `port` is 0), 0 on failure.
    quint16 listen(const QHostAddress& address, quint16 port);
    // Stops the extra threads, then flushes the primary's usage and attempts.
    void shutdown();

    ValidatorServer& primary() { return *m_primary; }
    int threads() const { return int(m_workers.size()) + 1; }

private:
    struct Worker
    {
        std::unique_ptr<QThread> thread;
        QObject* context = nullptr;
        ValidatorServer* server = nullptr;
    };

    Database& m_database;
    int m_threads;
    std::unique_ptr<ValidatorServer> m_primary;
    std::vector<Worker> m_workers;
};
