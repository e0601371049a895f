#include "ApiKeyFilterProxyModel.h"

#include "ApiKeyTableModel.h"

ApiKeyFilterProxyModel::ApiKeyFilterProxyModel(QObject* parent)
    : SearchFilterProxyModel(ApiKeyTableModel::SortRole, ApiKeyTableModel::SearchTextRole, parent)
{
}

void ApiKeyFilterProxyModel::setStatusFilter(std::optional<ApiKey::Status> status)
{
    if (status == m_status)
        return;
    m_status = status;
    invalidateRowsFilter();
}

bool ApiKeyFilterProxyModel::acceptsSourceRow(const QModelIndex& sourceIndex) const
{
    return !m_status || sourceIndex.data(ApiKeyTableModel::StatusRole).toInt() == int(*m_status);
}
