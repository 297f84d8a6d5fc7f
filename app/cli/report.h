#pragma once

#include "problem.h"

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

// "FILE: error: $.providers[3].name: ..."
[[nodiscard]] QString problemLine(const QString &path, const Problem &problem);
// {"file", "severity", "kind", "location", "provider", "field", "message"}
[[nodiscard]] QJsonObject problemJson(const QString &path, const Problem &problem);

// Writes `json` indented, with a newline at the end.
void writeJson(QTextStream &out, const QJsonValue &json);

} // namespace provtree::cli
