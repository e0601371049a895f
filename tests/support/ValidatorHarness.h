#pragma once

#include "Database.h"
#include "DatabaseThread.h"
#include "GuardedTcpServer.h"
#include "RuntimeConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class QSemaphore;
class ValidatorServer;

// Runs a real ValidatorServer on its own thread, listening on 127.0.0.1 with a port
// chosen by the system, so a test can talk to it over a real socket while blocking.
class ValidatorHarness
{
public:
    ValidatorHarness(Database& database, RuntimeConfig config = {}, const GuardedTcpServer::Limits& limits = {});
    ~ValidatorHarness(); // stops the server: flushes usage, like a clean shutdown
    Q_DISABLE_COPY_MOVE(ValidatorHarness)

    quint16 port() const { return m_port; }
    // Runs `work` on the server's thread and waits for it.
    void invoke(const std::function<void(ValidatorServer&)>& work);
    void stop();

private:
    DatabaseThread m_thread;
    ValidatorServer* m_server = nullptr;
    quint16 m_port = 0;
};

// ValidatorServer::changeWatchContext() of the harness's server.
QObject* changeWatchContext(ValidatorHarness& harness);

// Holds a validator's change watcher while in scope: its thread (`context`) waits, so
// neither NOTIFY (PostgreSQL) nor the poll (SQLite) can drop a cached key meanwhile, and a
// test sees only what the code under test drops itself.
class ChangeWatcherHold
{
public:
    explicit ChangeWatcherHold(QObject* context);
    ~ChangeWatcherHold();
    Q_DISABLE_COPY_MOVE(ChangeWatcherHold)

    bool isHolding() const { return m_holding; }

private:
    // Shared: the watcher's thread may still be leaving acquire() when this is gone.
    std::shared_ptr<QSemaphore> m_held;
    std::shared_ptr<QSemaphore> m_released;
    bool m_holding = false;
};

// A parsed HTTP/1.1 answer.
struct HttpAnswer
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const;
    int headerCount(const QByteArray& name) const;
};

// The body as a JSON object (empty when it is not one), and the two fields of SPEC's
// error envelope {"error": {"code", "message"}} (empty when absent).
QJsonObject json(const HttpAnswer& answer);
QString errorCode(const HttpAnswer& answer);
QString errorMessage(const HttpAnswer& answer);

// The header line that presents `key` the one way SPEC allows: "Authorization: Bearer <key>".
QByteArray bearer(const QString& key);

// A blocking raw HTTP client: sends exactly the bytes given, so tests can send what a
// well-behaved client library would refuse to (two Authorization headers, bad bytes).
namespace RawHttp {
HttpAnswer send(quint16 port, const QByteArray& request, int timeoutMs = 10000);
// Sends `pieces` on one connection, pausing between them so the server reads each on its
// own (a request split across pieces arrives in parts), and reads `answers` answers
// (`headRequests`: they answer HEAD requests, so carry no body).
QList<HttpAnswer> sendPieces(
    quint16 port, const QList<QByteArray>& pieces, int answers, int timeoutMs = 10000, bool headRequests = false);
// A client that lets its answers pile up: with the smallest receive buffer, it sends each of
// `rounds` (pipelined requests) whole and gives the server 10 ms to answer it. From round
// `readFromRound` on it reads what has arrived (up to 64 KiB) before sending the round; in
// the end it reads `answers` answers, with a large receive buffer. Enough rounds outgrow the kernel's socket buffers,
// so the server must hold answers back, and some arrive while it still does. With `drainPauseMs`, the end reads slowly:
// up to 256 KiB, then a pause, and so on.
QList<HttpAnswer> sendInRounds(quint16 port,
                               const QList<QByteArray>& rounds,
                               qsizetype readFromRound,
                               int answers,
                               int drainPauseMs = 0,
                               int timeoutMs = 60000);
// GET/POST/... with the given extra header lines ("Name: value").
HttpAnswer request(quint16 port,
                   const QByteArray& method,
                   const QByteArray& target,
                   const QList<QByteArray>& headerLines = {},
                   const QByteArray& body = {});
} // namespace RawHttp
