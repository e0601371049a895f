#include "EmbeddedValidator.h"

#include "KeyCache.h"
#include "Logging.h"
#include "ValidatorPool.h"

#include <QMetaObject>
#include <QMutexLocker>
#include <QTcpServer>

EmbeddedValidator::EmbeddedValidator(std::shared_ptr<Database> database, RuntimeConfig config, QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("embedded-validator"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
}

EmbeddedValidator::~EmbeddedValidator()
{
    if (m_thread.isRunning()) {
        // Whatever was queued (a start, a stop) runs first; then the last word is ours.
        QMetaObject::invokeMethod(
            m_worker,
            [this] {
                stopServing();
                delete m_worker;
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_worker;
    }
}

void EmbeddedValidator::start(const QHostAddress& address, quint16 port)
{
    QString refusal;
    if (m_state == State::Starting)
        return;
    if (m_state == State::Running)
        refusal = tr("The validator is already running on port %1.").arg(m_port);
    else if (m_state == State::Stopping)
        refusal = tr("The validator is still stopping; try again in a moment.");
    else if (!m_database)
        refusal = tr("There is no database connection to validate keys against.");
    if (!refusal.isEmpty()) {
        // Answered like every start: later, by signal.
        QMetaObject::invokeMethod(
            this, [this, refusal] { emit startFailed(refusal); }, Qt::QueuedConnection);
        return;
    }
    if (!m_thread.isRunning())
        m_thread.start();
    m_address = address;
    setState(State::Starting);
    QMetaObject::invokeMethod(
        m_worker, [this, address, port] { startServing(address, port); }, Qt::QueuedConnection);
}

void EmbeddedValidator::stop()
{
    if (m_state != State::Starting && m_state != State::Running)
        return;
    setState(State::Stopping);
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            stopServing();
            QMetaObject::invokeMethod(
                this,
                [this] {
                    // Requests served before the stop were posted before this: they are delivered.
                    deliverEvents();
                    m_port = 0;
                    setState(State::Stopped);
                    emit stopped();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

QUrl EmbeddedValidator::url() const
{
    if (m_state != State::Running)
        return QUrl();
    // A wildcard address is reachable from here through loopback.
    QHostAddress host = m_address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(m_port);
    return url;
}

quint64 EmbeddedValidator::droppedEvents() const
{
    QMutexLocker locker(&m_eventsMutex);
    return m_droppedEvents;
}

QObject* EmbeddedValidator::changeWatchContext()
{
    QMutexLocker locker(&m_cacheMutex);
    return m_watchContext;
}

void EmbeddedValidator::forget(const QUuid& organizationId, const QUuid& keyId)
{
    QMutexLocker locker(&m_cacheMutex);
    if (!m_cache)
        return;
    if (!keyId.isNull())
        m_cache->invalidateKey(keyId);
    // The organization too: a roll changes the old key (its expiry), and an organization
    // change every key of it.
    if (!organizationId.isNull())
        m_cache->invalidateOrganization(organizationId);
}

void EmbeddedValidator::startServing(const QHostAddress& address, quint16 port)
{
    const auto answer = [this](quint16 bound, const QString& failure) {
        QMetaObject::invokeMethod(
            this,
            [this, bound, failure] {
                if (m_state != State::Starting)
                    return; // stop() was called meanwhile; its answer follows
                if (bound == 0) {
                    setState(State::Stopped);
                    emit startFailed(failure);
                    return;
                }
                m_port = bound;
                setState(State::Running);
                emit started(bound);
            },
            Qt::QueuedConnection);
    };

    // An unreachable database would only show as 503s on every request: say it now.
    if (const Status reachable = m_database->ping(); !reachable) {
        m_database->releaseThreadConnection();
        answer(0, tr("The database cannot be reached: %1").arg(reachable.error().message));
        return;
    }
    auto pool = std::make_unique<ValidatorPool>(*m_database, m_config, 1);
    pool->primary().setRequestObserver([this](const ValidatorRequestEvent& event) { observe(event); });
    const quint16 bound = pool->listen(address, port);
    if (bound == 0) {
        pool.reset();
        m_database->releaseThreadConnection();
        answer(0, listenFailure(address, port));
        return;
    }
    m_pool = std::move(pool);
    {
        QMutexLocker locker(&m_cacheMutex);
        m_cache = &m_pool->primary().keyCache();
        m_watchContext = m_pool->primary().changeWatchContext();
    }
    qCInfo(lcValidator).noquote() << "embedded validator listening on" << address.toString() << bound;
    answer(bound, QString());
}

void EmbeddedValidator::stopServing()
{
    if (!m_pool)
        return;
    {
        QMutexLocker locker(&m_cacheMutex);
        m_cache = nullptr;
        m_watchContext = nullptr;
    }
    // Closes the port, then writes every pending usage record before returning.
    m_pool->shutdown();
    m_pool.reset();
    m_database->releaseThreadConnection();
    qCInfo(lcValidator) << "embedded validator stopped";
}

QString EmbeddedValidator::listenFailure(const QHostAddress& address, quint16 port) const
{
    // ValidatorServer only says that listening failed; a plain attempt tells why.
    QTcpServer probe;
    if (probe.listen(address, port))
        return tr("Cannot listen on %1 port %2.").arg(address.toString()).arg(port);
    switch (probe.serverError()) {
    case QAbstractSocket::AddressInUseError:
        return tr("Port %1 is already in use.").arg(port);
    case QAbstractSocket::SocketAccessError:
        return tr("Port %1 is reserved for the system; choose a port above 1023.").arg(port);
    case QAbstractSocket::SocketAddressNotAvailableError:
        return tr("%1 is not an address of this computer.").arg(address.toString());
    default:
        return tr("Cannot listen on %1 port %2: %3").arg(address.toString()).arg(port).arg(probe.errorString());
    }
}

void EmbeddedValidator::observe(const ValidatorRequestEvent& event)
{
    // On the serving thread, per request: one append under a lock, and at most one post
    // per batch, however fast requests come.
    QMutexLocker locker(&m_eventsMutex);
    if (m_events.size() >= MaxPendingEvents) {
        m_events.removeFirst();
        ++m_droppedEvents;
    }
    m_events.append(event);
    if (m_deliveryPosted)
        return;
    m_deliveryPosted = true;
    QMetaObject::invokeMethod(this, &EmbeddedValidator::deliverEvents, Qt::QueuedConnection);
}

void EmbeddedValidator::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void EmbeddedValidator::deliverEvents()
{
    QList<ValidatorRequestEvent> events;
    {
        QMutexLocker locker(&m_eventsMutex);
        events.swap(m_events);
        m_deliveryPosted = false;
    }
    for (const ValidatorRequestEvent& event : std::as_const(events))
        emit requestServed(event);
}
