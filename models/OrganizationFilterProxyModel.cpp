#include "OrganizationFilterProxyModel.h"

#include "OrganizationTableModel.h"

OrganizationFilterProxyModel::OrganizationFilterProxyModel(QObject* parent)
    : SearchFilterProxyModel(OrganizationTableModel::SortRole, OrganizationTableModel::SearchTextRole, parent)
{
}

void OrganizationFilterProxyModel::setShowInactive(bool show)
{
    if (show == m_showInactive)
        return;
    m_showInactive = show;
    invalidateRowsFilter();
}

bool OrganizationFilterProxyModel::acceptsSourceRow(const QModelIndex& sourceIndex) const
{
    return m_showInactive || sourceIndex.data(OrganizationTableModel::ActiveRole).toBool();
}
