#pragma once

#include "Result.h"

#include <QString>
#include <QStringList>

// Rules for what a person may type, shared by the CLI, the admin API and the dialogs so
// that all three refuse the same input with the same words.
namespace InputRules {
constexpr int MaxNameLength = 255;
constexpr int MaxSlugLength = 64;
constexpr int MaxEmailLength = 254;
constexpr int MaxDescriptionLength = 2000;
constexpr int MaxReasonLength = 1000;
constexpr int MaxActorLength = 255;
constexpr int MaxScopes = 50;
constexpr int MaxScopeLength = 64;
constexpr int MaxExpiryDays = 3650;
// An organization's limits. The per-minute limit and the monthly quota start at 1: a 0
// read as "none" or as "the default" would surprise whoever typed it; to stop an
// organization's requests, deactivate it. A key cap of 0 allows no new keys.
constexpr int MinRateLimit = 1;
constexpr int MaxRateLimit = 1000000;
constexpr qint64 MinMonthlyLimit = 1;
constexpr qint64 MaxMonthlyLimit = 1000000000000LL;
constexpr int MinKeysCap = 0;
constexpr int MaxKeysCap = 100000;
constexpr int MaxGraceHours = 720;

Status checkName(const QString& name, const QString& what);
Status checkSlug(const QString& slug);
Status checkEmail(const QString& email);
Status checkDescription(const QString& description);
Status checkReason(const QString& reason);
Status checkActor(const QString& actor);
Status checkScopes(const QStringList& scopes);
// The actor recorded for a person at this computer: "cli:alice", "desktop:alice".
QString localActor(const QString& channel);
// "Acme Corp." -> "acme-corp"
QString slugFromName(const QString& name);
// Splits "a, b ,c" into scopes; empty items are dropped.
QStringList parseScopes(const QString& text);
// True when the text holds a control character (newlines and tabs included).
bool hasControlCharacters(const QString& text);
// `text` with each such character replaced by U+FFFD: for echoing or keeping what a client
// sent (an unknown field's name, a junk token's masked sample) without its NULs or escapes.
QString withControlCharactersReplaced(QString text);
// What a message may quote of a person's input: a key in it masked, control characters
// replaced, and at most `maxLength` characters, an ellipsis saying when it was cut.
QString echoed(const QString& text, qsizetype maxLength);
} // namespace InputRules
