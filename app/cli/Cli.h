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

private:
    void printHelp();

    QTextStream& m_out;
    QTextStream& m_err;
    QTextStream& m_in;
    std::vector<std::unique_ptr<CliCommand>> m_commands;
};
