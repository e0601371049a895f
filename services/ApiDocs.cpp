#include "ApiDocs.h"

#include "AdminRoutes.h"
#include "InputRules.h"
#include "config.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ApiDocs {

namespace {

QJsonObject ref(const char* name)
{
    return {{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/") + QLatin1String(name)}};
}

QJsonObject jsonContent(const QJsonObject& schema)
{
    return {{QStringLiteral("application/json"), QJsonObject{{QStringLiteral("schema"), schema}}}};
}

QJsonObject response(const QString& description, const QJsonObject& schema = {})
{
    QJsonObject r{{QStringLiteral("description"), description}};
    if (!schema.isEmpty())
        r.insert(QStringLiteral("content"), jsonContent(schema));
    return r;
}

QJsonObject errors(std::initializer_list<int> statuses)
{
    QJsonObject out;
    for (const int status : statuses)
        out.insert(QString::number(status), response(QStringLiteral("error, see the `code`"), ref("Error")));
    return out;
}

QJsonObject merge(QJsonObject a, const QJsonObject& b)
{
    for (auto it = b.begin(); it != b.end(); ++it)
        a.insert(it.key(), it.value());
    return a;
}

QJsonObject operation(const QString& summary,
                      const QJsonObject& responses,
                      const QString& security = QStringLiteral("bearer"),
                      const QJsonArray& parameters = {},
                      const QJsonObject& requestBody = {},
                      bool bodyRequired = true)
{
    QJsonObject op{{QStringLiteral("summary"), summary}, {QStringLiteral("responses"), responses}};
    if (security.isEmpty())
        op.insert(QStringLiteral("security"), QJsonArray());
    else
        op.insert(QStringLiteral("security"), QJsonArray{QJsonObject{{security, QJsonArray()}}});
    if (!parameters.isEmpty())
        op.insert(QStringLiteral("parameters"), parameters);
    if (!requestBody.isEmpty())
        op.insert(QStringLiteral("requestBody"),
                  QJsonObject{{QStringLiteral("required"), bodyRequired},
                              {QStringLiteral("content"), jsonContent(requestBody)}});
    return op;
}

QJsonObject pathParameter(const char* name)
{
    return {{QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("in"), QStringLiteral("path")},
            {QStringLiteral("required"), true},
            {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
}

// An optional string parameter: in a header or the query.
QJsonObject
optionalParameter(const char* in, const char* name, const QString& description, const char* format = nullptr)
{
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("string")}};
    if (format)
        schema.insert(QStringLiteral("format"), QLatin1String(format));
    return {{QStringLiteral("name"), QLatin1String(name)},
            {QStringLiteral("in"), QLatin1String(in)},
            {QStringLiteral("required"), false},
            {QStringLiteral("description"), description},
            {QStringLiteral("schema"), schema}};
}

// A whole-number query parameter, as AdminRoutes reads it.
QJsonObject integerQueryParameter(const char* name, const QString& description, int min, int max, int fallback)
{
    QJsonObject parameter = optionalParameter("query", name, description);
    parameter.insert(QStringLiteral("schema"),
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                                 {QStringLiteral("minimum"), min},
                                 {QStringLiteral("maximum"), max},
                                 {QStringLiteral("default"), fallback}});
    return parameter;
}

QJsonObject scopeHeader()
{
    return optionalParameter("header", "X-Required-Scope",
                             QStringLiteral("A scope the key must hold (one header; two are refused)"));
}

// What a forward-auth proxy says of the client's own request; usage is recorded under it.
QJsonArray forwardedHeaders()
{
    return {scopeHeader(),
            optionalParameter("header", "X-Original-URI",
                              QStringLiteral("The client's URI (nginx); a key in its query is refused")),
            optionalParameter("header", "X-Forwarded-Uri", QStringLiteral("The client's URI (Traefik)")),
            optionalParameter("header", "X-Original-Method", QStringLiteral("The client's method (nginx)")),
            optionalParameter("header", "X-Forwarded-Method", QStringLiteral("The client's method (Traefik)"))};
}

// Response headers, each a string or an integer.
QJsonObject headers(std::initializer_list<std::pair<const char*, const char*>> named)
{
    QJsonObject out;
    for (const auto& [name, type] : named)
        out.insert(QLatin1String(name),
                   QJsonObject{{QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QLatin1String(type)}}}});
    return out;
}

