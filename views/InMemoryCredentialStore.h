#pragma once

#include "CredentialStore.h"

#include <QHash>

// A credential store that forgets everything when it goes away: for tests, and for
// machines without a keychain where a password should live for one session at most.
// Answers through the event loop like the system keychain, so callers written against it
// also work with the real one.
class InMemoryCredentialStore : public CredentialStore
{
    Q_OBJECT

public:
    explicit InMemoryCredentialStore(QObject* parent = nullptr);

    void readPassword(const QString& account, Done done) override;
    void writePassword(const QString& account, const QString& password, Done done) override;
    void deletePassword(const QString& account, Done done) override;
    QString backendName() const override;

    // Behave like a machine without a keychain service: every call answers `unavailable`.
    void setUnavailable(bool unavailable);
    bool isUnavailable() const { return m_unavailable; }
    int count() const { return int(m_passwords.size()); }

private:
    void answer(Done done, CredentialResult result);
    CredentialResult unavailableResult() const;

    QHash<QString, QString> m_passwords;
    bool m_unavailable = false;
};
