#include "Cli.h"

#include "AdminKeyCommand.h"
#include "DbCommand.h"
#include "DoctorCommand.h"
#include "KeyCommand.h"
#include "OrgCommand.h"
#include "ServeCommand.h"
#include "UsageCommand.h"
#include "config.h"

#include <QCoreApplication>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}

QString synopsis()
{
    return QStringLiteral("keywardenctl [--database URL] [--json] <command> [options]");
}
} // namespace

Cli::Cli(QTextStream& out, QTextStream& err, QTextStream& in)
    : m_out(out)
    , m_err(err)
    , m_in(in)
{
    m_commands.push_back(std::make_unique<DbCommand>());
    m_commands.push_back(std::make_unique<OrgCommand>());
    m_commands.push_back(std::make_unique<KeyCommand>());
    m_commands.push_back(std::make_unique<UsageCommand>());
    m_commands.push_back(std::make_unique<ServeCommand>());
    m_commands.push_back(std::make_unique<DoctorCommand>());
    m_commands.push_back(std::make_unique<AdminKeyCommand>());
}

Cli::~Cli() = default;

void Cli::printHelp()
{
    m_out << tr("keywardenctl %1: manage KeyWarden organizations and API keys.").arg(QStringLiteral(KEYWARDEN_VERSION))
          << "\n\n"
          << tr("Usage: keywardenctl [--database URL] [--json] <command> [options]") << "\n\n"
          << tr("Global options:") << '\n'
          << tr("  --database URL  sqlite:///abs/path.db, sqlite::memory: or postgresql://user[:pass]@host[:port]/db\n"
                "                  (default: $DATABASE_URL, else the embedded SQLite file in your data folder)")
          << '\n'
          << tr("  --json          machine output on stdout") << '\n'
          << tr("  --help          this help; `keywardenctl <command> <sub-command> --help` for a command's options")
          << '\n'
          << tr("  --version       the program's version") << "\n\n"
          << tr("Commands:") << '\n';
    for (const auto& command : m_commands) {
        for (const QString& line : command->synopsis())
            m_out << "  " << line << '\n';
    }
    m_out << '\n' << tr("Exit codes: 0 success, 1 failure (message on stderr), 2 usage error.") << '\n';
    m_out.flush();
}

int Cli::run(int argc, const char* const* argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView bytes(argv[i]);
        if (!bytes.isValidUtf8()) {
            CliContext context(m_out, m_err, m_in);
            return context.usageError(
                tr("argument %1 is not valid UTF-8 text: type it again in a UTF-8 terminal").arg(i), synopsis());
        }
        arguments << QString::fromUtf8(bytes);
    }
    return run(arguments);
}

int Cli::run(const QStringList& arguments)
{
    CliContext context(m_out, m_err, m_in);
    context.setInteractive(m_interactive);
    QStringList rest;
    bool help = false;
    bool databaseSeen = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument == QLatin1String("--json")) {
            context.setJson(true);
        } else if (argument == QLatin1String("--database") || argument.startsWith(QLatin1String("--database="))) {
            if (databaseSeen)
                return context.usageError(tr("--database is given twice"),
                                          QStringLiteral("keywardenctl --database URL ..."));
            databaseSeen = true;
            if (argument.contains(u'=')) {
                context.setDatabaseFlag(argument.section(u'=', 1));
            } else {
                if (i + 1 >= arguments.size())
                    return context.usageError(tr("--database needs a URL"),
                                              QStringLiteral("keywardenctl --database URL ..."));
                context.setDatabaseFlag(arguments.at(++i));
            }
            if (context.databaseFlag().trimmed().isEmpty())
                return context.usageError(tr("--database needs a URL"),
                                          QStringLiteral("keywardenctl --database URL ..."));
        } else if (argument == QLatin1String("--version") || argument == QLatin1String("-v")) {
            if (rest.isEmpty()) {
                m_out << "keywardenctl " << KEYWARDEN_VERSION << '\n';
                m_out.flush();
                return ExitCode::Success;
            }
            rest << argument;
        } else if ((argument == QLatin1String("--help") || argument == QLatin1String("-h")) && rest.isEmpty()) {
            help = true;
        } else {
            rest << argument;
        }
    }
    if (help || (rest.isEmpty() && !arguments.isEmpty() && help)) {
        printHelp();
        return ExitCode::Success;
    }
    if (rest.isEmpty()) {
        printHelp();
        return ExitCode::Usage;
    }
    if (rest.first() == QLatin1String("help")) {
        printHelp();
        return ExitCode::Success;
    }
    for (const auto& command : m_commands) {
        if (command->name() != rest.first())
            continue;
        // `keywardenctl org --help`: the group's sub-commands (each has its own --help).
        if (command->hasSubCommands() && rest.size() == 2
            && (rest.at(1) == QLatin1String("--help") || rest.at(1) == QLatin1String("-h"))) {
            m_out << tr("Usage:") << '\n';
            for (const QString& line : command->synopsis())
                m_out << "  keywardenctl " << line << '\n';
            m_out << '\n'
                  << tr("`keywardenctl %1 <sub-command> --help` shows a sub-command's options.").arg(command->name())
                  << '\n';
            m_out.flush();
            return ExitCode::Success;
        }
        return command->run(context, rest.mid(1));
    }
    // An option before the command is one of the global ones, or a mistake of that kind.
    if (rest.first().startsWith(u'-'))
        return context.usageError(
            tr("unknown option \"%1\" (before the command, only --database, --json, --help and --version)")
                .arg(CliContext::echo(rest.first())),
            synopsis());
    return context.usageError(tr("unknown command \"%1\"").arg(CliContext::echo(rest.first())), synopsis());
}
