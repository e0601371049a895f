#include "ConnectionDialog.h"
#include "ConnectionSettings.h"
#include "InMemoryCredentialStore.h"
#include "TestDatabase.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <memory>

namespace {

const QString s_password = QStringLiteral("Hunter2-Very-Secret-Pa55");

template <typename T>
T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QLatin1String(name));
    if (!widget)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return widget;
}

DatabaseUrl postgresUrl(const QString& host, int port)
{
    DatabaseUrl url;
    url.engine = DatabaseEngine::PostgreSQL;
    url.host = host;
    url.port = port;
    url.database = QStringLiteral("keywarden");
    url.user = QStringLiteral("admin");
    url.password = s_password;
    url.sslMode = QStringLiteral("disable");
    return url;
}

// A loopback port nobody listens on (taken, then released again).
int closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const int port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestConnectionDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void startsWithTheEmbeddedDatabase();
    void postgresDefaults();
    void requiresHostDatabaseAndUser_data();
    void requiresHostDatabaseAndUser();
    void portStaysInRange();
    void sqliteFolderMustExist();
    void refusesHostileInput_data();
    void refusesHostileInput();
    void urlRoundTrip();
    void testConnectionSucceeds();
    void testConnectionFailsWithWordsForAWrongPort();
    void sqliteTestDoesNotCreateAFile();
    void recentConnectionsNeverStoreThePassword();
    void recentConnectionFillsTheFields();
    void recentConnectionTakesItsPasswordFromTheKeychain();
    void closingWhileTestingIsSafe();
    void keychainUnavailableDisablesTheCheckbox();
    void unavailableStoreDisablesTheCheckbox();
    void enterConnectsAndEscapeCancels();
    void enterDoesNothingWhileInvalid();
    void labelsHaveBuddiesAndDistinctMnemonics();

private:
    void fillPostgres(ConnectionDialog& dialog, const DatabaseUrl& url);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ConnectionSettings> m_connections;
};

void TestConnectionDialog::initTestCase()
{
    // The embedded default then lives under ~/.qttest, not in the user's real data folder.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("KeyWardenTest"));
}

void TestConnectionDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_connections = std::make_unique<ConnectionSettings>(m_settings.get());
}

