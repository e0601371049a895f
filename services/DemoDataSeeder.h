#pragma once

#include "Clock.h"
#include "Database.h"
#include "Result.h"

// Sample organizations, keys and six weeks of usage, so that a demo (or a screenshot)
// shows full tables and charts: `keywardenctl db seed --demo` and `keywarden --demo`.
// Keys it creates are never shown (nobody needs them: the default test key is the one
// to try). Running it again adds nothing.
class DemoDataSeeder
{
public:
    static constexpr int UsageDays = 42;

    explicit DemoDataSeeder(Database& database, Clock clock = systemNow);
    // Returns how many organizations it created (0 when the demo data already exists).
    Result<int> seed(const QString& actor);

private:
    Database& m_database;
    Clock m_clock;
};
