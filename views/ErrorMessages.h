#pragma once

#include "Result.h"

#include <QString>

// The core words its errors as phrases for a CLI line ("the slug must not be empty");
// the desktop shows them as sentences, with a lead that says what was being done.
namespace ErrorMessages {
// "the slug must not be empty" -> "The slug must not be empty."
QString sentence(const QString& phrase);
// `doing` is what failed ("Could not revoke the key"); the error says why.
QString describe(const QString& doing, const Error& error);
} // namespace ErrorMessages
