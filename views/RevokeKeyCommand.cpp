#include "RevokeKeyCommand.h"

#include "ApiKeyService.h"
#include "RevokeKeyDialog.h"

#include <QAction>

RevokeKeyCommand::RevokeKeyCommand(CommandContext& context, QObject* parent)
    : Command(tr("&Revoke Key…"), context, parent)
{
    action()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    action()->setIcon(QIcon::fromTheme(QStringLiteral("edit-delete")));
}

bool RevokeKeyCommand::canRun(const Selection& selection) const
{
    return selection.key && !selection.key->isRevoked();
}

void RevokeKeyCommand::run()
{
    const ApiKey key = *selection().key;
    const QString organizationName = selection().organization ? selection().organization->organization.name : QString();
    auto* dialog = new RevokeKeyDialog(key, organizationName, window());
    const QString actor = context().actor;
    openAndSubmit(
        dialog, tr("Could not revoke the key"),
        [dialog, actor, id = key.id] {
            return [reason = dialog->reason(), actor, id](Database& db) {
                return ApiKeyService(db).revokeKey(id, reason, actor);
            };
        },
        [this](const ApiKey& revoked) {
            emit changed(revoked.organizationId, revoked.id);
            emit message(tr("Key %1 revoked. Validators refuse it from now on.").arg(revoked.maskedKey()));
        });
}
