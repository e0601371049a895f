#pragma once

#include <QSortFilterProxyModel>

// Sorts by the source's sort role and keeps rows whose search text (a role of the
// source) contains every word typed, case-insensitively. Subclasses add their own
// conditions in acceptsSourceRow().
class SearchFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    SearchFilterProxyModel(int sortRole, int searchTextRole, QObject* parent = nullptr);

    void setSearchText(const QString& text);
    QString searchText() const { return m_words.join(u' '); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const final;
    virtual bool acceptsSourceRow(const QModelIndex& sourceIndex) const;

private:
    int m_searchTextRole;
    QStringList m_words;
};
