#include "ErrorMessages.h"

#include <QCoreApplication>

namespace ErrorMessages {

QString sentence(const QString& phrase)
{
    QString text = phrase.trimmed();
    if (text.isEmpty())
        return text;
    text[0] = text.at(0).toUpper();
    if (!text.endsWith(u'.') && !text.endsWith(u'!') && !text.endsWith(u'?'))
        text += u'.';
    return text;
}

QString describe(const QString& doing, const Error& error)
{
    QString why = sentence(error.message);
    if (error.code == ErrorCode::Unavailable)
        why += u' '
            + QCoreApplication::translate("ErrorMessages",
                                          "Check that the database server is running and reachable, then try again.");
    return doing + QStringLiteral(": ") + why;
}

} // namespace ErrorMessages
