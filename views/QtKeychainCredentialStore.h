#pragma once

#include "CredentialStore.h"

#include <chrono>

// Database passwords in the system keychain through QtKeychain (Secret Service via
// libsecret on Linux). Never falls back to storing plain text: QtKeychain's insecure
// fallback is switched off for every job. A machine without a running keychain service
// answers `unavailable`, and the app then asks for the password each time.
class QtKeychainCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    enum class Operation { Read, Write, Delete };

    // Entries are filed under `service` (the app's name; tests use their own).
    explicit QtKeychainCredentialStore(QObject* parent = nullptr);
    explicit QtKeychainCredentialStore(const QString& service, QObject* parent = nullptr);

    void readPassword(const QString& account, Done done) override;
    void writePassword(const QString& account, const QString& password, Done done) override;
    void deletePassword(const QString& account, Done done) override;
    QString backendName() const override;

    QString service() const { return m_service; }
    // A keychain that neither answers nor fails (a hung service, an unlock prompt nobody
    // sees) is reported as unavailable after this long (default 60 s).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // Turns a QtKeychain outcome (QKeychain::Error as int, its errorString()) into a
    // result with words a person understands. Public so the mapping can be tested on a
    // machine that has no keychain to produce every error.
    static CredentialResult resultFor(Operation operation, int keychainError, const QString& detail);

private:
    void run(Operation operation, const QString& account, const QString& password, Done done);

    QString m_service;
    std::chrono::milliseconds m_timeout{std::chrono::seconds(60)};
};
