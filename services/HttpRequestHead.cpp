#include "HttpRequestHead.h"

#include "HttpTokens.h"

namespace {

using HttpTokens::equalsIgnoringCase;
using HttpTokens::isTokenChar;
using HttpTokens::trimmed;

// Field values: visible ASCII, space, tab and obs-text (bytes >= 0x80, e.g. UTF-8);
// no other control byte.
bool isValueChar(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
}

// Request targets in origin form: visible ASCII only.
bool isTargetChar(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f;
}

} // namespace

bool HttpRequestHead::parse(QByteArrayView head)
{
    m_fieldCount = 0;
    if (!head.endsWith("\r\n\r\n"))
        return false;
    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = head.first(lineEnd);

    // METHOD SP origin-form SP HTTP/1.1
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || requestLine.sliced(lastSpace + 1) != "HTTP/1.1")
        return false;
    m_method = requestLine.first(firstSpace);
    m_target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    for (const char c : m_method) {
        if (!isTokenChar(c))
            return false;
    }
    if (m_target.front() != '/')
        return false;
    for (const char c : m_target) {
        if (!isTargetChar(c))
            return false;
    }
    const qsizetype queryAt = m_target.indexOf('?');
    m_path = queryAt < 0 ? m_target : m_target.first(queryAt);

    qsizetype at = lineEnd + 2;
    while (at < head.size() - 2) { // the last two bytes end the blank line
        lineEnd = head.indexOf("\r\n", at);
        const QByteArrayView line = head.sliced(at, lineEnd - at);
        at = lineEnd + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || m_fieldCount == MaxFields)
            return false; // also rejects obsolete folding: a line starting with space has no token
        const QByteArrayView name = line.first(colon);
        for (const char c : name) {
            if (!isTokenChar(c))
                return false;
        }
        const QByteArrayView value = line.sliced(colon + 1);
        for (const char c : value) {
            if (!isValueChar(c))
                return false; // includes a lone CR or LF inside the line
        }
        m_fields[size_t(m_fieldCount++)] = Field{name, trimmed(value)};
    }
    return true;
}

QByteArrayView HttpRequestHead::value(QByteArrayView name) const
{
    for (int i = 0; i < m_fieldCount; ++i) {
        if (equalsIgnoringCase(m_fields[size_t(i)].name, name))
            return m_fields[size_t(i)].value;
    }
    return {};
}

int HttpRequestHead::count(QByteArrayView name) const
{
    int found = 0;
    for (int i = 0; i < m_fieldCount; ++i) {
        if (equalsIgnoringCase(m_fields[size_t(i)].name, name))
            ++found;
    }
    return found;
}

bool HttpRequestHead::isBodylessKeepAlive() const
{
    for (int i = 0; i < m_fieldCount; ++i) {
        const Field& field = m_fields[size_t(i)];
        if (equalsIgnoringCase(field.name, "content-length")) {
            if (field.value != "0")
                return false;
        } else if (equalsIgnoringCase(field.name, "connection")) {
            if (!equalsIgnoringCase(field.value, "keep-alive"))
                return false;
        } else if (equalsIgnoringCase(field.name, "transfer-encoding") || equalsIgnoringCase(field.name, "upgrade")
                   || equalsIgnoringCase(field.name, "expect")) {
            return false;
        }
    }
    return true;
}