void TestConnectionDialog::cleanup()
{
    m_connections.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestConnectionDialog::fillPostgres(ConnectionDialog& dialog, const DatabaseUrl& url)
{
    auto* engine = child<QComboBox>(&dialog, "engineComboBox");
    engine->setCurrentIndex(engine->findData(int(DatabaseEngine::PostgreSQL)));
    child<QLineEdit>(&dialog, "hostLineEdit")->setText(url.host);
    child<QSpinBox>(&dialog, "portSpinBox")->setValue(url.port);
    child<QLineEdit>(&dialog, "databaseLineEdit")->setText(url.database);
    child<QLineEdit>(&dialog, "userLineEdit")->setText(url.user);
    child<QLineEdit>(&dialog, "passwordLineEdit")->setText(url.password);
}

void TestConnectionDialog::startsWithTheEmbeddedDatabase()
{
    ConnectionDialog dialog(m_connections.get());
    const DatabaseUrl url = dialog.url();
    QCOMPARE(url.engine, DatabaseEngine::SQLite);
    QCOMPARE(url.sqlitePath, DatabaseUrl::embeddedDefault().sqlitePath);
    QCOMPARE(child<QLineEdit>(&dialog, "sqlitePathLineEdit")->text(), DatabaseUrl::embeddedDefault().sqlitePath);
    // Its folder may not exist yet: the app creates it on first use.
    QVERIFY2(dialog.validationError().isEmpty(), qPrintable(dialog.validationError()));
    QVERIFY(child<QPushButton>(&dialog, "connectButton")->isEnabled());
    QVERIFY(!child<QComboBox>(&dialog, "recentComboBox")->isEnabled()); // nothing recent yet
}

void TestConnectionDialog::postgresDefaults()
{
    ConnectionDialog dialog(m_connections.get());
    auto* engine = child<QComboBox>(&dialog, "engineComboBox");
    engine->setCurrentIndex(engine->findData(int(DatabaseEngine::PostgreSQL)));
    QCOMPARE(child<QLineEdit>(&dialog, "hostLineEdit")->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(child<QSpinBox>(&dialog, "portSpinBox")->value(), 5432);
    QCOMPARE(child<QComboBox>(&dialog, "sslModeComboBox")->currentData().toString(), QStringLiteral("prefer"));
    QCOMPARE(child<QComboBox>(&dialog, "sslModeComboBox")->count(), 6);
    QCOMPARE(child<QLineEdit>(&dialog, "passwordLineEdit")->echoMode(), QLineEdit::Password);
    QVERIFY(!child<QCheckBox>(&dialog, "rememberPasswordCheckBox")->isChecked());
    // No database and user yet.
    QVERIFY(!child<QPushButton>(&dialog, "connectButton")->isEnabled());
    QVERIFY(!child<QPushButton>(&dialog, "testConnectionButton")->isEnabled());
    QVERIFY(!child<QLabel>(&dialog, "validationLabel")->text().isEmpty());
}

void TestConnectionDialog::requiresHostDatabaseAndUser_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("reasonMentions");
    QTest::newRow("host") << QByteArray("hostLineEdit") << QStringLiteral("host");
    QTest::newRow("database") << QByteArray("databaseLineEdit") << QStringLiteral("database");
    QTest::newRow("user") << QByteArray("userLineEdit") << QStringLiteral("user");
}

void TestConnectionDialog::requiresHostDatabaseAndUser()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, reasonMentions);
    ConnectionDialog dialog(m_connections.get());
    fillPostgres(dialog, postgresUrl(QStringLiteral("db.example.com"), 5432));
    auto* connectButton = child<QPushButton>(&dialog, "connectButton");
    auto* validation = child<QLabel>(&dialog, "validationLabel");
    QVERIFY2(connectButton->isEnabled(), qPrintable(dialog.validationError()));
    QVERIFY(validation->text().isEmpty());

    auto* edit = child<QLineEdit>(&dialog, field.constData());
    edit->clear();
    QVERIFY(!connectButton->isEnabled());
    QVERIFY2(validation->text().contains(reasonMentions, Qt::CaseInsensitive), qPrintable(validation->text()));
    // Blanks are as good as nothing.
    QTest::keyClicks(edit, QStringLiteral("   "));
    QVERIFY(!connectButton->isEnabled());
    edit->setText(QStringLiteral("x"));
    QVERIFY(connectButton->isEnabled());
    QVERIFY(validation->text().isEmpty());
}

void TestConnectionDialog::portStaysInRange()
{
    ConnectionDialog dialog(m_connections.get());
    fillPostgres(dialog, postgresUrl(QStringLiteral("127.0.0.1"), 5432));
    auto* port = child<QSpinBox>(&dialog, "portSpinBox");
    port->setValue(0);
    QCOMPARE(port->value(), 1);
    port->setValue(70000);
    QCOMPARE(port->value(), 65535);
    port->setValue(6543);
    port->selectAll();
    QTest::keyClicks(port, QStringLiteral("abc"));
    port->interpretText();
    QVERIFY(port->value() >= 1 && port->value() <= 65535);
    QCOMPARE(dialog.url().port, port->value());
    QVERIFY(child<QPushButton>(&dialog, "connectButton")->isEnabled());
    // A port written with a group separator would not parse in a URL.
    port->setValue(5432);
    QCOMPARE(port->text(), QStringLiteral("5432"));
}

