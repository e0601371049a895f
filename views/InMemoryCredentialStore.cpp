#include "InMemoryCredentialStore.h"

#include <QMetaObject>

InMemoryCredentialStore::InMemoryCredentialStore(QObject* parent)
    : CredentialStore(parent)
{
}

void InMemoryCredentialStore::readPassword(const QString& account, Done done)
{
    CredentialResult result;
    if (m_unavailable) {
        result = unavailableResult();
    } else if (auto it = m_passwords.constFind(account); it != m_passwords.cend()) {
        result.ok = true;
        result.password = it.value();
    } else {
        result.notFound = true;
        result.errorText = tr("No password is stored for this connection.");
    }
    answer(std::move(done), std::move(result));
}

void InMemoryCredentialStore::writePassword(const QString& account, const QString& password, Done done)
{
    CredentialResult result;
    if (m_unavailable) {
        result = unavailableResult();
    } else {
        m_passwords.insert(account, password);
        result.ok = true;
    }
    answer(std::move(done), std::move(result));
}

void InMemoryCredentialStore::deletePassword(const QString& account, Done done)
{
    CredentialResult result;
    if (m_unavailable) {
        result = unavailableResult();
    } else {
        result.ok = true;
        result.notFound = m_passwords.remove(account) == 0;
    }
    answer(std::move(done), std::move(result));
}

QString InMemoryCredentialStore::backendName() const
{
    return tr("Memory (forgotten when KeyWarden closes)");
}

void InMemoryCredentialStore::setUnavailable(bool unavailable)
{
    m_unavailable = unavailable;
}

void InMemoryCredentialStore::answer(Done done, CredentialResult result)
{
    if (!done)
        return;
    // Queued on this object: never a synchronous answer, and none after our destruction.
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
}

CredentialResult InMemoryCredentialStore::unavailableResult() const
{
    CredentialResult result;
    result.unavailable = true;
    result.errorText = tr("No system keychain is running (Secret Service); KeyWarden will ask for the password "
                          "each time instead of storing it.");
    return result;
}
