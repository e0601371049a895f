#pragma once

#include <QByteArrayView>

// The few RFC 9110 character rules both of the validator's own HTTP readers
// (HttpRequestHead, HttpFraming) apply to request heads.
namespace HttpTokens {

// Token characters: field names and methods.
inline bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) { // a switch, not a search: this runs for every byte of every field name
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// ASCII case-insensitive equality (field names, codings).
inline bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x + ('a' - 'A'));
        if (y >= 'A' && y <= 'Z')
            y = char(y + ('a' - 'A'));
        if (x != y)
            return false;
    }
    return true;
}

// Without the spaces and tabs around it (optional whitespace).
inline QByteArrayView trimmed(QByteArrayView value)
{
    while (!value.isEmpty() && (value.front() == ' ' || value.front() == '\t'))
        value = value.sliced(1);
    while (!value.isEmpty() && (value.back() == ' ' || value.back() == '\t'))
        value.chop(1);
    return value;
}

// Where a request head starts: empty lines before a request are ignored (RFC 9112
// section 2.2), as Qt does.
inline qsizetype headStart(QByteArrayView bytes)
{
    qsizetype start = 0;
    while (start < bytes.size() && (bytes[start] == '\r' || bytes[start] == '\n'))
        ++start;
    return start;
}

// True when bytes[from, to) of a head holds an LF without its CR. Qt ends a line there
// too, so the validator's readers, which end lines only at CRLF, would read other fields.
inline bool hasBareLineFeed(QByteArrayView bytes, qsizetype from, qsizetype to)
{
    for (qsizetype i = qMax(from, headStart(bytes)); i < to; ++i) {
        if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'))
            return true;
    }
    return false;
}

} // namespace HttpTokens
