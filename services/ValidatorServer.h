#pragma once

#include "AdminRoutes.h"
#include "AgentRunRepository.h"
#include "Database.h"
#include "DatabaseThread.h"
#include "GuardedTcpServer.h"
#include "InMemoryRateLimiter.h"
#include "InvalidAttemptAggregator.h"
#include "KeyCache.h"
#include "QuotaTracker.h"
#include "RedisRateLimiter.h"
#include "RequestAuthenticator.h"
#include "RuntimeConfig.h"
#include "UsageRecorder.h"
#include "ValidatorMetrics.h"
#include "ValidatorRequest.h"
#include "ValidatorRequestEvent.h"
#include "ValidatorState.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHostAddress>

#include <memory>
#include <optional>

class QHttpServerResponder;
#include "HttpReply.h"

// The validator: a QAbstractHttpServer whose one dispatch function routes, so unknown
// methods get 405 (QHttpServer 6.4 would say 404), HEAD works, and the hot path stays
// synchronous and in memory (no QFuture handlers on 6.4: ../shared/PLATFORM.md).
class ValidatorServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Limits = GuardedTcpServer::Limits;

    ValidatorServer(Database& database, RuntimeConfig config, QObject* parent = nullptr);
    // A further serving thread of `primary`'s validator: shares its state, listens on the
    // same port (SO_REUSEPORT). Create and use it on its own thread; the primary keeps the
    // change watcher, the usage writer and the invalid-attempt flush.
    explicit ValidatorServer(ValidatorServer& primary, QObject* parent = nullptr);
    ~ValidatorServer() override;

    // Starts the usage recorder and the change watcher with the minute's flush of invalid
    // attempts (on a thread of their own, "kw-watch", so that no serving thread waits on the
    // database for them), and listens on `address:port`
    // through a GuardedTcpServer (limits of SPEC). Returns the port, 0 on failure.
    // With `sharePort`, several servers (threads) can listen on the same port.
    quint16 listenOn(const QHostAddress& address, quint16 port, bool sharePort = false);
    // Stops the watcher thread and flushes everything recorded (usage, aggregated invalid
    // attempts).
    void shutdown();
    // Writes the aggregated invalid-key attempts now (otherwise once a minute).
    int flushInvalidAttempts();

    // The change watcher's thread (kw-watch) for work queued to it; null until the primary
    // listens. A test holds it there to see what reaches the key cache without the watcher.
    QObject* changeWatchContext() const { return m_watchThread ? m_watchThread->context() : nullptr; }

    KeyCache& keyCache() { return m_state->cache; }
    UsageRecorder& usageRecorder() { return m_state->usage; }
    ValidatorMetrics& metrics() { return m_state->metrics; }
    const RuntimeConfig& config() const { return m_config; }
    // Requests this serving thread answered from its own reader rather than Qt HTTP Server's.
    quint64 fastAnswers() const { return m_fastAnswers; }
    // Redis admissions a batch decided (several requests, one script call).
    quint64 batchedAdmissions() const
    {
        return m_state->redisLimiter ? m_state->redisLimiter->prefetchedAdmissions() : 0;
    }
    Limits limits() const { return m_limits; }
    // Takes effect at the next listenOn().
    void setLimits(const Limits& limits) { m_limits = limits; }
    // Every serving thread of this validator reports to `observer` (ValidatorState::requestObserver);
    // set it before listenOn().
    void setRequestObserver(std::function<void(const ValidatorRequestEvent&)> observer)
    {
        m_state->requestObserver = std::move(observer);
    }

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    // Qt HTTP Server's requests: answers `request` through route() (or a 404 when not
    // `routed`), closing the connection after it when the client asked for that.
    void answer(const QHttpServerRequest& request, QTcpSocket* socket, bool routed);
    // GuardedTcpServer's fast responder: answers GET and HEAD of /v1/verify and /v1/auth
    // without a query, read by the connection's own reader; declines everything else.
    bool answerFast(const HttpRequestHead& head, const QString& peer, QByteArray& response);
    static bool isFastRoute(const HttpRequestHead& head);
    // With the Redis limiter: the admissions of the fast requests held in one loop turn,
    // sent together (GuardedTcpServer::FastBatch, RedisRateLimiter::prefetch()).
    void prepareFastBatch(const QList<const HttpRequestHead*>& heads);
    std::optional<RedisRateLimiter::PlannedAdmission> planAdmission(const ValidatorRequest& request, qint64 nowMs);
    static bool forwardedUrlCarriesKey(const ValidatorRequest& request);
    // Every request, from either reader, goes through here: early refusals, then the route.
    void route(const ValidatorRequest& request, HttpReply& reply);
    // The bytes of the answer (forward-auth shape on /v1/auth); tells the observer.
    void finish(const ValidatorRequest& request, const HttpReply& reply, QByteArray& response);
    void handleHealth(const ValidatorRequest& request, HttpReply& reply);
    void handleVerify(const ValidatorRequest& request, HttpReply& reply, bool forwardAuth);
    void handleAgentRun(const ValidatorRequest& request, const QString& agent, HttpReply& reply);
    void handleConversations(const ValidatorRequest& request, HttpReply& reply);
    void handleMetrics(HttpReply& reply);
    // Runs the pipeline; on refusal fills `reply` (JSON error or forward-auth headers).
    AuthOutcome authenticate(const ValidatorRequest& request,
                             QByteArrayView requiredScope,
                             HttpReply& reply,
                             bool forwardAuth,
                             qint64 nowMs,
                             qint64 startedNs);
    void startWatchThread();
    // A request that passed authentication but cannot be served (a bad body, no such
    // agent): the error, with the rate-limit headers already set, counted and recorded.
    void refuseAuthenticated(const ValidatorRequest& request,
                             const AuthOutcome& outcome,
                             HttpReply& reply,
                             const QString& message,
                             qint64 startedNs,
                             ErrorCode code = ErrorCode::BadRequest);
    void countEarlyRefusal(ErrorCode code);
    void recordUsage(const ValidatorRequest& request,
                     const AuthOutcome& outcome,
                     int status,
                     qint64 startedNs,
                     int tokens = 0,
                     double costUsd = 0);
    static QString storedText(const QString& text);
    static QString forwardedPath(QByteArrayView uri);
    void notifyObserver(const ValidatorRequest& request, const HttpReply& reply);

    Database& m_database;
    RuntimeConfig m_config;
    Limits m_limits;
    std::shared_ptr<ValidatorState> m_state;
    bool m_primary = true;
    std::unique_ptr<RequestAuthenticator> m_authenticator;
    QList<RedisRateLimiter::PlannedAdmission> m_plannedAdmissions; // kept for its capacity
    std::unique_ptr<DatabaseThread> m_watchThread; // the primary's, while it listens
    AdminRoutes m_admin;
    AgentRunRepository m_agentRuns;
    QElapsedTimer m_clock;
    // Of the request being served, kept only while someone observes (requests on one
    // server are handled one at a time, on its thread).
    qint64 m_requestStartedNs = 0;
    quint64 m_fastAnswers = 0;
    HttpReply m_fastReply; // reused by answerFast(), so its buffers outlive one answer
    QString m_requestOrganization;
    // A client sends the same User-Agent with every request: the last one stays decoded,
    // so a usage record usually costs no allocation for it.
    QByteArray m_lastUserAgentBytes;
    QString m_lastUserAgent;
    // Likewise the endpoint a usage record names, as requested and as stored.
    QString m_lastEndpointRequested;
    QString m_lastEndpoint;
};
