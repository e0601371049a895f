#include "ValidatorServer.h"

#include "ApiDocs.h"
#include "ChangeWatcher.h"
#include "ErrorCode.h"
#include "GuardedTcpServer.h"
#include "HttpReply.h"
#include "HttpRequestHead.h"
#include "InputRules.h"
#include "JsonFormat.h"
#include "KeyMasking.h"
#include "Logging.h"
#include "SqlRateLimiter.h"
#include "SqlValue.h"
#include "UsageEndpoint.h"
#include "UsageText.h"
#include "UuidText.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace {
// Set while the program loads: a restart shows as a jump of this value.
const double kProcessStartSeconds = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
} // namespace

namespace {

const QString kKeyInUrlMessage
    = QStringLiteral("API keys are accepted only in the Authorization header, never in the URL");

QString methodName(QHttpServerRequest::Method method)
{
    using Method = QHttpServerRequest::Method;
    static const QString get = QStringLiteral("GET"), post = QStringLiteral("POST"), put = QStringLiteral("PUT"),
                         del = QStringLiteral("DELETE"), head = QStringLiteral("HEAD"), other = QStringLiteral("OTHER");
    switch (method) {
    case Method::Get:
        return get;
    case Method::Post:
        return post;
    case Method::Put:
        return put;
    case Method::Delete:
        return del;
    case Method::Head:
        return head;
    default:
        return other;
    }
}

// /v1/verify's 200 body, written directly into the reply's buffer: it is the hot path, and
// a QJsonObject costs several times the rest of the answer. Same fields and order as
// QJsonDocument would give.
void writeVerifiedBody(QByteArray& body,
                       const AuthContext& context,
                       const RateLimitDecision& rate,
                       QByteArrayView organizationId,
                       QByteArrayView keyId)
{
    body.resize(0);
    body.reserve(320);
    body.append("{\"environment\":");
    JsonFormat::appendQuoted(body, KeyEnvironments::toString(context.key.environment));
    body.append(",\"key_id\":\"").append(keyId).append("\",\"organization_id\":\"").append(organizationId);
    body.append("\",\"organization_slug\":");
    JsonFormat::appendQuoted(body, context.organization.slug);
    body.append(",\"plan\":");
    JsonFormat::appendQuoted(body, Plans::toString(context.organization.plan));
    body.append(",\"rate_limit\":{\"limit\":");
    HttpReply::appendNumber(body, rate.limit);
    body.append(",\"remaining\":");
    HttpReply::appendNumber(body, rate.remaining);
    body.append(",\"reset\":");
    HttpReply::appendNumber(body, rate.resetEpochSeconds);
    body.append("},\"scopes\":[");
    for (qsizetype i = 0; i < context.key.scopes.size(); ++i) {
        if (i > 0)
            body.append(',');
        JsonFormat::appendQuoted(body, context.key.scopes.at(i));
    }
    body.append("],\"valid\":true}");
}

void addRateLimitHeaders(HttpReply& reply, const RateLimitDecision& rate, qint64 nowMs)
{
    const qint64 secondsLeft = qMax<qint64>(0, rate.resetEpochSeconds - nowMs / 1000);
    reply.header("X-RateLimit-Limit", rate.limit);
    reply.header("X-RateLimit-Remaining", rate.remaining);
    reply.header("X-RateLimit-Reset", rate.resetEpochSeconds);
    // draft-ietf-httpapi-ratelimit-headers-11
    reply.header("RateLimit-Policy", {"\"minute\";q=", rate.limit, ";w=60"});
    reply.header("RateLimit", {"\"minute\";r=", rate.remaining, ";t=", secondsLeft});
}

} // namespace

