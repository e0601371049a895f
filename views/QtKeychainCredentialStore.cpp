#include "QtKeychainCredentialStore.h"

#include "config.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

Q_LOGGING_CATEGORY(lcKeychainStore, "keywarden.keychain")

namespace {

QString operationName(QtKeychainCredentialStore::Operation operation)
{
    switch (operation) {
    case QtKeychainCredentialStore::Operation::Read:
        return QStringLiteral("read");
    case QtKeychainCredentialStore::Operation::Write:
        return QStringLiteral("write");
    case QtKeychainCredentialStore::Operation::Delete:
        return QStringLiteral("delete");
    }
    return {};
}

// The texts QtKeychain 0.13 / libsecret / GDBus give when there is no Secret Service.
bool looksLikeNoService(const QString& detail)
{
    static const QLatin1String markers[] = {
        QLatin1String("Unknown error"),
        QLatin1String("org.freedesktop.secrets"),
        QLatin1String("D-Bus"),
        QLatin1String("DBus"),
        QLatin1String("autolaunch"),
        QLatin1String("ServiceUnknown"),
        QLatin1String(".service files"),
        QLatin1String("No such interface"),
        QLatin1String("Could not connect"),
    };
    if (detail.trimmed().isEmpty())
        return true;
    for (const QLatin1String& marker : markers) {
        if (detail.contains(marker, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

QtKeychainCredentialStore::QtKeychainCredentialStore(QObject* parent)
    : QtKeychainCredentialStore(QStringLiteral(KEYWARDEN_APP_NAME), parent)
{
}

QtKeychainCredentialStore::QtKeychainCredentialStore(const QString& service, QObject* parent)
    : CredentialStore(parent)
    , m_service(service)
{
}

void QtKeychainCredentialStore::readPassword(const QString& account, Done done)
{
    run(Operation::Read, account, QString(), std::move(done));
}

void QtKeychainCredentialStore::writePassword(const QString& account, const QString& password, Done done)
{
    run(Operation::Write, account, password, std::move(done));
}

void QtKeychainCredentialStore::deletePassword(const QString& account, Done done)
{
    run(Operation::Delete, account, QString(), std::move(done));
}

QString QtKeychainCredentialStore::backendName() const
{
    return tr("System keychain (Secret Service, QtKeychain)");
}

void QtKeychainCredentialStore::run(Operation operation, const QString& account, const QString& password, Done done)
{
    QKeychain::Job* job = nullptr;
    switch (operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Operation::Write: {
        auto* write = new QKeychain::WritePasswordJob(m_service, this);
        write->setTextData(password);
        job = write;
        break;
    }
    case Operation::Delete:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    job->setKey(account);
    // On Linux this only concerns the KWallet path, where it would write plain text.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);

    // Either the job or the watchdog answers, whichever comes first; the other is ignored.
    // Both are children of this store, so nothing answers after it is gone.
    auto answered = std::make_shared<bool>(false);
    auto sharedDone = std::make_shared<Done>(std::move(done));
    auto* watchdog = new QTimer(this);
    watchdog->setSingleShot(true);

    connect(job, &QKeychain::Job::finished, this,
            [operation, answered, sharedDone, watchdog](QKeychain::Job* finished) {
                watchdog->deleteLater();
                if (*answered)
                    return;
                *answered = true;
                CredentialResult result = resultFor(operation, int(finished->error()), finished->errorString());
                if (result.ok && operation == Operation::Read)
                    result.password = static_cast<QKeychain::ReadPasswordJob*>(finished)->textData();
                if (!result.ok && !result.notFound)
                    qCInfo(lcKeychainStore).noquote() << "keychain" << operationName(operation)
                                                      << "failed:" << int(finished->error()) << finished->errorString();
                if (*sharedDone)
                    (*sharedDone)(result);
            });
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_timeout).count();
    connect(watchdog, &QTimer::timeout, this, [answered, sharedDone, seconds, watchdog] {
        watchdog->deleteLater();
        if (*answered)
            return;
        *answered = true;
        qCInfo(lcKeychainStore) << "keychain did not answer within" << seconds << "s";
        CredentialResult result;
        result.unavailable = true;
        result.errorText = tr("The system keychain did not answer within %n second(s); KeyWarden will ask for the "
                              "password each time instead of storing it.",
                              nullptr, int(std::max<qint64>(seconds, 1)));
        if (*sharedDone)
            (*sharedDone)(result);
    });
    watchdog->start(m_timeout);
    // QtKeychain starts the job from the event loop, so `done` never runs inside this call.
    job->start();
}

CredentialResult QtKeychainCredentialStore::resultFor(Operation operation, int keychainError, const QString& detail)
{
    CredentialResult result;
    switch (QKeychain::Error(keychainError)) {
    case QKeychain::NoError:
        result.ok = true;
        break;
    case QKeychain::EntryNotFound:
        result.notFound = true;
        // Deleting what is not there leaves the keychain as the caller wanted it.
        result.ok = operation == Operation::Delete;
        if (!result.ok)
            result.errorText = tr("No password is stored in the system keychain for this connection.");
        break;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        result.errorText = tr("The system keychain refused access: it is locked or the request was declined. "
                              "Unlock it and try again, or enter the password each time.");
        break;
    case QKeychain::CouldNotDeleteEntry:
        result.errorText = tr("The system keychain could not delete the stored password (%1).").arg(detail);
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.unavailable = true;
        break;
    case QKeychain::OtherError:
    default:
        // QtKeychain 0.13 reports a missing Secret Service (no D-Bus session, nothing owning
        // org.freedesktop.secrets, libsecret not installed) as OtherError, often with just
        // "Unknown error". Any other OtherError is a keychain that cannot be used either.
        result.unavailable = true;
        if (!looksLikeNoService(detail))
            result.errorText = tr("The system keychain could not be used (%1); KeyWarden will ask for the password "
                                  "each time instead of storing it.")
                                   .arg(detail);
        break;
    }
    if (result.unavailable && result.errorText.isEmpty()) {
        result.errorText = tr("No system keychain is running (Secret Service); KeyWarden will ask for the password "
                              "each time instead of storing it.");
    }
    return result;
}
