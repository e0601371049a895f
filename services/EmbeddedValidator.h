#pragma once

#include "Database.h"
#include "RuntimeConfig.h"
#include "ValidatorRequestEvent.h"

#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <memory>

class KeyCache;
class ValidatorPool;

// The validator inside the desktop app: a one-thread ValidatorPool on a QThread of its
// own, so neither serving nor its database work ever runs on the owner's (GUI) thread.
// Starting and stopping are asynchronous and answered by signals on the owner's thread;
// served requests arrive there too, batched, as requestServed().
class EmbeddedValidator : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    // At most this many served requests wait for the owner's thread; beyond, the oldest
    // are dropped (a log is for looking at, not for accounting: usage is recorded anyway).
    static constexpr int MaxPendingEvents = 2000;

    EmbeddedValidator(std::shared_ptr<Database> database, RuntimeConfig config, QObject* parent = nullptr);
    // Stops a running validator, writing its pending usage, and waits for that.
    ~EmbeddedValidator() override;

    // Listens on `address:port` (port 0: any free one); answered by started() or startFailed().
    void start(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost), quint16 port = 8080);
    // Stops listening and writes all pending usage; answered by stopped().
    void stop();

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // The port listened on while running, else 0.
    quint16 port() const { return m_state == State::Running ? m_port : 0; }
    // http://127.0.0.1:8080 while running, else empty.
    QUrl url() const;
    quint64 droppedEvents() const;

    // What this app has just changed in the database (a revocation, a roll, a deactivation,
    // new limits): dropped from the running validator's key cache before this returns, so
    // its next request sees the change rather than waiting for the change watcher's next
    // poll. Every cached key of the organization is dropped (a roll changes the old key,
    // an organization change all of them), and `keyId` by its own id when given.
    // Callable from any thread.
    void forget(const QUuid& organizationId, const QUuid& keyId);
    // While running: ValidatorServer::changeWatchContext() of the serving validator.
    QObject* changeWatchContext();

signals:
    void started(quint16 port);
    void startFailed(const QString& reason);
    void stopped();
    void stateChanged(EmbeddedValidator::State state);
    void requestServed(const ValidatorRequestEvent& event);

private:
    // Run on the serving thread.
    void startServing(const QHostAddress& address, quint16 port);
    void stopServing();
    QString listenFailure(const QHostAddress& address, quint16 port) const;
    void observe(const ValidatorRequestEvent& event);
    // Run on the owner's thread.
    void setState(State state);
    void deliverEvents();

    std::shared_ptr<Database> m_database;
    RuntimeConfig m_config;
    QThread m_thread;
    QObject* m_worker = nullptr; // lives on m_thread
    std::unique_ptr<ValidatorPool> m_pool; // touched only on m_thread
    QMutex m_cacheMutex;
    KeyCache* m_cache = nullptr; // m_pool's, while it serves; under m_cacheMutex
    QObject* m_watchContext = nullptr; // likewise
    State m_state = State::Stopped;
    QHostAddress m_address;
    quint16 m_port = 0;

    mutable QMutex m_eventsMutex;
    QList<ValidatorRequestEvent> m_events;
    bool m_deliveryPosted = false;
    quint64 m_droppedEvents = 0;
};
