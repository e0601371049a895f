#include "OrganizationService.h"

#include "InputRules.h"
#include "KeyMasking.h"
#include "SqlValue.h"
#include "Transaction.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("OrganizationService", text);
}
} // namespace

OrganizationService::OrganizationService(Database& database, Clock clock)
    : m_database(database)
    , m_clock(std::move(clock))
    , m_organizations(database)
    , m_audit(database)
{
}

Result<Organization> OrganizationService::create(const CreateOrganizationRequest& request, const AuditActor& actor)
{
    if (Status s = InputRules::checkName(request.name, tr("organization name")); !s)
        return s.error();
    const QString email = request.email.trimmed();
    if (Status s = InputRules::checkEmail(email); !s)
        return s.error();
    // A key pasted into the name stays masked, in the slug made from it too.
    const QString name = KeyMasking::maskKeysIn(request.name.trimmed());
    const QString slug = request.slug.isEmpty() ? InputRules::slugFromName(name) : request.slug;
    if (slug.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            tr("cannot derive a slug from the name \"%1\": give one with --slug").arg(InputRules::echoed(name, 64)));
    if (Status s = InputRules::checkSlug(slug); !s)
        return s.error();
    if (Status s = InputRules::checkActor(actor.name); !s)
        return s.error();

    const PlanLimits limits = Plans::limits(request.plan);
    Organization org;
    org.id = QUuid::createUuid();
    org.name = name;
    org.slug = slug;
    org.email = email;
    org.plan = request.plan;
    org.isActive = true;
    org.createdAt = m_clock();
    org.updatedAt = org.createdAt;
    org.monthlyRequestLimit = limits.monthlyRequestLimit;
    org.rateLimitPerMinute = limits.rateLimitPerMinute;
    org.maxApiKeys = limits.maxApiKeys;

    auto db = m_database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    if (Status s = m_organizations.create(org); !s)
        return s.error();
    AuditEvent event;
    event.timestamp = org.createdAt;
    event.actor = actor.name;
    event.ipAddress = actor.ipAddress;
    event.action = QString::fromLatin1(AuditActions::OrgCreated);
    event.organizationId = org.id;
    event.details = {{QStringLiteral("slug"), org.slug}, {QStringLiteral("plan"), Plans::toString(org.plan)}};
    if (auto id = m_audit.append(event); !id)
        return id.error();
    if (Status s = transaction.commit(); !s)
        return s.error();
    return org;
}

