// The local validator panel, offscreen, against a real embedded validator on loopback, on
// SQLite and PostgreSQL: start from the button, try keys (valid, revoked, rate-limited,
// hostile text), the live log never shows a full key, and stop frees the port.
#include "ApiKeyService.h"
#include "EmbeddedValidator.h"
#include "LocalValidatorPanel.h"
#include "LogCapture.h"
#include "RequestLogModel.h"
#include "TestDatabase.h"
#include "TestFixtures.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QToolButton>

#include <memory>

class TestLocalValidatorPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startsAndStopsFromTheButton();
    void triesAValidKeyAndShowsRateLimitHeaders();
    void revokedKeyIsRefusedAtOnce();
    void forwardAuthRouteShowsTheAuthErrorHeader();
    void burstRunsIntoTheRateLimit();
    void logNeverShowsTheFullKey();
    void refusesHostileKeyText_data();
    void refusesHostileKeyText();
    void busyPortIsReportedInWords();
    void switchingDatabasesStopsTheValidator();
    void logKeepsTheLast500NewestFirst();

private:
    std::shared_ptr<Database> sharedDatabase()
    {
        return std::shared_ptr<Database>(&m_db->database(), [](Database*) {});
    }
    template <typename T>
    T* child(const char* name)
    {
        auto* widget = m_panel->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no child %s", name);
        return widget;
    }
    // Starts from the button on a free port; the port it got.
    quint16 start();
    // Types `key` and presses Enter (or clicks Send); the status of the answer.
    int tryKey(const QString& key, bool pressEnter = true);
    QString text(const char* labelName) { return child<QLabel>(labelName)->text(); }
    // The start/stop button's verb, without its mnemonic.
    QString startStopText() { return child<QPushButton>("startStopButton")->text().remove(u'&'); }
    QStringList allVisibleText();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<LocalValidatorPanel> m_panel;
};

void TestLocalValidatorPanel::init()
{
    m_db = std::make_unique<TestDatabase>();
    KW_REQUIRE_DB(*m_db);
    m_panel = std::make_unique<LocalValidatorPanel>(sharedDatabase());
    m_panel->resize(900, 700);
    m_panel->show();
}

void TestLocalValidatorPanel::cleanup()
{
    m_panel.reset();
    m_db.reset();
}

quint16 TestLocalValidatorPanel::start()
{
    auto* port = child<QSpinBox>("portSpinBox");
    port->setValue(0);
    QSignalSpy started(m_panel->validator(), &EmbeddedValidator::started);
    QTest::mouseClick(child<QPushButton>("startStopButton"), Qt::LeftButton);
    if (!started.wait(10000))
        return 0;
    return started.first().first().value<quint16>();
}

int TestLocalValidatorPanel::tryKey(const QString& key, bool pressEnter)
{
    auto* edit = child<QLineEdit>("tryKeyLineEdit");
    edit->setText(key);
    QSignalSpy tried(m_panel.get(), &LocalValidatorPanel::keyTried);
    if (pressEnter) {
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_Return);
    } else {
        QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    }
    if (tried.isEmpty() && !tried.wait(10000))
        return -1;
    return tried.first().first().toInt();
}

QStringList TestLocalValidatorPanel::allVisibleText()
{
    QStringList texts;
    for (const QLabel* label : m_panel->findChildren<QLabel*>())
        texts << label->text() << label->toolTip();
    const QAbstractItemModel* model = child<QTableView>("requestLogTableView")->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            const QModelIndex index = model->index(row, column);
            texts << index.data().toString() << index.data(Qt::ToolTipRole).toString()
                  << index.data(RequestLogModel::SortRole).toString();
        }
    }
    return texts;
}

