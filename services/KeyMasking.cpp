#include "KeyMasking.h"

#include "ApiKeyFormat.h"

namespace KeyMasking {

QString fromParts(QStringView keyPrefix, QStringView keyHint)
{
    return keyPrefix.toString() + QChar(0x2026) + keyHint.toString();
}

namespace {
constexpr int kHiddenAtLeast = 30;

bool isKeyChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'-';
}

// The end of `pk_{env}` in `key` (the second '_'), or -1 when it is not shaped so.
qsizetype environmentEnd(QStringView key)
{
    const qsizetype envEnd = key.startsWith(u"pk_") ? key.indexOf(u'_', 3) : -1;
    return envEnd > 3 && envEnd <= 8 ? envEnd : -1;
}
} // namespace

namespace {
// Each run of key characters from a `pk_{env}_` on that hides at least `hiddenAtLeast`
// more, masked.
QString maskRuns(const QString& text, qsizetype hiddenAtLeast)
{
    QString result;
    qsizetype copied = 0;
    qsizetype at = text.indexOf(u"pk_");
    while (at >= 0) {
        qsizetype end = at;
        while (end < text.size() && isKeyChar(text.at(end)))
            ++end;
        const QStringView run = QStringView(text).sliced(at, end - at);
        const qsizetype envEnd = environmentEnd(run);
        // Wherever it starts ("prod_pk_live_…" too): 30 hidden characters rule out words.
        if (envEnd > 0 && run.size() >= envEnd + 1 + hiddenAtLeast) {
            result += QStringView(text).sliced(copied, at - copied);
            result += mask(run);
            copied = end;
        }
        at = text.indexOf(u"pk_", qMax(end, at + 1));
    }
    if (copied == 0)
        return text;
    result += QStringView(text).sliced(copied);
    return result;
}
} // namespace

QString maskKeysIn(const QString& text)
{
    return maskRuns(text, kHiddenAtLeast);
}

QString maskKeyLikeRunsIn(const QString& text)
{
    return maskRuns(text, 0);
}

QString mask(QStringView key)
{
    // Only reveal prefix and hint when at least 30 characters stay hidden; a short or
    // truncated string could otherwise be reconstructed from what we print.
    const qsizetype envEnd = environmentEnd(key);
    if (envEnd > 0) {
        const qsizetype shown = envEnd + 1 + ApiKeyFormat::PrefixRandomChars + ApiKeyFormat::HintLength;
        if (key.size() >= shown + kHiddenAtLeast)
            return fromParts(key.first(envEnd + 1 + ApiKeyFormat::PrefixRandomChars),
                             key.last(ApiKeyFormat::HintLength));
        return key.first(envEnd + 1).toString() + QChar(0x2026);
    }
    return QString(QChar(0x2026));
}

} // namespace KeyMasking
