#pragma once

#include "problem.h"
#include "providerdata.h"

#include <QCommandLineOption>
#include <QJsonObject>
#include <QString>
#include <QTextStream>

// Helpers the commands share to report files and problems, as text or JSON.
namespace provtree::cli {

// --json, for every command that can print JSON.
[[nodiscard]] QCommandLineOption jsonOption();

// A path as typed, unless it holds characters that could forge output: then neutralised.
[[nodiscard]] QString displayPath(const QString &path);

// The exit code a load's outcome calls for: kExitOk, kExitInvalid or kExitUnreadable.
[[nodiscard]] int exitCodeFor(const Status &status);

// "FILE:LINE:COLUMN: error: $.providers[3] (cn-01).name: ..." (as compilers write it, so
// that editors jump there); "FILE: error: ..." when the problem has no place in the file.
[[nodiscard]] QString problemLine(const QString &path, const Problem &problem);
// {"file", "severity", "kind", "location", "line", "column", "provider", "provider_name",
// "field", "message"}; line and column are null when not known.
[[nodiscard]] QJsonObject problemJson(const QString &path, const Problem &problem);

// Names the provider of each problem that gives only its uuid after the record of `records`
// with that uuid (Problem::providerName), as a tree refusing those records reports them.
[[nodiscard]] Problems namedAfter(Problems problems, const QList<ProviderData> &records);

// Writes `json` indented, with a newline at the end (see terminalSafeJson()).
void writeJson(QTextStream &out, const QJsonValue &json);
// UTF-8 JSON text as it may go to a terminal: QJsonDocument escapes C0 controls but writes
// DEL, C1 controls, bidi overrides, tag characters and line separators as they are; these
// become \uXXXX escapes here. The same JSON value, nothing a terminal acts on or hides.
[[nodiscard]] QString terminalSafeJson(const QByteArray &json);

} // namespace provtree::cli
