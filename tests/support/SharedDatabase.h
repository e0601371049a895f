#pragma once

#include "Database.h"

#include <memory>

// The desktop classes share their Database (the app owns it through a shared_ptr); a
// test's database belongs to its TestDatabase, so this hands out a non-owning pointer.
inline std::shared_ptr<Database> sharedDatabase(Database& database)
{
    return std::shared_ptr<Database>(&database, [](Database*) {});
}
