#pragma once

#include "CliCommand.h"

// doctor: database reachable and migrated, Redis, keychain, validator port.
class DoctorCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("doctor"); }
    QStringList synopsis() const override;
    int run(CliContext& context, const QStringList& arguments) override;
};
