#pragma once

#include "ApiKey.h"
#include "SearchFilterProxyModel.h"

#include <optional>

// Keys by masked key, name, description or scope, and optionally by one status.
class ApiKeyFilterProxyModel : public SearchFilterProxyModel
{
    Q_OBJECT

public:
    explicit ApiKeyFilterProxyModel(QObject* parent = nullptr);

    // No status: every key.
    void setStatusFilter(std::optional<ApiKey::Status> status);
    std::optional<ApiKey::Status> statusFilter() const { return m_status; }

protected:
    bool acceptsSourceRow(const QModelIndex& sourceIndex) const override;

private:
    std::optional<ApiKey::Status> m_status;
};
