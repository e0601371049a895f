#pragma once

#include "ApiKeyService.h"
#include "Database.h"
#include "Organization.h"
#include "Result.h"

#include <optional>

struct SeedResult
{
    Organization organization;
    bool organizationCreated = false;
    std::optional<CreatedKey> key; // set only when the key was created by this run
};

// `db seed`: the "Default Organization" (slug `default`, plan free) and its "Default Test
// Key" (env test, scopes ["*"]). Running it again creates nothing new.
class DefaultDataSeeder
{
public:
    static constexpr char OrganizationSlug[] = "default";
    static constexpr char OrganizationName[] = "Default Organization";
    static constexpr char OrganizationEmail[] = "admin@example.com";
    static constexpr char KeyName[] = "Default Test Key";

    explicit DefaultDataSeeder(Database& database, Clock clock = systemNow);
    Result<SeedResult> seed(const QString& actor);

private:
    Database& m_database;
    Clock m_clock;
};
