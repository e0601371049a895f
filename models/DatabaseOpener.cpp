#include "DatabaseOpener.h"

#include "DefaultDataSeeder.h"
#include "DemoDataSeeder.h"
#include "MigrationRunner.h"

#include <QCoreApplication>

Result<OpenedDatabase>
DatabaseOpener::open(Database& database, bool embedded, Migrate migrate, const QString& actor, bool seedDemo)
{
    if (Status s = database.ping(); !s)
        return s.error();
    OpenedDatabase opened;
    MigrationRunner runner(database);
    auto version = runner.currentVersion();
    if (!version)
        return version.error();
    opened.schemaVersion = version.value();
    if (version.value() < runner.headVersion()) {
        const bool allowed = migrate == Migrate::Yes || embedded || database.url().isInMemory();
        if (!allowed)
            return makeError(NeedsMigration,
                             QCoreApplication::translate("DatabaseOpener",
                                                         "the database is at schema version %1 of %2 and needs "
                                                         "%n migration(s)",
                                                         nullptr, runner.headVersion() - version.value())
                                 .arg(version.value())
                                 .arg(runner.headVersion()));
        auto applied = runner.upgrade();
        if (!applied)
            return applied.error();
        opened.migrationsApplied = applied.value();
        opened.schemaVersion = runner.headVersion();
    }
    if (embedded) {
        auto seeded = DefaultDataSeeder(database).seed(actor);
        if (!seeded)
            return seeded.error();
        opened.seededKey = seeded->key;
        if (seedDemo) {
            auto demo = DemoDataSeeder(database).seed(actor);
            if (!demo)
                return demo.error();
            opened.demoOrganizationsCreated = demo.value();
        }
    }
    return opened;
}
