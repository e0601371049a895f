#include "AdminRoutes.h"

#include "ApiKeyHasher.h"
#include "ApiKeyService.h"
#include "InputRules.h"
#include "JsonFormat.h"
#include "KeyCache.h"
#include "KeyMasking.h"
#include "OrganizationService.h"
#include "RequestAuthenticator.h"
#include "SqlValue.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

namespace {

using Method = QHttpServerRequest::Method;

void methodNotAllowed(HttpReply& reply, const QByteArray& allow)
{
    reply.error(405, QStringLiteral("bad_request"), QStringLiteral("method not allowed"));
    reply.header(QByteArrayLiteral("Allow"), allow);
}

// Parses a JSON object body with only the `fields` named. A field the route does not know
// is refused rather than ignored: a misspelled "env" or "rate_limit" would otherwise make
// a live key or leave a limit unset while the caller believes otherwise.
bool parseBody(const QHttpServerRequest& request,
               HttpReply& reply,
               QJsonObject* object,
               std::initializer_list<QLatin1String> fields)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("the body must be a JSON object"));
        return false;
    }
    *object = document.object();
    for (auto it = object->constBegin(); it != object->constEnd(); ++it) {
        if (std::find(fields.begin(), fields.end(), it.key()) != fields.end())
            continue;
        const QString named = InputRules::withControlCharactersReplaced(KeyMasking::maskKeysIn(it.key()).left(64));
        QStringList known;
        for (const QLatin1String field : fields)
            known << field;
        reply.error(
            ErrorCode::BadRequest,
            QStringLiteral("unknown field \"%1\"; this request takes %2").arg(named, known.join(QStringLiteral(", "))));
        return false;
    }
    return true;
}

void failed(HttpReply& reply, const Error& error)
{
    if (error.code == ErrorCode::InvalidInput)
        reply.error(400, QStringLiteral("bad_request"), error.message);
    else if (error.code == ErrorCode::DatabaseError || error.code == ErrorCode::Unavailable)
        reply.error(ErrorCode::Unavailable, QStringLiteral("the database is unavailable"));
    else
        reply.error(error.code, error.message);
}

bool readString(const QJsonObject& body, const char* field, std::optional<QString>* out, HttpReply& reply)
{
    const QJsonValue value = body.value(QLatin1String(field));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString()) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("\"%1\" must be a string").arg(QLatin1String(field)));
        return false;
    }
    *out = value.toString();
    return true;
}

bool readInteger(
    const QJsonObject& body, const char* field, qint64 min, qint64 max, std::optional<qint64>* out, HttpReply& reply)
{
    const QJsonValue value = body.value(QLatin1String(field));
    if (value.isUndefined() || value.isNull())
        return true;
    const double number = value.toDouble(-1e300);
    if (!value.isDouble() || number != double(qint64(number)) || number < double(min) || number > double(max)) {
        reply.error(
            ErrorCode::BadRequest,
            QStringLiteral("\"%1\" must be a whole number from %2 to %3").arg(QLatin1String(field)).arg(min).arg(max));
        return false;
    }
    *out = qint64(number);
    return true;
}

// A query parameter given once, or not at all (nullopt in *out). Given twice it is refused:
// which of the two counts would be a guess the caller could not see.
bool readQueryText(const QUrlQuery& query, const QString& name, std::optional<QString>* out, HttpReply& reply)
{
    const QStringList values = query.allQueryItemValues(name, QUrl::FullyDecoded);
    if (values.size() > 1) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("\"%1\" is given more than once").arg(name));
        return false;
    }
    *out = values.isEmpty() ? std::nullopt : std::optional<QString>(values.first());
    return true;
}

// A whole-number query parameter in [min, max], or `fallback` when absent; anything else
// is refused rather than replaced by the default, which would answer a question not asked.
bool readQueryInteger(
    const QUrlQuery& query, const QString& name, int min, int max, int fallback, int* out, HttpReply& reply)
{
    std::optional<QString> text;
    if (!readQueryText(query, name, &text, reply))
        return false;
    *out = fallback;
    if (!text)
        return true;
    // Anchored at both ends: "$" alone would also let a final newline ("5%0A") through.
    static const QRegularExpression digits(QRegularExpression::anchoredPattern(QStringLiteral("[0-9]{1,10}")));
    const qint64 value = digits.match(*text).hasMatch() ? text->toLongLong() : -1;
    if (value < min || value > max) {
        reply.error(ErrorCode::BadRequest,
                    QStringLiteral("\"%1\" must be a whole number from %2 to %3").arg(name).arg(min).arg(max));
        return false;
    }
    *out = int(value);
    return true;
}

} // namespace

