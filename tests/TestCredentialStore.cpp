#include "InMemoryCredentialStore.h"
#include "QtKeychainCredentialStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

#include <optional>

using namespace std::chrono_literals;

namespace {

// Collects one asynchronous answer.
struct Answer
{
    std::optional<CredentialResult> result;
    CredentialStore::Done callback()
    {
        return [this](CredentialResult r) {
            result = std::move(r);
        };
    }
};

const QString s_account = QStringLiteral("postgresql://admin@db.example:5432/keywarden");
const QString s_password = QStringLiteral("c0rrect-h0rse-Battery");

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void inMemoryRoundTrip();
    void inMemoryNeverAnswersSynchronously();
    void inMemoryReadOfAMissingEntryIsNotFound();
    void inMemoryDeleteOfAMissingEntryIsFine();
    void inMemoryUnavailable();
    void inMemoryDestroyedStoreDoesNotAnswer();

    void keychainErrorsMapToFlags_data();
    void keychainErrorsMapToFlags();
    void qtKeychainWithoutSecretServiceIsUnavailable_data();
    void qtKeychainWithoutSecretServiceIsUnavailable();
    void qtKeychainNamesItsBackend();
};

void TestCredentialStore::initTestCase()
{
    // Whatever this machine runs, this suite must see no Secret Service: a session bus
    // address that leads nowhere, and no X display to autolaunch one from. (The real
    // keychain has its own suite, TestQtKeychainReal, in a private D-Bus session.)
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keywarden-test-bus");
    qunsetenv("DISPLAY");
}

void TestCredentialStore::inMemoryRoundTrip()
{
    InMemoryCredentialStore store;
    Answer written;
    store.writePassword(s_account, s_password, written.callback());
    QTRY_VERIFY(written.result.has_value());
    QVERIFY(written.result->ok);

    Answer read;
    store.readPassword(s_account, read.callback());
    QTRY_VERIFY(read.result.has_value());
    QVERIFY(read.result->ok);
    QCOMPARE(read.result->password, s_password);
    QVERIFY(!read.result->notFound);
    QVERIFY(!read.result->unavailable);

    Answer deleted;
    store.deletePassword(s_account, deleted.callback());
    QTRY_VERIFY(deleted.result.has_value());
    QVERIFY(deleted.result->ok);
    QVERIFY(!deleted.result->notFound);
    QCOMPARE(store.count(), 0);

    Answer again;
    store.readPassword(s_account, again.callback());
    QTRY_VERIFY(again.result.has_value());
    QVERIFY(!again.result->ok);
    QVERIFY(again.result->notFound);
}

void TestCredentialStore::inMemoryNeverAnswersSynchronously()
{
    InMemoryCredentialStore store;
    Answer written;
    store.writePassword(s_account, s_password, written.callback());
    QVERIFY(!written.result.has_value());
    QTRY_VERIFY(written.result.has_value());
    Answer read;
    store.readPassword(s_account, read.callback());
    QVERIFY(!read.result.has_value());
    QTRY_VERIFY(read.result.has_value());
}

void TestCredentialStore::inMemoryReadOfAMissingEntryIsNotFound()
{
    InMemoryCredentialStore store;
    store.writePassword(QStringLiteral("postgresql://other@db:5432/x"), s_password, {});
    Answer read;
    store.readPassword(s_account, read.callback());
    QTRY_VERIFY(read.result.has_value());
    QVERIFY(!read.result->ok);
    QVERIFY(read.result->notFound);
    QVERIFY(!read.result->unavailable);
    QVERIFY(read.result->password.isEmpty());
    QVERIFY(!read.result->errorText.isEmpty());
}

void TestCredentialStore::inMemoryDeleteOfAMissingEntryIsFine()
{
    InMemoryCredentialStore store;
    Answer deleted;
    store.deletePassword(s_account, deleted.callback());
    QTRY_VERIFY(deleted.result.has_value());
    QVERIFY(deleted.result->ok);
    QVERIFY(deleted.result->notFound);
}

void TestCredentialStore::inMemoryUnavailable()
{
    InMemoryCredentialStore store;
    store.setUnavailable(true);
    Answer written;
    store.writePassword(s_account, s_password, written.callback());
    QTRY_VERIFY(written.result.has_value());
    QVERIFY(!written.result->ok);
    QVERIFY(written.result->unavailable);
    QVERIFY(!written.result->errorText.isEmpty());
    QVERIFY(!written.result->errorText.contains(s_password));
    QCOMPARE(store.count(), 0);

    Answer read;
    store.readPassword(s_account, read.callback());
    QTRY_VERIFY(read.result.has_value());
    QVERIFY(read.result->unavailable);
    QVERIFY(!read.result->ok);
}

void TestCredentialStore::inMemoryDestroyedStoreDoesNotAnswer()
{
    bool answered = false;
    {
        InMemoryCredentialStore store;
        store.readPassword(s_account, [&answered](const CredentialResult&) { answered = true; });
    }
    QTest::qWait(50);
    QVERIFY(!answered);
}

