#include "TestFixtures.h"

#include "OrganizationService.h"

namespace TestFixtures {

Organization organization(Database& database, const QString& slug, Plan plan, const QString& name, const QString& email)
{
    OrganizationService organizations(database);
    if (auto existing = organizations.getBySlug(slug))
        return existing.value();
    auto created = organizations.create({name.isEmpty() ? QStringLiteral("Org ") + slug : name,
                                         email.isEmpty() ? slug + QStringLiteral("@example.com") : email, plan, slug},
                                        QStringLiteral("test"));
    if (!created)
        qFatal("cannot create organization %s: %s", qPrintable(slug), qPrintable(created.error().message));
    return created.value();
}

CreatedKey key(Database& database,
               const QUuid& organizationId,
               const QStringList& scopes,
               std::optional<int> rateLimit,
               const QString& name)
{
    ApiKeyService keys(database);
    CreateKeyRequest request;
    request.organizationId = organizationId;
    request.name = name;
    request.scopes = scopes;
    request.customRateLimit = rateLimit;
    auto created = keys.createKey(request, QStringLiteral("test"));
    if (!created)
        qFatal("cannot create key: %s", qPrintable(created.error().message));
    return created.value();
}

} // namespace TestFixtures