AdminRoutes::AdminRoutes(Database& database, const QString& adminApiKey, KeyCache* cache)
    : m_database(database)
    , m_cache(cache)
    , m_enabled(!adminApiKey.isEmpty())
{
    if (m_enabled) {
        const QByteArray key = adminApiKey.toLatin1();
        ApiKeyHasher::digestInto(key, m_adminDigest.data());
    }
}

AuditActor AdminRoutes::actor(const QHttpServerRequest& request)
{
    const QString address = request.remoteAddress().toString();
    return AuditActor(QStringLiteral("admin-api@") + address, address);
}

bool AdminRoutes::authorize(const QHttpServerRequest& request, HttpReply& reply) const
{
    if (!m_enabled) {
        reply.error(ErrorCode::NotFound, QStringLiteral("the admin API is disabled: set ADMIN_API_KEY to enable it"));
        return false;
    }
    // The same rule as the validator's routes: no bearer token at all is a missing key (and
    // says how to send one), a token that is not the admin key is an invalid one.
    const QByteArray header = request.value(QByteArrayLiteral("Authorization"));
    const QByteArrayView token = RequestAuthenticator::bearerToken(header);
    if (token.isEmpty()) {
        reply.error(ErrorCode::MissingApiKey, QStringLiteral("send the admin key as `Authorization: Bearer <key>`"));
        reply.header(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"keywarden-admin\""));
        return false;
    }
    std::array<unsigned char, 32> digest{};
    ApiKeyHasher::digestInto(token, digest.data());
    const QByteArrayView a(reinterpret_cast<const char*>(digest.data()), 32);
    const QByteArrayView b(reinterpret_cast<const char*>(m_adminDigest.data()), 32);
    if (!ApiKeyHasher::constantTimeEquals(a, b)) {
        reply.error(ErrorCode::InvalidApiKey, QStringLiteral("the admin key is not valid"));
        reply.header(QByteArrayLiteral("WWW-Authenticate"),
                     QByteArrayLiteral("Bearer realm=\"keywarden-admin\", error=\"invalid_token\""));
        return false;
    }
    return true;
}

void AdminRoutes::handle(const QHttpServerRequest& request, HttpReply& reply)
{
    if (!authorize(request, reply))
        return;
    // /admin/organizations[/{org_id}[/keys[/{key_id}]|/usage]]
    const QStringList parts = request.url().path().split(u'/', Qt::SkipEmptyParts);
    if (parts.size() < 2 || parts[1] != QLatin1String("organizations")) {
        reply.error(ErrorCode::NotFound, QStringLiteral("no such route"));
        return;
    }
    if (parts.size() == 2)
        return organizations(request, reply);
    const QUuid organizationId = SqlValue::parseUuid(parts[2]);
    if (organizationId.isNull() || parts.size() > 5) {
        reply.error(ErrorCode::NotFound, QStringLiteral("no such organization"));
        return;
    }
    if (parts.size() == 3)
        return organization(request, organizationId, reply);
    if (parts[3] == QLatin1String("usage") && parts.size() == 4)
        return usage(request, organizationId, reply);
    if (parts[3] == QLatin1String("keys")) {
        if (parts.size() == 4)
            return keys(request, organizationId, reply);
        const QUuid keyId = SqlValue::parseUuid(parts[4]);
        if (keyId.isNull()) {
            reply.error(ErrorCode::NotFound, QStringLiteral("no such key"));
            return;
        }
        return revokeKey(request, organizationId, keyId, reply);
    }
    reply.error(ErrorCode::NotFound, QStringLiteral("no such route"));
}

void AdminRoutes::organizations(const QHttpServerRequest& request, HttpReply& reply)
{
    OrganizationService service(m_database);
    if (request.method() == Method::Get) {
        const QUrlQuery query = request.query();
        int limit = 0;
        int offset = 0;
        if (!readQueryInteger(query, QStringLiteral("limit"), 1, AdminRoutes::MaxListLimit, 100, &limit, reply)
            || !readQueryInteger(query, QStringLiteral("offset"), 0, AdminRoutes::MaxListOffset, 0, &offset, reply))
            return;
        auto list = service.list(limit, offset);
        if (!list)
            return failed(reply, list.error());
        QJsonArray array;
        for (const Organization& o : list.value())
            array.append(JsonFormat::organization(o));
        reply.json(200, array);
        return;
    }
    if (request.method() != Method::Post)
        return methodNotAllowed(reply, "GET, POST");
    QJsonObject body;
    if (!parseBody(request, reply, &body,
                   {QLatin1String("name"), QLatin1String("email"), QLatin1String("plan"), QLatin1String("slug")}))
        return;
    std::optional<QString> name, email, plan, slug;
    if (!readString(body, "name", &name, reply) || !readString(body, "email", &email, reply)
        || !readString(body, "plan", &plan, reply) || !readString(body, "slug", &slug, reply))
        return;
    if (!name || !email) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("\"name\" and \"email\" are required"));
        return;
    }
    CreateOrganizationRequest create{*name, *email, Plan::Free, slug.value_or(QString())};
    if (plan) {
        const auto parsed = Plans::fromString(*plan);
        if (!parsed) {
            reply.error(ErrorCode::BadRequest, QStringLiteral("\"plan\" must be free, pro or enterprise"));
            return;
        }
        create.plan = *parsed;
    }
    auto created = service.create(create, actor(request));
    if (!created)
        return failed(reply, created.error());
    reply.json(201, JsonFormat::organization(created.value()));
}

