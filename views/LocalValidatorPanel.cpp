#include "LocalValidatorPanel.h"

#include "EmbeddedValidator.h"
#include "RequestLogModel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>
#include <utility>

namespace {

constexpr int RequestTimeoutMs = 10000;
constexpr int MaxBurstSize = 1000;

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    // Text that came over the network is never interpreted as markup.
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A refusal because of the rate limit or quota: the direct 429, or the 403 the forward-auth
// route gives instead (nginx turns that into the 429).
bool isRateLimited(int status, const QByteArray& authError)
{
    return status == 429 || (status == 403 && (authError == "rate_limit_exceeded" || authError == "quota_exceeded"));
}

} // namespace

LocalValidatorPanel::LocalValidatorPanel(std::shared_ptr<Database> database, QWidget* parent)
    : QWidget(parent)
    , m_database(std::move(database))
    , m_log(new RequestLogModel(this))
    , m_network(new QNetworkAccessManager(this))
{
    setObjectName(QStringLiteral("localValidatorPanel"));
    // The key goes to this computer only: never through a proxy, never followed elsewhere.
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    buildUi();
    createValidator();
    updateControls();
}

LocalValidatorPanel::~LocalValidatorPanel()
{
    abortRequests();
}

void LocalValidatorPanel::setDatabase(std::shared_ptr<Database> database)
{
    abortRequests();
    if (m_validator) {
        EmbeddedValidator* old = m_validator;
        m_validator = nullptr;
        old->disconnect(this);
        if (old->state() == EmbeddedValidator::State::Stopped) {
            delete old;
        } else {
            // It goes once its usage is written, without holding up the GUI thread.
            connect(old, &EmbeddedValidator::stopped, old, &QObject::deleteLater);
            old->stop();
        }
    }
    m_database = std::move(database);
    createValidator();
    m_statusLabel->setText(m_database ? tr("The validator is stopped.")
                                      : tr("There is no database connection: the validator cannot start."));
    updateControls();
}

void LocalValidatorPanel::forget(const QUuid& organizationId, const QUuid& keyId)
{
    if (m_validator)
        m_validator->forget(organizationId, keyId);
}

