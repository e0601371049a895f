#pragma once

#include "CliCommand.h"

// serve [--host 127.0.0.1] [--port 8080]: the headless validator, until SIGINT/SIGTERM.
class ServeCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("serve"); }
    QStringList synopsis() const override;
    int run(CliContext& context, const QStringList& arguments) override;
};
