#include "KeyCommand.h"

#include "ApiKeyFormat.h"
#include "ApiKeyService.h"
#include "InputRules.h"
#include "JsonFormat.h"
#include "KeyMasking.h"
#include "OrganizationService.h"
#include "SqlValue.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("KeyCommand", text);
}

constexpr qint64 kMaxPasteLength = 4096;

QString statusWords(ApiKey::Status status)
{
    switch (status) {
    case ApiKey::Status::Active:
        return tr("active");
    case ApiKey::Status::ExpiringSoon:
        return tr("active, expiring soon");
    case ApiKey::Status::Expired:
        return tr("expired");
    case ApiKey::Status::Revoked:
        return tr("revoked");
    case ApiKey::Status::Inactive:
        return tr("inactive");
    }
    return QString();
}

Result<QUuid> parseKeyId(const QString& text)
{
    const QUuid id = SqlValue::parseUuid(text);
    // The nil UUID is well-formed; it just names no key.
    static const QRegularExpression nil(QStringLiteral("^\\{?0{8}-0{4}-0{4}-0{4}-0{12}\\}?$"));
    if (id.isNull() && nil.match(text.trimmed()).hasMatch())
        return makeError(ErrorCode::NotFound, tr("no API key with id %1").arg(text.trimmed()));
    if (id.isNull())
        return makeError(ErrorCode::InvalidInput,
                         tr("--key takes a key id (a UUID such as 0b5e…-…), not \"%1\"; `keywardenctl key list --org "
                            "SLUG` shows ids")
                             .arg(CliContext::echo(text)));
    return id;
}
} // namespace

QStringList KeyCommand::synopsis() const
{
    return {
        QStringLiteral("key create --org SLUG --name N [--env live|test] [--scopes a,b] [--expires-in-days N]\n"
                       "           [--rate-limit N] [--description D]"),
        QStringLiteral("key list --org SLUG"), QStringLiteral("key revoke --key KEY_ID --reason TEXT [--by ACTOR]"),
        QStringLiteral("key roll --key KEY_ID [--grace-hours N]   new key now, old one expires after the grace period"),
        QStringLiteral(
            "key find                                 reads a full key on stdin, prints its owner and status")};
}

int KeyCommand::run(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl key create|list|revoke|roll|find");
    if (arguments.isEmpty())
        return context.usageError(tr("missing sub-command"), usage);
    const QString verb = arguments.first();
    const QStringList rest = arguments.mid(1);
    if (verb == QLatin1String("create"))
        return create(context, rest);
    if (verb == QLatin1String("list"))
        return list(context, rest);
    if (verb == QLatin1String("revoke"))
        return revoke(context, rest);
    if (verb == QLatin1String("roll"))
        return roll(context, rest);
    if (verb == QLatin1String("find"))
        return find(context, rest);
    return context.usageError(tr("unknown sub-command \"key %1\"").arg(CliContext::echo(verb)), usage);
}

void KeyCommand::printCreated(CliContext& context, const CreatedKey& created, const QString& headline)
{
    if (context.json()) {
        QJsonObject row = JsonFormat::apiKey(created.key, QDateTime::currentDateTimeUtc());
        row.insert(QStringLiteral("key"), created.fullKey);
        context.printJson(row);
        return;
    }
    QTextStream& out = context.out();
    out << headline << '\n'
        << tr("  id          %1").arg(SqlValue::uuidText(created.key.id)) << '\n'
        << tr("  name        %1").arg(created.key.name) << '\n'
        << tr("  environment %1").arg(KeyEnvironments::toString(created.key.environment)) << '\n'
        << tr("  scopes      %1")
               .arg(created.key.scopes.isEmpty() ? tr("(none)") : created.key.scopes.join(QStringLiteral(", ")))
        << '\n'
        << tr("  expires     %1")
               .arg(created.key.expiresAt.isValid() ? CliContext::humanTime(created.key.expiresAt) : tr("never"))
        << '\n'
        << '\n'
        << tr("This is the only time the key is shown. Store it in your secret manager now:") << "\n\n"
        << "    " << created.fullKey << "\n\n";
    out.flush();
}