ValidatorServer::ValidatorServer(Database& database, RuntimeConfig config, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_database(database)
    , m_config(std::move(config))
    , m_state(std::make_shared<ValidatorState>(database, m_config))
    , m_admin(database, m_config.adminApiKey, &m_state->cache)
    , m_agentRuns(database)
{
    m_authenticator = std::make_unique<RequestAuthenticator>(m_database, m_state->cache, *m_state->limiter,
                                                             m_state->quota, m_config);
    m_clock.start();
}

ValidatorServer::ValidatorServer(ValidatorServer& primary, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_database(primary.m_database)
    , m_config(primary.m_config)
    , m_limits(primary.m_limits)
    , m_state(primary.m_state)
    , m_primary(false)
    , m_admin(primary.m_database, m_config.adminApiKey, &m_state->cache)
    , m_agentRuns(primary.m_database)
{
    m_authenticator = std::make_unique<RequestAuthenticator>(m_database, m_state->cache, *m_state->limiter,
                                                             m_state->quota, m_config);
    m_clock.start();
}

ValidatorServer::~ValidatorServer()
{
    shutdown();
}

quint16 ValidatorServer::listenOn(const QHostAddress& address, quint16 port, bool sharePort)
{
    Limits limits = m_limits;
    limits.forwardAuthPath = QByteArrayLiteral("/v1/auth");
    auto* tcp = new GuardedTcpServer(limits, this);
    tcp->setCounters(m_state->connections);
    tcp->setFastResponder([this](const HttpRequestHead& head, const QString& peer, QByteArray& response) {
        return answerFast(head, peer, response);
    });
    if (m_state->redisLimiter) {
        // A request waits for Redis a round trip: the requests of one loop turn share one.
        RedisRateLimiter* limiter = m_state->redisLimiter;
        tcp->setFastBatch({&ValidatorServer::isFastRoute,
                           [this](const QList<const HttpRequestHead*>& heads) { prepareFastBatch(heads); },
                           [limiter] {
                               limiter->clearPrefetched();
                           }});
    }
    using Sharing = GuardedTcpServer::PortSharing;
    const bool listening = sharePort ? tcp->listenSharingPort(address, port, m_primary ? Sharing::First : Sharing::Join)
                                     : tcp->listen(address, port);
    if (!listening) {
        qCWarning(lcValidator).noquote() << "cannot listen on" << address.toString() << port << ":"
                                         << tcp->listenError();
        delete tcp;
        return 0;
    }
    if (m_primary && !m_watchThread) {
        startWatchThread();
        if (m_config.enableUsageTracking)
            m_state->usage.start();
    }
    bind(tcp);
    return tcp->serverPort();
}

void ValidatorServer::startWatchThread()
{
    m_watchThread = std::make_unique<DatabaseThread>(m_database, QStringLiteral("kw-watch"));
    m_watchThread->run([this] {
        // Made on the thread, so their timers (and PostgreSQL's LISTEN connection) live there.
        // The key cache takes invalidations from any thread, at once.
        auto* changes = new ChangeWatcher(m_database, m_watchThread->context());
        KeyCache* cache = &m_state->cache;
        connect(changes, &ChangeWatcher::keyChanged, changes,
                [cache](const QUuid& keyId) { cache->invalidateKey(keyId); });
        // The quota count stays: it is this month's requests, which no organization change
        // alters (a new limit arrives with the next check), and dropping it would lose
        // requests the usage recorder has not written yet.
        connect(changes, &ChangeWatcher::organizationChanged, changes,
                [cache](const QUuid& organizationId) { cache->invalidateOrganization(organizationId); });
        connect(changes, &ChangeWatcher::resyncNeeded, changes, [cache] { cache->clear(); });
        changes->start();
        auto* invalidAttempts = new QTimer(m_watchThread->context());
        connect(invalidAttempts, &QTimer::timeout, invalidAttempts, [this] { flushInvalidAttempts(); });
        invalidAttempts->start(60000);
    });
}

void ValidatorServer::shutdown()
{
    if (!m_primary)
        return;
    m_watchThread.reset(); // joined: no poll or flush of its own runs after this
    flushInvalidAttempts();
    m_state->usage.stop();
}

int ValidatorServer::flushInvalidAttempts()
{
    qsizetype groups = 0;
    const int written = m_state->invalidAttempts.flush(m_database, &groups);
    if (groups == 0)
        return 0;
    qCInfo(lcValidator).noquote() << QJsonDocument(
                                         QJsonObject{{QStringLiteral("event"), QStringLiteral("invalid_attempts")},
                                                     {QStringLiteral("groups"), double(groups)},
                                                     {QStringLiteral("audit_rows"), written}})
                                         .toJson(QJsonDocument::Compact);
    return written;
}

void ValidatorServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    // Not reached while handleRequest() takes every request; kept for Qt's contract.
    answer(request, socket, false);
}

bool ValidatorServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    answer(request, socket, true);
    return true;
}

void ValidatorServer::answer(const QHttpServerRequest& request, QTcpSocket* socket, bool routed)
{
    const GuardedTcpServer::Answer mode = GuardedTcpServer::nextAnswer(socket);
    if (mode == GuardedTcpServer::Answer::Drop)
        return; // sent after a request that asked to close the connection
    const ValidatorRequest view(request);
    HttpReply reply;
    if (routed)
        route(view, reply);
    else
        reply.error(ErrorCode::NotFound, QStringLiteral("no such route"));
    if (mode == GuardedTcpServer::Answer::Close)
        reply.header("Connection", "close");
    QByteArray response;
    finish(view, reply, response);
    socket->write(response);
    socket->flush();
    if (mode == GuardedTcpServer::Answer::Close)
        socket->disconnectFromHost(); // once the answer is written
}

bool ValidatorServer::isFastRoute(const HttpRequestHead& head)
{
    return (head.path() == "/v1/auth" || head.path() == "/v1/verify")
        && (head.method() == "GET" || head.method() == "HEAD") && !head.hasQuery();
}

bool ValidatorServer::answerFast(const HttpRequestHead& head, const QString& peer, QByteArray& response)
{
    if (!isFastRoute(head))
        return false;
    const ValidatorRequest request(head, peer);
    m_fastReply.clear();
    route(request, m_fastReply);
    finish(request, m_fastReply, response);
    ++m_fastAnswers;
    return true;
}