void AdminRoutes::organization(const QHttpServerRequest& request, const QUuid& id, HttpReply& reply)
{
    OrganizationService service(m_database);
    if (request.method() == Method::Get) {
        auto org = service.getById(id);
        if (!org)
            return failed(reply, org.error());
        reply.json(200, JsonFormat::organization(org.value()));
        return;
    }
    if (request.method() != Method::Put)
        return methodNotAllowed(reply, "GET, PUT");
    QJsonObject body;
    if (!parseBody(request, reply, &body,
                   {QLatin1String("name"), QLatin1String("email"), QLatin1String("plan"), QLatin1String("is_active"),
                    QLatin1String("rate_limit_per_minute"), QLatin1String("monthly_request_limit"),
                    QLatin1String("max_api_keys")}))
        return;
    // Every field an organization has is required: null cannot clear one, and must not
    // pass silently as "leave it".
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.value().isNull()) {
            reply.error(ErrorCode::BadRequest,
                        QStringLiteral("\"%1\" cannot be null: leave it out to keep its value").arg(it.key()));
            return;
        }
    }
    OrganizationUpdate change;
    std::optional<QString> plan;
    std::optional<qint64> rate, monthly, maxKeys;
    if (!readString(body, "name", &change.name, reply) || !readString(body, "email", &change.email, reply)
        || !readString(body, "plan", &plan, reply)
        || !readInteger(body, "rate_limit_per_minute", InputRules::MinRateLimit, InputRules::MaxRateLimit, &rate, reply)
        || !readInteger(body, "monthly_request_limit", InputRules::MinMonthlyLimit, InputRules::MaxMonthlyLimit,
                        &monthly, reply)
        || !readInteger(body, "max_api_keys", InputRules::MinKeysCap, InputRules::MaxKeysCap, &maxKeys, reply))
        return;
    if (plan) {
        change.plan = Plans::fromString(*plan);
        if (!change.plan) {
            reply.error(ErrorCode::BadRequest, QStringLiteral("\"plan\" must be free, pro or enterprise"));
            return;
        }
    }
    const QJsonValue active = body.value(QStringLiteral("is_active"));
    if (!active.isUndefined() && !active.isNull()) {
        if (!active.isBool()) {
            reply.error(ErrorCode::BadRequest, QStringLiteral("\"is_active\" must be true or false"));
            return;
        }
        change.isActive = active.toBool();
    }
    if (rate)
        change.rateLimitPerMinute = int(*rate);
    if (monthly)
        change.monthlyRequestLimit = *monthly;
    if (maxKeys)
        change.maxApiKeys = int(*maxKeys);
    auto updated = service.update(id, change, actor(request));
    if (!updated)
        return failed(reply, updated.error());
    if (m_cache)
        m_cache->invalidateOrganization(id);
    reply.json(200, JsonFormat::organization(updated.value()));
}

