#include "ApiKeyService.h"
#include "CreateKeyCommand.h"
#include "CreateKeyDialog.h"
#include "CreateOrganizationCommand.h"
#include "DatabaseExecutor.h"
#include "EmbeddedValidator.h"
#include "InMemoryCredentialStore.h"
#include "KeyRevealDialog.h"
#include "KeysPanel.h"
#include "LocalValidatorPanel.h"
#include "MainWindow.h"
#include "OrganizationDialog.h"
#include "OrganizationsPanel.h"
#include "RevokeKeyCommand.h"
#include "RevokeKeyDialog.h"
#include "TestDatabase.h"
#include "TestFixtures.h"
#include "ValidatorHarness.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The desktop app end to end, through its window, commands and dialogs, on a real database.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void firstStartSeedsAndRevealsTheTestKey();
    void createsAnOrganizationAndAKey();
    void revocationFromTheGuiReachesARunningValidator();
    void failureToConnectIsShownInWords();
    void remembersLayoutAndConnection();

private:
    void openTestDatabase(MainWindow& window, TestDatabase& testDb);
    static QString keyFromReveal(QWidget* reveal);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<InMemoryCredentialStore> m_credentials;
};

void TestMainWindow::init()
{
    // DATABASE_URL overrides the remembered connection (by design); a developer's shell may
    // have it set, and these tests are about what happens without it.
    qunsetenv("DATABASE_URL");
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_credentials = std::make_unique<InMemoryCredentialStore>();
}

void TestMainWindow::cleanup()
{
    m_settings.reset();
    m_credentials.reset();
    m_dir.reset();
}

void TestMainWindow::openTestDatabase(MainWindow& window, TestDatabase& testDb)
{
    auto url = DatabaseUrl::parse(testDb.url());
    QVERIFY(url);
    QSignalSpy opened(&window, &MainWindow::databaseOpened);
    window.openDatabase(url.value(), false);
    QVERIFY(opened.wait(15000));
    QSignalSpy loaded(window.organizationsPanel(), &OrganizationsPanel::loaded);
    if (window.organizationsPanel()->model()->rowCount() == 0)
        QVERIFY(loaded.wait(10000) || window.organizationsPanel()->model()->rowCount() > 0);
}

QString TestMainWindow::keyFromReveal(QWidget* reveal)
{
    auto* edit = reveal->findChild<QLineEdit*>(QStringLiteral("keyLineEdit"));
    return edit ? edit->text() : QString();
}

void TestMainWindow::firstStartSeedsAndRevealsTheTestKey()
{
    // The embedded default, on a fresh file: migrated, seeded, the test key shown once.
    DatabaseUrl url;
    url.engine = DatabaseEngine::SQLite;
    url.sqlitePath = m_dir->filePath(QStringLiteral("data/keywarden.db"));
    MainWindow window(m_settings.get(), m_credentials.get());
    window.show();
    QSignalSpy revealed(&window, &MainWindow::seededKeyShown);
    QSignalSpy opened(&window, &MainWindow::databaseOpened);
    window.openDatabase(url, true);
    QVERIFY(opened.wait(15000));
    QCOMPARE(revealed.count(), 1);
    auto* reveal = qobject_cast<KeyRevealDialog*>(revealed.first().first().value<QWidget*>());
    QVERIFY(reveal);
    const QString fullKey = keyFromReveal(reveal);
    QVERIFY(fullKey.startsWith(QLatin1String("pk_test_")));
    QVERIFY(window.windowTitle().contains(QStringLiteral("keywarden.db")));

    Database check(url);
    QVERIFY(ApiKeyService(check).validate(fullKey));
    check.releaseThreadConnection();

    QTRY_COMPARE(window.organizationsPanel()->model()->rowCount(), 1);
    QCOMPARE(window.organizationsPanel()->currentOrganization()->organization.slug, QStringLiteral("default"));
    QTRY_COMPARE(window.keysPanel()->model()->rowCount(), 1);

    reveal->setCloseConfirmation([] { return true; });
    reveal->reject();
    for (QWidget* widget : QApplication::allWidgets()) {
        if (auto* edit = qobject_cast<QLineEdit*>(widget))
            QVERIFY(!edit->text().contains(fullKey));
    }

    // A second start creates nothing new and shows no key.
    MainWindow again(m_settings.get(), m_credentials.get());
    QSignalSpy revealedAgain(&again, &MainWindow::seededKeyShown);
    QSignalSpy openedAgain(&again, &MainWindow::databaseOpened);
    again.openDatabase(url, true);
    QVERIFY(openedAgain.wait(15000));
    QCOMPARE(revealedAgain.count(), 0);
}

