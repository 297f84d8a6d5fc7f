#pragma once

// Text that tries to rewrite or forge the messages it is put into: QString::arg
// placeholders (a chained .arg() would substitute into them), a newline that starts a fake
// line, ANSI escape sequences, a bidi override that reverses what follows, DEL. For
// data-driven tests: every message must show such a name exactly once, literally, quoted
// and escaped where it could forge a line (neutralised()).

#include "neutralise.h"

#include <QList>
#include <QString>

#include <utility>

namespace provtree::testing {

inline QList<std::pair<const char *, QString>> hostileNames()
{
    return {
        {"placeholder %1", QStringLiteral("%1")},
        {"placeholder %2", QStringLiteral("%2")},
        {"localised placeholder %L1", QStringLiteral("%L1")},
        {"several placeholders", QStringLiteral("cn-%1%2 %L1 %3 %99")},
        {"newline forging a line", QStringLiteral("cn-01\nerror: all is well")},
        {"ANSI escape", QStringLiteral("\x1b[2K\x1b[1Gcn-01")},
        {"bidi override", QString(QChar(0x202e)) + QStringLiteral("10-nc")},
        {"all at once", QStringLiteral("%1\n\x1b[31m%2") + QChar(0x202e) + QStringLiteral("%L1\x7f")},
    };
}

// The characters of `text` that a terminal or a dialog could act on or hide (needsEscape()),
// apart from newlines when `allowNewlines` (the line breaks of the output itself).
inline QString unsafeCharacters(const QString &text, bool allowNewlines = true)
{
    QString found;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        if (needsEscape(c) && !(allowNewlines && c == U'\n'))
            found += QString::fromUcs4(&c, 1);
    }
    return found;
}

} // namespace provtree::testing
