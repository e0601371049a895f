#include "ConnectionDialog.h"

#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "Database.h"
#include "ErrorMessages.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {

constexpr int MaxHostLength = 253; // DNS
constexpr int MaxIdentifierBytes = 63; // PostgreSQL's NAMEDATALEN - 1
constexpr int MaxPathLength = 4096; // PATH_MAX

bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

bool isValidHost(const QString& host)
{
    if (host.contains(QLatin1Char(' ')) || hasControlCharacters(host))
        return false;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setHost(host, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty();
}

// A path or name in a message: long hostile input must not blow up the dialog's width.
QString shortened(const QString& text, int maxLength = 80)
{
    return text.size() <= maxLength ? text : text.left(maxLength / 2) + QChar(0x2026) + text.right(maxLength / 2 - 1);
}

} // namespace

ConnectionDialog::ConnectionDialog(ConnectionSettings* settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect to Database"));
    buildUi();
    fillRecentConnections();

    if (m_settings) {
        if (auto last = m_settings->last()) {
            setUrl(last->url);
            m_recentComboBox->setCurrentIndex(0);
        } else {
            setUrl(DatabaseUrl::embeddedDefault());
        }
    } else {
        setUrl(DatabaseUrl::embeddedDefault());
    }
}

ConnectionDialog::~ConnectionDialog()
{
    // A running test keeps going on the thread pool with its own copy of the URL; its
    // result is simply not delivered any more.
    if (m_testWatcher)
        m_testWatcher->disconnect(this);
}