void ValidatorServer::prepareFastBatch(const QList<const HttpRequestHead*>& heads)
{
    if (heads.size() < 2)
        return; // a lone request gains nothing from a batch
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    m_plannedAdmissions.clear();
    for (const HttpRequestHead* head : heads) {
        if (auto admission = planAdmission(ValidatorRequest(*head, QString()), nowMs))
            m_plannedAdmissions.append(std::move(*admission));
    }
    m_state->redisLimiter->prefetch(m_plannedAdmissions);
}

// Only for a request route() will send to authenticate() unrefused: each check before it
// is repeated here, so that no admission is counted for a request refused for another
// reason (its reply would be left over, and its slot spent).
std::optional<RedisRateLimiter::PlannedAdmission> ValidatorServer::planAdmission(const ValidatorRequest& request,
                                                                                 qint64 nowMs)
{
    if (request.hasKeyInQuery() || request.headerCount("authorization") != 1 || !request.body().isEmpty()
        || request.headerCount("x-required-scope") > 1)
        return std::nullopt;
    const QByteArrayView requiredScope = request.header("X-Required-Scope").trimmed();
    if (requiredScope.size() > InputRules::MaxScopeLength)
        return std::nullopt;
    if (request.path() == QLatin1String("/v1/auth") && forwardedUrlCarriesKey(request))
        return std::nullopt;
    const QByteArrayView authorization = request.header("Authorization");
    if (!m_config.enableApiKeyAuth || (m_config.allowUnauthenticated && authorization.trimmed().isEmpty()))
        return std::nullopt;
    return m_authenticator->planAdmission(authorization, requiredScope, nowMs);
}

// Behind a proxy the client's URL arrives as X-Original-URI (nginx) or X-Forwarded-Uri
// (Traefik): a key in its query is refused as on a direct call.
bool ValidatorServer::forwardedUrlCarriesKey(const ValidatorRequest& request)
{
    for (const QByteArrayView header : {QByteArrayView("X-Original-URI"), QByteArrayView("X-Forwarded-Uri")}) {
        const QByteArrayView original = request.header(header);
        const qsizetype queryAt = original.indexOf('?');
        if (queryAt >= 0 && ValidatorRequest::queryHasKeyParameter(original.sliced(queryAt + 1)))
            return true;
    }
    return false;
}

void ValidatorServer::route(const ValidatorRequest& request, HttpReply& reply)
{
    const QString& path = request.path();
    const auto method = request.method();
    if (m_state->requestObserver) {
        m_requestStartedNs = m_clock.nsecsElapsed();
        m_requestOrganization.clear();
    }

    // Refused before anything else, and the URL is never logged.
    if (request.hasKeyInQuery()) {
        reply.error(ErrorCode::ApiKeyInUrl, kKeyInUrlMessage);
        countEarlyRefusal(ErrorCode::ApiKeyInUrl);
        return;
    }
    if (request.headerCount("authorization") > 1) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("more than one Authorization header"));
        countEarlyRefusal(ErrorCode::BadRequest);
        return;
    }
    if (request.body().size() > m_limits.maxBodyBytes) {
        reply.error(ErrorCode::PayloadTooLarge, QStringLiteral("the body is larger than 1 MiB"));
        countEarlyRefusal(ErrorCode::PayloadTooLarge);
        return;
    }

    using Method = QHttpServerRequest::Method;
    // The Allow value as a view: a QByteArray parameter would allocate one for every request.
    const auto allow = [&](QHttpServerRequest::Methods allowed, QByteArrayView allowHeader) {
        if (allowed.testFlag(method))
            return true;
        reply.error(ErrorCode::BadRequest,
                    QStringLiteral("method not allowed on %1").arg(KeyMasking::maskKeysIn(path)));
        reply.status = 405;
        reply.header(QByteArrayLiteral("Allow"), allowHeader);
        return false;
    };

    if (path == QLatin1String("/health")) {
        if (allow(Method::Get | Method::Head, "GET, HEAD"))
            handleHealth(request, reply);
    } else if (path == QLatin1String("/v1/verify")) {
        if (allow(Method::Get | Method::Post | Method::Head, "GET, POST, HEAD"))
            handleVerify(request, reply, false);
    } else if (path == QLatin1String("/v1/auth")) {
        if (allow(Method::Get | Method::Head, "GET, HEAD"))
            handleVerify(request, reply, true);
    } else if (path == QLatin1String("/metrics")) {
        if (allow(Method::Get | Method::Head, "GET, HEAD"))
            handleMetrics(reply);
    } else if (path == QLatin1String("/openapi.json")) {
        if (allow(Method::Get | Method::Head, "GET, HEAD"))
            reply.body = ApiDocs::openApiJson();
    } else if (path == QLatin1String("/docs")) {
        if (allow(Method::Get | Method::Head, "GET, HEAD")) {
            reply.body = ApiDocs::docsHtml();
            reply.contentType = QByteArrayLiteral("text/html; charset=utf-8");
        }
    } else if (path == QLatin1String("/docs/")) {
        // Typed with a slash, as people do. Relative, so that it works behind a proxy's
        // path prefix too (as the page's own fetch does).
        if (allow(Method::Get | Method::Head, "GET, HEAD")) {
            reply.status = 308;
            reply.header("Location", "../docs");
            reply.body.clear();
            reply.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
        }
    } else if (path == QLatin1String("/v1/conversations")) {
        if (allow(Method::Get | Method::Head, "GET, HEAD"))
            handleConversations(request, reply);
    } else if (path.startsWith(QLatin1String("/v1/agents/")) && path.endsWith(QLatin1String("/run"))) {
        const QString agent = path.mid(11, path.size() - 11 - 4);
        if (allow(Method::Post, "POST"))
            handleAgentRun(request, agent, reply);
    } else if ((path == QLatin1String("/admin") || path.startsWith(QLatin1String("/admin/"))) && request.qtRequest()) {
        m_admin.handle(*request.qtRequest(), reply); // answerFast() never takes these paths
    } else {
        reply.error(ErrorCode::NotFound, QStringLiteral("no such route"));
    }
}

