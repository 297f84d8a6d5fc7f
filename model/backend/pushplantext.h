#pragma once

#include <QString>

// The sentences of a push plan for people (internal to pushplan.cpp): its notes. The
// dry-run text itself is PushPlan::toText() (pushplantext.cpp). Pure functions.
namespace provtree::pushplantext {

// Each argument is already neutralised.
[[nodiscard]] QString generationNote();
[[nodiscard]] QString unguardedNote();
[[nodiscard]] QString oldAggregatesNote(int microversionMinor);
// `finalName` empty: the provider is deleted afterwards.
[[nodiscard]] QString temporaryNameNote(const QString &provider, const QString &temporary,
                                        const QString &finalName);

} // namespace provtree::pushplantext
