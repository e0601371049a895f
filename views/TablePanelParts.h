#pragma once

#include <QList>
#include <QString>
#include <Qt>

class QAbstractItemModel;
class QAction;
class QBoxLayout;
class QLabel;
class QLineEdit;
class QModelIndex;
class QTableView;
class QWidget;

// The pieces the organizations and keys panels share: a filter box, a single-selection
// sortable table, a state line under it and a row of buttons for the panel's commands.
namespace TablePanelParts {
QLineEdit* filterLineEdit(const QString& objectName, const QString& placeholder, QWidget* parent);
QTableView* selectionTable(
    const QString& objectName, QAbstractItemModel* model, int sortColumn, Qt::SortOrder order, QWidget* parent);
QLabel* stateLabel(const QString& objectName, QWidget* parent);
// One tool button per action in `row` (then a stretch); the actions also go into the
// table's context menu.
void addActionButtons(QBoxLayout* row, QTableView* view, const QList<QAction*>& actions);
// Makes `index` the current, selected row and scrolls to it.
void makeCurrent(QTableView* view, const QModelIndex& index);
} // namespace TablePanelParts
