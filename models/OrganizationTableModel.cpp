#include "OrganizationTableModel.h"

#include "ApiKeyRepository.h"
#include "DatabaseExecutor.h"
#include "DisplayText.h"
#include "OrganizationRepository.h"
#include "UsageRepository.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

OrganizationTableModel::OrganizationTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

Result<QList<OrganizationRow>> OrganizationTableModel::load(Database& database, const QDateTime& now)
{
    OrganizationRepository organizations(database);
    ApiKeyRepository keys(database);
    UsageRepository usage(database);
    auto list = organizations.list(100000);
    if (!list)
        return list.error();
    QList<OrganizationRow> rows;
    rows.reserve(list->size());
    for (const Organization& organization : list.value()) {
        OrganizationRow row{organization, 0, 0};
        auto inUse = keys.countUsable(organization.id, now);
        if (!inUse)
            return inUse.error();
        row.keysInUse = inUse.value();
        auto requests = usage.requestsInMonth(organization.id, now.toUTC().date());
        if (!requests)
            return requests.error();
        row.requestsThisMonth = requests.value();
        rows << row;
    }
    return rows;
}

void OrganizationTableModel::reload(DatabaseExecutor& executor)
{
    executor.run(
        this, [](Database& db) { return load(db, QDateTime::currentDateTimeUtc()); },
        [this](Result<QList<OrganizationRow>> result) {
            if (!result) {
                emit loadFailed(result.error().message);
                return;
            }
            setRows(std::move(result).value());
            emit loaded();
        });
}

void OrganizationTableModel::setRows(QList<OrganizationRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const OrganizationRow* OrganizationTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int OrganizationTableModel::rowOf(const QUuid& id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).organization.id == id)
            return i;
    }
    return -1;
}

int OrganizationTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrganizationTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrganizationTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OrganizationRow& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case IdRole:
        return row.organization.id;
    case ActiveRole:
        return row.organization.isActive;
    case SearchTextRole:
        return QStringList{row.organization.name, row.organization.slug, row.organization.email}.join(u'\n');
    case Qt::ToolTipRole:
        if (index.column() == NameColumn)
            return row.organization.email;
        return {};
    case Qt::ForegroundRole:
        if (!row.organization.isActive)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        if (index.column() == KeysColumn && row.organization.maxApiKeys > 0
            && row.keysInUse >= row.organization.maxApiKeys)
            return QBrush(QColor(0xb0, 0x3a, 0x2e)); // at the cap: no new key possible
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == KeysColumn || index.column() == RequestsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant OrganizationTableModel::displayText(const OrganizationRow& row, int column) const
{
    const QLocale locale;
    const Organization& org = row.organization;
    switch (column) {
    case NameColumn:
        return org.name;
    case SlugColumn:
        return org.slug;
    case PlanColumn:
        return DisplayText::plan(org.plan);
    case ActiveColumn:
        return org.isActive ? tr("Active") : tr("Inactive");
    case KeysColumn:
        //: keys in use / the plan's cap of keys, e.g. "3 / 10"
        return tr("%1 / %2").arg(locale.toString(row.keysInUse), locale.toString(org.maxApiKeys));
    case RequestsColumn:
        //: requests this month / monthly quota, e.g. "1,204 / 10,000"
        return tr("%1 / %2").arg(locale.toString(row.requestsThisMonth), locale.toString(org.monthlyRequestLimit));
    default:
        return {};
    }
}

QVariant OrganizationTableModel::sortValue(const OrganizationRow& row, int column) const
{
    const Organization& org = row.organization;
    switch (column) {
    case NameColumn:
        return org.name.toLower();
    case SlugColumn:
        return org.slug;
    case PlanColumn:
        return int(org.plan);
    case ActiveColumn:
        return org.isActive;
    case KeysColumn:
        return row.keysInUse;
    case RequestsColumn:
        return row.requestsThisMonth;
    default:
        return {};
    }
}

QVariant OrganizationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SlugColumn:
        return tr("Slug");
    case PlanColumn:
        return tr("Plan");
    case ActiveColumn:
        return tr("Status");
    case KeysColumn:
        return tr("Keys in use / cap");
    case RequestsColumn:
        return tr("Requests this month / quota");
    default:
        return {};
    }
}
