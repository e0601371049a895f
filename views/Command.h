#pragma once

#include "ApiKey.h"
#include "OrganizationTableModel.h"

#include "DatabaseExecutor.h"
#include "ErrorMessages.h"
#include "FormDialog.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class Clipboard;
class QAction;
class QWidget;

// What the user has selected; commands decide from it whether they can run.
struct Selection
{
    std::optional<OrganizationRow> organization;
    std::optional<ApiKey> key;
};

// What every command needs from the window; the window updates it in place (e.g. when
// it switches databases), so commands never hold a stale executor.
struct CommandContext
{
    DatabaseExecutor* executor = nullptr;
    QWidget* window = nullptr;
    Clipboard* clipboard = nullptr;
    QString actor; // recorded in the audit log, e.g. "desktop:alice"
};

// One user action (Kleopatra's command objects): it owns a QAction, enables it from the
// selection, opens its dialog, calls the service off the GUI thread and reports. The same
// verbs exist in keywardenctl as one sub-command each.
class Command : public QObject
{
    Q_OBJECT

public:
    Command(const QString& text, CommandContext& context, QObject* parent = nullptr);

    QAction* action() const { return m_action; }
    void setSelection(const Selection& selection);
    const Selection& selection() const { return m_selection; }
    virtual bool canRun(const Selection& selection) const = 0;

    // The actor string the desktop app records: "desktop:" + the login name.
    static QString defaultActor();

    // Asked before a change that is hard to undo; defaults to a Yes/No message box.
    using Confirmation = std::function<bool(const QString& title, const QString& text)>;
    void setConfirmation(Confirmation confirm) { m_confirm = std::move(confirm); }

public slots:
    // Runs on the current selection (does nothing when it cannot).
    void trigger();

signals:
    // Data changed in the database: views reload. `organizationId`/`keyId` say what to select.
    void changed(const QUuid& organizationId, const QUuid& keyId);
    // A sentence for the status bar.
    void message(const QString& text);
    // A failure that happened without a dialog to show it in; the window shows it.
    void failed(const QString& text);
    // The dialog the command opened (tests drive it).
    void dialogOpened(QWidget* dialog);

protected:
    virtual void run() = 0;
    CommandContext& context() { return m_context; }
    QWidget* window() const { return m_context.window; }
    bool confirm(const QString& title, const QString& text) const { return m_confirm(title, text); }
    // Shows `dialog` (deleted on close) and, when it is submitted, runs the work that
    // `makeWork()` returns on the database thread. A failure is shown in the dialog, which
    // stays open with everything typed; success calls `onSuccess(value)` and closes it.
    template <typename MakeWork, typename OnSuccess>
    void openAndSubmit(FormDialog* dialog, const QString& doing, MakeWork makeWork, OnSuccess onSuccess)
    {
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &FormDialog::submitRequested, dialog, [this, dialog, doing, makeWork, onSuccess] {
            m_context.executor->run(dialog, makeWork(), [dialog, doing, onSuccess](auto result) {
                if (!result) {
                    dialog->showError(ErrorMessages::describe(doing, result.error()));
                    return;
                }
                dialog->setBusy(false);
                onSuccess(std::move(result).value());
                dialog->accept();
            });
        });
        dialog->open();
        emit dialogOpened(dialog);
    }

private:
    CommandContext& m_context;
    QAction* m_action = nullptr;
    Selection m_selection;
    Confirmation m_confirm;
};
