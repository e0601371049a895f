#include "MainWindow.h"

#include "AuditLogPanel.h"
#include "Clipboard.h"
#include "ConnectionDialog.h"
#include "ConnectionSettings.h"
#include "CreateKeyCommand.h"
#include "CreateOrganizationCommand.h"
#include "CredentialStore.h"
#include "DatabaseExecutor.h"
#include "EditOrganizationCommand.h"
#include "FindKeyPanel.h"
#include "KeyRevealDialog.h"
#include "KeysPanel.h"
#include "LocalValidatorPanel.h"
#include "OrganizationsPanel.h"
#include "RevokeKeyCommand.h"
#include "RollKeyCommand.h"
#include "SetOrganizationActiveCommand.h"
#include "UsagePanel.h"
#include "config.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

MainWindow::MainWindow(QSettings* settings, CredentialStore* credentials, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_connections(std::make_unique<ConnectionSettings>(settings))
    , m_clipboard(new Clipboard(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("KeyWarden"));
    m_context.window = this;
    m_context.clipboard = m_clipboard;
    m_context.actor = Command::defaultActor();
    m_confirm = [this](const QString& title, const QString& text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };

    // The central widget stays the same stack for the window's life: QMainWindow deletes a
    // replaced central widget, and the placeholder must survive switching databases.
    m_centralStack = new QStackedWidget(this);
    setCentralWidget(m_centralStack);
    m_placeholderLabel = new QLabel(tr("Opening the database…"), m_centralStack);
    m_placeholderLabel->setObjectName(QStringLiteral("placeholderLabel"));
    m_placeholderLabel->setAlignment(Qt::AlignCenter);
    m_placeholderLabel->setWordWrap(true);
    m_placeholderLabel->setTextFormat(Qt::PlainText);
    m_centralStack->addWidget(m_placeholderLabel);

    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(QStringLiteral("databaseLabel"));
    statusBar()->addPermanentWidget(m_databaseLabel);
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("busyProgressBar"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->setTextVisible(false);
    m_busyBar->hide();
    statusBar()->addPermanentWidget(m_busyBar);

    createActions();
    createMenus();
    restoreLayout();
}

MainWindow::~MainWindow()
{
    tearDownWorkspace();
}

void MainWindow::setConfirmation(Command::Confirmation confirm)
{
    m_confirm = confirm;
    for (Command* command : std::as_const(m_commands))
        command->setConfirmation(confirm);
}

void MainWindow::createActions()
{
    m_createOrganization = new CreateOrganizationCommand(m_context, this);
    m_editOrganization = new EditOrganizationCommand(m_context, this);
    m_deactivateOrganization = new SetOrganizationActiveCommand(false, m_context, this);
    m_reactivateOrganization = new SetOrganizationActiveCommand(true, m_context, this);
    m_createKey = new CreateKeyCommand(m_context, this);
    m_revokeKey = new RevokeKeyCommand(m_context, this);
    m_rollKey = new RollKeyCommand(m_context, this);
    m_findRevokeKey = new RevokeKeyCommand(m_context, this);
    m_commands
        = {m_createOrganization, m_editOrganization, m_deactivateOrganization, m_reactivateOrganization, m_createKey,
           m_revokeKey,          m_rollKey,          m_findRevokeKey};
    for (Command* command : std::as_const(m_commands)) {
        connect(command, &Command::changed, this, &MainWindow::dataChanged);
        connect(command, &Command::message, this,
                [this](const QString& text) { statusBar()->showMessage(text, 8000); });
        connect(command, &Command::failed, this, &MainWindow::showFailure);
    }

    m_connectAction = new QAction(tr("&Connect to Database…"), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::showConnectionDialog);

    m_refreshAction = new QAction(tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshAll);

    m_findAction = new QAction(tr("&Find a Key…"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        if (m_findKeyPanel) {
            m_tabs->setCurrentWidget(m_findKeyPanel);
            m_findKeyPanel->findChild<QWidget*>(QStringLiteral("findKeyLineEdit"))->setFocus();
        }
    });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_refreshAction);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* organization = menuBar()->addMenu(tr("&Organization"));
    organization->addAction(m_createOrganization->action());
    organization->addAction(m_editOrganization->action());
    organization->addSeparator();
    organization->addAction(m_deactivateOrganization->action());
    organization->addAction(m_reactivateOrganization->action());

    QMenu* key = menuBar()->addMenu(tr("&Key"));
    key->addAction(m_createKey->action());
    key->addAction(m_rollKey->action());
    key->addAction(m_revokeKey->action());
    key->addSeparator();
    key->addAction(m_findAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About KeyWarden"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::openStartupDatabase(const QString& databaseFlag)
{
    if (!databaseFlag.isEmpty() || !qEnvironmentVariableIsEmpty("DATABASE_URL")) {
        auto url = DatabaseUrl::resolve(databaseFlag);
        if (!url) {
            openFailed(DatabaseUrl::embeddedDefault(), false, url.error());
            return;
        }
        openDatabase(url.value(), false);
        return;
    }
    if (auto last = m_connections->last()) {
        if (last->url.engine == DatabaseEngine::PostgreSQL) {
            openWithStoredPassword(last->url);
            return;
        }
        openDatabase(last->url, last->url.sqlitePath == DatabaseUrl::embeddedDefault().sqlitePath);
        return;
    }
    openDatabase(DatabaseUrl::embeddedDefault(), true);
}

void MainWindow::openWithStoredPassword(DatabaseUrl url)
{
    m_placeholderLabel->setText(tr("Reading the database password from the system keychain…"));
    m_credentials->readPassword(
        ConnectionSettings::credentialAccount(url), [this, url](CredentialResult result) mutable {
            if (result.ok) {
                url.password = result.password;
                openDatabase(url, false);
                return;
            }
            if (result.unavailable) {
                // No keychain: ask for the password rather than ever storing it in clear.
                m_keychainProblem = result.errorText;
                openFailed(url, false,
                           makeError(ErrorCode::Unavailable, tr("no password is stored for this connection")));
                showConnectionDialog();
                return;
            }
            openDatabase(url, false); // nothing stored: the server may not need one (trust, peer)
        });
}

void MainWindow::openDatabase(const DatabaseUrl& url, bool embedded)
{
    tearDownWorkspace();
    if (embedded) {
        // The embedded default lives in the user's data folder; create it on first use.
        QDir().mkpath(QFileInfo(url.sqlitePath).absolutePath());
    }
    auto database = std::make_shared<Database>(url);
    m_executor = std::make_unique<DatabaseExecutor>(database);
    m_context.executor = m_executor.get();
    connect(m_executor.get(), &DatabaseExecutor::busyChanged, m_busyBar, &QWidget::setVisible);
    m_placeholderLabel->setText(tr("Opening %1…").arg(url.redacted()));
    m_centralStack->setCurrentWidget(m_placeholderLabel);
    runOpener(url, embedded, DatabaseOpener::Migrate::IfEmbedded);
}

void MainWindow::runOpener(const DatabaseUrl& url, bool embedded, DatabaseOpener::Migrate migrate)
{
    const QString actor = m_context.actor;
    const bool demo = m_seedDemo;
    m_executor->run(
        this,
        [embedded, migrate, actor, demo](Database& db) {
            return DatabaseOpener::open(db, embedded, migrate, actor, demo);
        },
        [this, url, embedded](Result<OpenedDatabase> result) {
            if (result)
                opened(url, embedded, result.value());
            else
                openFailed(url, embedded, result.error());
        });
}

void MainWindow::opened(const DatabaseUrl& url, bool embedded, const OpenedDatabase& result)
{
    m_connections->remember(url);
    const QString where
        = embedded ? tr("Embedded database (%1)").arg(QDir::toNativeSeparators(url.sqlitePath)) : url.redacted();
    setWindowTitle(tr("KeyWarden — %1").arg(where));
    m_databaseLabel->setText(where);
    buildWorkspace();
    if (result.demoOrganizationsCreated > 0)
        statusBar()->showMessage(tr("Added %n demo organization(s) with keys and six weeks of usage.", nullptr,
                                    result.demoOrganizationsCreated),
                                 8000);
    else if (result.migrationsApplied > 0)
        statusBar()->showMessage(tr("Applied %n migration(s).", nullptr, result.migrationsApplied), 8000);
    if (result.seededKey) {
        auto* reveal = new KeyRevealDialog(result.seededKey->fullKey, result.seededKey->key, m_clipboard, this);
        reveal->setAttribute(Qt::WA_DeleteOnClose);
        reveal->setWindowTitle(tr("Welcome to KeyWarden: Your Test Key"));
        reveal->open();
        emit seededKeyShown(reveal);
    }
    emit databaseOpened();
}

void MainWindow::openFailed(const DatabaseUrl& url, bool embedded, const Error& error)
{
    if (error.code == DatabaseOpener::NeedsMigration && m_executor && !embedded) {
        if (m_confirm(tr("Update Database Schema"),
                      tr("%1. Apply the migrations now? Make a backup first if this is a production database.")
                          .arg(ErrorMessages::sentence(error.message).chopped(1)))) {
            runOpener(url, false, DatabaseOpener::Migrate::Yes);
            return;
        }
    }
    tearDownWorkspace();
    const QString text = ErrorMessages::describe(tr("Could not open %1").arg(url.redacted()), error);
    m_placeholderLabel->setText(text + u'\n' + tr("Use File › Connect to Database… to choose another database."));
    m_centralStack->setCurrentWidget(m_placeholderLabel);
    setWindowTitle(tr("KeyWarden — no database"));
    m_databaseLabel->setText(tr("No database"));
    emit databaseFailed(text);
}

void MainWindow::showConnectionDialog()
{
    auto* dialog = new ConnectionDialog(m_connections.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCredentialStore(m_credentials);
    if (!m_keychainProblem.isEmpty())
        dialog->setKeychainUnavailable(m_keychainProblem);
    if (m_executor)
        dialog->setUrl(m_executor->database().url());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const DatabaseUrl url = dialog->url();
        const QString account = ConnectionSettings::credentialAccount(url);
        if (url.engine == DatabaseEngine::PostgreSQL && dialog->rememberPassword() && !url.password.isEmpty()) {
            m_credentials->writePassword(account, url.password, [this](CredentialResult result) {
                if (!result.ok)
                    statusBar()->showMessage(tr("The password was not saved: %1").arg(result.errorText), 10000);
            });
        } else if (url.engine == DatabaseEngine::PostgreSQL && m_keychainProblem.isEmpty()) {
            // "Remember" unticked: a password stored earlier must not linger in the keychain.
            m_credentials->deletePassword(account, [](CredentialResult) {});
        }
        const bool embedded
            = url.engine == DatabaseEngine::SQLite && url.sqlitePath == DatabaseUrl::embeddedDefault().sqlitePath;
        openDatabase(url, embedded);
    });
    dialog->open();
}

void MainWindow::buildWorkspace()
{
    DatabaseExecutor* executor = m_executor.get();
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabWidget"));
    m_tabs->setDocumentMode(true);

    m_splitter = new QSplitter(Qt::Vertical, m_tabs);
    m_splitter->setObjectName(QStringLiteral("organizationsKeysSplitter"));
    m_organizationsPanel = new OrganizationsPanel(executor, m_splitter);
    m_organizationsPanel->setActions({m_createOrganization->action(), m_editOrganization->action(),
                                      m_deactivateOrganization->action(), m_reactivateOrganization->action()});
    m_keysPanel = new KeysPanel(executor, m_splitter);
    m_keysPanel->setActions({m_createKey->action(), m_rollKey->action(), m_revokeKey->action()});
    m_splitter->addWidget(m_organizationsPanel);
    m_splitter->addWidget(m_keysPanel);
    m_splitter->setStretchFactor(1, 2);
    m_tabs->addTab(m_splitter, tr("Organizations && &Keys"));

    m_usagePanel = new UsagePanel(executor, m_tabs);
    m_tabs->addTab(m_usagePanel, tr("&Usage"));
    m_findKeyPanel = new FindKeyPanel(executor, m_findRevokeKey, m_tabs);
    m_tabs->addTab(m_findKeyPanel, tr("&Find a Key"));
    m_auditLogPanel = new AuditLogPanel(executor, m_tabs);
    m_tabs->addTab(m_auditLogPanel, tr("&Audit Log"));
    m_validatorPanel = new LocalValidatorPanel(executor->sharedDatabase(), m_tabs);
    m_tabs->addTab(m_validatorPanel, tr("Local &Validator"));

    connect(m_organizationsPanel, &OrganizationsPanel::currentChanged, this, &MainWindow::selectionChanged);
    connect(m_keysPanel, &KeysPanel::currentChanged, this, &MainWindow::selectionChanged);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_auditLogPanel)
            m_auditLogPanel->refresh();
        else if (m_tabs->currentWidget() == m_usagePanel)
            m_usagePanel->refresh();
    });
    if (m_settings->contains(QStringLiteral("window/splitter")))
        m_splitter->restoreState(m_settings->value(QStringLiteral("window/splitter")).toByteArray());
    m_centralStack->addWidget(m_tabs);
    m_centralStack->setCurrentWidget(m_tabs);
    m_organizationsPanel->reload();
    selectionChanged();
}

