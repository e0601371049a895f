// keywardenctl: the command line. Thin on purpose: everything happens in keywarden_cli
// and the core library, so the tests drive the same code in process.
#include "Cli.h"
#include "Translator.h"
#include "config.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <unistd.h>

int main(int argc, char* argv[])
{
    // For `serve`, Qt's own UNIX event dispatcher: leaner per request than GLib's. Other
    // commands keep GLib's, which the keychain check (libsecret) relies on.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "serve") == 0 && qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
            qputenv("QT_NO_GLIB", "1");
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral(KEYWARDEN_APP_NAME));
    QCoreApplication::setOrganizationDomain(QStringLiteral(KEYWARDEN_ORG_DOMAIN));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEYWARDEN_VERSION));
    Translator::install();
    // Progress chatter and the core's own warnings belong to a server's log, not to a
    // command's stderr, where the command reports every failure itself (`serve` turns its
    // log back on).
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("keywarden.*.info=false\nkeywarden.*.warning=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    Cli cli(out, err, in);
    cli.setInteractive(::isatty(STDIN_FILENO) != 0 && ::isatty(STDERR_FILENO) != 0);
    return cli.run(argc, argv);
}
