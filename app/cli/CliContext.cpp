#include "CliContext.h"

#include "InputRules.h"
#include "MigrationRunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("CliContext", text);
}
} // namespace

CliContext::CliContext(QTextStream& out, QTextStream& err, QTextStream& in)
    : m_out(out)
    , m_err(err)
    , m_in(in)
{
}

Result<Database*> CliContext::database(bool requireSchema)
{
    if (m_database)
        return m_database.get();
    const bool embedded = m_databaseFlag.isEmpty() && qEnvironmentVariable("DATABASE_URL").isEmpty();
    auto url = DatabaseUrl::resolve(m_databaseFlag);
    if (!url)
        return url.error();
    if (embedded) {
        // The embedded default lives in the user's data folder; create it on first use.
        const QString folder = QFileInfo(url->sqlitePath).absolutePath();
        if (!QDir().mkpath(folder))
            return makeError(ErrorCode::DatabaseError, tr("cannot create the data folder %1").arg(folder));
    }
    auto database = std::make_unique<Database>(url.value());
    if (Status s = database->ping(); !s)
        return s.error();
    if (requireSchema) {
        MigrationRunner runner(*database);
        auto version = runner.currentVersion();
        if (!version)
            return version.error();
        if (version.value() < runner.headVersion()) {
            if (embedded || database->url().isInMemory()) {
                if (auto applied = runner.upgrade(); !applied)
                    return applied.error();
            } else {
                return makeError(
                    ErrorCode::DatabaseError,
                    tr("the database %1 is at schema version %2 of %3: run `keywardenctl db upgrade` first")
                        .arg(database->url().redacted())
                        .arg(version.value())
                        .arg(runner.headVersion()));
            }
        }
    }
    m_database = std::move(database);
    return m_database.get();
}

std::optional<int> CliContext::parse(QCommandLineParser& parser,
                                     const QStringList& arguments,
                                     const QString& usage,
                                     const QString& description)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    parser.addOption(help);
    QStringList withProgram = arguments;
    withProgram.prepend(QStringLiteral("keywardenctl"));
    if (!parser.parse(withProgram))
        return usageError(parser.errorText(), usage);
    if (parser.isSet(help)) {
        m_out << tr("Usage: %1").arg(usage) << "\n\n" << description << "\n\n";
        QString options = parser.helpText();
        const qsizetype start = options.indexOf(QLatin1String("Options:"));
        m_out << (start >= 0 ? options.mid(start) : options);
        m_out.flush();
        return ExitCode::Success;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(tr("unexpected argument \"%1\"").arg(echo(parser.positionalArguments().first())), usage);
    return std::nullopt;
}

bool CliContext::confirm(const QString& question)
{
    m_err << question << ' ' << tr("Type \"yes\" to go on:") << ' ';
    m_err.flush();
    return m_in.readLine().trimmed() == QLatin1String("yes");
}

int CliContext::fail(const Error& error)
{
    return fail(error.message);
}

int CliContext::fail(const QString& message)
{
    m_err << tr("error: %1").arg(message) << '\n';
    m_err.flush();
    return ExitCode::Failure;
}

int CliContext::usageError(const QString& message, const QString& usage)
{
    m_err << tr("error: %1").arg(message) << '\n'
          << tr("usage: %1").arg(usage) << '\n'
          << tr("Try `keywardenctl --help` for the list of commands.") << '\n';
    m_err.flush();
    return ExitCode::Usage;
}

void CliContext::printJson(const QJsonObject& object)
{
    m_out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    m_out.flush();
}

void CliContext::printJson(const QJsonArray& array)
{
    m_out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
    m_out.flush();
}

void CliContext::printTable(const QStringList& header, const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QString& cell : header)
        widths << cell.size();
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], row[i].size());
    }
    const auto printRow = [this, &widths](const QStringList& row) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            line += i + 1 == row.size() ? row[i] : row[i].leftJustified(widths[i]);
            if (i + 1 < row.size())
                line += QStringLiteral("  ");
        }
        m_out << line << '\n';
    };
    printRow(header);
    for (const QStringList& row : rows)
        printRow(row);
    m_out.flush();
}

QString CliContext::echo(const QString& argument)
{
    return InputRules::echoed(argument, 40);
}

QString CliContext::defaultActor()
{
    return InputRules::localActor(QStringLiteral("cli"));
}

QString CliContext::humanTime(const QDateTime& time)
{
    if (!time.isValid())
        return QStringLiteral("-");
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

std::optional<qint64> CliContext::integerOption(
    const QCommandLineParser& parser, const QString& name, qint64 min, qint64 max, const QString& usage, int* exitCode)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const QString text = parser.value(name).trimmed();
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        *exitCode = usageError(
            tr("--%1 must be a whole number from %2 to %3, not \"%4\"").arg(name).arg(min).arg(max).arg(echo(text)),
            usage);
        return std::nullopt;
    }
    return value;
}
