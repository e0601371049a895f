#pragma once

#include "ApiKeyService.h"
#include "Database.h"
#include "Organization.h"

#include <optional>

// Data the suites need before they can test anything: made through the real services,
// and fatal when that fails (a broken fixture must not look like a passing test).
namespace TestFixtures {
// The organization with `slug`, created (with the plan's limits) when it does not exist.
Organization organization(Database& database,
                          const QString& slug,
                          Plan plan = Plan::Pro,
                          const QString& name = {},
                          const QString& email = {});
CreatedKey key(Database& database,
               const QUuid& organizationId,
               const QStringList& scopes = {QStringLiteral("*")},
               std::optional<int> rateLimit = std::nullopt,
               const QString& name = QStringLiteral("k"));
} // namespace TestFixtures