void ValidatorServer::handleHealth(const ValidatorRequest&, HttpReply& reply)
{
    const Status database = m_database.ping();
    const bool databaseUp = database.ok();
    QString redis = QStringLiteral("disabled");
    QString limiter
        = m_config.rateLimitBackend == RateLimitBackend::Sql ? QStringLiteral("sql") : QStringLiteral("memory");
    if (m_state->redisLimiter) {
        m_state->redisLimiter->probe();
        redis = m_state->redisLimiter->isDegraded() ? QStringLiteral("degraded") : QStringLiteral("ok");
        limiter = m_state->redisLimiter->isDegraded()
            ? QStringLiteral("fallback:") + RuntimeConfig::failureModeText(m_config.rateLimitFailureMode)
            : QStringLiteral("redis");
    }
    // Without its database the validator answers only the keys it has cached: unavailable,
    // so that a load balancer sends traffic elsewhere. Without Redis it limits as
    // RATE_LIMIT_FAILURE_MODE says (in process, admit all, or refuse all), which every
    // validator sharing that Redis does alike: degraded, not a reason to move traffic.
    const QString status = !databaseUp       ? QStringLiteral("unavailable")
        : redis == QLatin1String("degraded") ? QStringLiteral("degraded")
                                             : QStringLiteral("ok");
    reply.json(
        databaseUp ? 200 : 503,
        QJsonObject{
            {QStringLiteral("status"), status},
            {QStringLiteral("database"), databaseUp ? QStringLiteral("ok") : QStringLiteral("unavailable")},
            {QStringLiteral("database_engine"), DatabaseEngines::toString(m_database.engine())},
            {QStringLiteral("redis"), redis},
            {QStringLiteral("rate_limiter"), limiter},
            {QStringLiteral("rate_limit_failure_mode"), RuntimeConfig::failureModeText(m_config.rateLimitFailureMode)},
            {QStringLiteral("usage_pending"), double(m_state->usage.pending())},
            {QStringLiteral("usage_dropped"), double(m_state->usage.dropped())}});
}

