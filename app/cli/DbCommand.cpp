#include "DbCommand.h"

#include "DefaultDataSeeder.h"
#include "DemoDataSeeder.h"
#include "JsonFormat.h"
#include "MigrationRunner.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("DbCommand", text, disambiguation, n);
}
} // namespace

QStringList DbCommand::synopsis() const
{
    return {QStringLiteral("db upgrade                      apply every pending migration"),
            QStringLiteral("db downgrade [--steps N]        revert the newest N migrations (default 1)"),
            QStringLiteral("db status                       list migrations and which are applied"),
            QStringLiteral("db seed                         create the default organization and test key (once)")};
}

int DbCommand::run(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl db upgrade|downgrade|status|seed");
    if (arguments.isEmpty())
        return context.usageError(tr("missing sub-command"), usage);
    const QString verb = arguments.first();
    const QStringList rest = arguments.mid(1);
    if (verb == QLatin1String("upgrade"))
        return upgrade(context, rest);
    if (verb == QLatin1String("downgrade"))
        return downgrade(context, rest);
    if (verb == QLatin1String("status"))
        return status(context, rest);
    if (verb == QLatin1String("seed"))
        return seed(context, rest);
    return context.usageError(tr("unknown sub-command \"db %1\"").arg(CliContext::echo(verb)), usage);
}

int DbCommand::upgrade(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QString usage = QStringLiteral("keywardenctl db upgrade");
    if (auto code = context.parse(parser, arguments, usage, tr("Applies every pending migration in one transaction.")))
        return *code;
    auto db = context.database(false);
    if (!db)
        return context.fail(db.error());
    MigrationRunner runner(*db.value());
    auto applied = runner.upgrade();
    if (!applied)
        return context.fail(applied.error());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("applied"), applied.value()},
                                      {QStringLiteral("version"), runner.headVersion()}});
    } else {
        context.out() << (applied.value() == 0
                              ? tr("Already at the newest schema (version %1).").arg(runner.headVersion())
                              : tr("Applied %n migration(s); schema is at version %1.", nullptr, applied.value())
                                    .arg(runner.headVersion()))
                      << '\n';
    }
    return ExitCode::Success;
}

