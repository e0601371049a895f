#include "AuditLogModel.h"

#include "DatabaseExecutor.h"
#include "DisplayText.h"
#include "OrganizationRepository.h"

#include <QJsonArray>
#include <QJsonDocument>

AuditLogModel::AuditLogModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

Result<AuditPage> AuditLogModel::load(Database& database, const AuditFilter& filter)
{
    auto events = AuditRepository(database).list(filter);
    if (!events)
        return events.error();
    AuditPage page;
    page.events = std::move(events).value();
    OrganizationRepository organizations(database);
    for (const AuditEvent& event : std::as_const(page.events)) {
        if (event.organizationId.isNull() || page.organizationNames.contains(event.organizationId))
            continue;
        auto organization = organizations.getById(event.organizationId);
        // A deleted organization still has its history: show its id then.
        page.organizationNames.insert(event.organizationId,
                                      organization ? organization->name
                                                   : event.organizationId.toString(QUuid::WithoutBraces));
    }
    return page;
}

void AuditLogModel::reload(DatabaseExecutor& executor, const AuditFilter& filter)
{
    const quint64 generation = ++m_generation;
    executor.run(
        this, [filter](Database& db) { return load(db, filter); },
        [this, generation](Result<AuditPage> result) {
            if (generation != m_generation)
                return;
            if (!result) {
                emit loadFailed(result.error().message);
                return;
            }
            setPage(std::move(result).value());
            emit loaded();
        });
}

void AuditLogModel::setPage(AuditPage page)
{
    beginResetModel();
    m_page = std::move(page);
    endResetModel();
}

const AuditEvent* AuditLogModel::eventAt(int row) const
{
    return row >= 0 && row < m_page.events.size() ? &m_page.events.at(row) : nullptr;
}

int AuditLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_page.events.size());
}

int AuditLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditLogModel::actionText(const QString& action)
{
    if (action == QLatin1String(AuditActions::OrgCreated))
        return tr("Organization created");
    if (action == QLatin1String(AuditActions::OrgUpdated))
        return tr("Organization changed");
    if (action == QLatin1String(AuditActions::KeyCreated))
        return tr("Key created");
    if (action == QLatin1String(AuditActions::KeyRevoked))
        return tr("Key revoked");
    if (action == QLatin1String(AuditActions::KeyRolled))
        return tr("Key rolled");
    if (action == QLatin1String(AuditActions::KeyInvalidAttempt))
        return tr("Invalid key attempt");
    if (action == QLatin1String(AuditActions::KeysExpiredDeleted))
        return tr("Expired keys deleted");
    return action;
}

QString AuditLogModel::detailsText(const AuditEvent& event) const
{
    // Details never hold a secret (at most a masked key), so they can be shown as stored.
    QStringList parts;
    for (auto it = event.details.constBegin(); it != event.details.constEnd(); ++it) {
        if (it.key() == QLatin1String("key"))
            continue; // has its own column
        QString value;
        if (it.value().isString())
            value = it.value().toString();
        else if (it.value().isArray())
            value = QString::fromUtf8(QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact));
        else if (it.value().isObject())
            value = QString::fromUtf8(QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact));
        else
            value = it.value().toVariant().toString();
        parts << it.key() + QStringLiteral(": ") + value;
    }
    return parts.join(QStringLiteral("; "));
}

QVariant AuditLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent& event = m_page.events.at(index.row());
    if (role == EventIdRole)
        return event.id;
    if (role == SortRole && index.column() == TimeColumn)
        return event.timestamp.toMSecsSinceEpoch();
    if (role == Qt::ToolTipRole && index.column() == ActionColumn)
        return event.action;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return DisplayText::dateTime(event.timestamp, {});
    case ActorColumn:
        return event.actor;
    case ActionColumn:
        return actionText(event.action);
    case OrganizationColumn:
        return m_page.organizationNames.value(event.organizationId);
    case KeyColumn:
        return event.details.value(QLatin1String("key")).toString();
    case IpAddressColumn:
        return event.ipAddress;
    case DetailsColumn:
        return detailsText(event);
    default:
        return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ActionColumn:
        return tr("What");
    case OrganizationColumn:
        return tr("Organization");
    case KeyColumn:
        return tr("Key");
    case IpAddressColumn:
        return tr("IP address");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}