Result<Organization>
OrganizationService::update(const QUuid& id, const OrganizationUpdate& change, const AuditActor& actor)
{
    if (change.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("nothing to change: give at least one field"));
    if (Status s = InputRules::checkActor(actor.name); !s)
        return s.error();
    if (change.name) {
        if (Status s = InputRules::checkName(*change.name, tr("organization name")); !s)
            return s.error();
    }
    if (change.email) {
        if (Status s = InputRules::checkEmail(change.email->trimmed()); !s)
            return s.error();
    }
    if (change.rateLimitPerMinute
        && (*change.rateLimitPerMinute < InputRules::MinRateLimit
            || *change.rateLimitPerMinute > InputRules::MaxRateLimit))
        return makeError(ErrorCode::InvalidInput,
                         tr("the rate limit must be between %1 and %2 requests per minute (to stop an "
                            "organization's requests, deactivate it)")
                             .arg(InputRules::MinRateLimit)
                             .arg(InputRules::MaxRateLimit));
    if (change.monthlyRequestLimit
        && (*change.monthlyRequestLimit < InputRules::MinMonthlyLimit
            || *change.monthlyRequestLimit > InputRules::MaxMonthlyLimit))
        return makeError(ErrorCode::InvalidInput,
                         tr("the monthly limit must be between %1 and %2 requests (to stop an organization's "
                            "requests, deactivate it)")
                             .arg(InputRules::MinMonthlyLimit)
                             .arg(InputRules::MaxMonthlyLimit));
    if (change.maxApiKeys
        && (*change.maxApiKeys < InputRules::MinKeysCap || *change.maxApiKeys > InputRules::MaxKeysCap))
        return makeError(
            ErrorCode::InvalidInput,
            tr("the key cap must be between %1 and %2").arg(InputRules::MinKeysCap).arg(InputRules::MaxKeysCap));

    auto db = m_database.connection();
    if (!db)
        return db.error();
    Transaction transaction(db.value());
    if (!transaction.isActive())
        return transaction.error();
    auto current = m_organizations.getByIdForUpdate(id); // two updates: the second sees the first
    if (!current)
        return current.error();
    const Organization& before = current.value();
    Organization org = before;
    if (change.name)
        org.name = KeyMasking::maskKeysIn(change.name->trimmed());
    if (change.email)
        org.email = change.email->trimmed();
    if (change.plan && *change.plan != org.plan) {
        // A new plan brings its limits; limits given in the same change win over them.
        const PlanLimits limits = Plans::limits(*change.plan);
        org.plan = *change.plan;
        org.rateLimitPerMinute = limits.rateLimitPerMinute;
        org.monthlyRequestLimit = limits.monthlyRequestLimit;
        org.maxApiKeys = limits.maxApiKeys;
    }
    if (change.isActive)
        org.isActive = *change.isActive;
    if (change.rateLimitPerMinute)
        org.rateLimitPerMinute = *change.rateLimitPerMinute;
    if (change.monthlyRequestLimit)
        org.monthlyRequestLimit = *change.monthlyRequestLimit;
    if (change.maxApiKeys)
        org.maxApiKeys = *change.maxApiKeys;

    // What the row held and what it holds now, field by field, whatever set it.
    QJsonObject changes;
    const auto note = [&changes](const char* field, const QJsonValue& from, const QJsonValue& to) {
        if (from != to)
            changes.insert(QString::fromLatin1(field),
                           QJsonObject{{QStringLiteral("from"), from}, {QStringLiteral("to"), to}});
    };
    note("name", before.name, org.name);
    note("email", before.email, org.email);
    note("plan", Plans::toString(before.plan), Plans::toString(org.plan));
    note("is_active", before.isActive, org.isActive);
    note("rate_limit_per_minute", before.rateLimitPerMinute, org.rateLimitPerMinute);
    note("monthly_request_limit", double(before.monthlyRequestLimit), double(org.monthlyRequestLimit));
    note("max_api_keys", before.maxApiKeys, org.maxApiKeys);
    if (changes.isEmpty())
        return org; // nothing actually differs: no write, no audit noise
    org.updatedAt = m_clock();
    if (Status s = m_organizations.update(org); !s)
        return s.error();
    AuditEvent event;
    event.timestamp = org.updatedAt;
    event.actor = actor.name;
    event.ipAddress = actor.ipAddress;
    event.action = QString::fromLatin1(AuditActions::OrgUpdated);
    event.organizationId = org.id;
    event.details = {{QStringLiteral("slug"), org.slug}, {QStringLiteral("changes"), changes}};
    if (auto eventId = m_audit.append(event); !eventId)
        return eventId.error();
    if (Status s = transaction.commit(); !s)
        return s.error();
    return org;
}

Result<Organization> OrganizationService::getBySlug(const QString& slug)
{
    if (Status s = InputRules::checkSlug(slug); !s)
        return makeError(
            ErrorCode::NotFound,
            tr("no organization with slug \"%1\"").arg(InputRules::echoed(slug, InputRules::MaxSlugLength)));
    return m_organizations.getBySlug(slug);
}

Result<Organization> OrganizationService::getById(const QUuid& id)
{
    return m_organizations.getById(id);
}

Result<QList<Organization>> OrganizationService::list(int limit, int offset)
{
    return m_organizations.list(limit, offset);
}
