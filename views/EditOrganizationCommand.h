#pragma once

#include "Command.h"

// "Edit Organization…": name, email, plan and limit overrides of the selected organization.
class EditOrganizationCommand : public Command
{
    Q_OBJECT

public:
    explicit EditOrganizationCommand(CommandContext& context, QObject* parent = nullptr);
    bool canRun(const Selection& selection) const override;

protected:
    void run() override;
};