void LocalValidatorPanel::buildUi()
{
    // --- The validator itself
    auto* serverBox = new QGroupBox(tr("Local Validator"), this);
    serverBox->setObjectName(QStringLiteral("validatorGroupBox"));
    m_portSpinBox = new QSpinBox(serverBox);
    m_portSpinBox->setObjectName(QStringLiteral("portSpinBox"));
    m_portSpinBox->setRange(0, 65535);
    m_portSpinBox->setValue(DefaultPort);
    //: Shown in the port spin box for port 0
    m_portSpinBox->setSpecialValueText(tr("Any free port"));
    m_portSpinBox->setToolTip(tr("The port the validator listens on, on 127.0.0.1 (this computer only)."));
    auto* portLabel = new QLabel(tr("&Port:"), serverBox);
    portLabel->setBuddy(m_portSpinBox);
    m_startStopButton = new QPushButton(serverBox);
    m_startStopButton->setObjectName(QStringLiteral("startStopButton"));
    m_urlLabel = new QLabel(serverBox);
    m_urlLabel->setObjectName(QStringLiteral("urlLabel"));
    m_urlLabel->setTextFormat(Qt::RichText);
    m_urlLabel->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_urlLabel->setToolTip(tr("Opens the validator's API documentation in your browser."));
    connect(m_urlLabel, &QLabel::linkActivated, this,
            [](const QString& link) { QDesktopServices::openUrl(QUrl(link)); });
    m_statusLabel = plainLabel(QStringLiteral("statusLabel"), serverBox);
    m_statusLabel->setText(m_database ? tr("The validator is stopped.")
                                      : tr("There is no database connection: the validator cannot start."));
    auto* serverRow = new QHBoxLayout;
    serverRow->addWidget(portLabel);
    serverRow->addWidget(m_portSpinBox);
    serverRow->addWidget(m_startStopButton);
    serverRow->addWidget(m_urlLabel);
    serverRow->addStretch();
    auto* serverLayout = new QVBoxLayout(serverBox);
    serverLayout->addLayout(serverRow);
    serverLayout->addWidget(m_statusLabel);
    connect(m_startStopButton, &QPushButton::clicked, this, &LocalValidatorPanel::startOrStop);

    // --- Try a key
    auto* tryBox = new QGroupBox(tr("Try a Key"), this);
    tryBox->setObjectName(QStringLiteral("tryKeyGroupBox"));
    m_keyLineEdit = new QLineEdit(tryBox);
    m_keyLineEdit->setObjectName(QStringLiteral("tryKeyLineEdit"));
    m_keyLineEdit->setEchoMode(QLineEdit::Password);
    m_keyLineEdit->setPlaceholderText(tr("pk_live_…"));
    m_keyLineEdit->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    m_keyLineEdit->setToolTip(
        tr("Sent only to the local validator, in the Authorization header. Press Enter to send."));
    m_showKeyButton = new QToolButton(tryBox);
    m_showKeyButton->setObjectName(QStringLiteral("showKeyToolButton"));
    m_showKeyButton->setText(tr("Show"));
    m_showKeyButton->setCheckable(true);
    m_showKeyButton->setToolTip(tr("Show or hide the key"));
    connect(m_showKeyButton, &QToolButton::toggled, this, [this](bool show) {
        m_keyLineEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
        m_showKeyButton->setText(show ? tr("Hide") : tr("Show"));
    });
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyLineEdit, 1);
    keyRow->addWidget(m_showKeyButton);

    m_routeComboBox = new QComboBox(tryBox);
    m_routeComboBox->setObjectName(QStringLiteral("routeComboBox"));
    m_routeComboBox->addItem(tr("GET /v1/verify — the JSON check"));
    m_routeComboBox->addItem(tr("GET /v1/auth — the forward-auth check (204, 401 or 403)"));
    m_routeComboBox->addItem(tr("POST /v1/agents/demo/run — the demo agent (scope agents:run)"));
    m_sendButton = new QPushButton(tr("&Send"), tryBox);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    auto* routeRow = new QHBoxLayout;
    routeRow->addWidget(m_routeComboBox, 1);
    routeRow->addWidget(m_sendButton);

    m_answerLabel = plainLabel(QStringLiteral("answerLabel"), tryBox);
    m_rateLimitLabel = plainLabel(QStringLiteral("rateLimitLabel"), tryBox);

    m_burstSpinBox = new QSpinBox(tryBox);
    m_burstSpinBox->setObjectName(QStringLiteral("burstSpinBox"));
    m_burstSpinBox->setRange(1, MaxBurstSize);
    m_burstSpinBox->setValue(DefaultBurstSize);
    m_burstSpinBox->setSuffix(tr(" requests"));
    m_burstSpinBox->setToolTip(tr("More than the key's per-minute limit shows the validator answering 429."));
    m_burstButton = new QPushButton(tr("Send &Burst"), tryBox);
    m_burstButton->setObjectName(QStringLiteral("burstButton"));
    auto* burstRow = new QHBoxLayout;
    burstRow->addWidget(m_burstSpinBox);
    burstRow->addWidget(m_burstButton);
    burstRow->addStretch();
    m_burstLabel = plainLabel(QStringLiteral("burstLabel"), tryBox);

    auto* tryLayout = new QFormLayout(tryBox);
    auto* keyLabel = new QLabel(tr("&Key:"), tryBox);
    keyLabel->setBuddy(m_keyLineEdit);
    tryLayout->addRow(keyLabel, keyRow);
    auto* routeLabel = new QLabel(tr("&Route:"), tryBox);
    routeLabel->setBuddy(m_routeComboBox);
    tryLayout->addRow(routeLabel, routeRow);
    tryLayout->addRow(tr("Answer:"), m_answerLabel);
    tryLayout->addRow(tr("Rate limit:"), m_rateLimitLabel);
    auto* burstLabel = new QLabel(tr("B&urst:"), tryBox);
    burstLabel->setBuddy(m_burstSpinBox);
    tryLayout->addRow(burstLabel, burstRow);
    tryLayout->addRow(QString(), m_burstLabel);
    connect(m_sendButton, &QPushButton::clicked, this, &LocalValidatorPanel::sendKey);
    connect(m_keyLineEdit, &QLineEdit::returnPressed, this, &LocalValidatorPanel::sendKey);
    connect(m_burstButton, &QPushButton::clicked, this, &LocalValidatorPanel::sendBurst);

    // --- What the validator serves
    auto* logBox = new QGroupBox(tr("Requests"), this);
    logBox->setObjectName(QStringLiteral("requestsGroupBox"));
    m_requestsCountLabel = plainLabel(QStringLiteral("requestsCountLabel"), logBox);
    m_successCountLabel = plainLabel(QStringLiteral("successCountLabel"), logBox);
    m_unauthorizedCountLabel = plainLabel(QStringLiteral("unauthorizedCountLabel"), logBox);
    m_forbiddenCountLabel = plainLabel(QStringLiteral("forbiddenCountLabel"), logBox);
    m_rateLimitedCountLabel = plainLabel(QStringLiteral("rateLimitedCountLabel"), logBox);
    auto* counters = new QHBoxLayout;
    const std::pair<QString, QLabel*> counterLabels[] = {
        {tr("Requests:"), m_requestsCountLabel}, {tr("2xx:"), m_successCountLabel},
        {tr("401:"), m_unauthorizedCountLabel},  {tr("403:"), m_forbiddenCountLabel},
        {tr("429:"), m_rateLimitedCountLabel},
    };
    for (const auto& [caption, value] : counterLabels) {
        counters->addWidget(new QLabel(caption, logBox));
        value->setWordWrap(false);
        counters->addWidget(value);
        counters->addSpacing(12);
    }
    counters->addStretch();
    m_clearLogButton = new QPushButton(tr("C&lear Log"), logBox);
    m_clearLogButton->setObjectName(QStringLiteral("clearLogButton"));
    counters->addWidget(m_clearLogButton);
    connect(m_clearLogButton, &QPushButton::clicked, this, &LocalValidatorPanel::clearLog);

    m_logTableView = new QTableView(logBox);
    m_logTableView->setObjectName(QStringLiteral("requestLogTableView"));
    m_logTableView->setModel(m_log);
    m_logTableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logTableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logTableView->setAlternatingRowColors(true);
    m_logTableView->verticalHeader()->hide();
    m_logTableView->horizontalHeader()->setStretchLastSection(false);
    m_logTableView->horizontalHeader()->setSectionResizeMode(RequestLogModel::Path, QHeaderView::Stretch);
    auto* logLayout = new QVBoxLayout(logBox);
    logLayout->addLayout(counters);
    logLayout->addWidget(m_logTableView, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(serverBox);
    layout->addWidget(tryBox);
    layout->addWidget(logBox, 1);

    setTabOrder(m_portSpinBox, m_startStopButton);
    setTabOrder(m_startStopButton, m_urlLabel);
    setTabOrder(m_urlLabel, m_keyLineEdit);
    setTabOrder(m_keyLineEdit, m_showKeyButton);
    setTabOrder(m_showKeyButton, m_routeComboBox);
    setTabOrder(m_routeComboBox, m_sendButton);
    setTabOrder(m_sendButton, m_burstSpinBox);
    setTabOrder(m_burstSpinBox, m_burstButton);
    setTabOrder(m_burstButton, m_clearLogButton);
    setTabOrder(m_clearLogButton, m_logTableView);
    showCounters();
}

