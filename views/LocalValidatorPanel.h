#pragma once

#include "Database.h"
#include "ValidatorRequestEvent.h"

#include <QList>
#include <QPointer>
#include <QUuid>
#include <QWidget>

#include <memory>
#include <optional>

class EmbeddedValidator;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPushButton;
class QSpinBox;
class QTableView;
class QToolButton;
class RequestLogModel;

// Starts and stops the validator inside the app, lets an admin try a key against it over
// real HTTP on loopback (one request or a burst that runs into the rate limit), and shows
// what it serves as it happens. The key typed here lives only in its line edit and in the
// Authorization header of requests to this computer: the log, labels and debug output see
// at most its masked form.
class LocalValidatorPanel : public QWidget
{
    Q_OBJECT

public:
    // Longer text in the key field is refused before anything is sent (a key has 57 characters).
    static constexpr int MaxKeyLength = 256;
    static constexpr quint16 DefaultPort = 8080;
    static constexpr int DefaultBurstSize = 70;

    explicit LocalValidatorPanel(std::shared_ptr<Database> database, QWidget* parent = nullptr);
    ~LocalValidatorPanel() override;

    // For a switch of connections: a running validator is stopped (its usage written) and
    // the next start validates against `database`.
    void setDatabase(std::shared_ptr<Database> database);

    EmbeddedValidator* validator() const { return m_validator; }
    // This app changed the organization or key in the database: the running validator
    // forgets what it cached of them (EmbeddedValidator::forget).
    void forget(const QUuid& organizationId, const QUuid& keyId);
    RequestLogModel* requestLog() const { return m_log; }

signals:
    // A tried key was answered (`status` 0: no answer); `errorCode` empty on success.
    void keyTried(int status, const QString& errorCode);
    // Every request of a burst was answered or failed.
    void burstFinished(int succeeded, int rateLimited, int other);

private:
    struct Route
    {
        QByteArray method;
        QString path;
        QByteArray body;
    };
    struct Counters
    {
        int requests = 0;
        int success = 0;
        int unauthorized = 0;
        int forbidden = 0;
        int rateLimited = 0;
    };

    void buildUi();
    void createValidator();
    void startOrStop();
    void updateControls();
    void onStarted(quint16 port);
    void onStartFailed(const QString& reason);
    void onStopped();
    void onRequestServed(const ValidatorRequestEvent& event);
    void showCounters();
    void clearLog();

    // The Authorization header for the typed key, or nothing (and why, in `problem`).
    std::optional<QByteArray> authorizationHeader(QString* problem) const;
    Route selectedRoute() const;
    QNetworkReply* send(const Route& route, const QByteArray& authorization);
    void sendKey();
    void sendBurst();
    void showAnswer(QNetworkReply* reply);
    void onBurstAnswer(QNetworkReply* reply);
    void abortRequests();

    std::shared_ptr<Database> m_database;
    EmbeddedValidator* m_validator = nullptr;
    RequestLogModel* m_log = nullptr;
    QNetworkAccessManager* m_network = nullptr;
    Counters m_counters;

    QPointer<QNetworkReply> m_tryReply;
    QList<QPointer<QNetworkReply>> m_burstReplies;
    int m_burstSize = 0;
    int m_burstSucceeded = 0;
    int m_burstRateLimited = 0;
    int m_burstOther = 0;

    QSpinBox* m_portSpinBox = nullptr;
    QPushButton* m_startStopButton = nullptr;
    QLabel* m_urlLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLineEdit* m_keyLineEdit = nullptr;
    QToolButton* m_showKeyButton = nullptr;
    QComboBox* m_routeComboBox = nullptr;
    QPushButton* m_sendButton = nullptr;
    QLabel* m_answerLabel = nullptr;
    QLabel* m_rateLimitLabel = nullptr;
    QSpinBox* m_burstSpinBox = nullptr;
    QPushButton* m_burstButton = nullptr;
    QLabel* m_burstLabel = nullptr;
    QLabel* m_requestsCountLabel = nullptr;
    QLabel* m_successCountLabel = nullptr;
    QLabel* m_unauthorizedCountLabel = nullptr;
    QLabel* m_forbiddenCountLabel = nullptr;
    QLabel* m_rateLimitedCountLabel = nullptr;
    QTableView* m_logTableView = nullptr;
    QPushButton* m_clearLogButton = nullptr;
};
