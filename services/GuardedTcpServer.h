#pragma once

#include "HttpRequestHead.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;

#include <atomic>
#include <functional>
#include <memory>

class HttpRequestHead;

// A QTcpServer that watches every connection before Qt HTTP Server sees its bytes, since
// Qt HTTP Server 6.4 sets no limits (../shared/PLATFORM.md): a cap on open connections
// (503 beyond it), a header size limit (431), a body size limit (413), a deadline for a
// request's headers (slow-loris), an idle timeout between requests (counted, for a client
// that reads its answers slowly, from the last of them it took) and a bound on what a
// connection holds for a client that pipelines without reading.
//
// It can also answer requests itself (setFastResponder): a whole, bodyless HTTP/1.1
// request that arrives in one piece at a request boundary is offered to the responder
// before Qt HTTP Server parses it. That is how the validator serves its hot forward-auth
// routes at several times Qt HTTP Server's rate; everything else, and every request the
// responder declines, takes Qt HTTP Server's path, in order.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    struct Limits
    {
        int maxConnections = 1024;
        qsizetype maxHeaderBytes = qsizetype{16} * 1024;
        qsizetype maxBodyBytes = qsizetype{1024} * 1024;
        int headerTimeoutMs = 10000;
        int idleTimeoutMs = 30000;
        int bodyTimeoutMs = 30000;
        // What a connection holds for its client, each way: answers it has not taken, and
        // requests sent faster than they are answered (never less than two whole requests).
        // A client beyond either is closed: it pipelines without reading, and would
        // otherwise make the process hold all it sends (nginx, in the same place, stops
        // reading and closes it after send_timeout).
        qsizetype maxHeldBytes = qsizetype{16} * 1024 * 1024;
        // Requests to this path are forward-auth checks (nginx auth_request): refused as a
        // 403 with X-Auth-Error instead of 431/413/400, which nginx would turn into a 500.
        QByteArray forwardAuthPath;
    };

    explicit GuardedTcpServer(QObject* parent = nullptr);
    GuardedTcpServer(const Limits& limits, QObject* parent = nullptr);
    // Closes first: QTcpServer deletes the connections nobody took yet, and each counts
    // itself out of this server while it is still whole.
    ~GuardedTcpServer() override;

    // Listens with SO_REUSEPORT so several servers (one per thread) can share the port;
    // the kernel spreads new connections between them. IPv4 and IPv6 addresses. The First
    // fails when anything listens on the port already (another validator among them);
    // the others Join it. On failure, listenError() says why.
    enum class PortSharing { First, Join };
    bool listenSharingPort(const QHostAddress& address, quint16 port, PortSharing sharing);
    QString listenError() const { return m_listenError.isEmpty() ? errorString() : m_listenError; }

    // Appends the answer to `head` to `response` (a whole HTTP response) and returns true,
    // or returns false, leaving `response` as it was, to leave the request to Qt HTTP
    // Server. `peer` is the client's address.
    using FastResponder = std::function<bool(const HttpRequestHead& head, const QString& peer, QByteArray& response)>;
    // Set before connections arrive; called on this server's thread.
    void setFastResponder(FastResponder responder) { m_fastResponder = std::move(responder); }
    const FastResponder& fastResponder() const { return m_fastResponder; }

    // Optional, with a fast responder: a lone whole request that `accepts` takes is held to
    // the end of the event-loop turn; then `prepare` sees every request held in that turn at
    // once, each is answered by the fast responder, and `finish` runs. The validator sends
    // a turn's Redis admissions in one round trip this way instead of one per request.
    struct FastBatch
    {
        std::function<bool(const HttpRequestHead& head)> accepts;
        std::function<void(const QList<const HttpRequestHead*>& heads)> prepare;
        std::function<void()> finish;
    };
    void setFastBatch(FastBatch batch) { m_batch = std::move(batch); }
    const FastBatch& fastBatch() const { return m_batch; }
    // For the connection watchers: `watcher` holds one request, answered by answerHeld().
    void hold(QObject* watcher);

    // How Qt HTTP Server's handler answers the next request it read on `socket`, in order:
    // KeepOpen, or Close for the one that asked for the connection to end (it answers with
    // "Connection: close" and disconnects after writing), or Drop for a request that came
    // after that one, which is not processed (RFC 9112 section 9.6). Call once per request.
    enum class Answer { KeepOpen, Close, Drop };
    static Answer nextAnswer(QTcpSocket* socket);

    // What the servers of one validator did with their connections, for /metrics; shared by
    // its serving threads.
    struct Counters
    {
        std::atomic<qint64> open{0};
        std::atomic<quint64> refused{0}; // beyond maxConnections (503)
        std::atomic<quint64> closedTooSlow{0}; // a request's headers or body not sent in time
        std::atomic<quint64> closedHoldingTooMuch{0}; // beyond maxHeldBytes
    };
    // Set before connections arrive. Shared: a socket deleted with this server (one still
    // pending) counts itself out after the validator that owns `counters` may be gone.
    void setCounters(std::shared_ptr<Counters> counters) { m_counters = std::move(counters); }
    Counters& counters() { return *m_counters; }

    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Limits m_limits;
    FastResponder m_fastResponder;
    FastBatch m_batch;
    void answerHeld();
    QList<QPointer<QObject>> m_held; // watchers holding a request this turn
    QList<HttpRequestHead> m_heldHeads; // kept between turns for their capacity
    QList<const HttpRequestHead*> m_heldPointers;
    bool m_answerPosted = false;
    QByteArray m_scratch; // where connections peek at request heads
    int m_open = 0; // on this server, against Limits::maxConnections
    std::shared_ptr<Counters> m_counters = std::make_shared<Counters>();
    QString m_listenError;
};
