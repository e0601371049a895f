#include "KeyMasking.h"

#include "ApiKeyFormat.h"

namespace KeyMasking {

QString fromParts(QStringView keyPrefix, QStringView keyHint)
{
    return keyPrefix.toString() + QChar(0x2026) + keyHint.toString();
}

QString mask(QStringView key)
{
    // Only reveal prefix and hint when at least 30 characters stay hidden; a short or
    // truncated string could otherwise be reconstructed from what we print.
    const qsizetype envEnd = key.startsWith(u"pk_") ? key.indexOf(u'_', 3) : -1;
    if (envEnd > 0 && envEnd <= 8) {
        const qsizetype shown = envEnd + 1 + ApiKeyFormat::PrefixRandomChars + ApiKeyFormat::HintLength;
        if (key.size() >= shown + 30)
            return fromParts(key.first(envEnd + 1 + ApiKeyFormat::PrefixRandomChars),
                             key.last(ApiKeyFormat::HintLength));
        return key.first(envEnd + 1).toString() + QChar(0x2026);
    }
    return QString(QChar(0x2026));
}

} // namespace KeyMasking
