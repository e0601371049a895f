#pragma once

#include "CliCommand.h"

// db upgrade | db downgrade [--steps N] | db status | db seed
class DbCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("db"); }
    QStringList synopsis() const override;
    bool hasSubCommands() const override { return true; }
    int run(CliContext& context, const QStringList& arguments) override;

private:
    int upgrade(CliContext& context, const QStringList& arguments);
    int downgrade(CliContext& context, const QStringList& arguments);
    int status(CliContext& context, const QStringList& arguments);
    int seed(CliContext& context, const QStringList& arguments);
};
