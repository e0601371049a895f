#include "KeyLeakScanner.h"

#include "ApiKeyFormat.h"

#include <QSet>

#include <optional>

namespace KeyLeakScanner {

namespace {

bool isKeyChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_';
}

// Length of `pk_{env}_` at `at` for env live, test or admin; 0 when there is none.
qsizetype prefixLengthAt(QStringView text, qsizetype at)
{
    for (const QStringView prefix : {QStringView(u"pk_live_"), QStringView(u"pk_test_"), QStringView(u"pk_admin_")}) {
        if (text.sliced(at).startsWith(prefix))
            return prefix.size();
    }
    return 0;
}

struct Run
{
    Finding finding;
    bool placeholder = false;
};

// The run of key characters after a prefix at `at`, classified; nullopt when too short.
std::optional<Run> runAt(QStringView text, qsizetype at)
{
    const qsizetype prefix = prefixLengthAt(text, at);
    if (prefix == 0)
        return std::nullopt;
    qsizetype end = at + prefix;
    while (end < text.size() && isKeyChar(text[end]))
        ++end;
    const qsizetype exposed = end - at - prefix;
    if (exposed < MinExposedChars)
        return std::nullopt;

    const QStringView candidate = text.sliced(at, end - at);
    const qsizetype keyChars = ApiKeyFormat::RandomLength + ApiKeyFormat::ChecksumLength;
    Run run;
    run.finding.offset = at;
    run.finding.length = end - at;
    run.finding.exposedChars = int(exposed);
    if (exposed >= keyChars && ApiKeyFormat::check(candidate.first(prefix + keyChars)) == KeyFormatError::None)
        run.finding.kind = Kind::FullKey;
    else if (exposed == keyChars)
        run.finding.kind = Kind::KeyShaped;
    else
        run.finding.kind = Kind::Fragment;
    run.finding.masked = maskForReport(candidate);

    if (run.finding.kind != Kind::FullKey) {
        QSet<QChar> distinct;
        for (const QChar c : candidate.sliced(prefix, qMin<qsizetype>(exposed, ApiKeyFormat::RandomLength)))
            distinct.insert(c);
        run.placeholder = distinct.size() <= 4;
    }
    return run;
}

} // namespace

Result scan(QStringView text)
{
    Result result;
    for (qsizetype at = text.indexOf(u"pk_"); at >= 0; at = text.indexOf(u"pk_", at + 1)) {
        const auto run = runAt(text, at);
        if (!run)
            continue;
        if (run->placeholder)
            ++result.placeholders;
        else
            result.findings << run->finding;
        at += run->finding.length - 1;
    }
    return result;
}

QString maskForReport(QStringView keyMaterial)
{
    const qsizetype envEnd = keyMaterial.startsWith(u"pk_") ? keyMaterial.indexOf(u'_', 3) : -1;
    if (envEnd < 0 || envEnd > 8)
        return QString(QChar(0x2026)) + QStringLiteral("(%1 characters)").arg(keyMaterial.size());
    const qsizetype prefix = envEnd + 1;
    if (keyMaterial.size() - prefix - 8 >= 30) // as KeyMasking: 4 + 4 shown only when 30 stay hidden
        return keyMaterial.first(prefix + 4).toString() + QChar(0x2026) + keyMaterial.last(4).toString();
    return keyMaterial.first(prefix).toString() + QChar(0x2026)
        + QStringLiteral("(%1 characters)").arg(keyMaterial.size() - prefix);
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::FullKey:
        return QStringLiteral("full key (valid checksum)");
    case Kind::KeyShaped:
        return QStringLiteral("key-shaped (checksum fails: a near miss of a key)");
    case Kind::Fragment:
        return QStringLiteral("key fragment");
    }
    return QString();
}

QString redact(QStringView text)
{
    QString out;
    qsizetype copied = 0;
    for (qsizetype at = text.indexOf(u"pk_"); at >= 0; at = text.indexOf(u"pk_", at + 1)) {
        const auto run = runAt(text, at);
        if (!run)
            continue;
        out += text.sliced(copied, at - copied);
        out += run->finding.masked;
        copied = at + run->finding.length;
        at = copied - 1;
    }
    out += text.sliced(copied);
    return out;
}

} // namespace KeyLeakScanner