void ConnectionDialog::buildUi()
{
    auto* form = new QFormLayout;

    m_recentComboBox = new QComboBox(this);
    m_recentComboBox->setObjectName(QStringLiteral("recentComboBox"));
    m_recentComboBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recentComboBox->setMinimumContentsLength(30);
    auto* recentLabel = new QLabel(tr("&Recent:"), this);
    recentLabel->setBuddy(m_recentComboBox);
    form->addRow(recentLabel, m_recentComboBox);

    m_engineComboBox = new QComboBox(this);
    m_engineComboBox->setObjectName(QStringLiteral("engineComboBox"));
    m_engineComboBox->addItem(tr("Embedded SQLite file"), int(DatabaseEngine::SQLite));
    m_engineComboBox->addItem(tr("PostgreSQL server"), int(DatabaseEngine::PostgreSQL));
    auto* engineLabel = new QLabel(tr("&Engine:"), this);
    engineLabel->setBuddy(m_engineComboBox);
    form->addRow(engineLabel, m_engineComboBox);

    // SQLite page
    auto* sqlitePage = new QWidget(this);
    sqlitePage->setObjectName(QStringLiteral("sqlitePageWidget"));
    auto* sqliteForm = new QFormLayout(sqlitePage);
    sqliteForm->setContentsMargins(0, 0, 0, 0);
    m_sqlitePathLineEdit = new QLineEdit(sqlitePage);
    m_sqlitePathLineEdit->setObjectName(QStringLiteral("sqlitePathLineEdit"));
    m_sqlitePathLineEdit->setClearButtonEnabled(true);
    m_browseButton = new QPushButton(tr("&Browse…"), sqlitePage);
    m_browseButton->setObjectName(QStringLiteral("browseButton"));
    m_browseButton->setAutoDefault(false);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_sqlitePathLineEdit, 1);
    pathRow->addWidget(m_browseButton);
    auto* pathLabel = new QLabel(tr("Database &file:"), sqlitePage);
    pathLabel->setBuddy(m_sqlitePathLineEdit);
    sqliteForm->addRow(pathLabel, pathRow);

    // PostgreSQL page
    auto* postgresPage = new QWidget(this);
    postgresPage->setObjectName(QStringLiteral("postgresPageWidget"));
    auto* postgresForm = new QFormLayout(postgresPage);
    postgresForm->setContentsMargins(0, 0, 0, 0);
    auto addRow = [postgresPage, postgresForm](const QString& text, QWidget* field) {
        auto* label = new QLabel(text, postgresPage);
        label->setBuddy(field);
        postgresForm->addRow(label, field);
    };
    m_hostLineEdit = new QLineEdit(postgresPage);
    m_hostLineEdit->setObjectName(QStringLiteral("hostLineEdit"));
    m_hostLineEdit->setText(QStringLiteral("127.0.0.1"));
    addRow(tr("&Host:"), m_hostLineEdit);
    m_portSpinBox = new QSpinBox(postgresPage);
    m_portSpinBox->setObjectName(QStringLiteral("portSpinBox"));
    m_portSpinBox->setRange(1, 65535);
    m_portSpinBox->setValue(5432);
    // A port is a number, not a quantity: no "5,432".
    m_portSpinBox->setGroupSeparatorShown(false);
    addRow(tr("P&ort:"), m_portSpinBox);
    m_databaseLineEdit = new QLineEdit(postgresPage);
    m_databaseLineEdit->setObjectName(QStringLiteral("databaseLineEdit"));
    addRow(tr("&Database:"), m_databaseLineEdit);
    m_userLineEdit = new QLineEdit(postgresPage);
    m_userLineEdit->setObjectName(QStringLiteral("userLineEdit"));
    addRow(tr("&User:"), m_userLineEdit);
    m_passwordLineEdit = new QLineEdit(postgresPage);
    m_passwordLineEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordLineEdit->setEchoMode(QLineEdit::Password);
    addRow(tr("Pass&word:"), m_passwordLineEdit);
    m_sslModeComboBox = new QComboBox(postgresPage);
    m_sslModeComboBox->setObjectName(QStringLiteral("sslModeComboBox"));
    for (const char* mode : {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})
        m_sslModeComboBox->addItem(QLatin1String(mode), QLatin1String(mode));
    m_sslModeComboBox->setCurrentIndex(m_sslModeComboBox->findData(QStringLiteral("prefer")));
    addRow(tr("&SSL mode:"), m_sslModeComboBox);
    m_rememberPasswordCheckBox = new QCheckBox(tr("Re&member password in the system keychain"), postgresPage);
    m_rememberPasswordCheckBox->setObjectName(QStringLiteral("rememberPasswordCheckBox"));
    postgresForm->addRow(QString(), m_rememberPasswordCheckBox);
    m_keychainStatusLabel = new QLabel(postgresPage);
    m_keychainStatusLabel->setObjectName(QStringLiteral("keychainStatusLabel"));
    m_keychainStatusLabel->setWordWrap(true);
    m_keychainStatusLabel->setVisible(false);
    postgresForm->addRow(QString(), m_keychainStatusLabel);

    m_engineStack = new QStackedWidget(this);
    m_engineStack->setObjectName(QStringLiteral("engineStackedWidget"));
    m_engineStack->addWidget(sqlitePage);
    m_engineStack->addWidget(postgresPage);

    m_testConnectionButton = new QPushButton(tr("&Test Connection"), this);
    m_testConnectionButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testConnectionButton->setAutoDefault(false);
    m_testProgressBar = new QProgressBar(this);
    m_testProgressBar->setObjectName(QStringLiteral("testProgressBar"));
    m_testProgressBar->setRange(0, 0); // busy, no percentage
    m_testProgressBar->setTextVisible(false);
    m_testProgressBar->setMaximumWidth(80);
    m_testProgressBar->setVisible(false);
    m_testResultLabel = new QLabel(this);
    m_testResultLabel->setObjectName(QStringLiteral("testResultLabel"));
    m_testResultLabel->setWordWrap(true);
    m_testResultLabel->setTextFormat(Qt::PlainText);
    m_testResultLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testConnectionButton);
    testRow->addWidget(m_testProgressBar);
    testRow->addWidget(m_testResultLabel, 1);

    m_validationLabel = new QLabel(this);
    m_validationLabel->setObjectName(QStringLiteral("validationLabel"));
    m_validationLabel->setWordWrap(true);
    m_validationLabel->setTextFormat(Qt::PlainText);

    m_buttonBox = new QDialogButtonBox(this);
    m_buttonBox->setObjectName(QStringLiteral("buttonBox"));
    m_connectButton = m_buttonBox->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    QPushButton* cancelButton = m_buttonBox->addButton(QDialogButtonBox::Cancel);
    cancelButton->setObjectName(QStringLiteral("cancelButton"));
    cancelButton->setAutoDefault(false);
    connect(m_buttonBox, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_buttonBox, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_engineStack);
    layout->addLayout(testRow);
    layout->addWidget(m_validationLabel);
    layout->addStretch(1);
    layout->addWidget(m_buttonBox);

    setTabOrder(m_recentComboBox, m_engineComboBox);
    setTabOrder(m_engineComboBox, m_sqlitePathLineEdit);
    setTabOrder(m_sqlitePathLineEdit, m_browseButton);
    setTabOrder(m_browseButton, m_hostLineEdit);
    setTabOrder(m_hostLineEdit, m_portSpinBox);
    setTabOrder(m_portSpinBox, m_databaseLineEdit);
    setTabOrder(m_databaseLineEdit, m_userLineEdit);
    setTabOrder(m_userLineEdit, m_passwordLineEdit);
    setTabOrder(m_passwordLineEdit, m_sslModeComboBox);
    setTabOrder(m_sslModeComboBox, m_rememberPasswordCheckBox);
    setTabOrder(m_rememberPasswordCheckBox, m_testConnectionButton);
    setTabOrder(m_testConnectionButton, m_connectButton);
    setTabOrder(m_connectButton, cancelButton);

    connect(m_recentComboBox, &QComboBox::activated, this, &ConnectionDialog::applyRecentConnection);
    connect(m_engineComboBox, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateEngine);
    connect(m_browseButton, &QPushButton::clicked, this, &ConnectionDialog::browseForFile);
    connect(m_testConnectionButton, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    for (QLineEdit* edit :
         {m_sqlitePathLineEdit, m_hostLineEdit, m_databaseLineEdit, m_userLineEdit, m_passwordLineEdit})
        connect(edit, &QLineEdit::textChanged, this, &ConnectionDialog::inputChanged);
    connect(m_portSpinBox, &QSpinBox::valueChanged, this, &ConnectionDialog::inputChanged);
    connect(m_sslModeComboBox, &QComboBox::currentIndexChanged, this, &ConnectionDialog::inputChanged);
}