void LocalValidatorPanel::createValidator()
{
    if (!m_database)
        return;
    // The desktop's validator: SPEC's defaults (in-memory rate limiter, usage tracked), no admin API.
    m_validator = new EmbeddedValidator(m_database, RuntimeConfig{}, this);
    connect(m_validator, &EmbeddedValidator::started, this, &LocalValidatorPanel::onStarted);
    connect(m_validator, &EmbeddedValidator::startFailed, this, &LocalValidatorPanel::onStartFailed);
    connect(m_validator, &EmbeddedValidator::stopped, this, &LocalValidatorPanel::onStopped);
    connect(m_validator, &EmbeddedValidator::stateChanged, this, &LocalValidatorPanel::updateControls);
    connect(m_validator, &EmbeddedValidator::requestServed, this, &LocalValidatorPanel::onRequestServed);
}

void LocalValidatorPanel::startOrStop()
{
    if (!m_validator)
        return;
    switch (m_validator->state()) {
    case EmbeddedValidator::State::Stopped:
        m_statusLabel->setText(tr("Starting the validator…"));
        m_validator->start(QHostAddress(QHostAddress::LocalHost), quint16(m_portSpinBox->value()));
        break;
    case EmbeddedValidator::State::Running:
        m_statusLabel->setText(tr("Stopping: writing the usage records…"));
        abortRequests();
        m_validator->stop();
        break;
    case EmbeddedValidator::State::Starting:
    case EmbeddedValidator::State::Stopping:
        break;
    }
    updateControls();
}

