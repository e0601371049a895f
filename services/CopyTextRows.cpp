#include "CopyTextRows.h"

void CopyTextRows::separate()
{
    if (m_rowStarted)
        m_data += '\t';
    m_rowStarted = true;
}

void CopyTextRows::appendEscaped(char c)
{
    switch (c) {
    case '\\':
        m_data += "\\\\";
        break;
    case '\t':
        m_data += "\\t";
        break;
    case '\n':
        m_data += "\\n";
        break;
    case '\r':
        m_data += "\\r";
        break;
    default:
        m_data += c;
    }
}

void CopyTextRows::appendText(QStringView text)
{
    separate();
    // Usage texts are nearly always ASCII: written as they are, without a UTF-8 copy.
    const qsizetype start = m_data.size();
    for (const QChar c : text) {
        if (c.unicode() >= 0x80) {
            m_data.truncate(start);
            for (const char byte : text.toUtf8())
                appendEscaped(byte);
            return;
        }
        appendEscaped(char(c.unicode()));
    }
}

void CopyTextRows::appendNull()
{
    separate();
    m_data += "\\N";
}

void CopyTextRows::endRow()
{
    m_data += '\n';
    m_rowStarted = false;
    ++m_rows;
}