int DbCommand::downgrade(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QString usage = QStringLiteral("keywardenctl db downgrade [--steps N] [--yes]");
    parser.addOption({QStringLiteral("steps"), tr("How many migrations to revert (default 1)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("yes"),
                      tr("Do not ask first (at a terminal it asks, since the reverted "
                         "migrations' tables and their data are dropped).")});
    if (auto code = context.parse(parser, arguments, usage, tr("Reverts the newest migrations in one transaction.")))
        return *code;
    int exitCode = ExitCode::Success;
    const auto steps = context.integerOption(parser, QStringLiteral("steps"), 1, 1000, usage, &exitCode);
    if (exitCode != ExitCode::Success)
        return exitCode;
    auto db = context.database(false);
    if (!db)
        return context.fail(db.error());
    MigrationRunner runner(*db.value());
    if (context.isInteractive() && !parser.isSet(QStringLiteral("yes"))) {
        auto from = runner.currentVersion();
        if (!from)
            return context.fail(from.error());
        if (from.value() == 0) {
            context.out() << tr("Nothing to revert: no migration is applied.") << '\n';
            return ExitCode::Success;
        }
        const int to = qMax(0, from.value() - int(steps.value_or(1)));
        if (!context.confirm(tr("This reverts the schema of %1 from version %2 to %3 and drops the tables (and "
                                "their data) those migrations added.")
                                 .arg(db.value()->url().redacted())
                                 .arg(from.value())
                                 .arg(to)))
            return context.fail(tr("not confirmed; nothing was reverted"));
    }
    auto reverted = runner.downgrade(int(steps.value_or(1)));
    if (!reverted)
        return context.fail(reverted.error());
    auto version = runner.currentVersion();
    if (!version)
        return context.fail(version.error());
    if (context.json()) {
        context.printJson(
            QJsonObject{{QStringLiteral("reverted"), reverted.value()}, {QStringLiteral("version"), version.value()}});
    } else {
        context.out()
            << tr("Reverted %n migration(s); schema is at version %1.", nullptr, reverted.value()).arg(version.value())
            << '\n';
    }
    return ExitCode::Success;
}

int DbCommand::status(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QString usage = QStringLiteral("keywardenctl db status");
    if (auto code
        = context.parse(parser, arguments, usage, tr("Lists the migrations and which are applied. Writes nothing.")))
        return *code;
    auto db = context.database(false);
    if (!db)
        return context.fail(db.error());
    MigrationRunner runner(*db.value());
    auto states = runner.status();
    if (!states)
        return context.fail(states.error());
    if (context.json()) {
        QJsonArray array;
        for (const MigrationState& state : states.value())
            array.append(JsonFormat::migrationState(state));
        context.printJson(array);
        return ExitCode::Success;
    }
    context.out() << tr("Database: %1").arg(db.value()->url().redacted()) << '\n';
    QList<QStringList> rows;
    int pending = 0;
    for (const MigrationState& state : states.value()) {
        rows << QStringList{QString::number(state.version), state.name, state.applied ? tr("applied") : tr("pending"),
                            CliContext::humanTime(state.appliedAt)};
        if (!state.applied)
            ++pending;
    }
    context.printTable({tr("VERSION"), tr("NAME"), tr("STATE"), tr("APPLIED AT")}, rows);
    context.out() << (pending == 0 ? tr("Up to date.")
                                   : tr("%n migration(s) pending: run `keywardenctl db upgrade`.", nullptr, pending))
                  << '\n';
    return ExitCode::Success;
}

int DbCommand::seed(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QString usage = QStringLiteral("keywardenctl db seed [--demo]");
    parser.addOption({QStringLiteral("demo"),
                      tr("Also create sample organizations (Acme Corp, Globex, Initech) with keys and six weeks of "
                         "usage, for demos; their keys are never shown.")});
    if (auto code
        = context.parse(parser, arguments, usage,
                        tr("Creates the \"Default Organization\" (slug default, plan free) and its \"Default Test "
                           "Key\" (env test, scopes [\"*\"]), printing the key once. Running it again creates "
                           "nothing new.")))
        return *code;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    DefaultDataSeeder seeder(*db.value());
    auto seeded = seeder.seed(CliContext::defaultActor());
    if (!seeded)
        return context.fail(seeded.error());
    int demoOrganizations = 0;
    if (parser.isSet(QStringLiteral("demo"))) {
        auto demo = DemoDataSeeder(*db.value()).seed(CliContext::defaultActor());
        if (!demo)
            return context.fail(demo.error());
        demoOrganizations = demo.value();
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (context.json()) {
        QJsonObject result{{QStringLiteral("organization"), JsonFormat::organization(seeded->organization)},
                           {QStringLiteral("organization_created"), seeded->organizationCreated},
                           {QStringLiteral("api_key"), QJsonValue::Null},
                           {QStringLiteral("demo_organizations_created"), demoOrganizations}};
        if (seeded->key) {
            QJsonObject key = JsonFormat::apiKey(seeded->key->key, now);
            key.insert(QStringLiteral("key"), seeded->key->fullKey);
            result.insert(QStringLiteral("api_key"), key);
        }
        context.printJson(result);
        return ExitCode::Success;
    }
    context.out() << (seeded->organizationCreated ? tr("Created organization \"%1\" (slug %2, plan %3).")
                                                  : tr("Organization \"%1\" (slug %2, plan %3) already exists."))
                         .arg(seeded->organization.name, seeded->organization.slug,
                              Plans::toString(seeded->organization.plan))
                  << '\n';
    if (seeded->key) {
        context.out() << tr("Created \"%1\" (id %2). Its key is shown this once; store it now:")
                             .arg(seeded->key->key.name, seeded->key->key.id.toString(QUuid::WithoutBraces))
                      << "\n\n    " << seeded->key->fullKey << "\n\n";
    } else {
        context.out() << tr("The default test key already exists; nothing new was created.") << '\n';
    }
    if (parser.isSet(QStringLiteral("demo")))
        context.out() << (demoOrganizations > 0
                              ? tr("Created %n demo organization(s) with keys and usage.", nullptr, demoOrganizations)
                              : tr("The demo organizations already exist; nothing new was created."))
                      << '\n';
    return ExitCode::Success;
}
