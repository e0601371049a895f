#include "UsageText.h"

QString usageText(const QString& text, qsizetype limit)
{
    qsizetype size = qMin(text.size(), limit);
    if (size > 0 && size < text.size() && text.at(size - 1).isHighSurrogate() && text.at(size).isLowSurrogate())
        --size;
    QString kept = text.left(size); // shares the text when nothing is cut
    for (qsizetype i = 0; i < kept.size(); ++i) {
        const QChar c = kept.at(i);
        const bool pairStart = c.isHighSurrogate() && i + 1 < kept.size() && kept.at(i + 1).isLowSurrogate();
        if (pairStart) {
            ++i;
            continue;
        }
        if (c.isNull() || c.isSurrogate())
            kept[i] = QChar::ReplacementCharacter;
    }
    return kept;
}
