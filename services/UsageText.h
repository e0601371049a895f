#pragma once

#include <QString>

// A text as the usage tables keep it: at most `limit` UTF-16 units, cut before a surrogate
// pair rather than through it, with NUL and lone surrogates as U+FFFD. PostgreSQL's text
// cannot hold NUL, and its JSON input refuses a lone surrogate: either would cost the
// whole batch that carries it. Both engines store the same text.
QString usageText(const QString& text, qsizetype limit);