QJsonObject withHeaders(QJsonObject response, const QJsonObject& headers)
{
    response.insert(QStringLiteral("headers"), headers);
    return response;
}

QJsonObject rateLimitHeaders()
{
    return headers({{"X-RateLimit-Limit", "integer"},
                    {"X-RateLimit-Remaining", "integer"},
                    {"X-RateLimit-Reset", "integer"},
                    {"RateLimit-Policy", "string"},
                    {"RateLimit", "string"}});
}

// The answers of a route behind a key: its success, and the refusals with their headers
// (a rate limit or quota also says Retry-After).
QJsonObject keyedAnswers(const QJsonObject& success, std::initializer_list<int> statuses)
{
    QJsonObject out = errors(statuses);
    // Refused after the key was checked and counted (a scope the key lacks): the window's
    // headers still say where the caller stands. An inactive organization's 403 has none.
    if (out.contains(QStringLiteral("403")))
        out.insert(QStringLiteral("403"),
                   withHeaders(response(QStringLiteral("error, see the `code`; the rate-limit headers come with "
                                                       "insufficient_scope, not with organization_inactive"),
                                        ref("Error")),
                               rateLimitHeaders()));
    if (out.contains(QStringLiteral("429")))
        out.insert(QStringLiteral("429"),
                   withHeaders(response(QStringLiteral("rate limit or monthly quota reached"), ref("Error")),
                               merge(rateLimitHeaders(), headers({{"Retry-After", "integer"}}))));
    if (out.contains(QStringLiteral("503")))
        out.insert(QStringLiteral("503"),
                   withHeaders(response(QStringLiteral("a dependency is down; retry"), ref("Error")),
                               headers({{"Retry-After", "integer"}})));
    return merge(out, success);
}

QJsonObject object(std::initializer_list<std::pair<const char*, const char*>> properties)
{
    QJsonObject props;
    for (const auto& [name, type] : properties) {
        QJsonObject property{{QStringLiteral("type"), QLatin1String(type)}};
        if (property.value(QStringLiteral("type")) == QLatin1String("array")) // every array here holds strings
            property.insert(QStringLiteral("items"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
        props.insert(QLatin1String(name), property);
    }
    return {{QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), props}};
}

QJsonObject arrayOf(const char* schema)
{
    return {{QStringLiteral("type"), QStringLiteral("array")}, {QStringLiteral("items"), ref(schema)}};
}

QJsonObject arrayOf(const QJsonObject& items)
{
    return {{QStringLiteral("type"), QStringLiteral("array")}, {QStringLiteral("items"), items}};
}

// `schema` with these properties marked nullable (OpenAPI 3.0), or replaced by `replaced`.
QJsonObject
withProperties(QJsonObject schema, std::initializer_list<const char*> nullable, const QJsonObject& replaced = {})
{
    QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    for (const char* name : nullable) {
        QJsonObject property = properties.value(QLatin1String(name)).toObject();
        property.insert(QStringLiteral("nullable"), true);
        properties.insert(QLatin1String(name), property);
    }
    schema.insert(QStringLiteral("properties"), merge(properties, replaced));
    return schema;
}

// An admin request body: a field not listed is refused (400), not ignored.
QJsonObject closedObject(std::initializer_list<std::pair<const char*, const char*>> properties)
{
    QJsonObject schema = object(properties);
    schema.insert(QStringLiteral("additionalProperties"), false);
    return schema;
}

// `schema` with the integer property `name` bounded as InputRules bounds it.
QJsonObject bounded(QJsonObject schema, const char* name, qint64 minimum, qint64 maximum)
{
    QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    QJsonObject property = properties.value(QLatin1String(name)).toObject();
    property.insert(QStringLiteral("minimum"), double(minimum));
    property.insert(QStringLiteral("maximum"), double(maximum));
    properties.insert(QLatin1String(name), property);
    schema.insert(QStringLiteral("properties"), properties);
    return schema;
}

} // namespace

