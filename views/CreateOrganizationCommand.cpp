#include "CreateOrganizationCommand.h"

#include "OrganizationDialog.h"
#include "OrganizationService.h"

#include <QAction>

CreateOrganizationCommand::CreateOrganizationCommand(CommandContext& context, QObject* parent)
    : Command(tr("&New Organization…"), context, parent)
{
    action()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    action()->setIcon(QIcon::fromTheme(QStringLiteral("folder-new")));
}

bool CreateOrganizationCommand::canRun(const Selection&) const
{
    return true;
}

void CreateOrganizationCommand::run()
{
    auto* dialog = new OrganizationDialog(window());
    const QString actor = context().actor;
    openAndSubmit(
        dialog, tr("Could not create the organization"),
        [dialog, actor] {
            return [request = dialog->createRequest(), overrides = dialog->limitOverrides(),
                    actor](Database& db) -> Result<Organization> {
                OrganizationService service(db);
                auto created = service.create(request, actor);
                if (!created || overrides.isEmpty())
                    return created;
                return service.update(created->id, overrides, actor);
            };
        },
        [this](const Organization& organization) {
            emit changed(organization.id, {});
            emit message(tr("Organization \"%1\" created.").arg(organization.name));
        });
}