void MainWindow::tearDownWorkspace()
{
    if (m_tabs) {
        if (m_splitter)
            m_settings->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
        m_centralStack->setCurrentWidget(m_placeholderLabel);
        // Panels first (the validator stops and flushes), then the executor they use.
        delete m_tabs;
        m_tabs = nullptr;
        m_splitter = nullptr;
        m_organizationsPanel = nullptr;
        m_keysPanel = nullptr;
        m_usagePanel = nullptr;
        m_findKeyPanel = nullptr;
        m_auditLogPanel = nullptr;
        m_validatorPanel = nullptr;
    }
    for (Command* command : std::as_const(m_commands))
        command->setSelection({});
    m_context.executor = nullptr;
    m_executor.reset();
    m_busyBar->hide();
}

void MainWindow::selectionChanged()
{
    if (!m_organizationsPanel)
        return;
    Selection selection;
    selection.organization = m_organizationsPanel->currentOrganization();
    m_keysPanel->setOrganization(selection.organization);
    if (selection.organization)
        selection.key = m_keysPanel->currentKey();
    for (Command* command : std::as_const(m_commands)) {
        if (command != m_findRevokeKey)
            command->setSelection(selection);
    }
    m_createOrganization->setSelection(selection);
    const QUuid organizationId = selection.organization ? selection.organization->organization.id : QUuid();
    const QString organizationName = selection.organization ? selection.organization->organization.name : QString();
    m_auditLogPanel->setOrganization(organizationId, organizationName);
    m_usagePanel->setOrganization(organizationId, organizationName);
    if (selection.key)
        m_usagePanel->setKey(selection.key->id,
                             selection.key->maskedKey() + QStringLiteral(" — ") + selection.key->name);
    else
        m_usagePanel->setKey({}, {});
}

