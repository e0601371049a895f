#pragma once

#include "Command.h"

// "Roll Key…": a new key replaces the selected one after a grace period; shown once.
class RollKeyCommand : public Command
{
    Q_OBJECT

public:
    explicit RollKeyCommand(CommandContext& context, QObject* parent = nullptr);
    bool canRun(const Selection& selection) const override;

signals:
    void keyRevealed(QWidget* revealDialog);

protected:
    void run() override;
};
