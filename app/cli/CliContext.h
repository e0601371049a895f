#pragma once

#include "Database.h"
#include "Result.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

// Exit codes of SPEC: 0 success, 1 failure (message on stderr), 2 usage error.
namespace ExitCode {
constexpr int Success = 0;
constexpr int Failure = 1;
constexpr int Usage = 2;
} // namespace ExitCode

// What every command gets: the streams, the global options and the database.
class CliContext
{
public:
    CliContext(QTextStream& out, QTextStream& err, QTextStream& in);

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    QTextStream& in() { return m_in; }

    bool json() const { return m_json; }
    void setJson(bool json) { m_json = json; }
    bool isInteractive() const { return m_interactive; }
    void setInteractive(bool interactive) { m_interactive = interactive; }
    // Asks `question` on stderr and reads a line: true only for "yes".
    bool confirm(const QString& question);
    void setDatabaseFlag(const QString& url) { m_databaseFlag = url; }
    const QString& databaseFlag() const { return m_databaseFlag; }

    // Opens the database from --database / DATABASE_URL / the embedded default. With
    // `requireSchema`, an unmigrated database is an error, except the embedded default,
    // which is the user's own file and is brought to the newest schema silently.
    Result<Database*> database(bool requireSchema = true);

    // Parses a verb's options. Returns an exit code when the command must stop here
    // (usage error: 2, --help: 0), or nothing when the command should go on.
    std::optional<int>
    parse(QCommandLineParser& parser, const QStringList& arguments, const QString& usage, const QString& description);

    // Reports a failure on stderr and returns its exit code (1).
    int fail(const Error& error);
    int fail(const QString& message);
    // Reports a usage error (with a hint) and returns 2.
    int usageError(const QString& message, const QString& usage);

    void printJson(const QJsonObject& object);
    void printJson(const QJsonArray& array);
    // A plain text table: a header row, then rows; columns padded to the widest cell.
    void printTable(const QStringList& header, const QList<QStringList>& rows);

    // Who is acting: --by where a command has it, else "cli:<login name>".
    // A user-typed argument as it may be echoed in a message: a key is masked, anything
    // else cut to 40 characters.
    static QString echo(const QString& argument);
    static QString defaultActor();
    static QString humanTime(const QDateTime& time);

    // Integer option helpers: report a usage error naming the option when not a number in range.
    std::optional<qint64> integerOption(const QCommandLineParser& parser,
                                        const QString& name,
                                        qint64 min,
                                        qint64 max,
                                        const QString& usage,
                                        int* exitCode);

private:
    QTextStream& m_out;
    QTextStream& m_err;
    QTextStream& m_in;
    bool m_json = false;
    bool m_interactive = false;
    QString m_databaseFlag;
    std::unique_ptr<Database> m_database;
};