void TestLocalValidatorPanel::startsAndStopsFromTheButton()
{
    auto* button = child<QPushButton>("startStopButton");
    QCOMPARE(child<QSpinBox>("portSpinBox")->value(), 8080);
    QCOMPARE(startStopText(), QStringLiteral("Start Validator"));
    QVERIFY(!child<QPushButton>("sendButton")->isEnabled());
    const quint16 port = start();
    QVERIFY(port != 0);
    QVERIFY(m_panel->validator()->isRunning());
    QCOMPARE(startStopText(), QStringLiteral("Stop Validator"));
    QVERIFY(!child<QSpinBox>("portSpinBox")->isEnabled());
    QVERIFY(child<QPushButton>("sendButton")->isEnabled());
    QVERIFY(text("urlLabel").contains(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QVERIFY(text("statusLabel").contains(QString::number(port)));
    QVERIFY(!QTcpServer().listen(QHostAddress::LocalHost, port));

    QSignalSpy stopped(m_panel->validator(), &EmbeddedValidator::stopped);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(stopped.wait(10000));
    QCOMPARE(startStopText(), QStringLiteral("Start Validator"));
    QVERIFY(child<QSpinBox>("portSpinBox")->isEnabled());
    QVERIFY(text("urlLabel").isEmpty());
    QVERIFY(!child<QPushButton>("sendButton")->isEnabled());
    QTcpServer probe;
    QVERIFY2(probe.listen(QHostAddress::LocalHost, port), "stop must free the port");
}

void TestLocalValidatorPanel::triesAValidKeyAndShowsRateLimitHeaders()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    QVERIFY(start() != 0);
    QCOMPARE(child<QLineEdit>("tryKeyLineEdit")->echoMode(), QLineEdit::Password);
    QCOMPARE(tryKey(key.fullKey), 200);
    QVERIFY2(text("answerLabel").startsWith(QStringLiteral("200")), qPrintable(text("answerLabel")));
    QVERIFY(text("answerLabel").contains(QStringLiteral("acme")));
    // Pro plan: 60 a minute, one used.
    QVERIFY2(text("rateLimitLabel").contains(QStringLiteral("60 per minute, 59 remaining")),
             qPrintable(text("rateLimitLabel")));
    QVERIFY(text("rateLimitLabel").contains(QStringLiteral("resets at")));

    // The demo agent route, from the Send button.
    child<QComboBox>("routeComboBox")->setCurrentIndex(2);
    QCOMPARE(tryKey(key.fullKey, false), 200);
    QVERIFY(text("rateLimitLabel").contains(QStringLiteral("58 remaining")));

    // The show toggle only changes how the field echoes.
    auto* show = child<QToolButton>("showKeyToolButton");
    show->click();
    QCOMPARE(child<QLineEdit>("tryKeyLineEdit")->echoMode(), QLineEdit::Normal);
    show->click();
    QCOMPARE(child<QLineEdit>("tryKeyLineEdit")->echoMode(), QLineEdit::Password);
}

void TestLocalValidatorPanel::revokedKeyIsRefusedAtOnce()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    QVERIFY(start() != 0);
    QCOMPARE(tryKey(key.fullKey), 200); // cached as valid now
    ApiKeyService keys(m_db->database());
    QVERIFY(keys.revokeKey(key.key.id, QStringLiteral("leaked in a test"), QStringLiteral("test")).ok());
    // SPEC: every running validator refuses a revoked key within 100 ms.
    QTest::qWait(150);
    QCOMPARE(tryKey(key.fullKey), 401);
    QVERIFY2(text("answerLabel").contains(QStringLiteral("revoked_api_key")), qPrintable(text("answerLabel")));
    QVERIFY(text("answerLabel").startsWith(QStringLiteral("401")));
}

void TestLocalValidatorPanel::forwardAuthRouteShowsTheAuthErrorHeader()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id, {QStringLiteral("read")});
    QVERIFY(start() != 0);
    child<QComboBox>("routeComboBox")->setCurrentIndex(1);
    QCOMPARE(tryKey(key.fullKey), 204);
    QString unknown = key.fullKey;
    unknown[20] = unknown[20] == u'a' ? u'b' : u'a';
    QCOMPARE(tryKey(unknown), 401);
    QVERIFY2(text("answerLabel").contains(QStringLiteral("invalid_api_key")), qPrintable(text("answerLabel")));
    // Scope refusal: 403 with the code from the JSON body.
    child<QComboBox>("routeComboBox")->setCurrentIndex(2);
    QCOMPARE(tryKey(key.fullKey), 403);
    QVERIFY(text("answerLabel").contains(QStringLiteral("insufficient_scope")));
}

