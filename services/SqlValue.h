#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUuid>
#include <QVariant>

#include <optional>

// Conversions between C++ values and what both engines store. Times are bound as UTC
// ISO-8601 text with milliseconds and `Z`: PostgreSQL casts it to timestamptz, SQLite
// keeps it as text that sorts chronologically (SQLite would otherwise store local
// wall-clock time without an offset: ../shared/PLATFORM.md).
namespace SqlValue {
QVariant fromTime(const QDateTime& time); // NULL when invalid
QDateTime toTime(const QVariant& value); // UTC; invalid for NULL
QVariant fromDay(QDate day);
QDate toDay(const QVariant& value);
QVariant fromUuid(const QUuid& id); // NULL when null
QUuid toUuid(const QVariant& value);
QVariant fromOptionalInt(std::optional<int> value);
std::optional<int> toOptionalInt(const QVariant& value);
QVariant fromText(const QString& text); // NULL when empty
QString toJson(const QStringList& list);
QString toJson(const QJsonObject& object);
QStringList toStringList(const QVariant& jsonText);
QJsonObject toJsonObject(const QVariant& jsonText);
// Text form of a UUID everywhere: lower case, no braces.
QString uuidText(const QUuid& id);
// Parses user input as a UUID; null when it is not exactly one.
QUuid parseUuid(const QString& text);
} // namespace SqlValue
