#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace provtree {

enum class Severity { Warning, Error };

// What went wrong, independent of where: callers branch on this, never on message text.
enum class ProblemKind {
    InvalidUuid,
    InvalidName,
    InvalidGeneration,
    InvalidResourceClass,
    InvalidInventory,
    InvalidUsage,
    InvalidTrait,
    InvalidAggregate,
    DuplicateUuid,
    DuplicateName,
    UnknownProvider,
    UnknownParent,
    Cycle,
    GenerationConflict, // a generation is not the one expected (patches, Placement)
    ConcurrentChange,   // the provider changed since the edit read it (another thread)
    InventoryInUse,
    ProviderInUse,      // a provider with allocations cannot be removed (Placement: 409)
    OutOfMemory,        // the change needed memory that was not there; nothing changed
    Syntax,   // the document is not the JSON we expect (wrong type, unknown key, ...)
    Io,       // a file could not be read or written
    // Talking to a cloud (model/backend): Keystone and Placement.
    Unreachable,  // no answer: cannot connect, TLS failure, timeout
    Unauthorized, // 401: the credentials or the token were refused
    Forbidden,    // 403: a policy forbids the call
    NotFound,     // 404: the provider, class or trait is not on the server
    ServerError,  // 5xx, or an answer that is not what the API documents
    Refused,      // another 4xx: the server refused the request
    Cancelled,    // the user stopped the operation
    Configuration, // clouds.yaml, secure.yaml or OS_* variables are wrong or incomplete
};

// A stable machine-readable name, e.g. "duplicate-name" (used in JSON output).
QString kindName(ProblemKind kind);

// One problem found in an input or refused by the core. A value, cheap to copy.
// The message should never contain raw user text (whatever it quotes goes through
// neutralised()); `provider`, `providerName` and `field` may hold text as a caller gave it.
// The fields hold the text as found, for programs (JSON output); where(), text() and
// toString() are for people and are safe to print whatever the fields hold: each part goes
// through neutralisedIfNeeded() (a name longer than 80 characters through neutralised()),
// so a uuid, a plain name, a plain field or a JSON location prints as it is and text with
// control or format characters (newline, ESC, bidi override) is quoted and escaped. Render
// problems through them, never by concatenating the fields.
struct Problem
{
    Severity severity = Severity::Error;
    ProblemKind kind = ProblemKind::Syntax;
    QString provider; // uuid, neutralised label or name/ref as given; may be empty
    QString field;    // e.g. "inventories.VCPU.reserved", "name", "traits"
    QString location; // JSON location in a file, e.g. "$.providers[3].inventories.VCPU.reserved"
    QString message;
    // The provider's name as the input gives it, when known (readers of files fill it in);
    // where() shows it beside the location so that people need not count records.
    QString providerName = {};
    // Where `location` is in the file's text, both from 1 (columns count characters, as
    // for JSON syntax errors); 0 when not known. Filled in by readers of files
    // (jsonlocation.h); a syntax error's `location` is this same "LINE:COLUMN".
    qsizetype line = 0;
    qsizetype column = 0;

    [[nodiscard]] bool isError() const { return severity == Severity::Error; }
    // "LINE:COLUMN" in the file, or empty when not known.
    [[nodiscard]] QString position() const;
    // Where to look: the JSON location, naming the provider after its record's index when
    // the provider is known (its name, else its uuid):
    // "$.providers[21] (cn-03_numa0).usages.MEMORY_MB"; else "provider P" (its name and
    // uuid when both are known, else the one known; ", FIELD" when known); else the field;
    // empty when nothing is known. "provider cn-01 (4a3e...1b), inventories.VCPU.reserved"
    [[nodiscard]] QString where() const;
    // "412:9: $.providers[3] (cn-01).name: provider name must be 1 to 200 characters":
    // position() when known and not already the location, where(), then the message.
    [[nodiscard]] QString text() const;
    // "error: $.providers[3] (cn-01).name: provider name must be 1 to 200 characters"
    [[nodiscard]] QString toString() const;
    bool operator==(const Problem &) const = default;
};

using Problems = QList<Problem>;

Problem makeError(ProblemKind kind, QString message, QString provider = {}, QString field = {});
Problem makeWarning(ProblemKind kind, QString message, QString provider = {}, QString field = {});

// The outcome of a call: success unless a problem is an error; warnings may accompany success.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Problem problem) { m_problems.append(std::move(problem)); }  // NOLINT: implicit on purpose
    Status(Problems problems) : m_problems(std::move(problems)) {}       // NOLINT

    [[nodiscard]] bool ok() const;
    [[nodiscard]] const Problems &problems() const { return m_problems; }
    [[nodiscard]] Problems errors() const;
    [[nodiscard]] Problems warnings() const;
    // The first error, for callers that report one line; empty Problem if ok().
    [[nodiscard]] Problem firstError() const;
    void append(const Problem &problem) { m_problems.append(problem); }
    void append(const Problems &problems) { m_problems.append(problems); }

private:
    Problems m_problems;
};

// A value or the problems that prevented it (warnings may accompany a value).
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value, Problems warnings = {}) : m_value(std::move(value)), m_status(std::move(warnings)) {} // NOLINT
    Result(Status failure) : m_status(std::move(failure)) {}  // NOLINT: must hold an error
    Result(Problem failure) : m_status(std::move(failure)) {} // NOLINT

    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    [[nodiscard]] const T &value() const { return *m_value; }
    [[nodiscard]] T &value() { return *m_value; }
    [[nodiscard]] const Status &status() const { return m_status; }
    [[nodiscard]] const Problems &problems() const { return m_status.problems(); }

private:
    std::optional<T> m_value;
    Status m_status;
};

} // namespace provtree
