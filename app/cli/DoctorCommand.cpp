#include "DoctorCommand.h"

#include "KeychainProbe.h"
#include "SelfCheck.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("DoctorCommand", text);
}
} // namespace

QStringList DoctorCommand::synopsis() const
{
    return {QStringLiteral(
        "doctor [--port N]                            self-checks: database, migrations, Redis, keychain, port")};
}

int DoctorCommand::run(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl doctor [--port N]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("port"), tr("The validator port to check (default 8080)."), QStringLiteral("N")});
    if (auto code
        = context.parse(parser, arguments, usage,
                        tr("Checks that the database is reachable and migrated, Redis answers (when REDIS_URL "
                           "is set), the system keychain is usable and the validator port is free.")))
        return *code;
    int exitCode = ExitCode::Success;
    const auto port = context.integerOption(parser, QStringLiteral("port"), 1, 65535, usage, &exitCode);
    if (exitCode != ExitCode::Success)
        return exitCode;

    SelfCheck::Options options;
    options.databaseFlag = context.databaseFlag();
    options.port = quint16(port.value_or(8080));
    options.keychainProbe = KeychainProbe::run;
    const QList<SelfCheck::Result> results = SelfCheck::runAll(options);

    QStringList failed;
    QJsonArray array;
    QList<QStringList> rows;
    for (const SelfCheck::Result& r : results) {
        if (r.state == SelfCheck::State::Failed)
            failed << r.name;
        array.append(QJsonObject{{QStringLiteral("check"), r.name},
                                 {QStringLiteral("state"), SelfCheck::stateText(r.state)},
                                 {QStringLiteral("detail"), r.detail}});
        rows << QStringList{r.name, SelfCheck::stateText(r.state), r.detail};
    }
    if (context.json())
        context.printJson(array);
    else
        context.printTable({tr("CHECK"), tr("STATE"), tr("DETAIL")}, rows);
    // The table says what failed; stderr says that something did, as for every command that
    // exits 1 (a script reading only stderr and the code would see nothing otherwise).
    if (!failed.isEmpty())
        return context.fail(tr("these checks failed: %1").arg(failed.join(QStringLiteral(", "))));
    return ExitCode::Success;
}