int KeyCommand::create(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl key create --org SLUG --name N [--env live|test] [--scopes a,b] "
                                         "[--expires-in-days N] [--rate-limit N] [--description D]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("org"), tr("The organization's slug."), QStringLiteral("SLUG")});
    parser.addOption({QStringLiteral("name"), tr("A name that says where the key is used."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("env"), tr("live or test (default live)."), QStringLiteral("ENV")});
    parser.addOption({QStringLiteral("scopes"), tr("Comma-separated scopes, e.g. agents:run (default: none)."),
                      QStringLiteral("a,b")});
    parser.addOption(
        {QStringLiteral("expires-in-days"), tr("Days until the key expires (default: never)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("rate-limit"),
                      tr("Requests per minute for this key, overriding the organization's."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("description"), tr("Free text."), QStringLiteral("D")});
    if (auto code = context.parse(parser, arguments, usage, tr("Creates an API key and prints it once.")))
        return *code;
    if (!parser.isSet(QStringLiteral("org")))
        return context.usageError(tr("--org is required"), usage);
    if (!parser.isSet(QStringLiteral("name")))
        return context.usageError(tr("--name is required"), usage);

    CreateKeyRequest request;
    request.name = parser.value(QStringLiteral("name"));
    request.description = parser.value(QStringLiteral("description"));
    if (parser.isSet(QStringLiteral("env"))) {
        const auto environment = KeyEnvironments::fromString(parser.value(QStringLiteral("env")));
        if (!environment || !KeyEnvironments::isOrganizationEnvironment(*environment))
            return context.usageError(
                tr("--env must be live or test, not \"%1\"").arg(CliContext::echo(parser.value(QStringLiteral("env")))),
                usage);
        request.environment = *environment;
    }
    request.scopes = InputRules::parseScopes(parser.value(QStringLiteral("scopes")));
    int exitCode = ExitCode::Success;
    if (auto v = context.integerOption(parser, QStringLiteral("expires-in-days"), 1, InputRules::MaxExpiryDays, usage,
                                       &exitCode))
        request.expiresInDays = int(*v);
    if (exitCode != ExitCode::Success)
        return exitCode;
    if (auto v = context.integerOption(parser, QStringLiteral("rate-limit"), InputRules::MinRateLimit,
                                       InputRules::MaxRateLimit, usage, &exitCode))
        request.customRateLimit = int(*v);
    if (exitCode != ExitCode::Success)
        return exitCode;
    if (Status s = InputRules::checkName(request.name, tr("key name")); !s)
        return context.fail(s.error());
    if (Status s = InputRules::checkScopes(request.scopes); !s)
        return context.fail(s.error());
    if (Status s = InputRules::checkDescription(request.description); !s)
        return context.fail(s.error());

    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService organizations(*db.value());
    auto organization = organizations.getBySlug(parser.value(QStringLiteral("org")));
    if (!organization)
        return context.fail(organization.error());
    request.organizationId = organization->id;
    ApiKeyService keys(*db.value());
    auto created = keys.createKey(request, CliContext::defaultActor());
    if (!created)
        return context.fail(created.error());
    printCreated(context, created.value(), tr("Created key \"%1\" for %2.").arg(created->key.name, organization->slug));
    return ExitCode::Success;
}

int KeyCommand::list(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl key list --org SLUG");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("org"), tr("The organization's slug."), QStringLiteral("SLUG")});
    if (auto code
        = context.parse(parser, arguments, usage, tr("Lists an organization's keys (masked; never a full key).")))
        return *code;
    if (!parser.isSet(QStringLiteral("org")))
        return context.usageError(tr("--org is required"), usage);
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    OrganizationService organizations(*db.value());
    auto organization = organizations.getBySlug(parser.value(QStringLiteral("org")));
    if (!organization)
        return context.fail(organization.error());
    ApiKeyService service(*db.value());
    auto keys = service.listKeys(organization->id);
    if (!keys)
        return context.fail(keys.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (context.json()) {
        QJsonArray array;
        for (const ApiKey& key : keys.value())
            array.append(JsonFormat::apiKey(key, now));
        context.printJson(array);
        return ExitCode::Success;
    }
    if (keys->isEmpty()) {
        context.out() << tr("%1 has no keys yet. Create one with `keywardenctl key create --org %1 --name N`.")
                             .arg(organization->slug)
                      << '\n';
        return ExitCode::Success;
    }
    QList<QStringList> rows;
    for (const ApiKey& key : keys.value())
        rows << QStringList{SqlValue::uuidText(key.id),
                            key.maskedKey(),
                            key.name,
                            KeyEnvironments::toString(key.environment),
                            ApiKey::statusText(key.status(now)),
                            key.scopes.join(QLatin1Char(',')),
                            CliContext::humanTime(key.createdAt),
                            CliContext::humanTime(key.lastUsedAt),
                            CliContext::humanTime(key.expiresAt),
                            QString::number(key.totalRequests)};
    context.printTable({tr("ID"), tr("KEY"), tr("NAME"), tr("ENV"), tr("STATUS"), tr("SCOPES"), tr("CREATED"),
                        tr("LAST USED"), tr("EXPIRES"), tr("REQUESTS")},
                       rows);
    return ExitCode::Success;
}

int KeyCommand::revoke(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl key revoke --key KEY_ID --reason TEXT [--by ACTOR]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("key"), tr("The key's id (from `key list`)."), QStringLiteral("KEY_ID")});
    parser.addOption(
        {QStringLiteral("reason"), tr("Why the key is revoked (kept in the audit log)."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("by"), tr("Who revokes it (default cli:$USER)."), QStringLiteral("ACTOR")});
    if (auto code = context.parse(parser, arguments, usage, tr("Revokes a key at once; it can never be used again.")))
        return *code;
    if (!parser.isSet(QStringLiteral("key")))
        return context.usageError(tr("--key is required"), usage);
    if (!parser.isSet(QStringLiteral("reason")))
        return context.usageError(tr("--reason is required"), usage);
    auto id = parseKeyId(parser.value(QStringLiteral("key")));
    if (!id)
        return id.code() == ErrorCode::NotFound ? context.fail(id.error())
                                                : context.usageError(id.error().message, usage);
    const QString reason = parser.value(QStringLiteral("reason"));
    if (Status s = InputRules::checkReason(reason); !s)
        return context.fail(s.error());
    const QString actor
        = parser.isSet(QStringLiteral("by")) ? parser.value(QStringLiteral("by")) : CliContext::defaultActor();
    if (Status s = InputRules::checkActor(actor); !s)
        return context.fail(s.error());
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    ApiKeyService service(*db.value());
    auto revoked = service.revokeKey(id.value(), reason, actor);
    if (!revoked)
        return context.fail(revoked.error());
    if (context.json()) {
        context.printJson(JsonFormat::apiKey(revoked.value(), QDateTime::currentDateTimeUtc()));
    } else {
        context.out() << tr("Revoked key %1 (\"%2\") at %3 by %4.")
                             .arg(revoked->maskedKey(), revoked->name, CliContext::humanTime(revoked->revokedAt), actor)
                      << '\n';
    }
    return ExitCode::Success;
}

int KeyCommand::roll(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl key roll --key KEY_ID [--grace-hours N]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("key"), tr("The key's id (from `key list`)."), QStringLiteral("KEY_ID")});
    parser.addOption({QStringLiteral("grace-hours"), tr("Hours the old key keeps working (default 24, 0 = at once)."),
                      QStringLiteral("N")});
    if (auto code
        = context.parse(parser, arguments, usage,
                        tr("Creates a replacement key now (same organization, name, scopes and limits) and lets "
                           "the old one expire after the grace period.")))
        return *code;
    if (!parser.isSet(QStringLiteral("key")))
        return context.usageError(tr("--key is required"), usage);
    auto id = parseKeyId(parser.value(QStringLiteral("key")));
    if (!id)
        return id.code() == ErrorCode::NotFound ? context.fail(id.error())
                                                : context.usageError(id.error().message, usage);
    int exitCode = ExitCode::Success;
    const auto grace
        = context.integerOption(parser, QStringLiteral("grace-hours"), 0, InputRules::MaxGraceHours, usage, &exitCode);
    if (exitCode != ExitCode::Success)
        return exitCode;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    ApiKeyService service(*db.value());
    auto rolled = service.rollKey(id.value(), int(grace.value_or(24)), CliContext::defaultActor());
    if (!rolled)
        return context.fail(rolled.error());
    auto old = service.getKey(id.value());
    printCreated(context, rolled.value(),
                 tr("Rolled key \"%1\": the old key %2 stops working at %3.")
                     .arg(rolled->key.name, old ? old->maskedKey() : QString(),
                          old ? CliContext::humanTime(old->expiresAt) : QString()));
    return ExitCode::Success;
}

int KeyCommand::find(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl key find < file-with-key");
    QCommandLineParser parser;
    if (auto code
        = context.parse(parser, arguments, usage,
                        tr("Reads a full key on standard input (never as an argument, so it stays out of shell "
                           "history and process lists) and prints its owner and status.")))
        return *code;
    // Only the first line counts: read just that, so a key pasted into a terminal is
    // answered on Enter instead of waiting for end-of-file (Ctrl-D).
    const QString firstLine = context.in().readLine(kMaxPasteLength + 1);
    if (firstLine.size() > kMaxPasteLength)
        return context.fail(tr("the input is too long to be a key (more than %1 characters)").arg(kMaxPasteLength));
    const QString key = ApiKeyFormat::fromPaste(firstLine);
    if (key.isEmpty())
        return context.fail(
            tr("no key on standard input: pipe or paste the full key, e.g. `keywardenctl key find < key.txt`"));
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    ApiKeyService service(*db.value());
    auto found = service.findByFullKey(key);
    if (!found)
        return context.fail(found.error());
    if (context.json()) {
        QJsonObject row = JsonFormat::apiKey(found->key, QDateTime::currentDateTimeUtc());
        row.insert(QStringLiteral("organization_slug"), found->organization.slug);
        context.printJson(row);
        return ExitCode::Success;
    }
    const ApiKey& k = found->key;
    QTextStream& out = context.out();
    out << tr("Key           %1").arg(k.maskedKey()) << '\n'
        << tr("  id          %1").arg(SqlValue::uuidText(k.id)) << '\n'
        << tr("  name        %1").arg(k.name) << '\n'
        << tr("  owner       %1 (%2, %3)")
               .arg(found->organization.name, found->organization.slug, found->organization.email)
        << '\n'
        << tr("  status      %1").arg(statusWords(found->status)) << '\n'
        << tr("  environment %1").arg(KeyEnvironments::toString(k.environment)) << '\n'
        << tr("  scopes      %1").arg(k.scopes.isEmpty() ? tr("(none)") : k.scopes.join(QStringLiteral(", "))) << '\n'
        << tr("  created     %1").arg(CliContext::humanTime(k.createdAt)) << '\n'
        << tr("  last used   %1").arg(CliContext::humanTime(k.lastUsedAt)) << '\n'
        << tr("  expires     %1").arg(k.expiresAt.isValid() ? CliContext::humanTime(k.expiresAt) : tr("never")) << '\n'
        << tr("  requests    %1").arg(k.totalRequests) << '\n';
    if (k.isRevoked())
        out << tr("  revoked     %1 by %2: %3").arg(CliContext::humanTime(k.revokedAt), k.revokedBy, k.revokedReason)
            << '\n';
    else
        out << tr("To revoke it: keywardenctl key revoke --key %1 --reason \"leaked\"").arg(SqlValue::uuidText(k.id))
            << '\n';
    out.flush();
    return ExitCode::Success;
}
