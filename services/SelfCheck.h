#pragma once

#include <QList>
#include <QString>

#include <functional>

// The self-checks behind `keywardenctl doctor` and the app's Diagnostics dialog
// (Kleopatra's selftest): each says ok / warning / failed with a sentence.
namespace SelfCheck {

enum class State { Ok, Warning, Failed };

struct Result
{
    QString name;
    State state = State::Ok;
    QString detail;
};

struct Options
{
    QString databaseFlag; // as --database; empty: DATABASE_URL or the embedded default
    quint16 port = 8080;
    // Probes the system keychain; the core does not link QtKeychain, so callers inject it.
    std::function<Result()> keychainProbe;
};

Result checkDatabase(const Options& options);
Result checkRedis();
Result checkPort(quint16 port);
QList<Result> runAll(const Options& options);
QString stateText(State state);

} // namespace SelfCheck
