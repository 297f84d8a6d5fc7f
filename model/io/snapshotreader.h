#pragma once

#include "jsonlocation.h" // providerLocation(), keyLocation()
#include "problem.h"
#include "providerdata.h"
#include "snapshotorigin.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Reading snapshot files: {"format": "provider-tree-snapshot", "version": 1, "origin": {...},
// "providers": [...]} ("origin" is optional)
// (the format is described in README.md, "Snapshot files").
//
// Two steps, each reporting every problem it finds, never only the first:
//  1. the document: JSON syntax (one problem, located "LINE:COLUMN"), then shape and types
//     (unknown or duplicate keys, wrong JSON types, non-integral integers), each problem
//     located by a JSON location such as "$.providers[3].inventories.VCPU.total";
//  2. Placement's rules: ProviderTree::replaceAll() validates every record and the tree
//     (duplicate uuids and names, unknown parents, cycles); its problems are mapped back to
//     JSON locations through Problem::provider: the record's uuid, or, for a record whose
//     uuid is not one, the label validation gives it (its neutralised uuid, or name).
// A load that finds an error loads nothing. Messages quote file content only through
// neutralised().
//
// Thread-safety: the functions are reentrant; loading into a tree takes the tree's lock
// once (ProviderTree::replaceAll).
namespace provtree {

class ProviderTree;

inline constexpr char kSnapshotFormat[] = "provider-tree-snapshot";
inline constexpr int kSnapshotVersion = 1;

// Step 1 only: the records in file order, every inventory record complete (absent fields
// hold Placement's defaults), uuids, parent uuids and aggregates in canonical lower case
// where they are uuids at all, traits and aggregates sorted. Equal strings (resource
// classes, traits, aggregates, a parent's uuid) share one buffer, and equal inventories and
// trait and aggregate lists one copy (implicit sharing), so that large clouds stay small.
// Placement's rules are not checked.
// Errors: Syntax (with a location).
[[nodiscard]] Result<QList<ProviderData>> parseSnapshot(const QByteArray &json);

// Reads and parses a file. Errors: Io (cannot read), and those of parseSnapshot().
[[nodiscard]] Result<QList<ProviderData>> readSnapshotFile(const QString &path);

// parseSnapshot() with the document's optional "origin" (empty when the file has none).
struct SnapshotDocument
{
    QList<ProviderData> providers;
    SnapshotOrigin origin;
};
[[nodiscard]] Result<SnapshotDocument> parseSnapshotDocument(const QByteArray &json);
[[nodiscard]] Result<SnapshotDocument> readSnapshotDocumentFile(const QString &path);

// Steps 1 and 2: replaces the content of `tree` with the snapshot (ProviderTree::replaceAll).
// On error the tree is unchanged and every problem is returned, located. When the JSON is
// well-formed but breaks the format (step 1), Placement's per-record rules are still
// reported for the records that parsed cleanly (but not the tree-level rules); a JSON
// syntax error is reported alone. Warnings accompany success.
// `origin`, if given, receives the document's "origin" on success.
[[nodiscard]] Status loadSnapshot(ProviderTree &tree, const QByteArray &json, SnapshotOrigin *origin = nullptr);
[[nodiscard]] Status loadSnapshotFile(ProviderTree &tree, const QString &path, SnapshotOrigin *origin = nullptr);

// Locates problems about the providers of a snapshot in its text, as loadSnapshot() does:
// problems the tree reported after the snapshot was loaded (a patch's conflicts, Placement
// refusing an edit) or that were found in the tree a snapshot was saved from. Each problem
// about a record (by Problem::provider and ::field, see locate()) gets its JSON location,
// the record's name and its line and column. Problems located already, or about no record
// of the snapshot, are left as they are; so is every problem when the text does not parse.
[[nodiscard]] Problems locateInSnapshot(Problems problems, const QByteArray &json);
// The same for the snapshot file at `path`; the problems as they are when it cannot be read.
[[nodiscard]] Problems locateInSnapshotFile(Problems problems, const QString &path);

// True for a problem that means the input could not be read as JSON at all (an Io
// problem, or a JSON syntax error, located "LINE:COLUMN"), as opposed to a JSON document
// that breaks the snapshot format or Placement's rules (located "$...").
[[nodiscard]] bool isUnreadable(const Problem &problem);

} // namespace provtree
