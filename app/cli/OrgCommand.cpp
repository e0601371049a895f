#include "OrgCommand.h"

#include "ApiKeyRepository.h"
#include "InputRules.h"
#include "JsonFormat.h"
#include "OrganizationService.h"
#include "RuntimeConfig.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("OrgCommand", text);
}

QString yesNo(bool value)
{
    return value ? tr("yes") : tr("no");
}
} // namespace

QStringList OrgCommand::synopsis() const
{
    return {
        QStringLiteral("org create --name N --email E [--plan free|pro|enterprise] [--slug S]"),
        QStringLiteral("org list"), QStringLiteral("org show --slug S"),
        QStringLiteral("org update --slug S [--name N] [--email E] [--plan P] [--active true|false] [--rate-limit N]\n"
                       "           [--monthly-limit N] [--max-keys N]")};
}

int OrgCommand::run(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl org create|list|show|update");
    if (arguments.isEmpty())
        return context.usageError(tr("missing sub-command"), usage);
    const QString verb = arguments.first();
    const QStringList rest = arguments.mid(1);
    if (verb == QLatin1String("create"))
        return create(context, rest);
    if (verb == QLatin1String("list"))
        return list(context, rest);
    if (verb == QLatin1String("show"))
        return show(context, rest);
    if (verb == QLatin1String("update"))
        return update(context, rest);
    return context.usageError(tr("unknown sub-command \"org %1\"").arg(CliContext::echo(verb)), usage);
}

void OrgCommand::printOrganization(CliContext& context, const Organization& o)
{
    if (context.json()) {
        context.printJson(JsonFormat::organization(o));
        return;
    }
    QTextStream& out = context.out();
    out << tr("Organization  %1").arg(o.name) << '\n'
        << tr("  id            %1").arg(o.id.toString(QUuid::WithoutBraces)) << '\n'
        << tr("  slug          %1").arg(o.slug) << '\n'
        << tr("  email         %1").arg(o.email) << '\n'
        << tr("  plan          %1").arg(Plans::toString(o.plan)) << '\n'
        << tr("  active        %1").arg(yesNo(o.isActive)) << '\n'
        << tr("  rate limit    %1 requests/minute").arg(o.rateLimitPerMinute) << '\n'
        << tr("  monthly quota %1 requests").arg(o.monthlyRequestLimit) << '\n'
        << tr("  key cap       %1 keys").arg(o.maxApiKeys) << '\n'
        << tr("  created       %1").arg(CliContext::humanTime(o.createdAt)) << '\n'
        << tr("  updated       %1").arg(CliContext::humanTime(o.updatedAt)) << '\n';
    out.flush();
}