AuthOutcome ValidatorServer::authenticate(const ValidatorRequest& request,
                                          QByteArrayView requiredScope,
                                          HttpReply& reply,
                                          bool forwardAuth,
                                          qint64 nowMs,
                                          qint64 startedNs)
{
    const QByteArrayView authorization = request.header("Authorization");
    if (!m_config.enableApiKeyAuth || (m_config.allowUnauthenticated && authorization.trimmed().isEmpty())) {
        // Authentication switched off, or an anonymous caller where that is allowed: the
        // request passes without an identity (a key that IS sent is still checked).
        AuthOutcome anonymous;
        anonymous.ok = true;
        reply.header(QByteArrayLiteral("X-Auth-Mode"), m_config.enableApiKeyAuth ? "anonymous" : "disabled");
        return anonymous;
    }
    AuthOutcome outcome = m_authenticator->authenticate(authorization, requiredScope, nowMs);
    if (outcome.context && m_state->requestObserver)
        m_requestOrganization = outcome.context->organization.slug;
    if (outcome.rateChecked)
        addRateLimitHeaders(reply, outcome.rate, nowMs);
    if (outcome.retryAfterSeconds > 0)
        reply.header("Retry-After", outcome.retryAfterSeconds);
    if (outcome.ok)
        return outcome;

    const QString code = ErrorCodes::wireCode(outcome.error);
    const QString organization = outcome.context ? outcome.context->organization.slug : outcome.refusedOrganizationSlug;
    const QString maskedKey = KeyMasking::mask(QString::fromLatin1(RequestAuthenticator::bearerToken(authorization)));
    const QUuid keyId = outcome.context ? outcome.context->key.id : outcome.refusedKeyId;
    const QUuid organizationId = outcome.context ? outcome.context->organization.id : outcome.refusedOrganizationId;
    if (ErrorCodes::httpStatus(outcome.error) == 401 && outcome.error != ErrorCode::MissingApiKey)
        m_state->invalidAttempts.record(code, maskedKey, request.remoteAddress(), keyId, organizationId);
    qCDebug(lcValidator).noquote()
        << QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("refused")},
                                     {QStringLiteral("code"), code},
                                     {QStringLiteral("path"), KeyMasking::maskKeysIn(request.path())},
                                     {QStringLiteral("key"), maskedKey},
                                     {QStringLiteral("key_id"), keyId.isNull() ? QString() : SqlValue::uuidText(keyId)},
                                     {QStringLiteral("organization_id"),
                                      organizationId.isNull() ? QString() : SqlValue::uuidText(organizationId)},
                                     {QStringLiteral("ip"), request.remoteAddress()}})
               .toJson(QJsonDocument::Compact);
    m_state->metrics.countRequest(organization, code, double(m_clock.nsecsElapsed() - startedNs) / 1e9);
    if (outcome.error == ErrorCode::RateLimitExceeded || outcome.error == ErrorCode::QuotaExceeded)
        m_state->metrics.countRateLimited(organization);
    else if (ErrorCodes::httpStatus(outcome.error) == 401)
        m_state->metrics.countInvalidKey(code);
    if (ErrorCodes::httpStatus(outcome.error) == 401) {
        // RFC 6750: a 401 names the scheme; a key that was sent but failed is invalid_token.
        reply.header(QByteArrayLiteral("WWW-Authenticate"),
                     outcome.error == ErrorCode::MissingApiKey
                         ? QByteArrayLiteral("Bearer realm=\"keywarden\"")
                         : QByteArrayLiteral("Bearer realm=\"keywarden\", error=\"invalid_token\""));
    }
    if (forwardAuth) {
        // nginx auth_request understands only 2xx, 401 and 403; X-Auth-Error says which.
        reply.empty(ErrorCodes::httpStatus(outcome.error) == 401 ? 401 : 403);
        reply.header(QByteArrayLiteral("X-Auth-Error"), code.toLatin1());
    } else {
        reply.error(outcome.error, outcome.message);
    }
    return outcome;
}

void ValidatorServer::handleVerify(const ValidatorRequest& request, HttpReply& reply, bool forwardAuth)
{
    const qint64 startedNs = m_clock.nsecsElapsed();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QByteArrayView requiredScope = request.header("X-Required-Scope").trimmed();
    if (requiredScope.size() > InputRules::MaxScopeLength) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("X-Required-Scope is too long"));
        return;
    }
    // Only the first would be checked: behind a proxy that appends its own scope header to
    // the client's, a client could answer the proxy's demand with a scope it already holds.
    if (request.headerCount("x-required-scope") > 1) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("more than one X-Required-Scope header"));
        return;
    }
    // send() gives this refusal the forward-auth shape (401 + X-Auth-Error).
    if (forwardAuth && forwardedUrlCarriesKey(request)) {
        reply.error(ErrorCode::ApiKeyInUrl, kKeyInUrlMessage);
        countEarlyRefusal(ErrorCode::ApiKeyInUrl);
        return;
    }
    const AuthOutcome outcome = authenticate(request, requiredScope, reply, forwardAuth, nowMs, startedNs);
    if (!outcome.ok) {
        if (outcome.context)
            recordUsage(request, outcome, reply.status, startedNs);
        return;
    }

    // The body (nothing reads it) is checked only for a caller who may call.
    if (!forwardAuth && request.method() == QHttpServerRequest::Method::Post && !request.body().isEmpty()) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(request.body(), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            refuseAuthenticated(request, outcome, reply, QStringLiteral("the body is not valid JSON"), startedNs);
            return;
        }
    }
    if (!outcome.context) {
        if (forwardAuth)
            reply.empty(204);
        else
            reply.json(200, QJsonObject{{QStringLiteral("valid"), true}, {QStringLiteral("anonymous"), true}});
        return;
    }
    const AuthContext& context = *outcome.context;
    const UuidText organizationId(context.organization.id);
    const UuidText keyId(context.key.id);
    reply.header("X-Organization-Id", organizationId.view());
    reply.header("X-Key-Id", keyId.view());
    reply.header("X-Scopes", context.key.scopes, ',');
    if (forwardAuth) {
        reply.empty(204);
    } else {
        reply.status = 200;
        writeVerifiedBody(reply.body, context, outcome.rate, organizationId.view(), keyId.view());
    }
    m_state->metrics.countRequest(context.organization.slug, QStringLiteral("ok"),
                                  double(m_clock.nsecsElapsed() - startedNs) / 1e9);
    recordUsage(request, outcome, reply.status, startedNs);
}

