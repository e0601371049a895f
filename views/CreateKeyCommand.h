#pragma once

#include "Command.h"

// "New Key…" for the selected organization; the new key is then shown once.
class CreateKeyCommand : public Command
{
    Q_OBJECT

public:
    explicit CreateKeyCommand(CommandContext& context, QObject* parent = nullptr);
    bool canRun(const Selection& selection) const override;

signals:
    // The reveal dialog, when it opens (tests drive it).
    void keyRevealed(QWidget* revealDialog);

protected:
    void run() override;
};
