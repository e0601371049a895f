#include "Command.h"

#include "InputRules.h"

#include <QAction>
#include <QMessageBox>

Command::Command(const QString& text, CommandContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_action(new QAction(text, this))
{
    m_action->setEnabled(false);
    m_confirm = [this](const QString& title, const QString& text) {
        return QMessageBox::question(m_context.window, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };
    connect(m_action, &QAction::triggered, this, &Command::trigger);
}

void Command::setSelection(const Selection& selection)
{
    m_selection = selection;
    m_action->setEnabled(canRun(selection));
}

void Command::trigger()
{
    if (!m_context.executor || !canRun(m_selection))
        return;
    run();
}

QString Command::defaultActor()
{
    return InputRules::localActor(QStringLiteral("desktop"));
}
