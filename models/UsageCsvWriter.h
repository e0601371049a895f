#pragma once

#include "Result.h"
#include "UsageStats.h"

class QIODevice;

// Writes a usage summary as one CSV table (RFC 4180: comma separated, CRLF line ends,
// fields with a comma, quote, CR or LF in double quotes, quotes doubled; UTF-8 without a
// byte-order mark). One table with one header rather than several sections, so that
// every CSV reader and spreadsheet imports it whole; the first column says what a row is:
//
//   section,day,endpoint,status_class,requests,failed,tokens,cost_usd
//   day,2024-05-01,,,120,3,5400,0.123400       one per day of [from, to], oldest first,
//                                                days without traffic as zeros (as charted)
//   endpoint,,/v1/verify,,100,,0,0.000000       most requests first; failed is not known
//                                                per endpoint, so it is empty
//   status,,,4xx,3,,,                            one per status class with traffic
//   total,2024-05-01/2024-05-31,,,...            the range's totals, last
//
// Days are UTC days in ISO format, costs have six decimals, numbers never use a locale.
// Endpoint names come from API callers: a cell that starts with = + - @ (or a tab or CR)
// gets a leading apostrophe so that a spreadsheet shows it as text instead of running
// it as a formula (CSV injection). Numbers we format ourselves are never touched.
class UsageCsvWriter
{
public:
    static Status write(const UsageStats& stats, QIODevice& device);

    // One field, quoted and neutralised as described above (exposed for tests).
    static QString textField(const QString& text);
    static QStringList headerFields();
};
