#include "UsageEndpoint.h"

namespace {

bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// 8-4-4-4-12 hex digits.
bool isUuid(QStringView segment)
{
    if (segment.size() != 36)
        return false;
    for (qsizetype i = 0; i < segment.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? segment[i] != u'-' : !isHex(segment[i]))
            return false;
    }
    return true;
}

bool isIdentifier(QStringView segment)
{
    if (segment.isEmpty())
        return false;
    bool digits = true;
    bool hex = true;
    bool hasDigit = false;
    bool hasLetter = false;
    bool tokenChars = true;
    for (const QChar c : segment) {
        const bool digit = c >= u'0' && c <= u'9';
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
        digits = digits && digit;
        hex = hex && isHex(c);
        hasDigit = hasDigit || digit;
        hasLetter = hasLetter || letter;
        tokenChars = tokenChars && (digit || letter || c == u'_' || c == u'-');
    }
    if (digits || isUuid(segment))
        return true;
    // Long runs of hex (hashes, object ids) or of mixed letters and digits (opaque ids):
    // words of that length with digits in them are rare in route names.
    return segment.size() >= 16 && tokenChars && hasDigit && (hex || hasLetter);
}

} // namespace

QString UsageEndpoint::route(const QString& path)
{
    static const QString id = QStringLiteral("{id}");
    QString result;
    qsizetype copied = 0; // of `path`, into `result`
    qsizetype start = 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf(u'/', start);
        if (end < 0)
            end = path.size();
        if (isIdentifier(QStringView(path).sliced(start, end - start))) {
            if (result.isNull())
                result.reserve(path.size());
            result += QStringView(path).sliced(copied, start - copied);
            result += id;
            copied = end;
        }
        start = end + 1;
    }
    if (result.isNull())
        return path; // shared, not copied: the usual case
    result += QStringView(path).sliced(copied);
    return result;
}

QString UsageEndpointBudget::admit(QDate day, const QUuid& keyId, const QString& route)
{
    if (!m_newestDay.isValid() || day > m_newestDay) {
        m_newestDay = day;
        // A batch may straddle midnight: the day before stays, older ones go.
        m_seen.removeIf([this](const auto& entry) { return entry.key().first < m_newestDay.addDays(-1); });
    }
    if (day < m_newestDay.addDays(-1))
        return route; // a late record of a past day: rare, and not worth holding that day for
    QSet<QString>& seen = m_seen[{day, keyId}];
    if (seen.contains(route))
        return route;
    if (seen.size() >= MaxPerKeyPerDay)
        return other();
    seen.insert(route);
    return route;
}