QByteArray openApiJson()
{
    const QJsonArray orgId{pathParameter("org_id")};
    QJsonObject organizationChange = closedObject({{"name", "string"},
                                                   {"email", "string"},
                                                   {"plan", "string"},
                                                   {"is_active", "boolean"},
                                                   {"rate_limit_per_minute", "integer"},
                                                   {"monthly_request_limit", "integer"},
                                                   {"max_api_keys", "integer"}});
    organizationChange
        = bounded(organizationChange, "rate_limit_per_minute", InputRules::MinRateLimit, InputRules::MaxRateLimit);
    organizationChange = bounded(organizationChange, "monthly_request_limit", InputRules::MinMonthlyLimit,
                                 InputRules::MaxMonthlyLimit);
    organizationChange = bounded(organizationChange, "max_api_keys", InputRules::MinKeysCap, InputRules::MaxKeysCap);
    QJsonObject keyCreation = closedObject({{"name", "string"},
                                            {"description", "string"},
                                            {"environment", "string"},
                                            {"scopes", "array"},
                                            {"expires_in_days", "integer"},
                                            {"custom_rate_limit", "integer"}});
    keyCreation = bounded(keyCreation, "expires_in_days", 1, InputRules::MaxExpiryDays);
    keyCreation = bounded(keyCreation, "custom_rate_limit", InputRules::MinRateLimit, InputRules::MaxRateLimit);
    QJsonObject verification = object({{"valid", "boolean"},
                                       {"organization_id", "string"},
                                       {"organization_slug", "string"},
                                       {"key_id", "string"},
                                       {"environment", "string"},
                                       {"scopes", "array"},
                                       {"plan", "string"},
                                       {"rate_limit", "object"}});
    QJsonObject verificationProperties = verification.value(QStringLiteral("properties")).toObject();
    verificationProperties.insert(QStringLiteral("rate_limit"),
                                  object({{"limit", "integer"}, {"remaining", "integer"}, {"reset", "integer"}}));
    verification.insert(QStringLiteral("properties"), verificationProperties);
    const QJsonObject identityHeaders
        = headers({{"X-Organization-Id", "string"}, {"X-Key-Id", "string"}, {"X-Scopes", "string"}});
    const QJsonObject verified = withHeaders(response(QStringLiteral("valid"), ref("Verification")),
                                             merge(rateLimitHeaders(), identityHeaders));
    const QJsonObject paths{
        {QStringLiteral("/health"),
         QJsonObject{{QStringLiteral("get"),
                      operation(QStringLiteral("Liveness and dependency state (database, Redis)"),
                                {{QStringLiteral("200"), response(QStringLiteral("healthy"))},
                                 {QStringLiteral("503"), response(QStringLiteral("a dependency is down"))}},
                                QString())}}},
        {QStringLiteral("/metrics"),
         QJsonObject{{QStringLiteral("get"),
                      operation(QStringLiteral("Prometheus text exposition"),
                                {{QStringLiteral("200"), response(QStringLiteral("metrics"))}}, QString())}}},
        {QStringLiteral("/openapi.json"),
         QJsonObject{{QStringLiteral("get"),
                      operation(QStringLiteral("This document"),
                                {{QStringLiteral("200"), response(QStringLiteral("OpenAPI 3"))}}, QString())}}},
        {QStringLiteral("/docs"),
         QJsonObject{{QStringLiteral("get"),
                      operation(QStringLiteral("A page that renders this document"),
                                {{QStringLiteral("200"), response(QStringLiteral("HTML"))}}, QString())}}},
        {QStringLiteral("/v1/verify"),
         QJsonObject{
             {QStringLiteral("get"),
              operation(QStringLiteral("Check a key (JSON answer)"),
                        keyedAnswers({{QStringLiteral("200"), verified}}, {400, 401, 403, 405, 413, 429, 431, 503}),
                        QStringLiteral("bearer"), {scopeHeader()})},
             {QStringLiteral("post"),
              operation(QStringLiteral("Check a key (JSON answer); the body, if any, must be JSON"),
                        keyedAnswers({{QStringLiteral("200"), verified}}, {400, 401, 403, 405, 413, 429, 431, 503}),
                        QStringLiteral("bearer"), {scopeHeader()},
                        QJsonObject{
                            {QStringLiteral("description"), QStringLiteral("any JSON value; it is parsed, not read")}},
                        false)}}},
        {QStringLiteral("/v1/auth"),
         QJsonObject{
             {QStringLiteral("get"),
              operation(
                  QStringLiteral("Forward-auth check (nginx auth_request, Traefik, Envoy): 204, or 401/403 "
                                 "with X-Auth-Error and no body"),
                  {{QStringLiteral("204"),
                    withHeaders(response(QStringLiteral("valid; identity in X-Organization-Id, X-Key-Id, X-Scopes")),
                                merge(rateLimitHeaders(), identityHeaders))},
                   {QStringLiteral("401"),
                    withHeaders(response(QStringLiteral("no, missing, invalid, expired or revoked key (see "
                                                        "X-Auth-Error)")),
                                headers({{"X-Auth-Error", "string"}}))},
                   {QStringLiteral("403"),
                    withHeaders(response(QStringLiteral("scope, inactive organization, rate limit, quota, or a "
                                                        "malformed request (see X-Auth-Error)")),
                                headers({{"X-Auth-Error", "string"}, {"Retry-After", "integer"}}))}},
                  QStringLiteral("bearer"), forwardedHeaders())}}},
        {QStringLiteral("/v1/agents/{agent}/run"),
         QJsonObject{
             {QStringLiteral("post"),
              operation(QStringLiteral("Run the demo agent (scope agents:run)"),
                        keyedAnswers({{QStringLiteral("200"), response(QStringLiteral("the run"), ref("AgentRun"))}},
                                     {400, 401, 403, 404, 413, 429, 503}),
                        QStringLiteral("bearer"), {pathParameter("agent")}, object({{"input", "string"}}))}}},
        {QStringLiteral("/v1/conversations"),
         QJsonObject{
             {QStringLiteral("get"),
              operation(QStringLiteral("The caller's organization's agent runs, newest first (scope agents:run)"),
                        keyedAnswers({{QStringLiteral("200"),
                                       response(QStringLiteral("runs"),
                                                QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                            {QStringLiteral("items"), ref("AgentRun")}})}},
                                     {401, 403, 429, 503}))}}},
        {QStringLiteral("/admin/organizations"),
         QJsonObject{
             {QStringLiteral("get"),
              operation(
                  QStringLiteral("List organizations"),
                  merge({{QStringLiteral("200"), response(QStringLiteral("organizations"), arrayOf("Organization"))}},
                        errors({400, 401, 503})),
                  QStringLiteral("admin"),
                  {integerQueryParameter("limit", QStringLiteral("At most this many"), 1, AdminRoutes::MaxListLimit,
                                         100),
                   integerQueryParameter("offset", QStringLiteral("Skip this many"), 0, AdminRoutes::MaxListOffset,
                                         0)})},
             {QStringLiteral("post"),
              operation(
                  QStringLiteral("Create an organization"),
                  merge({{QStringLiteral("201"), response(QStringLiteral("created"), ref("Organization"))}},
                        errors({400, 401, 409})),
                  QStringLiteral("admin"), {},
                  closedObject({{"name", "string"}, {"email", "string"}, {"plan", "string"}, {"slug", "string"}}))}}},
        {QStringLiteral("/admin/organizations/{org_id}"),
         QJsonObject{
             {QStringLiteral("get"),
              operation(QStringLiteral("One organization"),
                        merge({{QStringLiteral("200"), response(QStringLiteral("organization"), ref("Organization"))}},
                              errors({401, 404})),
                        QStringLiteral("admin"), orgId)},
             {QStringLiteral("put"),
              operation(QStringLiteral("Change an organization"),
                        merge({{QStringLiteral("200"), response(QStringLiteral("updated"), ref("Organization"))}},
                              errors({400, 401, 404})),
                        QStringLiteral("admin"), orgId, organizationChange)}}},
        {QStringLiteral("/admin/organizations/{org_id}/keys"),
         QJsonObject{{QStringLiteral("get"),
                      operation(QStringLiteral("The organization's keys (masked)"),
                                merge({{QStringLiteral("200"), response(QStringLiteral("keys"), arrayOf("ApiKey"))}},
                                      errors({401, 404})),
                                QStringLiteral("admin"), orgId)},
                     {QStringLiteral("post"),
                      operation(QStringLiteral("Create a key; the answer's `key` is the only time it is shown"),
                                merge({{QStringLiteral("201"), response(QStringLiteral("created"), ref("CreatedKey"))}},
                                      errors({400, 401, 403, 404, 409})),
                                QStringLiteral("admin"), orgId, keyCreation)}}},
        {QStringLiteral("/admin/organizations/{org_id}/keys/{key_id}"),
         QJsonObject{{QStringLiteral("delete"),
                      operation(QStringLiteral("Revoke a key (body: reason)"),
                                merge({{QStringLiteral("200"), response(QStringLiteral("revoked"), ref("ApiKey"))}},
                                      errors({400, 401, 404, 409})),
                                QStringLiteral("admin"), {pathParameter("org_id"), pathParameter("key_id")},
                                closedObject({{"reason", "string"}}))}}},
        {QStringLiteral("/admin/organizations/{org_id}/usage"),
         QJsonObject{
             {QStringLiteral("get"),
              operation(
                  QStringLiteral(
                      "Usage from start to end (YYYY-MM-DD; default: this month; an earlier end alone: its month)"),
                  merge({{QStringLiteral("200"), response(QStringLiteral("usage"), ref("Usage"))}},
                        errors({400, 401, 404})),
                  QStringLiteral("admin"),
                  {pathParameter("org_id"),
                   optionalParameter("query", "start", QStringLiteral("First day, YYYY-MM-DD"), "date"),
                   optionalParameter("query", "end", QStringLiteral("Last day, YYYY-MM-DD"), "date")})}}},
    };
    const QJsonObject apiKey
        = withProperties(object({{"id", "string"},
                                 {"organization_id", "string"},
                                 {"key_prefix", "string"},
                                 {"key_hint", "string"},
                                 {"masked_key", "string"},
                                 {"name", "string"},
                                 {"description", "string"},
                                 {"environment", "string"},
                                 {"is_active", "boolean"},
                                 {"status", "string"},
                                 {"created_at", "string"},
                                 {"last_used_at", "string"},
                                 {"expires_at", "string"},
                                 {"revoked_at", "string"},
                                 {"revoked_by", "string"},
                                 {"revoked_reason", "string"},
                                 {"scopes", "array"},
                                 {"custom_rate_limit", "integer"},
                                 {"total_requests", "integer"},
                                 {"last_request_at", "string"},
                                 {"rolled_from", "string"}}),
                         {"description", "last_used_at", "expires_at", "revoked_at", "revoked_by", "revoked_reason",
                          "custom_rate_limit", "last_request_at", "rolled_from"});
    const QJsonObject usage = withProperties(
        object({{"organization_id", "string"},
                {"organization_slug", "string"},
                {"start", "string"},
                {"end", "string"},
                {"totals", "object"},
                {"by_endpoint", "array"},
                {"by_day", "array"},
                {"by_status", "array"}}),
        {},
        {{QStringLiteral("totals"),
          object({{"requests", "integer"},
                  {"successful", "integer"},
                  {"failed", "integer"},
                  {"tokens_used", "integer"},
                  {"cost_usd", "number"},
                  {"average_response_ms", "number"}})},
         {QStringLiteral("by_endpoint"),
          arrayOf(object(
              {{"endpoint", "string"}, {"requests", "integer"}, {"tokens_used", "integer"}, {"cost_usd", "number"}}))},
         {QStringLiteral("by_day"),
          arrayOf(object({{"day", "string"},
                          {"requests", "integer"},
                          {"failed", "integer"},
                          {"tokens_used", "integer"},
                          {"cost_usd", "number"}}))},
         {QStringLiteral("by_status"), arrayOf(object({{"status_class", "string"}, {"requests", "integer"}}))}});
    const QJsonObject components{
        {QStringLiteral("securitySchemes"),
         QJsonObject{{QStringLiteral("bearer"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                  {QStringLiteral("scheme"), QStringLiteral("bearer")},
                                  {QStringLiteral("description"),
                                   QStringLiteral("An organization's key, pk_live_… or pk_test_…")}}},
                     {QStringLiteral("admin"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                  {QStringLiteral("scheme"), QStringLiteral("bearer")},
                                  {QStringLiteral("description"),
                                   QStringLiteral("The validator's ADMIN_API_KEY, pk_admin_…")}}}}},
        {QStringLiteral("schemas"),
         QJsonObject{{QStringLiteral("Error"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                  {QStringLiteral("properties"),
                                   QJsonObject{{QStringLiteral("error"),
                                                object({{"code", "string"}, {"message", "string"}})}}}}},
                     {QStringLiteral("Verification"), verification},
                     {QStringLiteral("Organization"),
                      object({{"id", "string"},
                              {"name", "string"},
                              {"slug", "string"},
                              {"email", "string"},
                              {"plan", "string"},
                              {"is_active", "boolean"},
                              {"created_at", "string"},
                              {"updated_at", "string"},
                              {"monthly_request_limit", "integer"},
                              {"rate_limit_per_minute", "integer"},
                              {"max_api_keys", "integer"}})},
                     {QStringLiteral("ApiKey"), apiKey},
                     {QStringLiteral("CreatedKey"),
                      QJsonObject{{QStringLiteral("allOf"), QJsonArray{ref("ApiKey"), object({{"key", "string"}})}},
                                  {QStringLiteral("description"),
                                   QStringLiteral("The new key: `key` is the full key, shown this once")}}},
                     {QStringLiteral("Usage"), usage},
                     {QStringLiteral("AgentRun"),
                      object({{"id", "string"},
                              {"agent", "string"},
                              {"input", "string"},
                              {"output", "string"},
                              {"tokens_used", "integer"},
                              {"cost_usd", "number"},
                              {"created_at", "string"}})}}},
    };
    const QJsonObject document{
        {QStringLiteral("openapi"), QStringLiteral("3.0.3")},
        {QStringLiteral("info"),
         QJsonObject{{QStringLiteral("title"), QStringLiteral("KeyWarden validator")},
                     {QStringLiteral("version"), QStringLiteral(KEYWARDEN_VERSION)},
                     {QStringLiteral("description"),
                      QStringLiteral("API-key checks with rate limits, quotas and usage. Keys travel only in "
                                     "`Authorization: Bearer`; a key in the URL is refused.")}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"), components},
    };
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

QByteArray docsHtml()
{
    return QByteArrayLiteral(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>KeyWarden validator API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem} .op{border:1px solid #ddd;border-radius:6px;margin:.6rem 0;padding:.5rem .8rem}
.m{display:inline-block;min-width:4.5rem;font-weight:bold;text-transform:uppercase}
.get{color:#0a6}.post{color:#06c}.put{color:#a60}.delete{color:#c22}
code{background:#f4f4f4;padding:0 .25rem} .codes{color:#555;font-size:.9rem}
</style></head><body>
<h1>KeyWarden validator API</h1>
<p>Send keys only as <code>Authorization: Bearer &lt;key&gt;</code>. The machine-readable document is
<a href="openapi.json">/openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch('openapi.json').then(r => r.json()).then(doc => {
  const ops = document.getElementById('ops'); ops.textContent = '';
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const div = document.createElement('div'); div.className = 'op';
      const m = document.createElement('span'); m.className = 'm ' + method; m.textContent = method;
      const p = document.createElement('code'); p.textContent = path;
      const s = document.createElement('p'); s.textContent = op.summary;
      const c = document.createElement('p'); c.className = 'codes';
      c.textContent = 'Answers: ' + Object.keys(op.responses).join(', ') +
        (op.security && op.security.length ? ' · auth: ' + Object.keys(op.security[0]).join(', ') : ' · public');
      div.append(m, p, s, c); ops.append(div);
    }
  }
}).catch(e => { document.getElementById('ops').textContent = 'Cannot load /openapi.json: ' + e; });
</script></body></html>
)");
}

} // namespace ApiDocs
