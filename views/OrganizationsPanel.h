#pragma once

#include "OrganizationTableModel.h"

#include <QWidget>

#include <optional>

class DatabaseExecutor;
class OrganizationFilterProxyModel;
class QCheckBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QTableView;

// The organizations table with its filter box; tells the window which one is selected.
class OrganizationsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit OrganizationsPanel(DatabaseExecutor* executor, QWidget* parent = nullptr);

    // Reloads from the database and then selects `selectId` (else keeps the selection).
    void reload(const QUuid& selectId = {});
    std::optional<OrganizationRow> currentOrganization() const;
    // Buttons under the table and the table's context menu.
    void setActions(const QList<QAction*>& actions);

    OrganizationTableModel* model() const { return m_model; }
    OrganizationFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }

signals:
    void currentChanged();
    void loaded();
    void loadFailed(const QString& message);

private:
    void select(const QUuid& id);

    DatabaseExecutor* m_executor;
    OrganizationTableModel* m_model;
    OrganizationFilterProxyModel* m_proxy;
    QLineEdit* m_filterEdit = nullptr;
    QCheckBox* m_showInactiveCheck = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_stateLabel = nullptr;
    QHBoxLayout* m_buttonLayout = nullptr;
    QUuid m_pendingSelection;
};