void LocalValidatorPanel::updateControls()
{
    const auto state = m_validator ? m_validator->state() : EmbeddedValidator::State::Stopped;
    const bool running = state == EmbeddedValidator::State::Running;
    const bool stopped = state == EmbeddedValidator::State::Stopped;
    switch (state) {
    case EmbeddedValidator::State::Stopped:
        m_startStopButton->setText(tr("S&tart Validator"));
        break;
    case EmbeddedValidator::State::Starting:
        m_startStopButton->setText(tr("Starting…"));
        break;
    case EmbeddedValidator::State::Running:
        m_startStopButton->setText(tr("S&top Validator"));
        break;
    case EmbeddedValidator::State::Stopping:
        m_startStopButton->setText(tr("Stopping…"));
        break;
    }
    m_startStopButton->setEnabled(m_validator && (running || stopped));
    m_portSpinBox->setEnabled(m_validator && stopped);
    const bool bursting = !m_burstReplies.isEmpty();
    m_sendButton->setEnabled(running);
    m_burstButton->setEnabled(running && !bursting);
    m_burstSpinBox->setEnabled(!bursting);
    if (running) {
        const QUrl url = m_validator->url();
        QUrl docs = url;
        docs.setPath(QStringLiteral("/docs"));
        m_urlLabel->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                                .arg(docs.toString().toHtmlEscaped(), url.toString().toHtmlEscaped()));
        m_urlLabel->setFocusPolicy(Qt::TabFocus);
    } else {
        m_urlLabel->clear();
        m_urlLabel->setFocusPolicy(Qt::NoFocus);
    }
}

void LocalValidatorPanel::onStarted(quint16 port)
{
    m_statusLabel->setText(tr("Listening on 127.0.0.1 port %1, for this computer only.").arg(port));
    updateControls();
}

void LocalValidatorPanel::onStartFailed(const QString& reason)
{
    m_statusLabel->setText(tr("The validator did not start. %1").arg(reason));
    updateControls();
}

void LocalValidatorPanel::onStopped()
{
    m_statusLabel->setText(tr("The validator is stopped; its usage records are written."));
    updateControls();
}

void LocalValidatorPanel::onRequestServed(const ValidatorRequestEvent& event)
{
    m_log->addEvent(event);
    ++m_counters.requests;
    if (event.status >= 200 && event.status < 300)
        ++m_counters.success;
    else if (event.status == 401)
        ++m_counters.unauthorized;
    else if (event.status == 403)
        ++m_counters.forbidden;
    else if (event.status == 429)
        ++m_counters.rateLimited;
    showCounters();
}

void LocalValidatorPanel::showCounters()
{
    const QLocale locale;
    m_requestsCountLabel->setText(locale.toString(m_counters.requests));
    m_successCountLabel->setText(locale.toString(m_counters.success));
    m_unauthorizedCountLabel->setText(locale.toString(m_counters.unauthorized));
    m_forbiddenCountLabel->setText(locale.toString(m_counters.forbidden));
    m_rateLimitedCountLabel->setText(locale.toString(m_counters.rateLimited));
}

void LocalValidatorPanel::clearLog()
{
    m_log->clear();
    m_counters = {};
    showCounters();
}

