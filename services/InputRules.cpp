#include "InputRules.h"

#include "KeyMasking.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace InputRules {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("InputRules", text);
}
Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}
} // namespace

namespace {
bool isControl(QChar c)
{
    return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c == QChar::LineSeparator
        || c == QChar::ParagraphSeparator;
}
} // namespace

bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(), isControl);
}

QString withControlCharactersReplaced(QString text)
{
    // Usually there is none: the text is returned shared, not detached and copied (the
    // validator passes each request's path through here).
    if (!hasControlCharacters(text))
        return text;
    for (QChar& c : text) {
        if (isControl(c))
            c = QChar::ReplacementCharacter;
    }
    return text;
}

QString echoed(const QString& text, qsizetype maxLength)
{
    // Control and invisible characters go first, so that a key split by a newline or a
    // zero-width space is seen as the key it is; then every key-like run is masked, before
    // the cut (a cut key is no longer shaped like one).
    QString shown = text;
    shown.removeIf(isControl);
    shown = KeyMasking::maskKeyLikeRunsIn(shown);
    if (shown.size() <= maxLength)
        return shown;
    qsizetype keep = qMax<qsizetype>(0, maxLength - 1);
    if (keep > 0 && shown.at(keep - 1).isHighSurrogate())
        --keep; // never half a character
    return shown.left(keep) + QChar(0x2026);
}

Status checkName(const QString& name, const QString& what)
{
    if (name.trimmed().isEmpty())
        return invalid(tr("the %1 must not be empty").arg(what));
    if (name.size() > MaxNameLength)
        return invalid(tr("the %1 is too long (at most %2 characters)").arg(what).arg(MaxNameLength));
    if (hasControlCharacters(name))
        return invalid(tr("the %1 must not contain control characters or line breaks").arg(what));
    return success();
}

Status checkSlug(const QString& slug)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]+(?:-[a-z0-9]+)*\\z"));
    if (slug.isEmpty())
        return invalid(tr("the slug must not be empty"));
    if (slug.size() > MaxSlugLength)
        return invalid(tr("the slug is too long (at most %1 characters)").arg(MaxSlugLength));
    if (!pattern.match(slug).hasMatch())
        return invalid(
            tr("the slug \"%1\" may only contain lower-case letters, digits and single hyphens (like \"acme-corp\")")
                .arg(hasControlCharacters(slug) ? QStringLiteral("?") : slug));
    return success();
}

Status checkEmail(const QString& email)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\\z"));
    if (email.isEmpty())
        return invalid(tr("the email address must not be empty"));
    if (email.size() > MaxEmailLength)
        return invalid(tr("the email address is too long (at most %1 characters)").arg(MaxEmailLength));
    if (!pattern.match(email).hasMatch())
        return invalid(
            tr("\"%1\" is not a valid email address").arg(hasControlCharacters(email) ? QStringLiteral("?") : email));
    return success();
}

Status checkDescription(const QString& description)
{
    if (description.size() > MaxDescriptionLength)
        return invalid(tr("the description is too long (at most %1 characters)").arg(MaxDescriptionLength));
    return success();
}

Status checkReason(const QString& reason)
{
    if (reason.trimmed().isEmpty())
        return invalid(tr("a reason is required"));
    if (reason.size() > MaxReasonLength)
        return invalid(tr("the reason is too long (at most %1 characters)").arg(MaxReasonLength));
    // It is printed in tables, terminals and log lines (and PostgreSQL refuses NUL in text).
    if (hasControlCharacters(reason))
        return invalid(tr("the reason must not contain control characters or line breaks"));
    return success();
}

Status checkActor(const QString& actor)
{
    return checkName(actor, tr("actor"));
}

Status checkScopes(const QStringList& scopes)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(?:\\*|[a-z0-9][a-z0-9_.-]*(?::[a-z0-9_.-]+)*(?::\\*)?)\\z"));
    if (scopes.size() > MaxScopes)
        return invalid(tr("too many scopes (at most %1)").arg(MaxScopes));
    for (const QString& scope : scopes) {
        if (scope.size() > MaxScopeLength)
            return invalid(tr("a scope is too long (at most %1 characters)").arg(MaxScopeLength));
        if (!pattern.match(scope).hasMatch())
            return invalid(
                tr("\"%1\" is not a valid scope: use lower-case words joined by ':' like \"agents:run\", or \"*\"")
                    .arg(hasControlCharacters(scope) ? QStringLiteral("?") : KeyMasking::maskKeysIn(scope)));
    }
    return success();
}

namespace {
// Lower-case letters NFKD does not take apart into ASCII letters and marks.
QLatin1String spelledOut(QChar c)
{
    switch (c.unicode()) {
    case 0x00DF: // ß
        return QLatin1String("ss");
    case 0x00E6: // æ
        return QLatin1String("ae");
    case 0x0153: // œ
        return QLatin1String("oe");
    case 0x00F8: // ø
        return QLatin1String("o");
    case 0x0111: // đ
    case 0x00F0: // ð
        return QLatin1String("d");
    case 0x0142: // ł
        return QLatin1String("l");
    case 0x00FE: // þ
        return QLatin1String("th");
    case 0x0131: // ı
        return QLatin1String("i");
    }
    return QLatin1String();
}
} // namespace

QString localActor(const QString& channel)
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return channel + u':' + user.left(200);
}

QString slugFromName(const QString& name)
{
    QString slug;
    bool pendingHyphen = false;
    const QString folded = name.normalized(QString::NormalizationForm_KD).toLower();
    for (const QChar c : folded) {
        const bool plain = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        const QLatin1String spelled = plain ? QLatin1String() : spelledOut(c);
        if (plain || !spelled.isEmpty()) {
            const bool hyphen = pendingHyphen && !slug.isEmpty();
            // Stop before the slug would grow past its limit (a hyphen and a letter at once).
            if (slug.size() + (hyphen ? 1 : 0) + (plain ? 1 : spelled.size()) > MaxSlugLength)
                break;
            if (hyphen)
                slug += u'-';
            pendingHyphen = false;
            if (plain)
                slug += c;
            else
                slug += spelled;
        } else if (c.category() != QChar::Mark_NonSpacing) {
            pendingHyphen = true;
        }
    }
    while (slug.endsWith(u'-'))
        slug.chop(1);
    return slug;
}

QStringList parseScopes(const QString& text)
{
    QStringList scopes;
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString scope = part.trimmed();
        if (!scope.isEmpty() && !scopes.contains(scope))
            scopes << scope;
    }
    return scopes;
}

} // namespace InputRules
