#pragma once

#include "Command.h"
#include "DatabaseOpener.h"
#include "DatabaseUrl.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class AuditLogPanel;
class Clipboard;
class ConnectionSettings;
class CreateKeyCommand;
class CreateOrganizationCommand;
class CredentialStore;
class DatabaseExecutor;
class EditOrganizationCommand;
class FindKeyPanel;
class KeysPanel;
class LocalValidatorPanel;
class OrganizationsPanel;
class QLabel;
class QProgressBar;
class QSettings;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class RevokeKeyCommand;
class RollKeyCommand;
class SetOrganizationActiveCommand;
class UsagePanel;

// The desktop app's window: organizations and keys, usage, find a key, audit log and
// the local validator, over one database at a time. Every database call goes through
// the DatabaseExecutor; the window only arranges panels and commands.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // `settings` holds window layout and recent connections (never a secret);
    // `credentials` is where database passwords live (the system keychain in the app).
    MainWindow(QSettings* settings, CredentialStore* credentials, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens `url` (embedded: the default SQLite file, migrated and seeded on first use).
    void openDatabase(const DatabaseUrl& url, bool embedded);
    // --database, else DATABASE_URL, else the last connection, else the embedded default.
    void openStartupDatabase(const QString& databaseFlag);

    // Adds the demo organizations, keys and usage when the embedded database is opened.
    void setSeedDemoData(bool seed) { m_seedDemo = seed; }
    bool isDatabaseOpen() const { return m_executor != nullptr; }
    DatabaseExecutor* executor() const { return m_executor.get(); }
    Clipboard* clipboard() const { return m_clipboard; }
    OrganizationsPanel* organizationsPanel() const { return m_organizationsPanel; }
    KeysPanel* keysPanel() const { return m_keysPanel; }
    UsagePanel* usagePanel() const { return m_usagePanel; }
    FindKeyPanel* findKeyPanel() const { return m_findKeyPanel; }
    AuditLogPanel* auditLogPanel() const { return m_auditLogPanel; }
    LocalValidatorPanel* validatorPanel() const { return m_validatorPanel; }
    QTabWidget* tabs() const { return m_tabs; }
    QList<Command*> commands() const { return m_commands; }
    CreateKeyCommand* createKeyCommand() const { return m_createKey; }
    RevokeKeyCommand* revokeKeyCommand() const { return m_revokeKey; }
    RollKeyCommand* rollKeyCommand() const { return m_rollKey; }
    CreateOrganizationCommand* createOrganizationCommand() const { return m_createOrganization; }

    // Asked before migrating a server database (default: a message box; tests replace it).
    void setConfirmation(Command::Confirmation confirm);

signals:
    // A database was opened and its panels are showing (or it failed: `error` says why).
    void databaseOpened();
    void databaseFailed(const QString& error);
    // The default test key was created on first start and is being shown (tests read it).
    void seededKeyShown(QWidget* revealDialog);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void showConnectionDialog();
    void openWithStoredPassword(DatabaseUrl url);
    // Opens (and, as `migrate` allows, migrates and seeds) on the database thread.
    void runOpener(const DatabaseUrl& url, bool embedded, DatabaseOpener::Migrate migrate);
    void opened(const DatabaseUrl& url, bool embedded, const OpenedDatabase& result);
    void openFailed(const DatabaseUrl& url, bool embedded, const Error& error);
    void buildWorkspace();
    void tearDownWorkspace();
    void selectionChanged();
    void dataChanged(const QUuid& organizationId, const QUuid& keyId);
    void refreshAll();
    void showAbout();
    void showFailure(const QString& text);
    void restoreLayout();
    void saveLayout();

    QSettings* m_settings;
    CredentialStore* m_credentials;
    std::unique_ptr<ConnectionSettings> m_connections;
    Clipboard* m_clipboard = nullptr;
    std::unique_ptr<DatabaseExecutor> m_executor;
    CommandContext m_context;
    Command::Confirmation m_confirm;
    QString m_keychainProblem;
    bool m_seedDemo = false;

    QList<Command*> m_commands;
    CreateOrganizationCommand* m_createOrganization = nullptr;
    EditOrganizationCommand* m_editOrganization = nullptr;
    SetOrganizationActiveCommand* m_deactivateOrganization = nullptr;
    SetOrganizationActiveCommand* m_reactivateOrganization = nullptr;
    CreateKeyCommand* m_createKey = nullptr;
    RevokeKeyCommand* m_revokeKey = nullptr;
    RollKeyCommand* m_rollKey = nullptr;
    RevokeKeyCommand* m_findRevokeKey = nullptr; // the find-a-key panel's own selection
    QAction* m_connectAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_findAction = nullptr;

    QTabWidget* m_tabs = nullptr;
    QSplitter* m_splitter = nullptr;
    OrganizationsPanel* m_organizationsPanel = nullptr;
    KeysPanel* m_keysPanel = nullptr;
    UsagePanel* m_usagePanel = nullptr;
    FindKeyPanel* m_findKeyPanel = nullptr;
    AuditLogPanel* m_auditLogPanel = nullptr;
    LocalValidatorPanel* m_validatorPanel = nullptr;
    QStackedWidget* m_centralStack = nullptr;
    QLabel* m_placeholderLabel = nullptr;
    QLabel* m_databaseLabel = nullptr;
    QProgressBar* m_busyBar = nullptr;
};
