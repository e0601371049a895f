#pragma once

#include "Command.h"

// "Deactivate Organization" / "Reactivate Organization", after a confirmation. A
// deactivated organization's keys are refused by every validator at once.
class SetOrganizationActiveCommand : public Command
{
    Q_OBJECT

public:
    SetOrganizationActiveCommand(bool activate, CommandContext& context, QObject* parent = nullptr);
    bool canRun(const Selection& selection) const override;

protected:
    void run() override;

private:
    bool m_activate;
};
