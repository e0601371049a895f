#pragma once

#include <QObject>
#include <QString>

#include <functional>

// The answer of a credential store. `errorText` is meant for a person (shown in a dialog
// or status line) and never contains the password.
struct CredentialResult
{
    bool ok = false;
    bool notFound = false; // no entry for the account (delete: nothing to delete, still ok)
    bool unavailable = false; // no usable keychain: ask for the password each time instead
    QString password; // read only
    QString errorText;
};

// Where the desktop app keeps database passwords: the system keychain in the app, memory
// in tests. Asynchronous because the system keychain is (it may even prompt to unlock):
// `done` is always called later from the event loop, never from inside the call, and not
// at all once the store is destroyed.
class CredentialStore : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(CredentialResult)>;

    explicit CredentialStore(QObject* parent = nullptr)
        : QObject(parent)
    {
    }
    ~CredentialStore() override = default;

    virtual void readPassword(const QString& account, Done done) = 0;
    virtual void writePassword(const QString& account, const QString& password, Done done) = 0;
    virtual void deletePassword(const QString& account, Done done) = 0;
    // Shown in diagnostics ("Secret Service (QtKeychain)").
    virtual QString backendName() const = 0;
};
