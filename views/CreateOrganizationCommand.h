#pragma once

#include "Command.h"

// "New Organization…": always available while a database is open.
class CreateOrganizationCommand : public Command
{
    Q_OBJECT

public:
    explicit CreateOrganizationCommand(CommandContext& context, QObject* parent = nullptr);
    bool canRun(const Selection& selection) const override;

protected:
    void run() override;
};
