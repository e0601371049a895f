#pragma once

#include "CliCommand.h"

#include <QTextStream>

#include <memory>
#include <vector>

// keywardenctl's dispatcher: global options (--database, --json, --help, --version)
// anywhere on the line, then `<verb> [sub-command] [options]`. Runs in process so the
// tests can drive it without spawning.
class Cli
{
public:
    Cli(QTextStream& out, QTextStream& err, QTextStream& in);
    ~Cli();

    // `arguments` excludes the program name. Returns the exit code.
    int run(const QStringList& arguments);
    // main's argv, program name first. Bytes that are not UTF-8 are a usage error (2):
    // decoded, each would become U+FFFD and be stored so in a name or a reason unseen.
    int run(int argc, const char* const* argv);
    // A person at a terminal types the input (stdin and stderr are a TTY): commands that
    // destroy data ask first. Scripts, pipes and the tests' default never are.
    void setInteractive(bool interactive) { m_interactive = interactive; }

private:
    void printHelp();

    QTextStream& m_out;
    QTextStream& m_err;
    QTextStream& m_in;
    bool m_interactive = false;
    std::vector<std::unique_ptr<CliCommand>> m_commands;
};
