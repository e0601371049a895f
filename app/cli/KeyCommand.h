#pragma once

#include "CliCommand.h"

struct ApiKey;
struct CreatedKey;

// key create | key list | key revoke | key roll | key find
class KeyCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("key"); }
    QStringList synopsis() const override;
    bool hasSubCommands() const override { return true; }
    int run(CliContext& context, const QStringList& arguments) override;

private:
    int create(CliContext& context, const QStringList& arguments);
    int list(CliContext& context, const QStringList& arguments);
    int revoke(CliContext& context, const QStringList& arguments);
    int roll(CliContext& context, const QStringList& arguments);
    int find(CliContext& context, const QStringList& arguments);
    void printCreated(CliContext& context, const CreatedKey& created, const QString& headline);
};
