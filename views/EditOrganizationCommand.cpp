#include "EditOrganizationCommand.h"

#include "OrganizationDialog.h"
#include "OrganizationService.h"

#include <QAction>

EditOrganizationCommand::EditOrganizationCommand(CommandContext& context, QObject* parent)
    : Command(tr("&Edit Organization…"), context, parent)
{
    action()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    action()->setIcon(QIcon::fromTheme(QStringLiteral("document-edit")));
}

bool EditOrganizationCommand::canRun(const Selection& selection) const
{
    return selection.organization.has_value();
}

void EditOrganizationCommand::run()
{
    const Organization organization = selection().organization->organization;
    auto* dialog = new OrganizationDialog(organization, window());
    const QString actor = context().actor;
    openAndSubmit(
        dialog, tr("Could not save the organization"),
        [dialog, actor, organization] {
            return [update = dialog->update(), actor, organization](Database& db) -> Result<Organization> {
                if (update.isEmpty())
                    return organization; // nothing changed: nothing to write or audit
                return OrganizationService(db).update(organization.id, update, actor);
            };
        },
        [this](const Organization& saved) {
            emit changed(saved.id, {});
            emit message(tr("Organization \"%1\" saved.").arg(saved.name));
        });
}
