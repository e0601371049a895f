#include "SelfCheck.h"

#include "Database.h"
#include "MigrationRunner.h"
#include "RedisClient.h"
#include "RuntimeConfig.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QTcpServer>

namespace SelfCheck {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SelfCheck", text);
}
} // namespace

QString stateText(State state)
{
    switch (state) {
    case State::Ok:
        return QStringLiteral("ok");
    case State::Warning:
        return QStringLiteral("warning");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

Result checkDatabase(const Options& options)
{
    Result result{tr("database"), State::Ok, QString()};
    auto url = DatabaseUrl::resolve(options.databaseFlag);
    if (!url)
        return {result.name, State::Failed, url.error().message};
    if (options.databaseFlag.isEmpty() && qEnvironmentVariableIsEmpty("DATABASE_URL")
        && !QFileInfo::exists(url->sqlitePath))
        return {
            result.name, State::Warning,
            tr("the embedded database %1 does not exist yet: `keywardenctl db seed` creates it").arg(url->sqlitePath)};
    Database database(url.value());
    if (Status s = database.ping(); !s)
        return {result.name, State::Failed, s.error().message};
    MigrationRunner runner(database);
    auto version = runner.currentVersion();
    if (!version)
        return {result.name, State::Failed, version.error().message};
    if (version.value() < runner.headVersion())
        return {result.name, State::Failed,
                tr("%1 is reachable but at schema version %2 of %3: run `keywardenctl db upgrade`")
                    .arg(url->redacted())
                    .arg(version.value())
                    .arg(runner.headVersion())};
    result.detail = tr("%1 is reachable and at schema version %2").arg(url->redacted()).arg(version.value());
    return result;
}

Result checkRedis()
{
    const QString name = tr("redis");
    const QString text = qEnvironmentVariable("REDIS_URL");
    if (text.isEmpty())
        return {name, State::Ok, tr("REDIS_URL is not set: the validator limits in process")};
    auto url = RedisUrl::parse(text);
    if (!url)
        return {name, State::Failed, url.error().message};
    RedisClient client(url.value(), 1000);
    if (Status s = client.ping(); !s)
        return {name, State::Failed, s.error().message};
    return {name, State::Ok, tr("%1 answers").arg(url->redacted())};
}

Result checkPort(quint16 port)
{
    const QString name = tr("port");
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, port))
        return {
            name, State::Warning,
            tr("127.0.0.1:%1 is in use: %2 (a validator may already run there)").arg(port).arg(server.errorString())};
    server.close();
    return {name, State::Ok, tr("127.0.0.1:%1 is free for the validator").arg(port)};
}

QList<Result> runAll(const Options& options)
{
    QList<Result> results;
    results << checkDatabase(options) << checkRedis();
    if (options.keychainProbe)
        results << options.keychainProbe();
    results << checkPort(options.port);
    return results;
}

} // namespace SelfCheck
