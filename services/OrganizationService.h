#pragma once

#include "AuditRepository.h"
#include "Clock.h"
#include "Database.h"
#include "Organization.h"
#include "OrganizationRepository.h"
#include "Result.h"

#include <optional>

struct CreateOrganizationRequest
{
    QString name;
    QString email;
    Plan plan = Plan::Free;
    QString slug; // derived from the name when empty
};

// Only the fields that are set change.
struct OrganizationUpdate
{
    std::optional<QString> name;
    std::optional<QString> email;
    std::optional<Plan> plan; // a new plan brings its limits unless overridden below
    std::optional<bool> isActive;
    std::optional<int> rateLimitPerMinute;
    std::optional<qint64> monthlyRequestLimit;
    std::optional<int> maxApiKeys;

    bool isEmpty() const
    {
        return !name && !email && !plan && !isActive && !rateLimitPerMinute && !monthlyRequestLimit && !maxApiKeys;
    }
};

// Creates and changes organizations with validation and an audit event in the same
// transaction. Use one instance per thread.
class OrganizationService
{
public:
    explicit OrganizationService(Database& database, Clock clock = systemNow);

    Result<Organization> create(const CreateOrganizationRequest& request, const AuditActor& actor);
    Result<Organization> update(const QUuid& id, const OrganizationUpdate& update, const AuditActor& actor);
    Result<Organization> getBySlug(const QString& slug);
    Result<Organization> getById(const QUuid& id);
    Result<QList<Organization>> list(int limit = 1000, int offset = 0);

private:
    Database& m_database;
    Clock m_clock;
    OrganizationRepository m_organizations;
    AuditRepository m_audit;
};