void TestConnectionDialog::sqliteFolderMustExist()
{
    ConnectionDialog dialog(m_connections.get());
    auto* path = child<QLineEdit>(&dialog, "sqlitePathLineEdit");
    auto* connectButton = child<QPushButton>(&dialog, "connectButton");
    auto* validation = child<QLabel>(&dialog, "validationLabel");

    path->setText(m_dir->filePath(QStringLiteral("missing/folder/keywarden.db")));
    QVERIFY(!connectButton->isEnabled());
    QVERIFY2(validation->text().contains(QLatin1String("does not exist")), qPrintable(validation->text()));

    path->setText(m_dir->filePath(QStringLiteral("keywarden.db")));
    QVERIFY2(connectButton->isEnabled(), qPrintable(validation->text()));
    QCOMPARE(dialog.url().sqlitePath, m_dir->filePath(QStringLiteral("keywarden.db")));

    path->setText(m_dir->path()); // a folder, not a file
    QVERIFY(!connectButton->isEnabled());
    path->setText(QStringLiteral("relative/keywarden.db"));
    QVERIFY(!connectButton->isEnabled());
    path->clear();
    QVERIFY(!connectButton->isEnabled());
    QVERIFY(!validation->text().isEmpty());
}

void TestConnectionDialog::refusesHostileInput_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("value");
    QTest::newRow("10 KB host") << QByteArray("hostLineEdit") << QString(10 * 1024, QLatin1Char('a'));
    QTest::newRow("host with newline") << QByteArray("hostLineEdit") << QStringLiteral("db.example\n.com");
    QTest::newRow("host with NUL") << QByteArray("hostLineEdit")
                                   << QStringLiteral("db") + QChar(0) + QStringLiteral("x");
    QTest::newRow("host with space") << QByteArray("hostLineEdit") << QStringLiteral("db example");
    QTest::newRow("host with slash") << QByteArray("hostLineEdit") << QStringLiteral("db/../etc");
    QTest::newRow("host with @") << QByteArray("hostLineEdit") << QStringLiteral("evil@db");
    QTest::newRow("database with escape") << QByteArray("databaseLineEdit") << QStringLiteral("key\x1b[31mwarden");
    QTest::newRow("10 KB database") << QByteArray("databaseLineEdit") << QString(10 * 1024, QLatin1Char('d'));
    QTest::newRow("user with tab") << QByteArray("userLineEdit") << QStringLiteral("ad\tmin");
    QTest::newRow("password with newline") << QByteArray("passwordLineEdit") << QStringLiteral("pass\nword");
    QTest::newRow("sqlite path with newline") << QByteArray("sqlitePathLineEdit") << QStringLiteral("/tmp/a\nb.db");
}

void TestConnectionDialog::refusesHostileInput()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, value);
    ConnectionDialog dialog(m_connections.get());
    if (field != "sqlitePathLineEdit")
        fillPostgres(dialog, postgresUrl(QStringLiteral("db.example.com"), 5432));
    auto* connectButton = child<QPushButton>(&dialog, "connectButton");
    QVERIFY(connectButton->isEnabled());
    child<QLineEdit>(&dialog, field.constData())->setText(value);
    QVERIFY(!connectButton->isEnabled());
    QVERIFY(!child<QPushButton>(&dialog, "testConnectionButton")->isEnabled());
    const QString reason = child<QLabel>(&dialog, "validationLabel")->text();
    QVERIFY(!reason.isEmpty());
    QVERIFY2(reason.size() < 300, "the reason must not echo the whole input");
    if (field == "passwordLineEdit")
        QVERIFY(!reason.contains(value));
    // Still a well-defined result, and Connect does not accept it.
    (void)dialog.url();
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(m_connections->recent().isEmpty());
}

void TestConnectionDialog::urlRoundTrip()
{
    ConnectionDialog dialog(m_connections.get());
    DatabaseUrl url = postgresUrl(QStringLiteral("db.example.com"), 6543);
    url.sslMode = QStringLiteral("verify-full");
    dialog.setUrl(url);
    const DatabaseUrl back = dialog.url();
    QCOMPARE(back.engine, DatabaseEngine::PostgreSQL);
    QCOMPARE(back.host, url.host);
    QCOMPARE(back.port, 6543);
    QCOMPARE(back.database, url.database);
    QCOMPARE(back.user, url.user);
    QCOMPARE(back.password, s_password);
    QCOMPARE(back.sslMode, QStringLiteral("verify-full"));
}

