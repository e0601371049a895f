#pragma once

#include "ApiKeyService.h"
#include "Database.h"
#include "Result.h"

#include <optional>

// What opening a database did.
struct OpenedDatabase
{
    int schemaVersion = 0;
    int migrationsApplied = 0;
    std::optional<CreatedKey> seededKey; // the default test key, on the very first start only
    int demoOrganizationsCreated = 0;
};

// Opens a database for the desktop app (runs on the database thread): checks that it
// answers, brings the schema to head when allowed, and seeds the default organization
// and test key into the embedded database. A server database behind head is not
// migrated without the user's consent (NeedsMigration), as keywardenctl does.
class DatabaseOpener
{
public:
    enum class Migrate { IfEmbedded, Yes };

    // The error code when the schema is behind and migrating was not allowed.
    static constexpr ErrorCode NeedsMigration = ErrorCode::InvalidInput;

    // `seedDemo`: also add the demo organizations with keys and usage (embedded only).
    static Result<OpenedDatabase>
    open(Database& database, bool embedded, Migrate migrate, const QString& actor, bool seedDemo = false);
};
