#include "CreateKeyCommand.h"

#include "ApiKeyService.h"
#include "CreateKeyDialog.h"
#include "KeyRevealDialog.h"

#include <QAction>

CreateKeyCommand::CreateKeyCommand(CommandContext& context, QObject* parent)
    : Command(tr("New &Key…"), context, parent)
{
    action()->setShortcut(QKeySequence::New);
    action()->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
}

bool CreateKeyCommand::canRun(const Selection& selection) const
{
    return selection.organization.has_value();
}

void CreateKeyCommand::run()
{
    const OrganizationRow row = *selection().organization;
    auto* dialog = new CreateKeyDialog(row.organization, row.keysInUse, window());
    const QString actor = context().actor;
    openAndSubmit(
        dialog, tr("Could not create the key"),
        [dialog, actor] {
            return [request = dialog->request(), actor](Database& db) {
                return ApiKeyService(db).createKey(request, actor);
            };
        },
        [this](const CreatedKey& created) {
            auto* reveal = new KeyRevealDialog(created.fullKey, created.key, context().clipboard, window());
            reveal->setAttribute(Qt::WA_DeleteOnClose);
            reveal->open();
            emit keyRevealed(reveal);
            emit changed(created.key.organizationId, created.key.id);
            emit message(tr("Key %1 created.").arg(created.key.maskedKey()));
        });
}