void TestMainWindow::createsAnOrganizationAndAKey()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    MainWindow window(m_settings.get(), m_credentials.get());
    window.show();
    openTestDatabase(window, testDb);

    // New organization through its command and dialog.
    CreateOrganizationCommand* createOrganization = window.createOrganizationCommand();
    QVERIFY(createOrganization->action()->isEnabled());
    QSignalSpy opened(createOrganization, &Command::dialogOpened);
    QSignalSpy changed(createOrganization, &Command::changed);
    createOrganization->action()->trigger();
    QCOMPARE(opened.count(), 1);
    auto* orgDialog = qobject_cast<OrganizationDialog*>(opened.first().first().value<QWidget*>());
    QVERIFY(orgDialog);
    QTest::keyClicks(orgDialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")), QStringLiteral("Initech"));
    QTest::keyClicks(orgDialog->findChild<QLineEdit*>(QStringLiteral("emailLineEdit")),
                     QStringLiteral("it@initech.test"));
    QTest::keyClick(orgDialog->findChild<QLineEdit*>(QStringLiteral("emailLineEdit")), Qt::Key_Return);
    QVERIFY(changed.wait(10000));
    QTRY_VERIFY(window.organizationsPanel()->currentOrganization()
                && window.organizationsPanel()->currentOrganization()->organization.slug == QLatin1String("initech"));

    // A second organization with the same slug is refused in the dialog, which keeps the input.
    createOrganization->action()->trigger();
    auto* duplicate = qobject_cast<OrganizationDialog*>(opened.last().first().value<QWidget*>());
    duplicate->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Initech"));
    duplicate->findChild<QLineEdit*>(QStringLiteral("emailLineEdit"))->setText(QStringLiteral("other@initech.test"));
    QTest::mouseClick(duplicate->submitButton(), Qt::LeftButton);
    QTRY_VERIFY(!duplicate->isBusy());
    QVERIFY(duplicate->isVisible());
    QVERIFY(duplicate->messageText().startsWith(QStringLiteral("Could not create the organization")));
    QCOMPARE(duplicate->findChild<QLineEdit*>(QStringLiteral("emailLineEdit"))->text(),
             QStringLiteral("other@initech.test"));
    duplicate->reject();

    // New key: dialog, then the reveal dialog with a key that works.
    CreateKeyCommand* createKey = window.createKeyCommand();
    QTRY_VERIFY(createKey->action()->isEnabled());
    QSignalSpy keyDialogOpened(createKey, &Command::dialogOpened);
    QSignalSpy revealed(createKey, &CreateKeyCommand::keyRevealed);
    createKey->action()->trigger();
    auto* keyDialog = qobject_cast<CreateKeyDialog*>(keyDialogOpened.first().first().value<QWidget*>());
    QVERIFY(keyDialog);
    QTest::keyClicks(keyDialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit")), QStringLiteral("backend"));
    QTest::mouseClick(keyDialog->submitButton(), Qt::LeftButton);
    QVERIFY(revealed.wait(10000));
    auto* reveal = qobject_cast<KeyRevealDialog*>(revealed.first().first().value<QWidget*>());
    const QString fullKey = keyFromReveal(reveal);
    auto validated = ApiKeyService(testDb.database()).validate(fullKey);
    QVERIFY(validated);
    QCOMPARE(validated->organization.slug, QStringLiteral("initech"));
    reveal->copyToClipboard();
    QCOMPARE(QGuiApplication::clipboard()->text(), fullKey);
    reveal->setCloseConfirmation([] { return true; });
    reveal->accept();

    QTRY_COMPARE(window.keysPanel()->model()->rowCount(), 1);
    QTRY_COMPARE(window.keysPanel()->currentKey().value_or(ApiKey{}).name, QStringLiteral("backend"));
    const QAbstractItemModel* keys = window.keysPanel()->view()->model();
    QCOMPARE(keys->index(0, ApiKeyTableModel::MaskedKeyColumn).data().toString(), validated->key.maskedKey());
    // The organizations table counts it.
    QTRY_COMPARE(window.organizationsPanel()->currentOrganization()->keysInUse, 1);
}

void TestMainWindow::revocationFromTheGuiReachesARunningValidator()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    Database& db = testDb.database();
    const Organization org = TestFixtures::organization(db, QStringLiteral("acme"));
    const CreatedKey created = TestFixtures::key(db, org.id);
    ValidatorHarness validator(db);
    const QByteArray authorization = bearer(created.fullKey);
    QCOMPARE(RawHttp::request(validator.port(), "GET", "/v1/verify", {authorization}).status, 200);

    MainWindow window(m_settings.get(), m_credentials.get());
    window.show();
    openTestDatabase(window, testDb);
    QTRY_VERIFY(window.keysPanel()->model()->rowCount() == 1);
    // The app's own validator too, with the key in its cache.
    window.validatorPanel()->findChild<QSpinBox*>(QStringLiteral("portSpinBox"))->setValue(0);
    QSignalSpy started(window.validatorPanel()->validator(), &EmbeddedValidator::started);
    QTest::mouseClick(window.validatorPanel()->findChild<QPushButton*>(QStringLiteral("startStopButton")),
                      Qt::LeftButton);
    QVERIFY(started.wait(10000));
    const quint16 localPort = started.first().first().value<quint16>();
    QCOMPARE(RawHttp::request(localPort, "GET", "/v1/verify", {authorization}).status, 200);
    // Its change watcher held, so that only the app's own forget() can make the difference.
    auto hold = std::make_unique<ChangeWatcherHold>(window.validatorPanel()->validator()->changeWatchContext());
    QVERIFY(hold->isHolding());
    window.keysPanel()->view()->selectRow(0);
    RevokeKeyCommand* revoke = window.revokeKeyCommand();
    QTRY_VERIFY(revoke->action()->isEnabled());
    QSignalSpy opened(revoke, &Command::dialogOpened);
    QSignalSpy changed(revoke, &Command::changed);
    revoke->action()->trigger();
    auto* dialog = qobject_cast<RevokeKeyDialog*>(opened.first().first().value<QWidget*>());
    QVERIFY(dialog);
    QCOMPARE(dialog->key().id, created.key.id);
    dialog->findChild<QPlainTextEdit*>(QStringLiteral("reasonPlainTextEdit"))->setPlainText(QStringLiteral("leaked"));
    QTest::keyClick(dialog->findChild<QCheckBox*>(QStringLiteral("confirmCheckBox")), Qt::Key_Space);
    QTest::mouseClick(dialog->submitButton(), Qt::LeftButton);
    QVERIFY(changed.wait(10000));
    // The app's validator forgot the key as the change was announced: its very next answer
    // is a refusal, without waiting for its change watcher.
    const HttpAnswer local = RawHttp::request(localPort, "GET", "/v1/verify", {authorization});
    QCOMPARE(local.status, 401);
    QVERIFY(local.body.contains("revoked_api_key"));
    hold.reset();

    // The table shows it at once, and the running validator refuses the key.
    QTRY_COMPARE(window.keysPanel()->view()->model()->index(0, ApiKeyTableModel::StatusColumn).data().toString(),
                 QStringLiteral("Revoked"));
    QTRY_VERIFY(!revoke->action()->isEnabled());
    HttpAnswer answer;
    QTRY_VERIFY_WITH_TIMEOUT(
        (answer = RawHttp::request(validator.port(), "GET", "/v1/verify", {authorization})).status == 401, 10000);
    QVERIFY(answer.body.contains("revoked"));
}