int OrgCommand::create(CliContext& context, const QStringList& arguments)
{
    const QString usage
        = QStringLiteral("keywardenctl org create --name N --email E [--plan free|pro|enterprise] [--slug S]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("name"), tr("Display name."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("email"), tr("Contact email."), QStringLiteral("E")});
    parser.addOption({QStringLiteral("plan"), tr("free, pro or enterprise (default free)."), QStringLiteral("P")});
    parser.addOption(
        {QStringLiteral("slug"), tr("Unique short name (default: derived from the name)."), QStringLiteral("S")});
    if (auto code = context.parse(parser, arguments, usage, tr("Creates an organization with its plan's limits.")))
        return *code;
    if (!parser.isSet(QStringLiteral("name")))
        return context.usageError(tr("--name is required"), usage);
    if (!parser.isSet(QStringLiteral("email")))
        return context.usageError(tr("--email is required"), usage);
    CreateOrganizationRequest request;
    request.name = parser.value(QStringLiteral("name"));
    request.email = parser.value(QStringLiteral("email"));
    request.slug = parser.value(QStringLiteral("slug"));
    if (parser.isSet(QStringLiteral("plan"))) {
        const auto plan = Plans::fromString(parser.value(QStringLiteral("plan")));
        if (!plan)
            return context.usageError(tr("unknown plan \"%1\" (use free, pro or enterprise)")
                                          .arg(CliContext::echo(parser.value(QStringLiteral("plan")))),
                                      usage);
        request.plan = *plan;
    }
    // Given but empty is a mistake (a variable that was not set), not a request for the default.
    if (parser.isSet(QStringLiteral("slug")) && request.slug.trimmed().isEmpty())
        return context.usageError(tr("--slug is empty: give a slug, or leave --slug out to derive one from the name"),
                                  usage);
    // Validate before touching the database, so bad input never needs a connection.
    if (Status s = InputRules::checkName(request.name, tr("organization name")); !s)
        return context.fail(s.error());
    if (Status s = InputRules::checkEmail(request.email.trimmed()); !s)
        return context.fail(s.error());
    if (!request.slug.isEmpty()) {
        if (Status s = InputRules::checkSlug(request.slug); !s)
            return context.fail(s.error());
    }
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService service(*db.value());
    auto created = service.create(request, CliContext::defaultActor());
    if (!created)
        return context.fail(created.error());
    if (!context.json())
        context.out() << tr("Created organization \"%1\".").arg(created->slug) << '\n';
    printOrganization(context, created.value());
    return ExitCode::Success;
}

int OrgCommand::list(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QString usage = QStringLiteral("keywardenctl org list");
    if (auto code = context.parse(parser, arguments, usage, tr("Lists every organization.")))
        return *code;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService service(*db.value());
    auto organizations = service.list(100000, 0);
    if (!organizations)
        return context.fail(organizations.error());
    if (context.json()) {
        QJsonArray array;
        for (const Organization& o : organizations.value())
            array.append(JsonFormat::organization(o));
        context.printJson(array);
        return ExitCode::Success;
    }
    if (organizations->isEmpty()) {
        context.out() << tr("No organizations yet. Create one with `keywardenctl org create --name N --email E`.")
                      << '\n';
        return ExitCode::Success;
    }
    QList<QStringList> rows;
    for (const Organization& o : organizations.value())
        rows << QStringList{o.slug,
                            o.name,
                            Plans::toString(o.plan),
                            yesNo(o.isActive),
                            QString::number(o.rateLimitPerMinute),
                            QString::number(o.monthlyRequestLimit),
                            QString::number(o.maxApiKeys),
                            o.email};
    context.printTable(
        {tr("SLUG"), tr("NAME"), tr("PLAN"), tr("ACTIVE"), tr("REQ/MIN"), tr("REQ/MONTH"), tr("MAX KEYS"), tr("EMAIL")},
        rows);
    return ExitCode::Success;
}

int OrgCommand::show(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    const QString usage = QStringLiteral("keywardenctl org show --slug S");
    parser.addOption({QStringLiteral("slug"), tr("The organization's slug."), QStringLiteral("S")});
    if (auto code = context.parse(parser, arguments, usage, tr("Shows one organization.")))
        return *code;
    if (!parser.isSet(QStringLiteral("slug")))
        return context.usageError(tr("--slug is required"), usage);
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService service(*db.value());
    auto organization = service.getBySlug(parser.value(QStringLiteral("slug")));
    if (!organization)
        return context.fail(organization.error());
    printOrganization(context, organization.value());
    return ExitCode::Success;
}

int OrgCommand::update(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl org update --slug S [--name N] [--email E] [--plan P] "
                                         "[--active true|false] [--rate-limit N] [--monthly-limit N] [--max-keys N]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("slug"), tr("The organization to change."), QStringLiteral("S")});
    parser.addOption({QStringLiteral("name"), tr("New display name."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("email"), tr("New contact email."), QStringLiteral("E")});
    parser.addOption(
        {QStringLiteral("plan"), tr("New plan; brings its limits unless overridden too."), QStringLiteral("P")});
    parser.addOption({QStringLiteral("active"), tr("true or false."), QStringLiteral("BOOL")});
    parser.addOption({QStringLiteral("rate-limit"), tr("Requests per minute."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("monthly-limit"), tr("Requests per month."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("max-keys"), tr("Key cap."), QStringLiteral("N")});
    if (auto code
        = context.parse(parser, arguments, usage, tr("Changes an organization; only the options given change.")))
        return *code;
    if (!parser.isSet(QStringLiteral("slug")))
        return context.usageError(tr("--slug is required"), usage);

    OrganizationUpdate change;
    if (parser.isSet(QStringLiteral("name")))
        change.name = parser.value(QStringLiteral("name"));
    if (parser.isSet(QStringLiteral("email")))
        change.email = parser.value(QStringLiteral("email"));
    if (parser.isSet(QStringLiteral("plan"))) {
        const auto plan = Plans::fromString(parser.value(QStringLiteral("plan")));
        if (!plan)
            return context.usageError(tr("unknown plan \"%1\" (use free, pro or enterprise)")
                                          .arg(CliContext::echo(parser.value(QStringLiteral("plan")))),
                                      usage);
        change.plan = *plan;
    }
    if (parser.isSet(QStringLiteral("active"))) {
        auto active = RuntimeConfig::parseBool(QStringLiteral("--active"), parser.value(QStringLiteral("active")));
        if (!active)
            return context.usageError(active.error().message, usage);
        change.isActive = active.value();
    }
    int exitCode = ExitCode::Success;
    if (auto v = context.integerOption(parser, QStringLiteral("rate-limit"), InputRules::MinRateLimit,
                                       InputRules::MaxRateLimit, usage, &exitCode))
        change.rateLimitPerMinute = int(*v);
    if (exitCode != ExitCode::Success)
        return exitCode;
    if (auto v = context.integerOption(parser, QStringLiteral("monthly-limit"), InputRules::MinMonthlyLimit,
                                       InputRules::MaxMonthlyLimit, usage, &exitCode))
        change.monthlyRequestLimit = *v;
    if (exitCode != ExitCode::Success)
        return exitCode;
    if (auto v = context.integerOption(parser, QStringLiteral("max-keys"), InputRules::MinKeysCap,
                                       InputRules::MaxKeysCap, usage, &exitCode))
        change.maxApiKeys = int(*v);
    if (exitCode != ExitCode::Success)
        return exitCode;
    if (change.isEmpty())
        return context.usageError(tr("nothing to change: give at least one of --name, --email, --plan, --active, "
                                     "--rate-limit, --monthly-limit, --max-keys"),
                                  usage);

    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService service(*db.value());
    auto organization = service.getBySlug(parser.value(QStringLiteral("slug")));
    if (!organization)
        return context.fail(organization.error());
    auto updated = service.update(organization->id, change, CliContext::defaultActor());
    if (!updated)
        return context.fail(updated.error());
    if (!context.json())
        context.out() << tr("Updated organization \"%1\".").arg(updated->slug) << '\n';
    printOrganization(context, updated.value());
    return ExitCode::Success;
}
