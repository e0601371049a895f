#pragma once

#include <QString>
#include <QStringView>

// The only form in which a key may appear in a log, a table or a message:
// `pk_live_AbCd…wxyz`. Anything that is not shaped like a key is masked harder.
namespace KeyMasking {
QString mask(QStringView key);
// `text` with every key in it masked: each run of key characters from a `pk_{env}_` on
// (even inside a longer word) that hides at least 30 more (a typo'd or truncated key is a
// secret too).
// For free text a person may paste a key into: names, descriptions, revoke reasons.
QString maskKeysIn(const QString& text);
// Stricter, for quoting input back in a message: every run from a `pk_{env}_` on is masked
// however short (a key cut anywhere still holds part of the secret; mask() then shows
// only `pk_live_…`).
QString maskKeyLikeRunsIn(const QString& text);
// Masked form from the stored parts (no full key needed).
QString fromParts(QStringView keyPrefix, QStringView keyHint);
} // namespace KeyMasking
