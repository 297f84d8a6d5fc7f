#pragma once

#include <QByteArrayView>

#include <vector>

// Where to cut a large JSON array of objects (a snapshot's "providers") into pieces that
// separate readers can parse at the same time, one per core.
//
// The cuts are guesses made without parsing: the first "}" "," "{" (whitespace allowed
// between) at or after each fraction of the text. In a valid snapshot that sequence occurs
// only between two providers, but a string or a hostile document can contain it too, so
// the readers check each cut: the reader of the piece before a cut must end exactly at its
// comma, having read whole elements (SnapshotParser does; if it does not, the document is
// read again in one piece). A piece whose reader starts at a checked cut is read exactly as
// one reader of the whole array would read it, errors included.
//
// Thread-safety: reentrant (a pure function).
namespace provtree {

struct ArrayCut
{
    qsizetype comma; // the ',' that would end the piece before the cut
    qsizetype next;  // where the next piece's first element ('{') begins
};

// Up to `pieces - 1` cuts in increasing order in `text` after byte `begin` (the array's
// '['), spreading the bytes from `begin` to the end of the text evenly; fewer (maybe none)
// when the text has no such sequence where one is looked for.
[[nodiscard]] std::vector<ArrayCut> guessArrayCuts(QByteArrayView text, qsizetype begin, int pieces);

} // namespace provtree
