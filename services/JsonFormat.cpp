#include "JsonFormat.h"

#include "SqlValue.h"

#include <QJsonArray>

#include <cmath>

namespace JsonFormat {

void appendQuoted(QByteArray& out, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append('"');
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text[i].unicode();
        if (unit >= 0x80) {
            // Non-ASCII text (slugs and scopes are ASCII; names may not be): UTF-8 as is.
            const qsizetype length = text[i].isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
            out.append(text.sliced(i, length).toUtf8());
            i += length - 1;
            continue;
        }
        const char c = char(unit);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (unit < 0x20) {
                const char escape[] = {'\\', 'u', '0', '0', hex[unit >> 4], hex[unit & 0x0f]};
                out.append(escape, sizeof escape);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

QJsonValue time(const QDateTime& t)
{
    if (!t.isValid())
        return QJsonValue::Null;
    return t.toUTC().toString(Qt::ISODateWithMs);
}

namespace {
QJsonValue uuid(const QUuid& id)
{
    return id.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(SqlValue::uuidText(id));
}
QJsonValue text(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}
} // namespace

QJsonObject organization(const Organization& o)
{
    return {
        {QStringLiteral("id"), uuid(o.id)},
        {QStringLiteral("name"), o.name},
        {QStringLiteral("slug"), o.slug},
        {QStringLiteral("email"), o.email},
        {QStringLiteral("plan"), Plans::toString(o.plan)},
        {QStringLiteral("is_active"), o.isActive},
        {QStringLiteral("created_at"), time(o.createdAt)},
        {QStringLiteral("updated_at"), time(o.updatedAt)},
        {QStringLiteral("monthly_request_limit"), double(o.monthlyRequestLimit)},
        {QStringLiteral("rate_limit_per_minute"), o.rateLimitPerMinute},
        {QStringLiteral("max_api_keys"), o.maxApiKeys},
    };
}

QJsonObject apiKey(const ApiKey& k, const QDateTime& now)
{
    return {
        {QStringLiteral("id"), uuid(k.id)},
        {QStringLiteral("organization_id"), uuid(k.organizationId)},
        {QStringLiteral("key_prefix"), k.keyPrefix},
        {QStringLiteral("key_hint"), k.keyHint},
        {QStringLiteral("masked_key"), k.maskedKey()},
        {QStringLiteral("name"), k.name},
        {QStringLiteral("description"), text(k.description)},
        {QStringLiteral("environment"), KeyEnvironments::toString(k.environment)},
        {QStringLiteral("is_active"), k.isActive},
        {QStringLiteral("status"), ApiKey::statusText(k.status(now))},
        {QStringLiteral("created_at"), time(k.createdAt)},
        {QStringLiteral("last_used_at"), time(k.lastUsedAt)},
        {QStringLiteral("expires_at"), time(k.expiresAt)},
        {QStringLiteral("revoked_at"), time(k.revokedAt)},
        {QStringLiteral("revoked_by"), text(k.revokedBy)},
        {QStringLiteral("revoked_reason"), text(k.revokedReason)},
        {QStringLiteral("scopes"), QJsonArray::fromStringList(k.scopes)},
        {QStringLiteral("custom_rate_limit"),
         k.customRateLimit ? QJsonValue(*k.customRateLimit) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("total_requests"), double(k.totalRequests)},
        {QStringLiteral("last_request_at"), time(k.lastRequestAt)},
        {QStringLiteral("rolled_from"), uuid(k.rolledFrom)},
    };
}

double money(double usd)
{
    return std::round(usd * 1e9) / 1e9;
}

QJsonObject usageStats(const UsageStats& s)
{
    QJsonArray byEndpoint;
    for (const auto& e : s.byEndpoint)
        byEndpoint.append(QJsonObject{{QStringLiteral("endpoint"), e.endpoint},
                                      {QStringLiteral("requests"), double(e.requests)},
                                      {QStringLiteral("tokens_used"), double(e.tokens)},
                                      {QStringLiteral("cost_usd"), money(e.costUsd)}});
    QJsonArray byDay;
    for (const auto& d : s.byDay)
        byDay.append(QJsonObject{{QStringLiteral("day"), d.day.toString(Qt::ISODate)},
                                 {QStringLiteral("requests"), double(d.requests)},
                                 {QStringLiteral("failed"), double(d.failed)},
                                 {QStringLiteral("tokens_used"), double(d.tokens)},
                                 {QStringLiteral("cost_usd"), money(d.costUsd)}});
    QJsonArray byStatus;
    for (const auto& c : s.byStatus)
        byStatus.append(QJsonObject{{QStringLiteral("status_class"), QStringLiteral("%1xx").arg(c.statusClass)},
                                    {QStringLiteral("requests"), double(c.requests)}});
    return {
        {QStringLiteral("start"), s.from.toString(Qt::ISODate)},
        {QStringLiteral("end"), s.to.toString(Qt::ISODate)},
        {QStringLiteral("totals"),
         QJsonObject{{QStringLiteral("requests"), double(s.totals.requests)},
                     {QStringLiteral("successful"), double(s.totals.successful)},
                     {QStringLiteral("failed"), double(s.totals.failed)},
                     {QStringLiteral("tokens_used"), double(s.totals.tokens)},
                     {QStringLiteral("cost_usd"), money(s.totals.costUsd)},
                     {QStringLiteral("average_response_ms"), s.totals.averageResponseMs}}},
        {QStringLiteral("by_endpoint"), byEndpoint},
        {QStringLiteral("by_day"), byDay},
        {QStringLiteral("by_status"), byStatus},
    };
}

QJsonObject auditEvent(const AuditEvent& e)
{
    return {
        {QStringLiteral("id"), double(e.id)},
        {QStringLiteral("timestamp"), time(e.timestamp)},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("organization_id"), uuid(e.organizationId)},
        {QStringLiteral("key_id"), uuid(e.keyId)},
        {QStringLiteral("ip_address"), text(e.ipAddress)},
        {QStringLiteral("details"), e.details},
    };
}

QJsonObject migrationState(const MigrationState& m)
{
    return {
        {QStringLiteral("version"), m.version},
        {QStringLiteral("name"), m.name},
        {QStringLiteral("applied"), m.applied},
        {QStringLiteral("applied_at"), time(m.appliedAt)},
    };
}

} // namespace JsonFormat
