#include "OrganizationsPanel.h"

#include "DatabaseExecutor.h"
#include "OrganizationFilterProxyModel.h"
#include "TablePanelParts.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

OrganizationsPanel::OrganizationsPanel(DatabaseExecutor* executor, QWidget* parent)
    : QWidget(parent)
    , m_executor(executor)
    , m_model(new OrganizationTableModel(this))
    , m_proxy(new OrganizationFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* title = new QLabel(tr("<b>Organizations</b>"), this);
    layout->addWidget(title);

    auto* filterRow = new QHBoxLayout;
    m_filterEdit = TablePanelParts::filterLineEdit(QStringLiteral("organizationFilterLineEdit"),
                                                   tr("Filter by name, slug or email"), this);
    filterRow->addWidget(m_filterEdit, 1);
    m_showInactiveCheck = new QCheckBox(tr("Show &inactive"), this);
    m_showInactiveCheck->setObjectName(QStringLiteral("showInactiveCheckBox"));
    m_showInactiveCheck->setChecked(true);
    filterRow->addWidget(m_showInactiveCheck);
    layout->addLayout(filterRow);

    m_view = TablePanelParts::selectionTable(QStringLiteral("organizationsTableView"), m_proxy,
                                             OrganizationTableModel::NameColumn, Qt::AscendingOrder, this);
    layout->addWidget(m_view, 1);
    m_stateLabel = TablePanelParts::stateLabel(QStringLiteral("organizationsStateLabel"), this);
    layout->addWidget(m_stateLabel);
    m_buttonLayout = new QHBoxLayout;
    layout->addLayout(m_buttonLayout);

    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &OrganizationFilterProxyModel::setSearchText);
    connect(m_showInactiveCheck, &QCheckBox::toggled, m_proxy, &OrganizationFilterProxyModel::setShowInactive);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OrganizationsPanel::currentChanged);
    connect(m_model, &OrganizationTableModel::loaded, this, [this] {
        m_stateLabel->setText(m_model->rowCount() == 0 ? tr("No organizations yet: create one with \"New "
                                                            "Organization\".")
                                                       : QString());
        select(m_pendingSelection);
        m_view->resizeColumnsToContents();
        emit currentChanged(); // the rows behind the selection are new even if the row is not
        emit loaded();
    });
    connect(m_model, &OrganizationTableModel::loadFailed, this, [this](const QString& message) {
        m_stateLabel->setText(tr("Could not load the organizations: %1").arg(message));
        emit loadFailed(message);
    });
}

void OrganizationsPanel::setActions(const QList<QAction*>& actions)
{
    TablePanelParts::addActionButtons(m_buttonLayout, m_view, actions);
}

void OrganizationsPanel::reload(const QUuid& selectId)
{
    if (auto current = currentOrganization())
        m_pendingSelection = current->organization.id;
    if (!selectId.isNull())
        m_pendingSelection = selectId;
    m_stateLabel->setText(tr("Loading…"));
    m_model->reload(*m_executor);
}

void OrganizationsPanel::select(const QUuid& id)
{
    const int sourceRow = id.isNull() ? -1 : m_model->rowOf(id);
    QModelIndex index = sourceRow >= 0 ? m_proxy->mapFromSource(m_model->index(sourceRow, 0)) : QModelIndex();
    if (!index.isValid() && m_proxy->rowCount() > 0)
        index = m_proxy->index(0, 0);
    if (index.isValid())
        TablePanelParts::makeCurrent(m_view, index);
}

std::optional<OrganizationRow> OrganizationsPanel::currentOrganization() const
{
    const QModelIndex index = m_view->selectionModel()->currentIndex();
    if (!index.isValid())
        return std::nullopt;
    const OrganizationRow* row = m_model->rowAt(m_proxy->mapToSource(index).row());
    if (!row)
        return std::nullopt;
    return *row;
}
