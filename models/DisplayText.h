#pragma once

#include "ApiKey.h"
#include "Plan.h"

#include <QColor>
#include <QDateTime>
#include <QString>

// The words and colours the desktop app shows for core values, in one place so that
// tables, dialogs and the find-a-key panel say the same thing.
namespace DisplayText {
QString plan(Plan plan);
QString environment(KeyEnvironment environment);
QString keyStatus(ApiKey::Status status);
// A colour that reads on light and dark backgrounds; the status text is always shown
// beside it, so colour is never the only signal.
QColor keyStatusColor(ApiKey::Status status);
// Local time, short format; `never` when the time is not set.
QString dateTime(const QDateTime& time, const QString& never);
} // namespace DisplayText