void ConnectionDialog::fillRecentConnections()
{
    m_recentComboBox->clear();
    const QList<SavedConnection> connections = m_settings ? m_settings->recent() : QList<SavedConnection>();
    for (const SavedConnection& connection : connections)
        m_recentComboBox->addItem(connection.label, ConnectionSettings::credentialAccount(connection.url));
    m_recentComboBox->setPlaceholderText(connections.isEmpty() ? tr("No recent connections")
                                                               : tr("Choose a recent connection…"));
    m_recentComboBox->setCurrentIndex(-1);
    m_recentComboBox->setEnabled(!connections.isEmpty());
}

void ConnectionDialog::applyRecentConnection(int index)
{
    if (!m_settings || index < 0)
        return;
    const QList<SavedConnection> connections = m_settings->recent();
    if (index >= connections.size())
        return;
    setUrl(connections.at(index).url);
    loadStoredPassword();
}

void ConnectionDialog::loadStoredPassword()
{
    if (!m_credentialStore || m_keychainUnavailable || currentEngine() != DatabaseEngine::PostgreSQL
        || !m_passwordLineEdit->text().isEmpty() || !validationError().isEmpty())
        return;
    const QString account = ConnectionSettings::credentialAccount(url());
    QPointer<ConnectionDialog> self(this);
    m_credentialStore->readPassword(account, [self, account](const CredentialResult& result) {
        if (!self)
            return;
        if (result.unavailable) {
            self->setKeychainUnavailable(result.errorText);
            return;
        }
        // Only if the user is still looking at the same connection and typed nothing.
        if (!result.ok || ConnectionSettings::credentialAccount(self->url()) != account
            || !self->m_passwordLineEdit->text().isEmpty())
            return;
        self->m_passwordLineEdit->setText(result.password);
        self->m_rememberPasswordCheckBox->setChecked(true);
    });
}

