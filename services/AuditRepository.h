#pragma once

#include "AuditEvent.h"
#include "Database.h"
#include "Result.h"

#include <QList>

struct AuditFilter
{
    QUuid organizationId;
    QUuid keyId;
    QString action; // exact match when set
    QString actor; // exact match when set
    QDateTime since; // inclusive
    QDateTime until; // exclusive
    int limit = 500;
    int offset = 0;
};

// The only code that reads or writes `audit_events`.
class AuditRepository
{
public:
    explicit AuditRepository(Database& database);

    // Appends; returns the new row's id.
    Result<qint64> append(const AuditEvent& event);
    // Newest first.
    Result<QList<AuditEvent>> list(const AuditFilter& filter = {});

private:
    Database& m_database;
};
