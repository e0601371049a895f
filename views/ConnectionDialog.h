#pragma once

#include "DatabaseUrl.h"

#include <QDialog>
#include <QPointer>

class ConnectionSettings;
class CredentialStore;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
template <typename T>
class QFutureWatcher;

// Where the desktop app's data lives: the embedded SQLite file or a PostgreSQL server.
// Validates as the user types (Connect stays disabled with the reason shown), tests a
// connection off the GUI thread, offers the recent connections of ConnectionSettings and
// remembers the chosen one there on Connect (without its password). Storing the password
// in the keychain when rememberPassword() is the caller's job, under
// ConnectionSettings::credentialAccount(url()).
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    // `settings` is not owned; it must outlive the dialog.
    explicit ConnectionDialog(ConnectionSettings* settings, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    void setUrl(const DatabaseUrl& url);
    // What the user chose, password included: hand it to Database, never to a log.
    DatabaseUrl url() const;
    // The user wants the password in the system keychain (PostgreSQL, a password given,
    // keychain usable).
    bool rememberPassword() const;
    void setRememberPassword(bool remember);
    // No usable keychain: the checkbox is disabled and `why` is shown beside it.
    void setKeychainUnavailable(const QString& why);
    // Optional: picking a recent connection then fills in its password from the keychain.
    void setCredentialStore(CredentialStore* store);

    // Why Connect is disabled right now; empty when the input is complete.
    QString validationError() const;
    bool isTesting() const;

public slots:
    void accept() override;

signals:
    // A "Test Connection" run ended; `message` is what the dialog shows (no password).
    void connectionTested(bool ok, const QString& message);

private:
    struct TestOutcome
    {
        bool ok = false;
        QString message;
    };
    static TestOutcome runConnectionTest(DatabaseUrl url);
    // A failed connection in words for the person at the dialog (no password in it).
    static QString explainFailure(const DatabaseUrl& url, const QString& message);

    void buildUi();
    void fillRecentConnections();
    void applyRecentConnection(int index);
    void loadStoredPassword();
    void updateEngine();
    void updateValidation();
    void inputChanged();
    void browseForFile();
    void testConnection();
    void showTestOutcome(const TestOutcome& outcome);
    DatabaseEngine currentEngine() const;
    bool isEmbeddedDefaultPath(const QString& path) const;

    ConnectionSettings* m_settings;
    QPointer<CredentialStore> m_credentialStore;
    bool m_keychainUnavailable = false;

    QComboBox* m_recentComboBox = nullptr;
    QComboBox* m_engineComboBox = nullptr;
    QStackedWidget* m_engineStack = nullptr;
    QLineEdit* m_sqlitePathLineEdit = nullptr;
    QPushButton* m_browseButton = nullptr;
    QLineEdit* m_hostLineEdit = nullptr;
    QSpinBox* m_portSpinBox = nullptr;
    QLineEdit* m_databaseLineEdit = nullptr;
    QLineEdit* m_userLineEdit = nullptr;
    QLineEdit* m_passwordLineEdit = nullptr;
    QComboBox* m_sslModeComboBox = nullptr;
    QCheckBox* m_rememberPasswordCheckBox = nullptr;
    QLabel* m_keychainStatusLabel = nullptr;
    QPushButton* m_testConnectionButton = nullptr;
    QProgressBar* m_testProgressBar = nullptr;
    QLabel* m_testResultLabel = nullptr;
    QLabel* m_validationLabel = nullptr;
    QDialogButtonBox* m_buttonBox = nullptr;
    QPushButton* m_connectButton = nullptr;

    QFutureWatcher<TestOutcome>* m_testWatcher = nullptr;
    // Bumped by every edit: a test result for input that changed since is not shown.
    quint64 m_inputGeneration = 0;
    quint64 m_testedGeneration = 0;
    bool m_filling = false;
    bool m_testing = false; // until the result is shown, not merely computed
};
