#include "AdminKeyCommand.h"

#include "ApiKeyGenerator.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("AdminKeyCommand", text);
}
} // namespace

QStringList AdminKeyCommand::synopsis() const
{
    return {
        QStringLiteral("admin-key                                    generate a key for ADMIN_API_KEY (printed once)")};
}

int AdminKeyCommand::run(CliContext& context, const QStringList& arguments)
{
    QCommandLineParser parser;
    if (auto code = context.parse(parser, arguments, QStringLiteral("keywardenctl admin-key"),
                                  tr("Generates an admin key (pk_admin_…) for the validator's ADMIN_API_KEY. It is not "
                                     "stored anywhere: put it in the validator's environment.")))
        return *code;
    const GeneratedKey key = ApiKeyGenerator::generate(KeyEnvironment::Admin);
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("key"), key.fullKey},
                                      {QStringLiteral("key_prefix"), key.keyPrefix},
                                      {QStringLiteral("key_hint"), key.keyHint}});
    } else {
        context.out() << tr("Admin key (shown once; set it as ADMIN_API_KEY for the validator):") << "\n\n    "
                      << key.fullKey << "\n\n";
    }
    return ExitCode::Success;
}
