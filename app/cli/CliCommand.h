#pragma once

#include "CliContext.h"

#include <QString>
#include <QStringList>

// One top-level verb of keywardenctl (`db`, `org`, `key`, ...). The GUI's command objects
// and these call the same services.
class CliCommand
{
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;
    // One line per sub-command for `keywardenctl --help`.
    virtual QStringList synopsis() const = 0;
    // A group of sub-commands (`org create`, `org list`): `keywardenctl org --help` lists them.
    virtual bool hasSubCommands() const { return false; }
    // `arguments` are what follows the verb.
    virtual int run(CliContext& context, const QStringList& arguments) = 0;
};
