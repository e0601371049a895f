#include "KeychainProbe.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace KeychainProbe {

SelfCheck::Result run()
{
    const QString name = QCoreApplication::translate("KeychainProbe", "keychain");
    QKeychain::ReadPasswordJob job(QStringLiteral("KeyWarden"));
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    job.setKey(QStringLiteral("keywarden-doctor-probe"));
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&finished, &loop] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished)
        return {name, SelfCheck::State::Warning,
                QCoreApplication::translate("KeychainProbe", "the system keychain did not answer within 5 s")};
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return {name, SelfCheck::State::Ok,
                QCoreApplication::translate("KeychainProbe", "the system keychain is usable for database passwords")};
    return {
        name, SelfCheck::State::Warning,
        QCoreApplication::translate("KeychainProbe",
                                    "no usable system keychain (%1): the desktop app will ask for database passwords "
                                    "each time instead of storing them")
            .arg(job.errorString())};
}

} // namespace KeychainProbe