void TestLocalValidatorPanel::burstRunsIntoTheRateLimit()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id, {QStringLiteral("*")}, 5);
    QVERIFY(start() != 0);
    QCOMPARE(child<QSpinBox>("burstSpinBox")->value(), 70);
    child<QLineEdit>("tryKeyLineEdit")->setText(key.fullKey);
    child<QSpinBox>("burstSpinBox")->setValue(12);
    QSignalSpy finished(m_panel.get(), &LocalValidatorPanel::burstFinished);
    QTest::mouseClick(child<QPushButton>("burstButton"), Qt::LeftButton);
    QVERIFY(!child<QPushButton>("burstButton")->isEnabled()); // one burst at a time
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toInt(), 5);
    QCOMPARE(finished.first().at(1).toInt(), 7);
    QCOMPARE(finished.first().at(2).toInt(), 0);
    QVERIFY2(text("burstLabel").contains(QStringLiteral("5 succeeded, 7 rate-limited (429)")),
             qPrintable(text("burstLabel")));
    QVERIFY(child<QPushButton>("burstButton")->isEnabled());

    // A single try now shows the 429 with Retry-After; the counters saw them all.
    QCOMPARE(tryKey(key.fullKey), 429);
    QVERIFY(text("answerLabel").contains(QStringLiteral("rate_limit_exceeded")));
    QVERIFY2(text("rateLimitLabel").contains(QStringLiteral("Retry after")), qPrintable(text("rateLimitLabel")));
    QVERIFY(text("rateLimitLabel").contains(QStringLiteral("0 remaining")));
    QTRY_COMPARE(text("requestsCountLabel"), QStringLiteral("13"));
    QCOMPARE(text("successCountLabel"), QStringLiteral("5"));
    QCOMPARE(text("rateLimitedCountLabel"), QStringLiteral("8"));
    QCOMPARE(m_panel->requestLog()->rowCount(), 13);
}

void TestLocalValidatorPanel::logNeverShowsTheFullKey()
{
    QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.debug=true\nqt.network.*.debug=true"));
    LogCapture logs;
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    QVERIFY(start() != 0);
    QAbstractItemModelTester tester(m_panel->requestLog(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(tryKey(key.fullKey), 200);
    QString wrong = key.fullKey;
    wrong[30] = wrong[30] == u'x' ? u'y' : u'x';
    QCOMPARE(tryKey(wrong), 401);
    child<QComboBox>("routeComboBox")->setCurrentIndex(1);
    QCOMPARE(tryKey(key.fullKey), 204);
    // The field is still showing the key, in clear text even.
    child<QToolButton>("showKeyToolButton")->click();

    auto* table = child<QTableView>("requestLogTableView");
    QTRY_COMPARE(table->model()->rowCount(), 3);
    // Newest on top.
    QCOMPARE(table->model()->index(0, RequestLogModel::Path).data().toString(), QStringLiteral("/v1/auth"));
    QCOMPARE(table->model()->index(0, RequestLogModel::Status).data().toInt(), 204);
    QCOMPARE(table->model()->index(1, RequestLogModel::Status).data().toInt(), 401);
    QCOMPARE(table->model()->index(1, RequestLogModel::ErrorCode).data().toString(), QStringLiteral("invalid_api_key"));
    QCOMPARE(table->model()->index(2, RequestLogModel::MaskedKey).data().toString(),
             key.fullKey.left(12) + QChar(0x2026) + key.fullKey.right(4));

    const QString secretPart = key.fullKey.mid(12, 30); // what masking hides
    for (const QString& text : allVisibleText()) {
        QVERIFY2(!text.contains(key.fullKey), qPrintable(text));
        QVERIFY2(!text.contains(wrong), "a wrong key is still a secret someone typed");
        QVERIFY2(!text.contains(secretPart), "masking must hide the middle of the key");
    }
    QVERIFY(!logs.contains(key.fullKey));
    QVERIFY(!logs.contains(wrong));
    QVERIFY(!logs.contains(secretPart));
    QLoggingCategory::setFilterRules(QString());
}

void TestLocalValidatorPanel::refusesHostileKeyText_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");
    const QString tooLong = QStringLiteral("tooLong");
    const QString badCharacters = QStringLiteral("characters");
    QTest::newRow("10 KB") << QString(10 * 1024, u'A') << tooLong;
    QTest::newRow("10 KB of key-like text") << QStringLiteral("pk_live_") + QString(10 * 1024, u'z') << tooLong;
    QTest::newRow("CR LF header injection")
        << QStringLiteral("pk_live_abc\r\nX-Required-Scope: admin") << badCharacters;
    QTest::newRow("NUL") << QStringLiteral("pk_live_abc") + QChar(0) + QStringLiteral("def") << badCharacters;
    QTest::newRow("tab") << QStringLiteral("pk_live_abc\tdef") << badCharacters;
    QTest::newRow("escape") << QStringLiteral("pk_live_\x1b[31mred") << badCharacters;
    QTest::newRow("non-ASCII") << QStringLiteral("pk_live_schlüssel_ключ_鍵") << badCharacters;
    QTest::newRow("emoji") << QStringLiteral("pk_live_\U0001F511") << badCharacters;
    QTest::newRow("inner space") << QStringLiteral("pk_live_abc def") << badCharacters;
    QTest::newRow("empty") << QStringLiteral("   ") << QStringLiteral("empty");
}

void TestLocalValidatorPanel::refusesHostileKeyText()
{
    QFETCH(QString, key);
    QFETCH(QString, message);
    QVERIFY(start() != 0);
    QSignalSpy served(m_panel->validator(), &EmbeddedValidator::requestServed);
    QCOMPARE(tryKey(key), 0);
    const QString shown = text("answerLabel");
    if (message == QLatin1String("tooLong"))
        QVERIFY2(shown.contains(QStringLiteral("characters long"))
                     && shown.contains(QStringLiteral("Nothing was sent")),
                 qPrintable(shown));
    else if (message == QLatin1String("characters"))
        QVERIFY2(shown.contains(QStringLiteral("control characters"))
                     && shown.contains(QStringLiteral("Nothing was sent")),
                 qPrintable(shown));
    else
        QVERIFY2(shown.contains(QStringLiteral("Type or paste a key")), qPrintable(shown));
    QVERIFY(!shown.contains(key.trimmed()) || key.trimmed().isEmpty());

    // The burst refuses it the same way.
    QSignalSpy burst(m_panel.get(), &LocalValidatorPanel::burstFinished);
    QTest::mouseClick(child<QPushButton>("burstButton"), Qt::LeftButton);
    QCOMPARE(burst.size(), 1);
    QCOMPARE(burst.first().at(0).toInt() + burst.first().at(1).toInt() + burst.first().at(2).toInt(), 0);

    // Nothing reached the validator; it still serves a sane request.
    QTest::qWait(100);
    QCOMPARE(served.size(), 0);
    QCOMPARE(m_panel->requestLog()->rowCount(), 0);
    QCOMPARE(tryKey(QStringLiteral("pk_live_nonsense")), 401);
    QTRY_COMPARE(m_panel->requestLog()->rowCount(), 1);
}

void TestLocalValidatorPanel::busyPortIsReportedInWords()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    child<QSpinBox>("portSpinBox")->setValue(occupant.serverPort());
    QSignalSpy failed(m_panel->validator(), &EmbeddedValidator::startFailed);
    QTest::mouseClick(child<QPushButton>("startStopButton"), Qt::LeftButton);
    QVERIFY(failed.wait(10000));
    QVERIFY2(text("statusLabel").contains(QStringLiteral("Port %1 is already in use.").arg(occupant.serverPort())),
             qPrintable(text("statusLabel")));
    QVERIFY(child<QPushButton>("startStopButton")->isEnabled());
    QCOMPARE(startStopText(), QStringLiteral("Start Validator"));
    QVERIFY(child<QSpinBox>("portSpinBox")->isEnabled());
}