std::optional<QByteArray> LocalValidatorPanel::authorizationHeader(QString* problem) const
{
    // Checked here, not left to the network stack: a header with a line break or
    // non-ASCII bytes must never be sent, and the person should hear why.
    const QString key = m_keyLineEdit->text().trimmed();
    if (key.isEmpty()) {
        *problem = tr("Type or paste a key first.");
        return std::nullopt;
    }
    if (key.size() > MaxKeyLength) {
        *problem = tr("That text is %n characters long; an API key has 57. Nothing was sent.", nullptr,
                      int(qMin<qsizetype>(key.size(), std::numeric_limits<int>::max())));
        return std::nullopt;
    }
    const bool printableAscii
        = std::all_of(key.cbegin(), key.cend(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
    if (!printableAscii) {
        *problem = tr("The key contains spaces, control characters or non-ASCII letters, which no API key has. "
                      "Nothing was sent.");
        return std::nullopt;
    }
    return QByteArrayLiteral("Bearer ") + key.toLatin1();
}

LocalValidatorPanel::Route LocalValidatorPanel::selectedRoute() const
{
    switch (m_routeComboBox->currentIndex()) {
    case 1:
        return {QByteArrayLiteral("GET"), QStringLiteral("/v1/auth"), {}};
    case 2:
        return {QByteArrayLiteral("POST"), QStringLiteral("/v1/agents/demo/run"),
                QByteArrayLiteral(R"({"input":"Hello from the KeyWarden desktop app"})")};
    default:
        return {QByteArrayLiteral("GET"), QStringLiteral("/v1/verify"), {}};
    }
}

QNetworkReply* LocalValidatorPanel::send(const Route& route, const QByteArray& authorization)
{
    QUrl url = m_validator->url();
    url.setPath(route.path);
    QNetworkRequest request(url);
    request.setRawHeader(QByteArrayLiteral("Authorization"), authorization);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("KeyWarden desktop (try a key)"));
    request.setTransferTimeout(RequestTimeoutMs);
    if (!route.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    return m_network->sendCustomRequest(request, route.method, route.body);
}

void LocalValidatorPanel::sendKey()
{
    if (!m_validator || !m_validator->isRunning()) {
        m_answerLabel->setText(tr("Start the validator first."));
        m_rateLimitLabel->clear();
        emit keyTried(0, QString());
        return;
    }
    QString problem;
    const auto authorization = authorizationHeader(&problem);
    if (!authorization) {
        m_answerLabel->setText(problem);
        m_rateLimitLabel->clear();
        emit keyTried(0, QString());
        return;
    }
    if (QNetworkReply* previous = std::exchange(m_tryReply, nullptr))
        previous->abort(); // only the latest answer is shown
    QNetworkReply* reply = send(selectedRoute(), *authorization);
    m_tryReply = reply;
    m_answerLabel->setText(tr("Sending…"));
    m_rateLimitLabel->clear();
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_tryReply)
            return;
        m_tryReply = nullptr;
        showAnswer(reply);
    });
}

