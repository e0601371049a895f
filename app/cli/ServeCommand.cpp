#include "ServeCommand.h"

#include "JsonLogFormat.h"
#include "Logging.h"
#include "RuntimeConfig.h"
#include "ValidatorPool.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QThread>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {
QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("ServeCommand", text, disambiguation, n);
}

int s_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: wake the event loop.
    [[maybe_unused]] const auto written = ::write(s_signalPipe[1], &byte, 1);
}
} // namespace

QStringList ServeCommand::synopsis() const
{
    return {QStringLiteral("serve [--host 127.0.0.1] [--port 8080]        the headless validator")};
}

int ServeCommand::run(CliContext& context, const QStringList& arguments)
{
    const QString usage = QStringLiteral("keywardenctl serve [--host 127.0.0.1] [--port 8080] [--threads N]");
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("host"), tr("Address to listen on (default 127.0.0.1)."), QStringLiteral("HOST")});
    parser.addOption(
        {QStringLiteral("port"), tr("Port to listen on (default 8080; 0 picks a free one)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("threads"), tr("Serving threads sharing the port (default: one per core)."),
                      QStringLiteral("N")});
    if (auto code
        = context.parse(parser, arguments, usage,
                        tr("Runs the validator until SIGINT or SIGTERM, then writes every pending usage record "
                           "and exits. Configuration comes from the environment (see .env.example).")))
        return *code;
    int exitCode = ExitCode::Success;
    const auto port = context.integerOption(parser, QStringLiteral("port"), 0, 65535, usage, &exitCode);
    if (exitCode != ExitCode::Success)
        return exitCode;
    const auto threads = context.integerOption(parser, QStringLiteral("threads"), 1, 64, usage, &exitCode);
    if (exitCode != ExitCode::Success)
        return exitCode;
    const QString hostText
        = parser.isSet(QStringLiteral("host")) ? parser.value(QStringLiteral("host")) : QStringLiteral("127.0.0.1");
    const QHostAddress host(hostText == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : hostText);
    if (host.isNull())
        return context.usageError(tr("--host must be an IP address, not \"%1\"").arg(CliContext::echo(hostText)),
                                  usage);

    // A server's log: JSON lines on stderr (KEYWARDEN_LOG_FORMAT=text for plain lines), with
    // the validator's own information shown.
    if (qEnvironmentVariable("KEYWARDEN_LOG_FORMAT") != QLatin1String("text"))
        JsonLogFormat::install();
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.info=true\nkeywarden.keys.info=false"));

    auto config = RuntimeConfig::fromEnvironment(QProcessEnvironment::systemEnvironment());
    if (!config)
        return context.fail(config.error());
    if (!context.databaseFlag().isEmpty())
        config->databaseUrl = context.databaseFlag();
    auto db = context.database();
    if (!db)
        return context.fail(db.error());

    ValidatorPool server(*db.value(), config.value(), int(threads.value_or(qMax(1, QThread::idealThreadCount()))));
    const quint16 bound = server.listen(host, quint16(port.value_or(8080)));
    if (bound == 0)
        return context.fail(tr("cannot listen on %1:%2 (in use, or not an address of this machine)")
                                .arg(host.toString())
                                .arg(port.value_or(8080)));
    if (config->adminApiKey.isEmpty())
        qCWarning(lcValidator).noquote() << tr("ADMIN_API_KEY is not set: the admin API is disabled.");
    // Both open the protected routes to anyone; say so where an operator looks first.
    if (!config->enableApiKeyAuth)
        qCWarning(lcValidator).noquote() << tr(
            "ENABLE_API_KEY_AUTH is false: every request passes without a key, unlimited and unrecorded.");
    else if (config->allowUnauthenticated)
        qCWarning(lcValidator).noquote() << tr(
            "ALLOW_UNAUTHENTICATED is true: requests without a key pass, unlimited and unrecorded; "
            "keys that are sent are still checked.");
    // The monthly quota starts from the usage rollup; without usage rows (and without Redis,
    // which keeps the counters), only this process's memory holds this month's count.
    if (!config->enableUsageTracking && !(config->useRedisRateLimit && !config->redisUrl.isEmpty()))
        qCWarning(lcValidator).noquote() << tr(
            "ENABLE_USAGE_TRACKING is false: monthly quotas are counted in this validator's memory only, so a "
            "restart starts the month's count again and each validator counts alone; set REDIS_URL to keep "
            "and share the counts.");
    qCInfo(lcValidator).noquote()
        << tr("KeyWarden validator listening on http://%1:%2 (%n thread(s), database %3, rate limiter %4)", nullptr,
              server.threads())
               .arg(host.toString())
               .arg(bound)
               .arg(db.value()->url().redacted(),
                    config->useRedisRateLimit ? RedisUrl::parse(config->redisUrl)->redacted()
                                              : QStringLiteral("in memory"));

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0)
        return context.fail(tr("cannot set up signal handling"));
    QSocketNotifier notifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        char byte;
        [[maybe_unused]] const auto got = ::read(s_signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    QCoreApplication::exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    qCInfo(lcValidator).noquote() << tr("Stopping: writing pending usage records…");
    server.shutdown();
    qCInfo(lcValidator).noquote() << tr("Stopped; %1 usage records written, %2 dropped.")
                                         .arg(server.primary().usageRecorder().written())
                                         .arg(server.primary().usageRecorder().dropped());
    ::close(s_signalPipe[0]);
    ::close(s_signalPipe[1]);
    return ExitCode::Success;
}
