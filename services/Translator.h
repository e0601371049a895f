#pragma once

#include <QString>

// Installs Qt's and KeyWarden's translations for the system locale (or
// KEYWARDEN_LANGUAGE, e.g. "de"); shared by both executables (KeePassXC's Translator).
namespace Translator {
void install();
// Installs translations for a language code ("de", "en"); returns whether ours was found.
bool installLanguage(const QString& language);
} // namespace Translator