void LocalValidatorPanel::showAnswer(QNetworkReply* reply)
{
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid()) {
        m_answerLabel->setText(tr("No answer from the validator: %1").arg(reply->errorString()));
        m_rateLimitLabel->clear();
        emit keyTried(0, QString());
        return;
    }
    const int status = statusAttribute.toInt();
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    const QJsonObject error = body.value(QStringLiteral("error")).toObject();
    // /v1/auth answers without a body and names the refusal in X-Auth-Error.
    QString code = QString::fromLatin1(reply->rawHeader(QByteArrayLiteral("X-Auth-Error")));
    if (code.isEmpty())
        code = error.value(QStringLiteral("code")).toString();
    QString message = error.value(QStringLiteral("message")).toString();
    // The validator never echoes a key; this holds even if it someday did.
    const QString key = m_keyLineEdit->text().trimmed();
    if (!key.isEmpty() && message.contains(key))
        message.clear();

    QString text;
    if (status >= 200 && status < 300) {
        const QString slug = body.value(QStringLiteral("organization_slug")).toString();
        text = slug.isEmpty() ? tr("%1 %2: the key is valid.").arg(status).arg(reason)
                              : tr("%1 %2: the key is valid (organization %3).").arg(status).arg(reason, slug);
    } else if (!code.isEmpty()) {
        text = tr("%1 %2: %3").arg(status).arg(reason, code);
        if (!message.isEmpty())
            text += QStringLiteral(" — ") + message;
    } else {
        text = tr("%1 %2").arg(status).arg(reason);
    }
    m_answerLabel->setText(text);

    QStringList rate;
    const QByteArray limit = reply->rawHeader(QByteArrayLiteral("X-RateLimit-Limit"));
    if (!limit.isEmpty()) {
        const QByteArray remaining = reply->rawHeader(QByteArrayLiteral("X-RateLimit-Remaining"));
        const qint64 reset = reply->rawHeader(QByteArrayLiteral("X-RateLimit-Reset")).toLongLong();
        const qint64 in = qMax<qint64>(0, reset - QDateTime::currentSecsSinceEpoch());
        rate << tr("%1 per minute, %2 remaining, resets at %3 (in %n s).", nullptr, int(in))
                    .arg(QString::fromLatin1(limit), QString::fromLatin1(remaining),
                         QLocale().toString(QDateTime::fromSecsSinceEpoch(reset).time(), QLocale::LongFormat));
    }
    const QByteArray retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
    if (!retryAfter.isEmpty())
        rate << tr("Retry after %n s.", nullptr, retryAfter.toInt());
    m_rateLimitLabel->setText(rate.isEmpty() ? tr("No rate-limit headers in the answer.")
                                             : rate.join(QLatin1Char(' ')));
    emit keyTried(status, code);
}

void LocalValidatorPanel::sendBurst()
{
    if (!m_validator || !m_validator->isRunning() || !m_burstReplies.isEmpty())
        return;
    QString problem;
    const auto authorization = authorizationHeader(&problem);
    if (!authorization) {
        m_burstLabel->setText(problem);
        emit burstFinished(0, 0, 0);
        return;
    }
    const Route route = selectedRoute();
    m_burstSize = m_burstSpinBox->value();
    m_burstSucceeded = m_burstRateLimited = m_burstOther = 0;
    for (int i = 0; i < m_burstSize; ++i) {
        QNetworkReply* reply = send(route, *authorization);
        m_burstReplies.append(reply);
        connect(reply, &QNetworkReply::finished, this, [this, reply] { onBurstAnswer(reply); });
    }
    m_burstLabel->setText(tr("Sending %n request(s)…", nullptr, m_burstSize));
    updateControls();
}

void LocalValidatorPanel::onBurstAnswer(QNetworkReply* reply)
{
    reply->deleteLater();
    if (!m_burstReplies.removeOne(reply))
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300)
        ++m_burstSucceeded;
    else if (isRateLimited(status, reply->rawHeader(QByteArrayLiteral("X-Auth-Error"))))
        ++m_burstRateLimited;
    else
        ++m_burstOther;
    const int answered = m_burstSucceeded + m_burstRateLimited + m_burstOther;
    //: %1 answered so far, %2 in the burst, %3 succeeded, %4 rate-limited, %5 other
    const QString counts = tr("%1 of %2 answered: %3 succeeded, %4 rate-limited (429), %5 other.")
                               .arg(answered)
                               .arg(m_burstSize)
                               .arg(m_burstSucceeded)
                               .arg(m_burstRateLimited)
                               .arg(m_burstOther);
    m_burstLabel->setText(counts);
    if (!m_burstReplies.isEmpty())
        return;
    updateControls();
    emit burstFinished(m_burstSucceeded, m_burstRateLimited, m_burstOther);
}

void LocalValidatorPanel::abortRequests()
{
    if (QNetworkReply* reply = std::exchange(m_tryReply, nullptr))
        reply->abort();
    const auto burst = std::exchange(m_burstReplies, {});
    for (const QPointer<QNetworkReply>& reply : burst) {
        if (reply)
            reply->abort();
    }
    if (!burst.isEmpty())
        m_burstLabel->setText(tr("The burst was cancelled."));
}