void TestConnectionDialog::testConnectionSucceeds()
{
    TestDatabase testDb;
    KW_REQUIRE_DB(testDb);
    auto parsed = DatabaseUrl::parse(testDb.url());
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));

    ConnectionDialog dialog(m_connections.get());
    dialog.setUrl(parsed.value());
    QCOMPARE(dialog.url().engine, TestDatabase::engine());
    auto* testButton = child<QPushButton>(&dialog, "testConnectionButton");
    auto* result = child<QLabel>(&dialog, "testResultLabel");
    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    QVERIFY(testButton->isEnabled());
    QTest::mouseClick(testButton, Qt::LeftButton);
    // Busy until the worker's answer arrives through the event loop.
    QVERIFY(dialog.isTesting());
    QVERIFY(!testButton->isEnabled());
    QVERIFY(!child<QProgressBar>(&dialog, "testProgressBar")->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
    QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
    QCOMPARE(result->text(), QStringLiteral("Connected."));
    QVERIFY(testButton->isEnabled());
    QVERIFY(child<QProgressBar>(&dialog, "testProgressBar")->isHidden());
    // Editing afterwards withdraws the verdict.
    if (TestDatabase::engine() == DatabaseEngine::PostgreSQL)
        child<QLineEdit>(&dialog, "databaseLineEdit")->setText(QStringLiteral("other"));
    else
        child<QLineEdit>(&dialog, "sqlitePathLineEdit")->setText(m_dir->filePath(QStringLiteral("other.db")));
    QVERIFY(result->text().isEmpty());
}

