#pragma once

#include <QString>
#include <QStringView>

namespace provtree {

// The one way user-supplied text enters a message or a log line: quoted, control and
// format characters (newlines, ESC, bidi overrides, invisible tag characters, ...) escaped
// as \n, \x1b, \u202e, \U000e0041, and cut to `maxChars` characters (code points) with
// "..." appended, so it cannot forge or hide log lines. Thread-safe (pure functions).
[[nodiscard]] QString neutralised(QStringView text, qsizetype maxChars = 80);
// For text that is usually harmless (uuids, field paths, file paths, JSON locations): the
// text as it is when no character in it needs escaping (see needsEscape()), else
// neutralised() in full (quoted, never cut). Quotes and backslashes alone do not count, so
// text that is already neutralised() comes back unchanged: applying it twice is harmless.
[[nodiscard]] QString neutralisedIfNeeded(QStringView text);
// A provider as messages name it: its neutralised name and, in brackets, its uuid, e.g.
// "cn-01" (3f2a...). Both neutralised, so a hostile name cannot forge the message.
[[nodiscard]] QString providerLabel(QStringView name, QStringView uuid);
// Whether printing `codePoint` as it is could end, fake or visually hide a line: C0 and C1
// controls, DEL, Unicode format characters (bidi overrides, zero-width joiners, tag
// characters), line and paragraph separators, and lone surrogates.
[[nodiscard]] bool needsEscape(char32_t codePoint);

} // namespace provtree
