#include "DatabaseUrl.h"

#include <QDir>
#include <QTest>
#include <QUrl>

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void parsesSqlite_data();
    void parsesSqlite();
    void parsesPostgres_data();
    void parsesPostgres();
    void refusesBadUrls_data();
    void refusesBadUrls();
    void errorsNeverContainThePassword_data();
    void errorsNeverContainThePassword();
    void redactedHidesThePassword_data();
    void redactedHidesThePassword();
    void redactedSqlite();
    void displayName();
    void engineNames();
    void embeddedDefault();
    void resolvePrecedence();
    void resolveReportsABadEnvironmentValue();

private:
    QByteArray m_savedDatabaseUrl;
    bool m_hadDatabaseUrl = false;
};

void TestDatabaseUrl::init()
{
    m_hadDatabaseUrl = qEnvironmentVariableIsSet("DATABASE_URL");
    m_savedDatabaseUrl = qgetenv("DATABASE_URL");
    qunsetenv("DATABASE_URL");
}

void TestDatabaseUrl::cleanup()
{
    if (m_hadDatabaseUrl)
        qputenv("DATABASE_URL", m_savedDatabaseUrl);
    else
        qunsetenv("DATABASE_URL");
}

void TestDatabaseUrl::parsesSqlite_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("path");
    QTest::newRow("absolute file") << QStringLiteral("sqlite:///var/lib/keywarden/kw.db")
                                   << QStringLiteral("/var/lib/keywarden/kw.db");
    QTest::newRow("percent-encoded space")
        << QStringLiteral("sqlite:///tmp/my%20data/kw.db") << QStringLiteral("/tmp/my data/kw.db");
    QTest::newRow("cleaned path") << QStringLiteral("sqlite:///tmp/./a/../kw.db") << QStringLiteral("/tmp/kw.db");
    QTest::newRow("surrounding whitespace")
        << QStringLiteral("  sqlite:///tmp/kw.db\n") << QStringLiteral("/tmp/kw.db");
    QTest::newRow("memory") << QStringLiteral("sqlite::memory:") << QString();
    QTest::newRow("memory, URL form") << QStringLiteral("sqlite://:memory:") << QString();
}

void TestDatabaseUrl::parsesSqlite()
{
    QFETCH(QString, text);
    QFETCH(QString, path);
    auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
    QCOMPARE(url->engine, DatabaseEngine::SQLite);
    QCOMPARE(url->sqlitePath, path);
    QCOMPARE(url->isInMemory(), path.isEmpty());
    QVERIFY(url->host.isEmpty());
    QVERIFY(url->password.isEmpty());
}

void TestDatabaseUrl::parsesPostgres_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("sslMode");

    QTest::newRow("full") << QStringLiteral("postgresql://kw:s3cret@db.example.com:6543/keywarden?sslmode=require")
                          << QStringLiteral("kw") << QStringLiteral("s3cret") << QStringLiteral("db.example.com")
                          << 6543 << QStringLiteral("keywarden") << QStringLiteral("require");
    QTest::newRow("postgres scheme, defaults")
        << QStringLiteral("postgres://kw@localhost/kwdb") << QStringLiteral("kw") << QString()
        << QStringLiteral("localhost") << 5432 << QStringLiteral("kwdb") << QString();
    QTest::newRow("no user") << QStringLiteral("postgresql://db.internal/keywarden") << QString() << QString()
                             << QStringLiteral("db.internal") << 5432 << QStringLiteral("keywarden") << QString();
    QTest::newRow("percent-encoded password")
        << QStringLiteral("postgresql://kw:p%40ss%3Aw%2Frd%25%20x@127.0.0.1:55432/postgres") << QStringLiteral("kw")
        << QStringLiteral("p@ss:w/rd% x") << QStringLiteral("127.0.0.1") << 55432 << QStringLiteral("postgres")
        << QString();
    QTest::newRow("percent-encoded user")
        << QStringLiteral("postgresql://ops%40corp:pw@host/db") << QStringLiteral("ops@corp") << QStringLiteral("pw")
        << QStringLiteral("host") << 5432 << QStringLiteral("db") << QString();
    QTest::newRow("ipv6 host") << QStringLiteral("postgresql://kw@[::1]:5433/kw") << QStringLiteral("kw") << QString()
                               << QStringLiteral("::1") << 5433 << QStringLiteral("kw") << QString();
    QTest::newRow("sslmode disable") << QStringLiteral("postgresql://h/d?sslmode=disable") << QString() << QString()
                                     << QStringLiteral("h") << 5432 << QStringLiteral("d") << QStringLiteral("disable");
    QTest::newRow("sslmode verify-full") << QStringLiteral("postgresql://h:1/d?sslmode=verify-full") << QString()
                                         << QString() << QStringLiteral("h") << 1 << QStringLiteral("d")
                                         << QStringLiteral("verify-full");
    QTest::newRow("highest port") << QStringLiteral("postgresql://h:65535/d") << QString() << QString()
                                  << QStringLiteral("h") << 65535 << QStringLiteral("d") << QString();
}

