#include "RollKeyCommand.h"

#include "ApiKeyService.h"
#include "KeyRevealDialog.h"
#include "RollKeyDialog.h"

#include <QAction>

RollKeyCommand::RollKeyCommand(CommandContext& context, QObject* parent)
    : Command(tr("R&oll Key…"), context, parent)
{
    action()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    action()->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));
}

bool RollKeyCommand::canRun(const Selection& selection) const
{
    return selection.key && !selection.key->isRevoked() && !selection.key->isExpired(QDateTime::currentDateTimeUtc());
}

void RollKeyCommand::run()
{
    const ApiKey key = *selection().key;
    auto* dialog = new RollKeyDialog(key, window());
    const QString actor = context().actor;
    openAndSubmit(
        dialog, tr("Could not roll the key"),
        [dialog, actor, id = key.id] {
            return [graceHours = dialog->graceHours(), actor, id](Database& db) {
                return ApiKeyService(db).rollKey(id, graceHours, actor);
            };
        },
        [this, oldMasked = key.maskedKey()](const CreatedKey& created) {
            auto* reveal = new KeyRevealDialog(created.fullKey, created.key, context().clipboard, window());
            reveal->setAttribute(Qt::WA_DeleteOnClose);
            reveal->open();
            emit keyRevealed(reveal);
            emit changed(created.key.organizationId, created.key.id);
            emit message(tr("Key %1 rolled; the new key is %2.").arg(oldMasked, created.key.maskedKey()));
        });
}
