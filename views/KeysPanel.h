#pragma once

#include "ApiKeyTableModel.h"
#include "OrganizationTableModel.h"

#include <QWidget>

#include <optional>

class ApiKeyFilterProxyModel;
class DatabaseExecutor;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QTableView;

// The keys of the selected organization, with a text and a status filter.
class KeysPanel : public QWidget
{
    Q_OBJECT

public:
    explicit KeysPanel(DatabaseExecutor* executor, QWidget* parent = nullptr);

    void setOrganization(const std::optional<OrganizationRow>& organization);
    // Reloads the current organization's keys, then selects `selectId` (else keeps the selection).
    void reload(const QUuid& selectId = {});
    std::optional<ApiKey> currentKey() const;
    void setActions(const QList<QAction*>& actions);

    ApiKeyTableModel* model() const { return m_model; }
    ApiKeyFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }

signals:
    void currentChanged();
    void loaded();
    void loadFailed(const QString& message);

private:
    void select(const QUuid& id);

    DatabaseExecutor* m_executor;
    ApiKeyTableModel* m_model;
    ApiKeyFilterProxyModel* m_proxy;
    std::optional<OrganizationRow> m_organization;
    QLabel* m_titleLabel = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QComboBox* m_statusCombo = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_stateLabel = nullptr;
    QHBoxLayout* m_buttonLayout = nullptr;
    QUuid m_pendingSelection;
};
