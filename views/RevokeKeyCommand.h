#pragma once

#include "Command.h"

// "Revoke Key…": asks for a reason; validators refuse the key from then on (they hear
// of it through the change feed, see ChangeWatcher).
class RevokeKeyCommand : public Command
{
    Q_OBJECT

public:
    explicit RevokeKeyCommand(CommandContext& context, QObject* parent = nullptr);
    bool canRun(const Selection& selection) const override;

protected:
    void run() override;
};
