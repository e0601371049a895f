#pragma once

#include "CliCommand.h"

struct Organization;

// org create | org list | org show | org update
class OrgCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("org"); }
    QStringList synopsis() const override;
    bool hasSubCommands() const override { return true; }
    int run(CliContext& context, const QStringList& arguments) override;

private:
    int create(CliContext& context, const QStringList& arguments);
    int list(CliContext& context, const QStringList& arguments);
    int show(CliContext& context, const QStringList& arguments);
    int update(CliContext& context, const QStringList& arguments);
    void printOrganization(CliContext& context, const Organization& organization);
};