void TestLocalValidatorPanel::switchingDatabasesStopsTheValidator()
{
    const Organization org = TestFixtures::organization(m_db->database(), QStringLiteral("acme"));
    const CreatedKey key = TestFixtures::key(m_db->database(), org.id);
    const quint16 port = start();
    QVERIFY(port != 0);
    QCOMPARE(tryKey(key.fullKey), 200);
    QPointer<EmbeddedValidator> old = m_panel->validator();
    m_panel->setDatabase(sharedDatabase());
    QVERIFY(m_panel->validator() != old);
    QVERIFY(!m_panel->validator()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(old.isNull(), 10000); // stopped, usage written, then gone
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, port));
    probe.close();
    QCOMPARE(startStopText(), QStringLiteral("Start Validator"));
    // The new one starts from the button as before.
    QVERIFY(start() != 0);
    QCOMPARE(tryKey(key.fullKey), 200);

    m_panel->setDatabase(nullptr);
    QVERIFY(!child<QPushButton>("startStopButton")->isEnabled());
    QVERIFY(text("statusLabel").contains(QStringLiteral("no database")));
}

void TestLocalValidatorPanel::logKeepsTheLast500NewestFirst()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 510; ++i) {
        ValidatorRequestEvent event;
        event.timestamp = QDateTime::currentDateTimeUtc();
        event.method = QStringLiteral("GET");
        event.path = QStringLiteral("/v1/verify/%1").arg(i);
        event.status = 200;
        event.latencyMicros = i;
        model.addEvent(event);
    }
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.index(0, RequestLogModel::Path).data().toString(), QStringLiteral("/v1/verify/509"));
    QCOMPARE(model.index(499, RequestLogModel::Path).data().toString(), QStringLiteral("/v1/verify/10"));
    QCOMPARE(model.index(0, RequestLogModel::Latency).data(RequestLogModel::SortRole).toLongLong(), 509);
    QCOMPARE(model.headerData(RequestLogModel::MaskedKey, Qt::Horizontal).toString(), QStringLiteral("Key"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestLocalValidatorPanel)
#include "TestLocalValidatorPanel.moc"