void MainWindow::dataChanged(const QUuid& organizationId, const QUuid& keyId)
{
    if (!m_organizationsPanel)
        return;
    if (m_validatorPanel)
        m_validatorPanel->forget(organizationId, keyId);
    m_organizationsPanel->reload(organizationId);
    m_keysPanel->reload(keyId);
    if (m_tabs->currentWidget() == m_auditLogPanel)
        m_auditLogPanel->refresh();
}

void MainWindow::refreshAll()
{
    if (!m_organizationsPanel)
        return;
    m_organizationsPanel->reload();
    m_keysPanel->reload();
    if (m_tabs->currentWidget() == m_auditLogPanel)
        m_auditLogPanel->refresh();
    if (m_tabs->currentWidget() == m_usagePanel)
        m_usagePanel->refresh();
}

void MainWindow::showFailure(const QString& text)
{
    statusBar()->showMessage(text, 10000);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("KeyWarden"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("failureMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About KeyWarden"),
                       tr("<h3>KeyWarden %1</h3><p>API keys for teams that run their own APIs: organizations, "
                          "keys shown once, revocation that takes effect at once, usage and audit.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QStringLiteral(KEYWARDEN_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 760);
    restoreState(m_settings->value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::saveLayout()
{
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/state"), saveState());
    if (m_splitter)
        m_settings->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    tearDownWorkspace(); // stops the local validator and flushes its usage before we go
    event->accept();
}