void TestDatabaseUrl::parsesPostgres()
{
    QFETCH(QString, text);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, sslMode);
    auto url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
    QCOMPARE(url->engine, DatabaseEngine::PostgreSQL);
    QCOMPARE(url->user, user);
    QCOMPARE(url->password, password);
    QCOMPARE(url->host, host);
    QCOMPARE(url->port, port);
    QCOMPARE(url->database, database);
    QCOMPARE(url->sslMode, sslMode);
    QVERIFY(!url->isInMemory());
    QVERIFY(url->sqlitePath.isEmpty());
}

void TestDatabaseUrl::refusesBadUrls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions"); // a word the message must contain, lower case
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("blank") << QStringLiteral("   \t ") << QStringLiteral("empty");
    QTest::newRow("sqlite relative path") << QStringLiteral("sqlite://relative/kw.db") << QStringLiteral("sqlite");
    QTest::newRow("sqlite bare relative") << QStringLiteral("sqlite:kw.db") << QStringLiteral("sqlite");
    QTest::newRow("sqlite root only") << QStringLiteral("sqlite:///") << QStringLiteral("absolute");
    QTest::newRow("unknown scheme mysql") << QStringLiteral("mysql://kw@host/db") << QStringLiteral("unsupported");
    QTest::newRow("unknown scheme http") << QStringLiteral("http://example.com/db") << QStringLiteral("unsupported");
    QTest::newRow("no scheme") << QStringLiteral("/var/lib/kw.db") << QStringLiteral("unsupported");
    QTest::newRow("scheme case") << QStringLiteral("PostgreSQL://h/d") << QStringLiteral("unsupported");
    QTest::newRow("missing host") << QStringLiteral("postgresql:///keywarden") << QStringLiteral("host");
    QTest::newRow("missing host with user") << QStringLiteral("postgresql://kw@/keywarden") << QStringLiteral("host");
    QTest::newRow("missing database") << QStringLiteral("postgresql://kw@host") << QStringLiteral("database");
    QTest::newRow("missing database, slash")
        << QStringLiteral("postgresql://kw@host:5432/") << QStringLiteral("database");
    QTest::newRow("nested path") << QStringLiteral("postgresql://kw@host/a/b") << QStringLiteral("database");
    QTest::newRow("port zero") << QStringLiteral("postgresql://kw@host:0/db") << QStringLiteral("port");
    QTest::newRow("port too large") << QStringLiteral("postgresql://kw@host:65536/db") << QStringLiteral("port");
    QTest::newRow("port not a number") << QStringLiteral("postgresql://kw@host:abc/db") << QStringLiteral("port");
    QTest::newRow("negative port") << QStringLiteral("postgresql://kw@host:-1/db") << QStringLiteral("port");
    QTest::newRow("unknown sslmode") << QStringLiteral("postgresql://kw@host/db?sslmode=always")
                                     << QStringLiteral("sslmode");
    QTest::newRow("sslmode upper case") << QStringLiteral("postgresql://kw@host/db?sslmode=REQUIRE")
                                        << QStringLiteral("sslmode");
    QTest::newRow("unknown option") << QStringLiteral("postgresql://kw@host/db?connect_timeout=5")
                                    << QStringLiteral("connect_timeout");
    QTest::newRow("unknown option after sslmode")
        << QStringLiteral("postgresql://kw@host/db?sslmode=require&application_name=x")
        << QStringLiteral("application_name");
    QTest::newRow("10 kB postgres URL") << QStringLiteral("postgresql://kw@host/") + QString(10240, u'd')
                                        << QStringLiteral("too long");
    QTest::newRow("10 kB sqlite URL") << QStringLiteral("sqlite:///") + QString(10240, u'p')
                                      << QStringLiteral("too long");
}

