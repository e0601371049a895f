#pragma once

#include "CliCommand.h"

// usage --org SLUG --month YYYY-MM
class UsageCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("usage"); }
    QStringList synopsis() const override;
    int run(CliContext& context, const QStringList& arguments) override;
};
