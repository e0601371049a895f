#include "MainWindow.h"
#include "QtKeychainCredentialStore.h"
#include "Translator.h"
#include "config.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral(KEYWARDEN_APP_NAME));
    // No organization name: the data folder (~/.local/share/KeyWarden) must be the one
    // keywardenctl uses, so both open the same embedded database.
    QApplication::setApplicationVersion(QStringLiteral(KEYWARDEN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(KEYWARDEN_APP_ID));
    Translator::install();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "KeyWarden: API keys for your own APIs."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QApplication::translate("main", "Database URL (default: $DATABASE_URL, else the last one, else the embedded "
                                        "SQLite file)."),
        QStringLiteral("url"));
    parser.addOption(databaseOption);
    parser.process(app);

    QSettings settings(QStringLiteral(KEYWARDEN_ORG_NAME), QStringLiteral(KEYWARDEN_APP_NAME));
    QtKeychainCredentialStore credentials;
    MainWindow window(&settings, &credentials);
    window.show();
    window.openStartupDatabase(parser.value(databaseOption));
    return app.exec();
}