void TestDatabaseUrl::refusesBadUrls()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    auto url = DatabaseUrl::parse(text);
    QVERIFY(!url.ok());
    QCOMPARE(url.code(), ErrorCode::InvalidInput);
    QVERIFY2(url.error().message.toLower().contains(mentions), qPrintable(url.error().message));
    QVERIFY(url.error().message.size() < 400); // a 10 kB URL is not echoed back
}

void TestDatabaseUrl::errorsNeverContainThePassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("bad port") << QStringLiteral("postgresql://kw:Sup3rS3cretPw@host:99999/db");
    QTest::newRow("port not a number") << QStringLiteral("postgresql://kw:Sup3rS3cretPw@host:port/db");
    QTest::newRow("bad sslmode") << QStringLiteral("postgresql://kw:Sup3rS3cretPw@host/db?sslmode=nope");
    QTest::newRow("unknown option") << QStringLiteral("postgresql://kw:Sup3rS3cretPw@host/db?x=1");
    QTest::newRow("no database") << QStringLiteral("postgresql://kw:Sup3rS3cretPw@host");
    QTest::newRow("invalid character") << QStringLiteral("postgresql://kw:Sup3rS3cretPw@ho st/db");
    QTest::newRow("unsupported scheme") << QStringLiteral("mysql://kw:Sup3rS3cretPw@host/db");
}

void TestDatabaseUrl::errorsNeverContainThePassword()
{
    QFETCH(QString, text);
    auto url = DatabaseUrl::parse(text);
    QVERIFY(!url.ok());
    QVERIFY2(!url.error().message.contains(QStringLiteral("Sup3rS3cretPw")), qPrintable(url.error().message));
}

void TestDatabaseUrl::redactedHidesThePassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << QStringLiteral("postgresql://kw:hunter2pw@db.example:6543/keywarden?sslmode=require")
                           << QStringLiteral("hunter2pw");
    QTest::newRow("encoded") << QStringLiteral("postgres://kw:p%40ss%2Fw0rd@db/keywarden")
                             << QStringLiteral("p@ss/w0rd");
    QTest::newRow("no password") << QStringLiteral("postgresql://kw@db/keywarden") << QString();
    QTest::newRow("encoded user") << QStringLiteral("postgresql://ops%40corp:zz9plural@db/kw")
                                  << QStringLiteral("zz9plural");
}

void TestDatabaseUrl::redactedHidesThePassword()
{
    QFETCH(QString, text);
    QFETCH(QString, password);
    auto url = DatabaseUrl::parse(text);
    QVERIFY(url.ok());
    const QString redacted = url->redacted();
    if (password.isEmpty()) {
        QVERIFY(!redacted.contains(QStringLiteral("***")));
    } else {
        QVERIFY2(!redacted.contains(password), qPrintable(redacted));
        QVERIFY2(!redacted.contains(QString::fromLatin1(QUrl::toPercentEncoding(password))), qPrintable(redacted));
        QVERIFY(redacted.contains(QStringLiteral(":***@")));
    }
    QVERIFY(redacted.startsWith(QStringLiteral("postgresql://")));
    // The redacted form still names the same server, database and options.
    auto again = DatabaseUrl::parse(redacted);
    QVERIFY2(again.ok(), qPrintable(redacted));
    QCOMPARE(again->engine, DatabaseEngine::PostgreSQL);
    QCOMPARE(again->host, url->host);
    QCOMPARE(again->port, url->port);
    QCOMPARE(again->database, url->database);
    QCOMPARE(again->user, url->user);
    QCOMPARE(again->sslMode, url->sslMode);
    QCOMPARE(again->password, password.isEmpty() ? QString() : QStringLiteral("***"));
    if (!password.isEmpty())
        QVERIFY(!url->displayName().contains(password));
}

void TestDatabaseUrl::redactedSqlite()
{
    QCOMPARE(DatabaseUrl::parse(QStringLiteral("sqlite:///tmp/kw.db"))->redacted(),
             QStringLiteral("sqlite:///tmp/kw.db"));
    QCOMPARE(DatabaseUrl::parse(QStringLiteral("sqlite::memory:"))->redacted(), QStringLiteral("sqlite::memory:"));
    // The redacted SQLite form parses back to the same file.
    const auto url = DatabaseUrl::parse(QStringLiteral("sqlite:///srv/kw/data.db"));
    QCOMPARE(DatabaseUrl::parse(url->redacted())->sqlitePath, url->sqlitePath);
}

