#pragma once

#include "secret.h"

#include <QString>

#include <optional>

namespace provtree::cli {

// Asks for a password on the terminal without echoing it: `question` on stderr, the answer
// read from stdin with echo off (restored afterwards). Returns nothing when stdin is not a
// terminal (a script: never wait for input nobody will type) or when nothing was typed.
[[nodiscard]] std::optional<Secret> promptPassword(const QString &question);

} // namespace provtree::cli
