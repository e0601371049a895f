#pragma once

#include <QList>
#include <QString>
#include <QStringView>

// Finds key material in text (log lines, a CTest log): every `pk_live_`, `pk_test_` or
// `pk_admin_` followed by at least MinExposedChars key characters. No legitimate output
// has that: the masked form (`pk_live_AbCd…wxyz`) shows four characters after the prefix.
// Shared by TestSecurity (its captured log lines) and TestLogScan (the whole CTest run).
namespace KeyLeakScanner {

// Fewer key characters than this after a prefix are not a leak (masked forms show 4).
constexpr int MinExposedChars = 20;

enum class Kind {
    FullKey, // a whole, well-formed key with a valid checksum: a real key
    KeyShaped, // key length but the checksum fails: a near miss, i.e. a real key with one typo
    Fragment, // 20 or more characters of a key: enough to narrow a key down or to recover it
};

struct Finding
{
    Kind kind = Kind::Fragment;
    qsizetype offset = 0; // where the `pk_` starts in the scanned text
    qsizetype length = 0; // of the prefix plus the run of key characters
    int exposedChars = 0; // key characters after the prefix
    QString masked; // safe to print (maskForReport), never the key
};

struct Result
{
    QList<Finding> findings;
    // Runs of key length made of at most 4 distinct characters (`pk_live_AAAA…`): hand-made
    // placeholders of tests, not keys. Counted so a report can say how many were passed over.
    int placeholders = 0;
};

Result scan(QStringView text);
QString kindName(Kind kind);
// `text` with every finding replaced by its masked form, so a report can show context.
QString redact(QStringView text);
// The masked form for reports: `pk_live_AbCd…wxyz`, or `pk_live_…(N characters)` when too
// short to show more. Its own code, not KeyMasking's: a report about broken masking must not
// print what it found through the very code that broke.
QString maskForReport(QStringView keyMaterial);

} // namespace KeyLeakScanner