void ValidatorServer::handleAgentRun(const ValidatorRequest& request, const QString& agent, HttpReply& reply)
{
    const qint64 startedNs = m_clock.nsecsElapsed();
    // Authentication first: a caller without a key learns nothing of agents or bodies.
    const AuthOutcome outcome = authenticate(request, QByteArrayLiteral("agents:run"), reply, false,
                                             QDateTime::currentMSecsSinceEpoch(), startedNs);
    if (!outcome.ok) {
        if (outcome.context)
            recordUsage(request, outcome, reply.status, startedNs);
        return;
    }
    static const QRegularExpression agentName(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}\\z"));
    if (!agentName.match(agent).hasMatch()) {
        refuseAuthenticated(request, outcome, reply,
                            QStringLiteral("no such agent: names are lower-case letters, digits, '-' and '_'"),
                            startedNs, ErrorCode::NotFound);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    const QJsonValue input = document.object().value(QStringLiteral("input"));
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !input.isString()
        || input.toString().trimmed().isEmpty()) {
        refuseAuthenticated(request, outcome, reply,
                            QStringLiteral("the body must be a JSON object with a non-empty string \"input\""),
                            startedNs);
        return;
    }
    // A stand-in for a language model: deterministic, cheap, and accounted like a real one.
    // Anonymous callers (auth disabled or allowed) get an answer but leave no record.
    // A key pasted into the input is stored (and echoed) masked, like any free text.
    const QString text = KeyMasking::maskKeysIn(input.toString());
    const int inputTokens
        = qMax<int>(1, int(text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size()));
    const QString output = QStringLiteral("Agent %1 read %2 words and says: %3")
                               .arg(agent)
                               .arg(inputTokens)
                               .arg(text.left(200).toUpper());
    AgentRun run;
    run.id = QUuid::createUuid();
    run.agent = agent;
    run.input = text;
    run.output = output;
    run.tokensUsed = inputTokens + int(output.split(u' ', Qt::SkipEmptyParts).size());
    run.costUsd = m_config.enableCostCalculation ? run.tokensUsed * 0.000002 : 0.0; // $0.002 per 1,000 tokens
    run.createdAt = QDateTime::currentDateTimeUtc();
    if (outcome.context) {
        run.organizationId = outcome.context->organization.id;
        run.apiKeyId = outcome.context->key.id;
        if (Status s = m_agentRuns.create(run); !s) {
            reply.error(ErrorCode::Unavailable, QStringLiteral("the run could not be stored; try again"));
            return;
        }
    }
    reply.json(200,
               QJsonObject{{QStringLiteral("id"), SqlValue::uuidText(run.id)},
                           {QStringLiteral("agent"), agent},
                           {QStringLiteral("output"), output},
                           {QStringLiteral("tokens_used"), run.tokensUsed},
                           {QStringLiteral("cost_usd"), JsonFormat::money(run.costUsd)}});
    const QString organization = outcome.context ? outcome.context->organization.slug : QString();
    m_state->metrics.countRequest(organization, QStringLiteral("ok"), double(m_clock.nsecsElapsed() - startedNs) / 1e9);
    m_state->metrics.addCost(organization, run.costUsd);
    recordUsage(request, outcome, 200, startedNs, run.tokensUsed, run.costUsd);
}

void ValidatorServer::handleConversations(const ValidatorRequest& request, HttpReply& reply)
{
    const qint64 startedNs = m_clock.nsecsElapsed();
    const AuthOutcome outcome = authenticate(request, QByteArrayLiteral("agents:run"), reply, false,
                                             QDateTime::currentMSecsSinceEpoch(), startedNs);
    if (!outcome.ok)
        return;
    if (!outcome.context) {
        reply.json(200, QJsonArray()); // an anonymous caller has no organization, so no runs
        return;
    }
    auto runs = m_agentRuns.listByOrganization(outcome.context->organization.id, 100, 0);
    if (!runs) {
        reply.error(ErrorCode::Unavailable, QStringLiteral("the database is unavailable"));
        return;
    }
    QJsonArray array;
    for (const AgentRun& run : runs.value())
        array.append(QJsonObject{{QStringLiteral("id"), SqlValue::uuidText(run.id)},
                                 {QStringLiteral("agent"), run.agent},
                                 {QStringLiteral("input"), run.input},
                                 {QStringLiteral("output"), run.output},
                                 {QStringLiteral("tokens_used"), run.tokensUsed},
                                 {QStringLiteral("cost_usd"), JsonFormat::money(run.costUsd)},
                                 {QStringLiteral("created_at"), run.createdAt.toString(Qt::ISODateWithMs)}});
    reply.json(200, array);
    m_state->metrics.countRequest(outcome.context->organization.slug, QStringLiteral("ok"),
                                  double(m_clock.nsecsElapsed() - startedNs) / 1e9);
    recordUsage(request, outcome, 200, startedNs);
}

