#pragma once

#include <QString>
#include <QStringView>

namespace provtree {

// The one way user-supplied text enters a message or a log line: quoted, control and
// format characters (newlines, ESC, bidi overrides, ...) escaped as \n, \x1b, \u202e, and
// cut to `maxChars` characters with "..." appended, so it cannot forge or hide log lines.
[[nodiscard]] QString neutralised(QStringView text, qsizetype maxChars = 80);
// For text that is usually harmless (uuids, field paths, file paths): the text as it is when
// nothing in it needs escaping, else neutralised() in full (quoted, never cut).
[[nodiscard]] QString neutralisedIfNeeded(QStringView text);

} // namespace provtree
