#include "ApiKeyTableModel.h"

#include "ApiKeyRepository.h"
#include "DatabaseExecutor.h"
#include "DisplayText.h"

#include <QBrush>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>

ApiKeyTableModel::ApiKeyTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

Result<QList<ApiKey>> ApiKeyTableModel::load(Database& database, const QUuid& organizationId)
{
    return ApiKeyRepository(database).listByOrganization(organizationId, 1000000);
}

void ApiKeyTableModel::reload(DatabaseExecutor& executor, const QUuid& organizationId)
{
    const quint64 generation = ++m_generation;
    executor.run(
        this, [organizationId](Database& db) { return load(db, organizationId); },
        [this, generation, organizationId](Result<QList<ApiKey>> result) {
            if (generation != m_generation)
                return; // the selection moved on while this was loading
            if (!result) {
                emit loadFailed(result.error().message);
                return;
            }
            setKeys(organizationId, std::move(result).value());
            emit loaded();
        });
}

void ApiKeyTableModel::setKeys(const QUuid& organizationId, QList<ApiKey> keys)
{
    beginResetModel();
    m_organizationId = organizationId;
    m_keys = std::move(keys);
    endResetModel();
}

void ApiKeyTableModel::clear()
{
    ++m_generation;
    setKeys({}, {});
}

const ApiKey* ApiKeyTableModel::keyAt(int row) const
{
    return row >= 0 && row < m_keys.size() ? &m_keys.at(row) : nullptr;
}

int ApiKeyTableModel::rowOf(const QUuid& id) const
{
    for (int i = 0; i < m_keys.size(); ++i) {
        if (m_keys.at(i).id == id)
            return i;
    }
    return -1;
}

void ApiKeyTableModel::setNow(const QDateTime& now)
{
    m_now = now;
    if (!m_keys.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QDateTime ApiKeyTableModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

int ApiKeyTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int ApiKeyTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiKeyTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApiKey& key = m_keys.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(key, index.column());
    case SortRole:
        return sortValue(key, index.column());
    case IdRole:
        return key.id;
    case StatusRole:
        return int(key.status(now()));
    case SearchTextRole:
        return QStringList{key.maskedKey(), key.name, key.description, key.scopes.join(u' ')}.join(u'\n');
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return QBrush(DisplayText::keyStatusColor(key.status(now())));
        return {};
    case Qt::FontRole:
        if (index.column() == MaskedKeyColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && key.isRevoked())
            return tr("Revoked by %1: %2").arg(key.revokedBy, key.revokedReason);
        if (index.column() == NameColumn && !key.description.isEmpty())
            return key.description;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RequestsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant ApiKeyTableModel::displayText(const ApiKey& key, int column) const
{
    switch (column) {
    case MaskedKeyColumn:
        return key.maskedKey();
    case NameColumn:
        return key.name;
    case EnvironmentColumn:
        return DisplayText::environment(key.environment);
    case ScopesColumn:
        return key.scopes.join(QStringLiteral(", "));
    case StatusColumn:
        return DisplayText::keyStatus(key.status(now()));
    case CreatedColumn:
        return DisplayText::dateTime(key.createdAt, {});
    case LastUsedColumn:
        return DisplayText::dateTime(key.lastUsedAt, tr("Never"));
    case ExpiresColumn:
        return DisplayText::dateTime(key.expiresAt, tr("Never"));
    case RequestsColumn:
        return QLocale().toString(key.totalRequests);
    default:
        return {};
    }
}

QVariant ApiKeyTableModel::sortValue(const ApiKey& key, int column) const
{
    switch (column) {
    case MaskedKeyColumn:
        return key.keyPrefix + key.keyHint;
    case NameColumn:
        return key.name.toLower();
    case EnvironmentColumn:
        return int(key.environment);
    case ScopesColumn:
        return key.scopes.join(u',');
    case StatusColumn:
        return int(key.status(now()));
    case CreatedColumn:
        return key.createdAt.toMSecsSinceEpoch();
    case LastUsedColumn:
        return key.lastUsedAt.isValid() ? key.lastUsedAt.toMSecsSinceEpoch() : qint64(0);
    case ExpiresColumn:
        // "never" sorts after every date
        return key.expiresAt.isValid() ? key.expiresAt.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
    case RequestsColumn:
        return key.totalRequests;
    default:
        return {};
    }
}

QVariant ApiKeyTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case MaskedKeyColumn:
        return tr("Key");
    case NameColumn:
        return tr("Name");
    case EnvironmentColumn:
        return tr("Environment");
    case ScopesColumn:
        return tr("Scopes");
    case StatusColumn:
        return tr("Status");
    case CreatedColumn:
        return tr("Created");
    case LastUsedColumn:
        return tr("Last used");
    case ExpiresColumn:
        return tr("Expires");
    case RequestsColumn:
        return tr("Requests");
    default:
        return {};
    }
}