void ConnectionDialog::setUrl(const DatabaseUrl& url)
{
    m_filling = true;
    const bool postgres = url.engine == DatabaseEngine::PostgreSQL;
    m_engineComboBox->setCurrentIndex(m_engineComboBox->findData(int(url.engine)));
    if (postgres) {
        m_hostLineEdit->setText(url.host);
        m_portSpinBox->setValue(url.port);
        m_databaseLineEdit->setText(url.database);
        m_userLineEdit->setText(url.user);
        m_passwordLineEdit->setText(url.password);
        const int ssl = m_sslModeComboBox->findData(url.sslMode.isEmpty() ? QStringLiteral("prefer") : url.sslMode);
        m_sslModeComboBox->setCurrentIndex(ssl >= 0 ? ssl : m_sslModeComboBox->findData(QStringLiteral("prefer")));
    } else {
        m_sqlitePathLineEdit->setText(url.sqlitePath);
    }
    m_filling = false;
    updateEngine();
    inputChanged();
}

DatabaseUrl ConnectionDialog::url() const
{
    DatabaseUrl url;
    url.engine = currentEngine();
    if (url.engine == DatabaseEngine::PostgreSQL) {
        url.host = m_hostLineEdit->text().trimmed();
        url.port = m_portSpinBox->value();
        url.database = m_databaseLineEdit->text().trimmed();
        url.user = m_userLineEdit->text().trimmed();
        url.password = m_passwordLineEdit->text();
        url.sslMode = m_sslModeComboBox->currentData().toString();
    } else {
        const QString path = m_sqlitePathLineEdit->text().trimmed();
        url.sqlitePath = path.isEmpty() ? QString() : QDir::cleanPath(path);
    }
    return url;
}

bool ConnectionDialog::rememberPassword() const
{
    return currentEngine() == DatabaseEngine::PostgreSQL && !m_keychainUnavailable
        && m_rememberPasswordCheckBox->isChecked() && !m_passwordLineEdit->text().isEmpty();
}

void ConnectionDialog::setRememberPassword(bool remember)
{
    m_rememberPasswordCheckBox->setChecked(remember && !m_keychainUnavailable);
}

void ConnectionDialog::setKeychainUnavailable(const QString& why)
{
    m_keychainUnavailable = true;
    m_rememberPasswordCheckBox->setChecked(false);
    m_rememberPasswordCheckBox->setEnabled(false);
    m_keychainStatusLabel->setText(why.isEmpty() ? tr("No system keychain is available; KeyWarden will ask for the "
                                                      "password each time.")
                                                 : why);
    m_keychainStatusLabel->setVisible(true);
}

void ConnectionDialog::setCredentialStore(CredentialStore* store)
{
    m_credentialStore = store;
    loadStoredPassword();
}

DatabaseEngine ConnectionDialog::currentEngine() const
{
    return DatabaseEngine(m_engineComboBox->currentData().toInt());
}

bool ConnectionDialog::isEmbeddedDefaultPath(const QString& path) const
{
    return QDir::cleanPath(path) == DatabaseUrl::embeddedDefault().sqlitePath;
}

QString ConnectionDialog::validationError() const
{
    if (currentEngine() == DatabaseEngine::SQLite) {
        const QString path = m_sqlitePathLineEdit->text().trimmed();
        if (path.isEmpty())
            return tr("Choose a database file.");
        if (hasControlCharacters(path))
            return tr("The file path must not contain control characters.");
        if (path.size() > MaxPathLength)
            return tr("The file path is too long.");
        if (!QDir::isAbsolutePath(path))
            return tr("Enter the full path of the database file (starting with /).");
        const QFileInfo file(QDir::cleanPath(path));
        if (file.isDir())
            return tr("%1 is a folder: choose a file in it.").arg(shortened(file.filePath()));
        // The app creates its own data folder on first use; any other must exist.
        if (!file.absoluteDir().exists() && !isEmbeddedDefaultPath(path))
            return tr("The folder %1 does not exist.").arg(shortened(file.absolutePath()));
        return {};
    }

    const QString host = m_hostLineEdit->text().trimmed();
    if (host.isEmpty())
        return tr("Enter the server's host name or IP address.");
    if (host.size() > MaxHostLength)
        return tr("The host name is too long (at most %1 characters).").arg(MaxHostLength);
    if (!isValidHost(host))
        return tr("The host name must be a name such as db.example.com or an IP address, without spaces or control "
                  "characters.");
    const QString database = m_databaseLineEdit->text().trimmed();
    if (database.isEmpty())
        return tr("Enter the database name.");
    if (hasControlCharacters(database))
        return tr("The database name must not contain control characters.");
    if (database.toUtf8().size() > MaxIdentifierBytes)
        return tr("The database name is too long (at most %1 bytes).").arg(MaxIdentifierBytes);
    const QString user = m_userLineEdit->text().trimmed();
    if (user.isEmpty())
        return tr("Enter the user name.");
    if (hasControlCharacters(user))
        return tr("The user name must not contain control characters.");
    if (user.toUtf8().size() > MaxIdentifierBytes)
        return tr("The user name is too long (at most %1 bytes).").arg(MaxIdentifierBytes);
    // Never quote the password here: this text is on screen.
    if (hasControlCharacters(m_passwordLineEdit->text()))
        return tr("The password must not contain control characters.");
    return {};
}

