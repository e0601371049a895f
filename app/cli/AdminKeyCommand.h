#pragma once

#include "CliCommand.h"

// admin-key: generates a `pk_admin_…` key for ADMIN_API_KEY and prints it once.
class AdminKeyCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("admin-key"); }
    QStringList synopsis() const override;
    int run(CliContext& context, const QStringList& arguments) override;
};
