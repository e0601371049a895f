#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

// One request a validator finished serving, as a live request log shows it. Built only
// when someone observes the validator (ValidatorState::requestObserver), so it may cost
// what it costs. Safe to show: the path never carries the query (a key in a URL is
// refused, and must not be echoed either), and the key is masked (KeyMasking).
struct ValidatorRequestEvent
{
    QDateTime timestamp; // UTC, when the answer was written
    QString method; // "GET", "POST", ...
    QString path; // without the query string
    int status = 0;
    QString errorCode; // SPEC's wire code ("invalid_api_key"); empty on success
    QString maskedKey; // `pk_live_AbCd…wxyz`; empty when no bearer token was sent
    QString organizationSlug; // empty unless the key was known and valid
    qint64 latencyMicros = 0;
};

Q_DECLARE_METATYPE(ValidatorRequestEvent)