bool ConnectionDialog::isTesting() const
{
    return m_testing;
}

void ConnectionDialog::updateEngine()
{
    m_engineStack->setCurrentIndex(currentEngine() == DatabaseEngine::PostgreSQL ? 1 : 0);
    inputChanged();
}

void ConnectionDialog::inputChanged()
{
    if (m_filling)
        return;
    ++m_inputGeneration;
    if (!isTesting())
        m_testResultLabel->clear();
    // Edited away from the recent connection shown: do not keep claiming it.
    if (m_recentComboBox->currentIndex() >= 0
        && m_recentComboBox->currentData().toString() != ConnectionSettings::credentialAccount(url()))
        m_recentComboBox->setCurrentIndex(-1);
    updateValidation();
}

void ConnectionDialog::updateValidation()
{
    const QString reason = validationError();
    m_validationLabel->setText(reason);
    m_validationLabel->setVisible(!reason.isEmpty());
    m_connectButton->setEnabled(reason.isEmpty());
    m_testConnectionButton->setEnabled(reason.isEmpty() && !isTesting());
}

void ConnectionDialog::browseForFile()
{
    const QString current = m_sqlitePathLineEdit->text().trimmed();
    const QString start = current.isEmpty() ? DatabaseUrl::embeddedDefault().sqlitePath : current;
    // A save dialog, so that a new file can be named as well as an existing one picked.
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Choose Database File"), start,
                                                        tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"),
                                                        nullptr, QFileDialog::DontConfirmOverwrite);
    if (!chosen.isEmpty())
        m_sqlitePathLineEdit->setText(QDir::toNativeSeparators(chosen));
}

void ConnectionDialog::testConnection()
{
    if (isTesting() || !validationError().isEmpty())
        return;
    if (!m_testWatcher) {
        m_testWatcher = new QFutureWatcher<TestOutcome>(this);
        connect(m_testWatcher, &QFutureWatcher<TestOutcome>::finished, this,
                [this] { showTestOutcome(m_testWatcher->result()); });
    }
    m_testedGeneration = m_inputGeneration;
    m_testing = true;
    m_testConnectionButton->setEnabled(false);
    m_testConnectionButton->setText(tr("Testing…"));
    m_testProgressBar->setVisible(true);
    m_testResultLabel->setText(tr("Connecting…"));
    // Connecting may take seconds (DNS, a firewall that drops packets, the 5 s connect
    // timeout): never on the GUI thread.
    m_testWatcher->setFuture(QtConcurrent::run(&ConnectionDialog::runConnectionTest, url()));
}