void ValidatorServer::handleMetrics(HttpReply& reply)
{
    m_state->metrics.setGauge(QStringLiteral("keywarden_usage_pending"),
                              QStringLiteral("Usage records waiting to be written."), double(m_state->usage.pending()));
    m_state->metrics.setCounter(QStringLiteral("keywarden_usage_dropped_total"),
                                QStringLiteral("Usage records dropped because the buffer was full."),
                                double(m_state->usage.dropped()));
    m_state->metrics.setCounter(QStringLiteral("keywarden_usage_written_total"),
                                QStringLiteral("Usage records written to the database."),
                                double(m_state->usage.written()));
    m_state->metrics.setCounter(QStringLiteral("keywarden_usage_failed_flushes_total"),
                                QStringLiteral("Usage batches that could not be written and wait for a retry."),
                                double(m_state->usage.failedFlushes()));
    m_state->metrics.setGauge(QStringLiteral("keywarden_key_cache_entries"),
                              QStringLiteral("Keys held in the validator's cache."), double(m_state->cache.size()));
    // Once per scrape, so an alert can say "the database is down" rather than infer it.
    m_state->metrics.setGauge(QStringLiteral("keywarden_database_up"),
                              QStringLiteral("1 while the validator reaches its database."),
                              m_database.ping().ok() ? 1 : 0);
    m_state->metrics.setGauge(QStringLiteral("keywarden_process_start_time_seconds"),
                              QStringLiteral("When this process started, in Unix seconds."), kProcessStartSeconds);
    m_state->metrics.setGauge(
        QStringLiteral("keywarden_redis_degraded"),
        QStringLiteral("1 while Redis is configured but unreachable and the fallback limiter is in use."),
        m_state->redisLimiter && m_state->redisLimiter->isDegraded() ? 1 : 0);
    const GuardedTcpServer::Counters& connections = *m_state->connections;
    m_state->metrics.setGauge(QStringLiteral("keywarden_connections_open"), QStringLiteral("Client connections open."),
                              double(connections.open));
    m_state->metrics.setCounter(QStringLiteral("keywarden_connections_refused_total"),
                                QStringLiteral("Connections refused with 503 at the open-connection limit."),
                                double(connections.refused));
    m_state->metrics.setCounter(
        QStringLiteral("keywarden_connections_closed_slow_total"),
        QStringLiteral("Connections closed because a request's headers or body came too slowly."),
        double(connections.closedTooSlow));
    m_state->metrics.setCounter(
        QStringLiteral("keywarden_connections_closed_unread_total"),
        QStringLiteral("Connections closed because their client pipelined requests without taking the answers."),
        double(connections.closedHoldingTooMuch));
    reply.body = m_state->metrics.render();
    reply.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

// A path or header a client chose, as stored in usage rows (and counted in /metrics): any
// key in it masked, control characters replaced (PostgreSQL's text holds no NUL, and the
// daily rollups take the endpoint as it is).
QString ValidatorServer::storedText(const QString& text)
{
    return InputRules::withControlCharactersReplaced(KeyMasking::maskKeysIn(text));
}

// The path of a forwarded URI, as sent, except that escapes of characters that need none
// (RFC 3986's unreserved ones, which is every key character) are decoded: "pk%5Flive%5F…"
// is the same path as "pk_live_…", and its key must be found. Nothing else changes.
QString ValidatorServer::forwardedPath(QByteArrayView uri)
{
    const qsizetype query = uri.indexOf('?');
    const QByteArrayView path = query < 0 ? uri : uri.first(query);
    if (!path.contains('%'))
        return QString::fromUtf8(path);
    const auto hexValue = [](char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    const auto unreserved = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
            || c == '.' || c == '~';
    };
    QByteArray normalized;
    normalized.reserve(path.size());
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size()) {
            const int high = hexValue(path[i + 1]);
            const int low = hexValue(path[i + 2]);
            if (high >= 0 && low >= 0 && unreserved(char(high * 16 + low))) {
                normalized += char(high * 16 + low);
                i += 2;
                continue;
            }
        }
        normalized += path[i];
    }
    return QString::fromUtf8(normalized);
}

