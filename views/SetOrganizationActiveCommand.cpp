#include "SetOrganizationActiveCommand.h"

#include "OrganizationService.h"

#include <QAction>

SetOrganizationActiveCommand::SetOrganizationActiveCommand(bool activate, CommandContext& context, QObject* parent)
    : Command(activate ? tr("&Reactivate Organization…") : tr("&Deactivate Organization…"), context, parent)
    , m_activate(activate)
{
}

bool SetOrganizationActiveCommand::canRun(const Selection& selection) const
{
    return selection.organization && selection.organization->organization.isActive != m_activate;
}

void SetOrganizationActiveCommand::run()
{
    const Organization organization = selection().organization->organization;
    const bool confirmed = m_activate
        ? confirm(tr("Reactivate Organization"),
                  tr("Reactivate \"%1\"? Its active keys will be accepted again.").arg(organization.name))
        : confirm(tr("Deactivate Organization"),
                  tr("Deactivate \"%1\"? Every request with one of its keys will be refused at once, "
                     "until it is reactivated.")
                      .arg(organization.name));
    if (!confirmed)
        return;
    OrganizationUpdate update;
    update.isActive = m_activate;
    const QString actor = context().actor;
    const QString doing
        = m_activate ? tr("Could not reactivate the organization") : tr("Could not deactivate the organization");
    context().executor->run(
        this,
        [update, actor, id = organization.id](Database& db) {
            return OrganizationService(db).update(id, update, actor);
        },
        [this, doing](Result<Organization> result) {
            if (!result) {
                emit failed(ErrorMessages::describe(doing, result.error()));
                return;
            }
            emit changed(result->id, {});
            emit message(result->isActive ? tr("Organization \"%1\" reactivated.").arg(result->name)
                                          : tr("Organization \"%1\" deactivated.").arg(result->name));
        });
}