void AdminRoutes::keys(const QHttpServerRequest& request, const QUuid& organizationId, HttpReply& reply)
{
    OrganizationService organizations(m_database);
    auto org = organizations.getById(organizationId);
    if (!org)
        return failed(reply, org.error());
    ApiKeyService service(m_database);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (request.method() == Method::Get) {
        auto list = service.listKeys(organizationId);
        if (!list)
            return failed(reply, list.error());
        QJsonArray array;
        for (const ApiKey& key : list.value())
            array.append(JsonFormat::apiKey(key, now));
        reply.json(200, array);
        return;
    }
    if (request.method() != Method::Post)
        return methodNotAllowed(reply, "GET, POST");
    QJsonObject body;
    if (!parseBody(request, reply, &body,
                   {QLatin1String("name"), QLatin1String("description"), QLatin1String("environment"),
                    QLatin1String("scopes"), QLatin1String("expires_in_days"), QLatin1String("custom_rate_limit")}))
        return;
    std::optional<QString> name, description, environment;
    std::optional<qint64> expires, rate;
    if (!readString(body, "name", &name, reply) || !readString(body, "description", &description, reply)
        || !readString(body, "environment", &environment, reply)
        || !readInteger(body, "expires_in_days", 1, InputRules::MaxExpiryDays, &expires, reply)
        || !readInteger(body, "custom_rate_limit", InputRules::MinRateLimit, InputRules::MaxRateLimit, &rate, reply))
        return;
    if (!name) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("\"name\" is required"));
        return;
    }
    CreateKeyRequest create;
    create.organizationId = organizationId;
    create.name = *name;
    create.description = description.value_or(QString());
    if (environment) {
        const auto env = KeyEnvironments::fromString(*environment);
        if (!env || !KeyEnvironments::isOrganizationEnvironment(*env)) {
            reply.error(ErrorCode::BadRequest, QStringLiteral("\"environment\" must be live or test"));
            return;
        }
        create.environment = *env;
    }
    const QJsonValue scopes = body.value(QStringLiteral("scopes"));
    if (!scopes.isUndefined() && !scopes.isNull()) {
        if (!scopes.isArray()) {
            reply.error(ErrorCode::BadRequest, QStringLiteral("\"scopes\" must be an array of strings"));
            return;
        }
        for (const QJsonValue scope : scopes.toArray()) {
            if (!scope.isString()) {
                reply.error(ErrorCode::BadRequest, QStringLiteral("\"scopes\" must be an array of strings"));
                return;
            }
            create.scopes << scope.toString();
        }
    }
    if (expires)
        create.expiresInDays = int(*expires);
    if (rate)
        create.customRateLimit = int(*rate);
    auto created = service.createKey(create, actor(request));
    if (!created)
        return failed(reply, created.error());
    QJsonObject row = JsonFormat::apiKey(created->key, now);
    row.insert(QStringLiteral("key"), created->fullKey);
    reply.json(201, row);
}

void AdminRoutes::revokeKey(const QHttpServerRequest& request,
                            const QUuid& organizationId,
                            const QUuid& keyId,
                            HttpReply& reply)
{
    if (request.method() != Method::Delete)
        return methodNotAllowed(reply, "DELETE");
    QJsonObject body;
    if (!parseBody(request, reply, &body, {QLatin1String("reason")}))
        return;
    std::optional<QString> reason;
    if (!readString(body, "reason", &reason, reply))
        return;
    if (!reason) {
        reply.error(ErrorCode::BadRequest, QStringLiteral("\"reason\" is required"));
        return;
    }
    ApiKeyService service(m_database);
    auto key = service.getKey(keyId);
    if (!key || key->organizationId != organizationId) {
        reply.error(ErrorCode::NotFound, QStringLiteral("no such key in this organization"));
        return;
    }
    auto revoked = service.revokeKey(keyId, *reason, actor(request));
    if (!revoked)
        return failed(reply, revoked.error());
    if (m_cache)
        m_cache->invalidateKey(keyId);
    reply.json(200, JsonFormat::apiKey(revoked.value(), QDateTime::currentDateTimeUtc()));
}

void AdminRoutes::usage(const QHttpServerRequest& request, const QUuid& organizationId, HttpReply& reply)
{
    if (request.method() != Method::Get)
        return methodNotAllowed(reply, "GET");
    const QUrlQuery query = request.query();
    const QDate today = QDateTime::currentDateTimeUtc().date();
    QDate start(today.year(), today.month(), 1);
    QDate end = start.addMonths(1).addDays(-1);
    for (const auto& [name, target] :
         {std::pair<QString, QDate*>{QStringLiteral("start"), &start}, {QStringLiteral("end"), &end}}) {
        std::optional<QString> given;
        if (!readQueryText(query, name, &given, reply))
            return;
        if (!given)
            continue;
        // QDate reads "-2026-01-01" as a year before Christ: only the plain form counts.
        static const QRegularExpression plainDate(
            QRegularExpression::anchoredPattern(QStringLiteral("\\d{4}-\\d{2}-\\d{2}")));
        const QString& text = *given;
        const QDate parsed
            = plainDate.match(text).hasMatch() ? QDate::fromString(text, QStringLiteral("yyyy-MM-dd")) : QDate();
        if (!parsed.isValid()) {
            reply.error(ErrorCode::BadRequest, QStringLiteral("\"%1\" must be a date like 2026-01-31").arg(name));
            return;
        }
        *target = parsed;
    }
    // An end alone before this month: its own month up to that day, rather than a refusal
    // for a default start after it.
    if (!query.hasQueryItem(QStringLiteral("start")) && end < start)
        start = QDate(end.year(), end.month(), 1);
    OrganizationService organizations(m_database);
    auto org = organizations.getById(organizationId);
    if (!org)
        return failed(reply, org.error());
    ApiKeyService service(m_database);
    auto stats = service.usageStats(organizationId, start, end);
    if (!stats)
        return failed(reply, stats.error());
    QJsonObject object = JsonFormat::usageStats(stats.value());
    object.insert(QStringLiteral("organization_id"), SqlValue::uuidText(organizationId));
    object.insert(QStringLiteral("organization_slug"), org->slug);
    reply.json(200, object);
}
