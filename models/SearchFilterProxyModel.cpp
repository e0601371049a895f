#include "SearchFilterProxyModel.h"

SearchFilterProxyModel::SearchFilterProxyModel(int sortRole, int searchTextRole, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_searchTextRole(searchTextRole)
{
    setSortRole(sortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void SearchFilterProxyModel::setSearchText(const QString& text)
{
    const QStringList words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateRowsFilter();
}

bool SearchFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_words.isEmpty()) {
        const QString text = index.data(m_searchTextRole).toString();
        for (const QString& word : m_words) {
            if (!text.contains(word, Qt::CaseInsensitive))
                return false;
        }
    }
    return acceptsSourceRow(index);
}

bool SearchFilterProxyModel::acceptsSourceRow(const QModelIndex&) const
{
    return true;
}
