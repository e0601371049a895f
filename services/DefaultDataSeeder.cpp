#include "DefaultDataSeeder.h"

#include "OrganizationService.h"

DefaultDataSeeder::DefaultDataSeeder(Database& database, Clock clock)
    : m_database(database)
    , m_clock(std::move(clock))
{
}

Result<SeedResult> DefaultDataSeeder::seed(const QString& actor)
{
    OrganizationService organizations(m_database, m_clock);
    ApiKeyService keys(m_database, m_clock);
    SeedResult result;

    auto existing = organizations.getBySlug(QString::fromLatin1(OrganizationSlug));
    if (existing) {
        result.organization = existing.value();
    } else if (existing.code() == ErrorCode::NotFound) {
        CreateOrganizationRequest request;
        request.name = QString::fromLatin1(OrganizationName);
        request.slug = QString::fromLatin1(OrganizationSlug);
        request.email = QString::fromLatin1(OrganizationEmail);
        request.plan = Plan::Free;
        auto created = organizations.create(request, actor);
        if (!created)
            return created.error();
        result.organization = created.value();
        result.organizationCreated = true;
    } else {
        return existing.error();
    }

    auto list = keys.listKeys(result.organization.id);
    if (!list)
        return list.error();
    for (const ApiKey& key : list.value()) {
        // Any key of that name counts, even a revoked one: seeding never re-creates keys.
        if (key.name == QLatin1String(KeyName))
            return result;
    }
    CreateKeyRequest request;
    request.organizationId = result.organization.id;
    request.name = QString::fromLatin1(KeyName);
    request.environment = KeyEnvironment::Test;
    request.scopes = {QStringLiteral("*")};
    auto key = keys.createKey(request, actor);
    if (!key)
        return key.error();
    result.key = key.value();
    return result;
}