void TestDatabaseUrl::displayName()
{
    const auto pg = DatabaseUrl::parse(QStringLiteral("postgresql://kw:pw123456@db.example:6543/keywarden"));
    QVERIFY(pg->displayName().contains(QStringLiteral("keywarden")));
    QVERIFY(pg->displayName().contains(QStringLiteral("db.example:6543")));
    QVERIFY(!pg->displayName().contains(QStringLiteral("pw123456")));
    QVERIFY(
        DatabaseUrl::parse(QStringLiteral("sqlite:///tmp/x.db"))->displayName().contains(QStringLiteral("/tmp/x.db")));
    QVERIFY(!DatabaseUrl::parse(QStringLiteral("sqlite::memory:"))->displayName().isEmpty());
}

void TestDatabaseUrl::engineNames()
{
    QCOMPARE(DatabaseEngines::toString(DatabaseEngine::SQLite), QStringLiteral("sqlite"));
    QCOMPARE(DatabaseEngines::toString(DatabaseEngine::PostgreSQL), QStringLiteral("postgresql"));
}

void TestDatabaseUrl::embeddedDefault()
{
    const DatabaseUrl url = DatabaseUrl::embeddedDefault();
    QCOMPARE(url.engine, DatabaseEngine::SQLite);
    QVERIFY(!url.isInMemory());
    QVERIFY(QDir::isAbsolutePath(url.sqlitePath));
    QVERIFY(url.sqlitePath.endsWith(QStringLiteral("/keywarden.db")));
}

void TestDatabaseUrl::resolvePrecedence()
{
    // Nothing set: the embedded default.
    auto fallback = DatabaseUrl::resolve(QString());
    QVERIFY(fallback.ok());
    QCOMPARE(fallback->engine, DatabaseEngine::SQLite);
    QCOMPARE(fallback->sqlitePath, DatabaseUrl::embeddedDefault().sqlitePath);

    // An empty DATABASE_URL counts as unset.
    qputenv("DATABASE_URL", "");
    fallback = DatabaseUrl::resolve(QString());
    QVERIFY(fallback.ok());
    QCOMPARE(fallback->sqlitePath, DatabaseUrl::embeddedDefault().sqlitePath);

    // DATABASE_URL beats the default.
    qputenv("DATABASE_URL", "postgresql://envuser@env-host:5433/envdb");
    auto fromEnvironment = DatabaseUrl::resolve(QString());
    QVERIFY(fromEnvironment.ok());
    QCOMPARE(fromEnvironment->engine, DatabaseEngine::PostgreSQL);
    QCOMPARE(fromEnvironment->host, QStringLiteral("env-host"));
    QCOMPARE(fromEnvironment->database, QStringLiteral("envdb"));

    // The flag beats DATABASE_URL.
    auto fromFlag = DatabaseUrl::resolve(QStringLiteral("sqlite:///tmp/flag.db"));
    QVERIFY(fromFlag.ok());
    QCOMPARE(fromFlag->engine, DatabaseEngine::SQLite);
    QCOMPARE(fromFlag->sqlitePath, QStringLiteral("/tmp/flag.db"));

    // ... even when DATABASE_URL is broken.
    qputenv("DATABASE_URL", "nonsense://");
    fromFlag = DatabaseUrl::resolve(QStringLiteral("sqlite::memory:"));
    QVERIFY(fromFlag.ok());
    QVERIFY(fromFlag->isInMemory());

    // A bad flag is an error, not a fall back to the environment.
    qputenv("DATABASE_URL", "sqlite:///tmp/env.db");
    auto badFlag = DatabaseUrl::resolve(QStringLiteral("sqlite:relative.db"));
    QVERIFY(!badFlag.ok());
    QCOMPARE(badFlag.code(), ErrorCode::InvalidInput);
}

void TestDatabaseUrl::resolveReportsABadEnvironmentValue()
{
    qputenv("DATABASE_URL", "mysql://kw:pw@host/db");
    auto url = DatabaseUrl::resolve(QString());
    QVERIFY(!url.ok());
    QCOMPARE(url.code(), ErrorCode::InvalidInput);
    qunsetenv("DATABASE_URL");
    QVERIFY(DatabaseUrl::resolve(QString()).ok());
}

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "TestDatabaseUrl.moc"
