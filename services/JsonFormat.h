#pragma once

#include "ApiKey.h"
#include "AuditEvent.h"
#include "MigrationRunner.h"
#include "Organization.h"
#include "UsageStats.h"

#include <QJsonObject>

// Machine output shared by the CLI's --json and the admin API: one object per row, fields
// named as the schema's columns, times in UTC ISO-8601, never `key_hash`.
namespace JsonFormat {
QJsonObject organization(const Organization& organization);
// `status` (active, expiring_soon, expired, revoked, inactive) is added as seen at `now`.
QJsonObject apiKey(const ApiKey& key, const QDateTime& now);
QJsonObject usageStats(const UsageStats& stats);
QJsonObject auditEvent(const AuditEvent& event);
QJsonObject migrationState(const MigrationState& state);
QJsonValue time(const QDateTime& time); // null when invalid
// A cost in US dollars, to the nano-dollar: sums of binary fractions print as 0.3, not as
// 0.30000000000000004.
double money(double usd);
// Appends `text` as a JSON string, quotes included (RFC 8259 escaping), for answers
// written without building a QJsonObject (the validator's hot path).
void appendQuoted(QByteArray& out, QStringView text);
} // namespace JsonFormat