void TestConnectionDialog::testConnectionFailsWithWordsForAWrongPort()
{
    ConnectionDialog dialog(m_connections.get());
    const int port = closedPort();
    dialog.setUrl(postgresUrl(QStringLiteral("127.0.0.1"), port));
    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(&dialog, "testConnectionButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
    QCOMPARE(tested.first().at(0).toBool(), false);
    const QString message = tested.first().at(1).toString();
    qInfo("%s", qPrintable(message));
    QVERIFY(!message.isEmpty());
    QVERIFY2(message.startsWith(QStringLiteral("Nothing answers at 127.0.0.1:%1").arg(port)), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Connection refused")), qPrintable(message));
    QVERIFY(!message.contains(s_password));
    QCOMPARE(child<QLabel>(&dialog, "testResultLabel")->text(), message);
    QVERIFY(!child<QLabel>(&dialog, "testResultLabel")->text().contains(s_password));
}

void TestConnectionDialog::sqliteTestDoesNotCreateAFile()
{
    ConnectionDialog dialog(m_connections.get());
    const QString path = m_dir->filePath(QStringLiteral("new.db"));
    child<QLineEdit>(&dialog, "sqlitePathLineEdit")->setText(path);
    QSignalSpy tested(&dialog, &ConnectionDialog::connectionTested);
    QTest::mouseClick(child<QPushButton>(&dialog, "testConnectionButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 20000);
    QVERIFY(tested.first().at(0).toBool());
    QVERIFY(!QFile::exists(path));
}

void TestConnectionDialog::recentConnectionsNeverStoreThePassword()
{
    {
        ConnectionDialog dialog(m_connections.get());
        dialog.setUrl(postgresUrl(QStringLiteral("db.example.com"), 5432));
        dialog.setRememberPassword(true);
        QVERIFY(dialog.rememberPassword());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.url().password, s_password); // the caller still gets it
    }
    {
        ConnectionDialog dialog(m_connections.get());
        dialog.setUrl(
            DatabaseUrl::parse(QStringLiteral("sqlite://") + m_dir->filePath(QStringLiteral("a.db"))).value());
        dialog.accept();
    }
    m_settings->sync();
    QFile ini(m_settings->fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray bytes = ini.readAll();
    QVERIFY2(bytes.contains("db.example.com"), bytes.constData());
    QVERIFY2(!bytes.contains(s_password.toUtf8()), "the password reached the settings file");
    QVERIFY(!bytes.contains("***"));

    const QList<SavedConnection> recent = m_connections->recent();
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0).url.engine, DatabaseEngine::SQLite); // most recent first
    QCOMPARE(recent.at(1).url.host, QStringLiteral("db.example.com"));
    QVERIFY(recent.at(1).url.password.isEmpty());

    // The next dialog starts from the last one and offers both.
    ConnectionDialog next(m_connections.get());
    QCOMPARE(next.url().sqlitePath, m_dir->filePath(QStringLiteral("a.db")));
    auto* combo = child<QComboBox>(&next, "recentComboBox");
    QVERIFY(combo->isEnabled());
    QCOMPARE(combo->count(), 2);
    for (int i = 0; i < combo->count(); ++i)
        QVERIFY(!combo->itemText(i).contains(s_password));
}

void TestConnectionDialog::recentConnectionFillsTheFields()
{
    DatabaseUrl first = postgresUrl(QStringLiteral("first.example"), 5433);
    first.sslMode = QStringLiteral("require");
    m_connections->remember(first);
    m_connections->remember(postgresUrl(QStringLiteral("second.example"), 5434));
    // Same database again: moved to the front, not listed twice.
    m_connections->remember(first);
    QCOMPARE(m_connections->recent().size(), 2);

    ConnectionDialog dialog(m_connections.get());
    auto* combo = child<QComboBox>(&dialog, "recentComboBox");
    QCOMPARE(combo->count(), 2);
    QCOMPARE(dialog.url().host, QStringLiteral("first.example"));
    QVERIFY(dialog.url().password.isEmpty());

    combo->setCurrentIndex(1);
    emit combo->activated(1);
    QCOMPARE(dialog.url().host, QStringLiteral("second.example"));
    QCOMPARE(dialog.url().port, 5434);
    QCOMPARE(dialog.url().database, QStringLiteral("keywarden"));
    QCOMPARE(dialog.url().user, QStringLiteral("admin"));
    QVERIFY(dialog.url().password.isEmpty());

    combo->setCurrentIndex(0);
    emit combo->activated(0);
    QCOMPARE(dialog.url().host, QStringLiteral("first.example"));
    QCOMPARE(dialog.url().sslMode, QStringLiteral("require"));
    QCOMPARE(combo->currentIndex(), 0);

    // Once edited, the fields no longer are that recent connection.
    child<QLineEdit>(&dialog, "databaseLineEdit")->setText(QStringLiteral("another"));
    QCOMPARE(combo->currentIndex(), -1);
}

void TestConnectionDialog::closingWhileTestingIsSafe()
{
    {
        ConnectionDialog dialog(m_connections.get());
        // A non-routable address: the attempt hangs until libpq's connect timeout (or fails
        // at once where there is no route); either way the dialog goes away first.
        dialog.setUrl(postgresUrl(QStringLiteral("10.255.255.1"), 5432));
        QTest::mouseClick(child<QPushButton>(&dialog, "testConnectionButton"), Qt::LeftButton);
        QVERIFY(dialog.isTesting());
        QVERIFY(!child<QPushButton>(&dialog, "testConnectionButton")->isEnabled());
        QVERIFY(!child<QProgressBar>(&dialog, "testProgressBar")->isHidden());
        // The GUI thread is not blocked: the dialog still takes input.
        QTest::keyClicks(child<QLineEdit>(&dialog, "userLineEdit"), QStringLiteral("x"));
        QCOMPARE(dialog.url().user, QStringLiteral("adminx"));
        dialog.reject();
    }
    QVERIFY(QThreadPool::globalInstance()->waitForDone(15000));
    QTest::qWait(50); // a late result must find nobody to deliver to
}

void TestConnectionDialog::recentConnectionTakesItsPasswordFromTheKeychain()
{
    const DatabaseUrl saved = postgresUrl(QStringLiteral("db.example.com"), 5432);
    m_connections->remember(saved);
    InMemoryCredentialStore store;
    bool written = false;
    store.writePassword(ConnectionSettings::credentialAccount(saved), s_password,
                        [&written](const CredentialResult& r) { written = r.ok; });
    QTRY_VERIFY(written);

    ConnectionDialog dialog(m_connections.get());
    dialog.setCredentialStore(&store);
    auto* password = child<QLineEdit>(&dialog, "passwordLineEdit");
    QTRY_COMPARE(password->text(), s_password);
    QVERIFY(dialog.rememberPassword());
    QCOMPARE(dialog.url().password, s_password);
}

void TestConnectionDialog::keychainUnavailableDisablesTheCheckbox()
{
    ConnectionDialog dialog(m_connections.get());
    dialog.setUrl(postgresUrl(QStringLiteral("db.example.com"), 5432));
    auto* checkBox = child<QCheckBox>(&dialog, "rememberPasswordCheckBox");
    QVERIFY(checkBox->isEnabled());
    dialog.setRememberPassword(true);
    QVERIFY(dialog.rememberPassword());

    const QString why = QStringLiteral("No system keychain is running (Secret Service).");
    dialog.setKeychainUnavailable(why);
    QVERIFY(!checkBox->isEnabled());
    QVERIFY(!checkBox->isChecked());
    QVERIFY(!dialog.rememberPassword());
    auto* status = child<QLabel>(&dialog, "keychainStatusLabel");
    QCOMPARE(status->text(), why);
    QVERIFY(!status->isHidden());
    dialog.setRememberPassword(true);
    QVERIFY(!dialog.rememberPassword());
}

void TestConnectionDialog::unavailableStoreDisablesTheCheckbox()
{
    m_connections->remember(postgresUrl(QStringLiteral("db.example.com"), 5432));
    InMemoryCredentialStore store;
    store.setUnavailable(true);
    ConnectionDialog dialog(m_connections.get());
    dialog.setCredentialStore(&store);
    auto* checkBox = child<QCheckBox>(&dialog, "rememberPasswordCheckBox");
    QTRY_VERIFY(!checkBox->isEnabled());
    QVERIFY(child<QLabel>(&dialog, "keychainStatusLabel")->text().contains(QLatin1String("keychain")));
}

void TestConnectionDialog::enterConnectsAndEscapeCancels()
{
    {
        ConnectionDialog dialog(m_connections.get());
        dialog.setUrl(postgresUrl(QStringLiteral("db.example.com"), 5432));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* host = child<QLineEdit>(&dialog, "hostLineEdit");
        host->setFocus();
        QTest::keyClick(host, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
    }
    {
        ConnectionDialog dialog(m_connections.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(child<QLineEdit>(&dialog, "sqlitePathLineEdit"), Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }
}

void TestConnectionDialog::enterDoesNothingWhileInvalid()
{
    ConnectionDialog dialog(m_connections.get());
    fillPostgres(dialog, postgresUrl(QStringLiteral("db.example.com"), 5432));
    child<QLineEdit>(&dialog, "databaseLineEdit")->clear();
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(child<QLineEdit>(&dialog, "userLineEdit"), Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QVERIFY(m_connections->recent().isEmpty());
}

void TestConnectionDialog::labelsHaveBuddiesAndDistinctMnemonics()
{
    ConnectionDialog dialog(m_connections.get());
    QSet<QChar> mnemonics;
    auto take = [&mnemonics](const QString& text) {
        const int amp = text.indexOf(QLatin1Char('&'));
        QVERIFY2(amp >= 0 && amp + 1 < text.size(), qPrintable(text));
        const QChar key = text.at(amp + 1).toLower();
        QVERIFY2(!mnemonics.contains(key), qPrintable(QStringLiteral("duplicate mnemonic in ") + text));
        mnemonics.insert(key);
    };
    int buddies = 0;
    for (QLabel* label : dialog.findChildren<QLabel*>()) {
        if (!label->buddy())
            continue;
        ++buddies;
        take(label->text());
    }
    QCOMPARE(buddies, 9); // recent, engine, file, host, port, database, user, password, SSL mode
    for (const char* name : {"browseButton", "testConnectionButton", "connectButton"})
        take(child<QPushButton>(&dialog, name)->text());
    take(child<QCheckBox>(&dialog, "rememberPasswordCheckBox")->text());
}

QTEST_MAIN(TestConnectionDialog)
#include "TestConnectionDialog.moc"