void ValidatorServer::recordUsage(const ValidatorRequest& request,
                                  const AuthOutcome& outcome,
                                  int status,
                                  qint64 startedNs,
                                  int tokens,
                                  double costUsd)
{
    if (!m_config.enableUsageTracking || !outcome.context)
        return;
    UsageRecord record;
    record.apiKeyId = outcome.context->key.id;
    record.organizationId = outcome.context->organization.id;
    record.timestamp = QDateTime::currentDateTimeUtc();
    // Behind a forward-auth proxy the endpoint that counts is the one the client called.
    QByteArrayView endpoint = request.header("X-Original-URI");
    if (endpoint.isEmpty())
        endpoint = request.header("X-Forwarded-Uri");
    const QString requested = endpoint.isEmpty() ? request.path() : forwardedPath(endpoint);
    if (requested != m_lastEndpointRequested) {
        m_lastEndpointRequested = requested;
        m_lastEndpoint = usageText(storedText(requested), 255); // cut here: the queue holds no more
    }
    record.endpoint = m_lastEndpoint;
    QByteArrayView method = request.header("X-Original-Method");
    if (method.isEmpty())
        method = request.header("X-Forwarded-Method");
    record.method = method.isEmpty() ? methodName(request.method()) : QString::fromLatin1(method).left(10).toUpper();
    record.statusCode = status;
    record.responseTimeMs = double(m_clock.nsecsElapsed() - startedNs) / 1e6;
    record.ipAddress = request.remoteAddress();
    const QByteArrayView userAgent = request.header("User-Agent");
    if (userAgent != QByteArrayView(m_lastUserAgentBytes)) {
        m_lastUserAgentBytes = userAgent.toByteArray();
        m_lastUserAgent = usageText(storedText(QString::fromUtf8(userAgent)), 512);
    }
    record.userAgent = m_lastUserAgent;
    record.tokensUsed = tokens;
    record.costUsd = costUsd;
    if (!outcome.ok)
        record.errorCode = ErrorCodes::wireCode(outcome.error);
    // The series is per route, not per agent name or resource id: a caller must not be able
    // to mint series (beyond ValidatorMetrics' cap, they are not counted by endpoint).
    static const QString agentRoute = QStringLiteral("/v1/agents/{agent}/run");
    // Told by the path as called: the row's is cut to 255 characters, which a long agent name
    // would have pushed its "/run" out of.
    const bool agentRun
        = requested.startsWith(QLatin1String("/v1/agents/")) && requested.endsWith(QLatin1String("/run"));
    m_state->metrics.countUsage(agentRun ? agentRoute : UsageEndpoint::route(record.endpoint));
    m_state->usage.record(std::move(record));
}

void ValidatorServer::refuseAuthenticated(const ValidatorRequest& request,
                                          const AuthOutcome& outcome,
                                          HttpReply& reply,
                                          const QString& message,
                                          qint64 startedNs,
                                          ErrorCode code)
{
    reply.error(code, message); // keeps the rate-limit headers authenticate() set
    const QString organization = outcome.context ? outcome.context->organization.slug : QString();
    m_state->metrics.countRequest(organization, ErrorCodes::wireCode(code),
                                  double(m_clock.nsecsElapsed() - startedNs) / 1e9);
    AuthOutcome refused = outcome; // the usage row carries the refusal's code
    refused.ok = false;
    refused.error = code;
    recordUsage(request, refused, reply.status, startedNs);
}

// Refusals before the key is looked at count too (a key in the URL is a leak to act on),
// under no organization; their latency is negligible and stays out of the histogram.
void ValidatorServer::countEarlyRefusal(ErrorCode code)
{
    m_state->metrics.countRequest(QString(), ErrorCodes::wireCode(code), -1);
}

void ValidatorServer::finish(const ValidatorRequest& request, const HttpReply& reply, QByteArray& response)
{
    const bool head = request.method() == QHttpServerRequest::Method::Head;
    if (request.path() == QLatin1String("/v1/auth") && reply.status != 204 && reply.status != 401
        && reply.status != 403) {
        // nginx takes only 2xx, 401 and 403 from an auth service (anything else becomes a
        // 500): other refusals travel as 403 with their code in X-Auth-Error.
        QString code = reply.errorCode();
        if (code.isEmpty())
            code = QStringLiteral("bad_request");
        HttpReply forward;
        forward.empty(code == QLatin1String("api_key_in_url") ? 401 : 403);
        forward.copyHeadersFrom(reply, "Allow");
        forward.header("X-Auth-Error", code.toLatin1());
        forward.appendTo(response, head);
        if (m_state->requestObserver)
            notifyObserver(request, forward);
        return;
    }
    reply.appendTo(response, head);
    if (m_state->requestObserver)
        notifyObserver(request, reply);
}

void ValidatorServer::notifyObserver(const ValidatorRequest& request, const HttpReply& reply)
{
    // A key pasted into a path is not refused like one in the query, but is never echoed either.
    static const QRegularExpression keyInPath(QStringLiteral("pk_[a-z]{1,8}_[A-Za-z0-9_-]{8,}"));
    ValidatorRequestEvent event;
    event.timestamp = QDateTime::currentDateTimeUtc();
    event.method = methodName(request.method());
    const QString path = request.path().left(512);
    qsizetype copied = 0;
    for (auto it = keyInPath.globalMatch(path); it.hasNext();) {
        const auto match = it.next();
        event.path += QStringView(path).sliced(copied, match.capturedStart() - copied);
        event.path += KeyMasking::mask(match.capturedView());
        copied = match.capturedEnd();
    }
    event.path += QStringView(path).sliced(copied);
    event.status = reply.status;
    if (const QByteArrayView authError = reply.headerValue("X-Auth-Error"); !authError.isNull())
        event.errorCode = QString::fromLatin1(authError);
    if (event.errorCode.isEmpty() && reply.status >= 400)
        event.errorCode = reply.errorCode();
    const QByteArrayView token = RequestAuthenticator::bearerToken(request.header("Authorization"));
    if (!token.isEmpty())
        event.maskedKey = KeyMasking::mask(QString::fromLatin1(token));
    event.organizationSlug = m_requestOrganization;
    event.latencyMicros = (m_clock.nsecsElapsed() - m_requestStartedNs) / 1000;
    m_state->requestObserver(event);
}
