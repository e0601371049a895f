#pragma once

#include <QString>
#include <QStringView>

// The only form in which a key may appear in a log, a table or a message:
// `pk_live_AbCd…wxyz`. Anything that is not shaped like a key is masked harder.
namespace KeyMasking {
QString mask(QStringView key);
// Masked form from the stored parts (no full key needed).
QString fromParts(QStringView keyPrefix, QStringView keyHint);
} // namespace KeyMasking