void TestCredentialStore::keychainErrorsMapToFlags_data()
{
    QTest::addColumn<int>("operation");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("notFound");
    QTest::addColumn<bool>("unavailable");

    const int read = int(QtKeychainCredentialStore::Operation::Read);
    const int remove = int(QtKeychainCredentialStore::Operation::Delete);
    // QKeychain::Error: 0 NoError, 1 EntryNotFound, 2 CouldNotDeleteEntry, 3 AccessDeniedByUser,
    // 4 AccessDenied, 5 NoBackendAvailable, 6 NotImplemented, 7 OtherError.
    QTest::newRow("ok") << read << 0 << QString() << true << false << false;
    QTest::newRow("read not found") << read << 1 << QStringLiteral("Entry not found") << false << true << false;
    QTest::newRow("delete not found") << remove << 1 << QStringLiteral("Entry not found") << true << true << false;
    QTest::newRow("could not delete") << remove << 2 << QStringLiteral("x") << false << false << false;
    QTest::newRow("declined") << read << 3 << QStringLiteral("Cannot unlock") << false << false << false;
    QTest::newRow("access denied") << read << 4 << QString() << false << false << false;
    QTest::newRow("no backend") << read << 5 << QStringLiteral("No keychain service available") << false << false
                                << true;
    QTest::newRow("not implemented") << read << 6 << QString() << false << false << true;
    // QtKeychain 0.13.2 without libsecret or without a Secret Service.
    QTest::newRow("unknown error") << read << 7 << QStringLiteral("Unknown error") << false << false << true;
    QTest::newRow("no service") << read << 7
                                << QStringLiteral("The name org.freedesktop.secrets was not provided by any .service "
                                                  "files")
                                << false << false << true;
    QTest::newRow("other") << read << 7 << QStringLiteral("Something odd") << false << false << true;
}

void TestCredentialStore::keychainErrorsMapToFlags()
{
    QFETCH(int, operation);
    QFETCH(int, error);
    QFETCH(QString, detail);
    QFETCH(bool, ok);
    QFETCH(bool, notFound);
    QFETCH(bool, unavailable);
    const CredentialResult result
        = QtKeychainCredentialStore::resultFor(QtKeychainCredentialStore::Operation(operation), error, detail);
    QCOMPARE(result.ok, ok);
    QCOMPARE(result.notFound, notFound);
    QCOMPARE(result.unavailable, unavailable);
    // Every failure explains itself.
    if (!ok)
        QVERIFY2(!result.errorText.isEmpty(), "a failure without words");
    if (unavailable)
        QVERIFY2(result.errorText.contains(QLatin1String("ask for the password each time")),
                 qPrintable(result.errorText));
}

void TestCredentialStore::qtKeychainWithoutSecretServiceIsUnavailable_data()
{
    QTest::addColumn<int>("operation");
    QTest::newRow("read") << int(QtKeychainCredentialStore::Operation::Read);
    QTest::newRow("write") << int(QtKeychainCredentialStore::Operation::Write);
    QTest::newRow("delete") << int(QtKeychainCredentialStore::Operation::Delete);
}

void TestCredentialStore::qtKeychainWithoutSecretServiceIsUnavailable()
{
    QFETCH(int, operation);
    QtKeychainCredentialStore store(QStringLiteral("KeyWarden-test"));
    store.setTimeout(20s);
    Answer answer;
    QElapsedTimer clock;
    clock.start();
    switch (QtKeychainCredentialStore::Operation(operation)) {
    case QtKeychainCredentialStore::Operation::Read:
        store.readPassword(s_account, answer.callback());
        break;
    case QtKeychainCredentialStore::Operation::Write:
        store.writePassword(s_account, s_password, answer.callback());
        break;
    case QtKeychainCredentialStore::Operation::Delete:
        store.deletePassword(s_account, answer.callback());
        break;
    }
    QVERIFY(!answer.result.has_value()); // asynchronous, like the interface promises
    QTRY_VERIFY_WITH_TIMEOUT(answer.result.has_value(), 25000);
    qInfo("answered in %lld ms: %s", clock.elapsed(), qPrintable(answer.result->errorText));
    QVERIFY(!answer.result->ok);
    QVERIFY(answer.result->unavailable);
    QVERIFY(answer.result->password.isEmpty());
    QVERIFY(answer.result->errorText.contains(QLatin1String("keychain")));
    QVERIFY(!answer.result->errorText.contains(s_password));
}

void TestCredentialStore::qtKeychainNamesItsBackend()
{
    QtKeychainCredentialStore store;
    QCOMPARE(store.service(), QStringLiteral("KeyWarden"));
    QVERIFY(store.backendName().contains(QLatin1String("keychain")));
    InMemoryCredentialStore memory;
    QVERIFY(!memory.backendName().isEmpty());
}

QTEST_MAIN(TestCredentialStore)
#include "TestCredentialStore.moc"
