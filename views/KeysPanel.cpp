#include "KeysPanel.h"

#include "ApiKeyFilterProxyModel.h"
#include "DatabaseExecutor.h"
#include "DisplayText.h"
#include "TablePanelParts.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

KeysPanel::KeysPanel(DatabaseExecutor* executor, QWidget* parent)
    : QWidget(parent)
    , m_executor(executor)
    , m_model(new ApiKeyTableModel(this))
    , m_proxy(new ApiKeyFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_titleLabel = new QLabel(this);
    m_titleLabel->setObjectName(QStringLiteral("keysTitleLabel"));
    m_titleLabel->setTextFormat(Qt::PlainText);
    QFont bold = m_titleLabel->font();
    bold.setBold(true);
    m_titleLabel->setFont(bold);
    layout->addWidget(m_titleLabel);

    auto* filterRow = new QHBoxLayout;
    m_filterEdit = TablePanelParts::filterLineEdit(QStringLiteral("keyFilterLineEdit"),
                                                   tr("Filter by key, name or scope"), this);
    filterRow->addWidget(m_filterEdit, 1);
    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(QStringLiteral("statusFilterComboBox"));
    m_statusCombo->addItem(tr("All keys"), -1);
    for (ApiKey::Status status : {ApiKey::Status::Active, ApiKey::Status::ExpiringSoon, ApiKey::Status::Expired,
                                  ApiKey::Status::Revoked, ApiKey::Status::Inactive})
        m_statusCombo->addItem(DisplayText::keyStatus(status), int(status));
    filterRow->addWidget(m_statusCombo);
    layout->addLayout(filterRow);

    m_view = TablePanelParts::selectionTable(QStringLiteral("keysTableView"), m_proxy, ApiKeyTableModel::CreatedColumn,
                                             Qt::DescendingOrder, this);
    layout->addWidget(m_view, 1);
    m_stateLabel = TablePanelParts::stateLabel(QStringLiteral("keysStateLabel"), this);
    layout->addWidget(m_stateLabel);
    m_buttonLayout = new QHBoxLayout;
    layout->addLayout(m_buttonLayout);

    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &ApiKeyFilterProxyModel::setSearchText);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, [this] {
        const int status = m_statusCombo->currentData().toInt();
        m_proxy->setStatusFilter(status < 0 ? std::nullopt : std::optional(ApiKey::Status(status)));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &KeysPanel::currentChanged);
    connect(m_model, &ApiKeyTableModel::loaded, this, [this] {
        m_stateLabel->setText(m_model->rowCount() == 0 ? tr("No keys yet: create one with \"New Key\".") : QString());
        select(m_pendingSelection);
        if (m_model->rowCount() <= 2000)
            m_view->resizeColumnsToContents(); // measuring every row of a huge table costs seconds
        emit currentChanged();
        emit loaded();
    });
    connect(m_model, &ApiKeyTableModel::loadFailed, this, [this](const QString& message) {
        m_stateLabel->setText(tr("Could not load the keys: %1").arg(message));
        emit loadFailed(message);
    });
    setOrganization(std::nullopt);
}

void KeysPanel::setActions(const QList<QAction*>& actions)
{
    TablePanelParts::addActionButtons(m_buttonLayout, m_view, actions);
}

void KeysPanel::setOrganization(const std::optional<OrganizationRow>& organization)
{
    const bool same
        = organization && m_organization && organization->organization.id == m_organization->organization.id;
    m_organization = organization;
    if (!organization) {
        m_titleLabel->setText(tr("Keys"));
        m_model->clear();
        m_stateLabel->setText(tr("Select an organization to see its keys."));
        return;
    }
    m_titleLabel->setText(tr("Keys of %1").arg(organization->organization.name));
    if (same)
        return; // the window reloads keys itself after a change
    m_pendingSelection = {};
    reload();
}

void KeysPanel::reload(const QUuid& selectId)
{
    if (!m_organization)
        return;
    if (auto current = currentKey())
        m_pendingSelection = current->id;
    if (!selectId.isNull())
        m_pendingSelection = selectId;
    m_stateLabel->setText(tr("Loading…"));
    m_model->reload(*m_executor, m_organization->organization.id);
}

void KeysPanel::select(const QUuid& id)
{
    const int sourceRow = id.isNull() ? -1 : m_model->rowOf(id);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return;
    TablePanelParts::makeCurrent(m_view, index);
}

std::optional<ApiKey> KeysPanel::currentKey() const
{
    const QModelIndex index = m_view->selectionModel()->currentIndex();
    if (!index.isValid())
        return std::nullopt;
    const ApiKey* key = m_model->keyAt(m_proxy->mapToSource(index).row());
    if (!key)
        return std::nullopt;
    return *key;
}
