#pragma once

#include "SearchFilterProxyModel.h"

// Organizations by name, slug or email; inactive ones only when asked for.
class OrganizationFilterProxyModel : public SearchFilterProxyModel
{
    Q_OBJECT

public:
    explicit OrganizationFilterProxyModel(QObject* parent = nullptr);

    void setShowInactive(bool show);
    bool showInactive() const { return m_showInactive; }

protected:
    bool acceptsSourceRow(const QModelIndex& sourceIndex) const override;

private:
    bool m_showInactive = true;
};