void TestMainWindow::failureToConnectIsShownInWords()
{
    MainWindow window(m_settings.get(), m_credentials.get());
    QSignalSpy failed(&window, &MainWindow::databaseFailed);
    auto url = DatabaseUrl::parse(QStringLiteral("postgresql://nobody:s3cretpass@127.0.0.1:1/none"));
    QVERIFY(url);
    window.openDatabase(url.value(), false);
    QVERIFY(failed.wait(15000));
    const QString text = failed.first().first().toString();
    QVERIFY(text.startsWith(QStringLiteral("Could not open")));
    QVERIFY(!text.contains(QStringLiteral("s3cretpass")));
    QVERIFY(!window.windowTitle().contains(QStringLiteral("s3cretpass")));
    QVERIFY(!window.isDatabaseOpen());
    for (Command* command : window.commands())
        QVERIFY(!command->action()->isEnabled() || command == window.createOrganizationCommand());
    auto* placeholder = window.findChild<QLabel*>(QStringLiteral("placeholderLabel"));
    QVERIFY(placeholder && placeholder->text().contains(QStringLiteral("Connect to Database")));
}

void TestMainWindow::remembersLayoutAndConnection()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    {
        MainWindow window(m_settings.get(), m_credentials.get());
        window.show();
        openTestDatabase(window, testDb);
        window.resize(900, 640);
        window.close();
    }
    QVERIFY(m_settings->contains(QStringLiteral("window/geometry")));
    // The remembered connection carries no password.
    m_settings->sync();
    QFile file(m_settings->fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    auto url = DatabaseUrl::parse(testDb.url());
    if (!url->password.isEmpty())
        QVERIFY(!stored.contains(url->password.toUtf8()));

    // Starting again opens the last database by itself.
    MainWindow again(m_settings.get(), m_credentials.get());
    QSignalSpy opened(&again, &MainWindow::databaseOpened);
    again.openStartupDatabase({});
    QVERIFY(opened.wait(15000));
    QVERIFY(again.windowTitle().contains(url->engine == DatabaseEngine::SQLite ? url->sqlitePath : url->database));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