ConnectionDialog::TestOutcome ConnectionDialog::runConnectionTest(DatabaseUrl url)
{
    if (url.engine == DatabaseEngine::SQLite && !QFileInfo::exists(url.sqlitePath)) {
        // Opening would create the file: a test must not leave one behind.
        const QFileInfo folder(QFileInfo(url.sqlitePath).absolutePath());
        if (!folder.exists())
            return {true, tr("The data folder will be created and a new database set up when you connect.")};
        if (!folder.isWritable())
            return {false, tr("The folder %1 is not writable.").arg(shortened(folder.filePath()))};
        return {true, tr("No database file there yet: a new one will be set up when you connect.")};
    }
    const QString password = url.password;
    QString message;
    bool ok = false;
    {
        Database database(url);
        const Status pinged = database.ping();
        ok = pinged.ok();
        if (!ok)
            message = pinged.error().message;
        database.releaseThreadConnection();
    }
    if (ok)
        return {true, tr("Connected.")};
    // The core already redacts the URL; a driver message quoting the password is not ours
    // to trust, so remove it here as well.
    if (!password.isEmpty())
        message.replace(password, QStringLiteral("***"));
    return {false, explainFailure(url, message)};
}

QString ConnectionDialog::explainFailure(const DatabaseUrl& url, const QString& message)
{
    // libpq's first line says what went wrong; the rest is hints and the Qt driver's
    // "QPSQL: Unable to connect". The URL prefix of the core's message is already redacted.
    QString detail = message.section(QLatin1Char('\n'), 0, 0).trimmed();
    const QString prefix = url.redacted() + QStringLiteral(": ");
    if (const int at = detail.indexOf(prefix); at >= 0)
        detail = detail.mid(at + prefix.size());
    const auto has = [&message](const char* text) {
        return message.contains(QLatin1String(text), Qt::CaseInsensitive);
    };

    QString plain;
    if (url.engine == DatabaseEngine::PostgreSQL) {
        const QString where = QStringLiteral("%1:%2").arg(shortened(url.host)).arg(url.port);
        if (has("Connection refused"))
            plain = tr("Nothing answers at %1: is PostgreSQL running there, and is the port right?").arg(where);
        else if (has("could not translate host name") || has("Name or service not known"))
            plain = tr("The host name %1 could not be found.").arg(shortened(url.host));
        else if (has("timeout expired") || has("timed out"))
            plain = tr("%1 did not answer in time: check the host, the port and any firewall.").arg(where);
        else if (has("password authentication failed") || has("no password supplied"))
            plain = tr("The server refused the user name or password.");
        else if (has("role") && has("does not exist"))
            plain = tr("The user %1 does not exist on the server.").arg(shortened(url.user));
        else if (has("database") && has("does not exist"))
            plain = tr("The database %1 does not exist on the server.").arg(shortened(url.database));
        else if (has("pg_hba.conf"))
            plain = tr("The server does not accept connections from this computer for this user and database "
                       "(pg_hba.conf).");
        else if (has("SSL"))
            plain = tr("The SSL connection failed: check the SSL mode.");
    } else if (has("not a database") || has("file is encrypted")) {
        plain = tr("The file is not a SQLite database.");
    }
    if (plain.isEmpty())
        return tr("Could not connect: %1").arg(ErrorMessages::sentence(detail));
    return plain + QLatin1Char(' ') + tr("(Details: %1)").arg(ErrorMessages::sentence(detail));
}

void ConnectionDialog::showTestOutcome(const TestOutcome& outcome)
{
    m_testing = false;
    m_testConnectionButton->setText(tr("&Test Connection"));
    m_testProgressBar->setVisible(false);
    updateValidation();
    if (m_testedGeneration != m_inputGeneration) {
        // The fields changed while testing: the answer is about something else.
        m_testResultLabel->clear();
        return;
    }
    m_testResultLabel->setText(outcome.message);
    emit connectionTested(outcome.ok, outcome.message);
}

void ConnectionDialog::accept()
{
    if (!validationError().isEmpty())
        return;
    const DatabaseUrl chosen = url();
    if (chosen.engine == DatabaseEngine::SQLite && isEmbeddedDefaultPath(chosen.sqlitePath)) {
        const QString folder = QFileInfo(chosen.sqlitePath).absolutePath();
        if (!QDir().mkpath(folder)) {
            m_validationLabel->setText(tr("Cannot create the data folder %1.").arg(shortened(folder)));
            m_validationLabel->setVisible(true);
            return;
        }
    }
    if (m_settings)
        m_settings->remember(chosen);
    QDialog::accept();
}
