#include "TablePanelParts.h"

#include <QAction>
#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QToolButton>

namespace TablePanelParts {

QLineEdit* filterLineEdit(const QString& objectName, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

QTableView* selectionTable(
    const QString& objectName, QAbstractItemModel* model, int sortColumn, Qt::SortOrder order, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSortingEnabled(true);
    view->sortByColumn(sortColumn, order);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    return view;
}

QLabel* stateLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    return label;
}

void addActionButtons(QBoxLayout* row, QTableView* view, const QList<QAction*>& actions)
{
    for (QAction* action : actions) {
        auto* button = new QToolButton(row->parentWidget());
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        row->addWidget(button);
        view->addAction(action);
    }
    row->addStretch(1);
}

void makeCurrent(QTableView* view, const QModelIndex& index)
{
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index);
}

} // namespace TablePanelParts
