#include "SqlValue.h"

#include <QJsonDocument>
#include <QTimeZone>

namespace SqlValue {

QVariant fromTime(const QDateTime& time)
{
    if (!time.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QDateTime toTime(const QVariant& value)
{
    if (value.isNull())
        return QDateTime();
    if (value.metaType().id() == QMetaType::QDateTime)
        return value.toDateTime().toUTC();
    QString text = value.toString();
    if (text.isEmpty())
        return QDateTime();
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return QDateTime();
    // Text without an offset was written by us in UTC.
    if (parsed.timeSpec() == Qt::LocalTime)
        parsed.setTimeZone(QTimeZone::utc());
    return parsed.toUTC();
}

QVariant fromDay(QDate day)
{
    if (!day.isValid())
        return QVariant(QMetaType::fromType<QString>());
    return day.toString(Qt::ISODate);
}

QDate toDay(const QVariant& value)
{
    if (value.isNull())
        return QDate();
    if (value.metaType().id() == QMetaType::QDate)
        return value.toDate();
    return QDate::fromString(value.toString().left(10), Qt::ISODate);
}

QString uuidText(const QUuid& id)
{
    return id.toString(QUuid::WithoutBraces);
}

QVariant fromUuid(const QUuid& id)
{
    if (id.isNull())
        return QVariant(QMetaType::fromType<QString>());
    return uuidText(id);
}

QUuid toUuid(const QVariant& value)
{
    if (value.isNull())
        return QUuid();
    return QUuid::fromString(value.toString());
}

QUuid parseUuid(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() != 36)
        return QUuid();
    return QUuid::fromString(trimmed);
}

QVariant fromOptionalInt(std::optional<int> value)
{
    if (!value)
        return QVariant(QMetaType::fromType<int>());
    return *value;
}

std::optional<int> toOptionalInt(const QVariant& value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toInt();
}

QVariant fromText(const QString& text)
{
    if (text.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return text;
}

QString toJson(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QString toJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QStringList toStringList(const QVariant& jsonText)
{
    QStringList list;
    const QJsonDocument doc = QJsonDocument::fromJson(jsonText.toString().toUtf8());
    for (const QJsonValue item : doc.array())
        list << item.toString();
    return list;
}

QJsonObject toJsonObject(const QVariant& jsonText)
{
    return QJsonDocument::fromJson(jsonText.toString().toUtf8()).object();
}

} // namespace SqlValue
