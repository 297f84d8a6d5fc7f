#include "candidaterequestreader.h"

#include "neutralise.h"
#include "validation.h"

#include <QSet>
#include <QStringBuilder>

#include <algorithm>
#include <limits>
#include <optional>

// Every rule below names its source: openstack/placement at tag 8.0.0 (Debian bookworm's
// placement-api, microversion 1.39), files under placement/. The order of the checks is
// Placement's, so that the first refusal is the one Placement gives.
// tests/tst_candidaterequestlive.cpp sends a table of queries to a real Placement 8.0.0
// and requires a 400 exactly where these checks refuse.

namespace provtree::candidaterequest {

namespace {

using pythonsyntax::PythonInt;

const QString kResources = QStringLiteral("resources");
const QString kRequired = QStringLiteral("required");
const QString kMemberOf = QStringLiteral("member_of");
const QString kInTree = QStringLiteral("in_tree");
const QString kLimit = QStringLiteral("limit");
const QString kGroupPolicy = QStringLiteral("group_policy");
const QString kRootRequired = QStringLiteral("root_required");
const QString kSameSubtree = QStringLiteral("same_subtree");
constexpr QLatin1StringView kCustomPrefix("CUSTOM_");
constexpr qsizetype kMaxNameLength = 255; // schemas/resource_class.py, schemas/trait.py

const QString kInvalidQuery = QStringLiteral("Invalid query string parameters: ");

Problem queryError(const QString &key, const QString &message, ProblemKind kind = ProblemKind::Syntax)
{
    return makeError(kind, message, {}, key);
}

Problem queryWarning(const QString &key, const QString &message, ProblemKind kind = ProblemKind::Syntax)
{
    return makeWarning(kind, message, {}, key);
}

// ["a", "b"]: a list of user text as Placement prints Python lists, each item neutralised.
QString quotedList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &item : items)
        quoted.append(neutralised(item));
    return QLatin1Char('[') + quoted.join(QLatin1String(", ")) + QLatin1Char(']');
}

QStringList sortedUnique(QStringList list)
{
    list.sort();
    list.removeDuplicates();
    return list;
}

QList<QStringList> sortedUnique(QList<QStringList> lists)
{
    for (QStringList &list : lists)
        list = sortedUnique(list);
    std::sort(lists.begin(), lists.end());
    lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
    return lists;
}

// common.GROUP_PAT_1_33, [a-zA-Z0-9_-]{1,64}.
bool isGroupSuffix(QStringView suffix)
{
    if (suffix.isEmpty() || suffix.size() > 64)
        return false;
    return std::all_of(suffix.begin(), suffix.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_'
            || u == u'-';
    });
}

// ---- names: what Placement's database lookups decide -------------------------------

// Placement refuses an unknown resource class or trait only when it looks the name up in
// its database (AllocationCandidates.get_by_requests: ResourceClassNotFound and
// TraitNotFound become 400 in handlers/allocation_candidate.py). A name can only be there
// if it is a standard one (synced from os-resource-classes / os-traits) or a custom one,
// which schemas/common.py restricts to CUSTOM_[A-Z0-9_]+ (at most 255 characters,
// schemas/resource_class.py, schemas/trait.py). So a name of another form is refused here;
// whether a well-formed custom name exists is the evaluator's business (it knows the tree).
enum class NameVerdict { Known, UnknownStandardForm, Invalid };

NameVerdict nameVerdict(QStringView name, bool (*isStandard)(QStringView))
{
    if (name.isEmpty() || name.size() > kMaxNameLength)
        return NameVerdict::Invalid;
    const bool plain = std::all_of(name.begin(), name.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_';
    });
    if (!plain)
        return NameVerdict::Invalid;
    if (name.startsWith(kCustomPrefix))
        return name.size() > kCustomPrefix.size() ? NameVerdict::Known : NameVerdict::Invalid;
    return isStandard(name) ? NameVerdict::Known : NameVerdict::UnknownStandardForm;
}

const QString kNameRule = QStringLiteral("a standard name or CUSTOM_ followed by A-Z, 0-9 and _, "
                                         "at most 255 characters");

// ---- parameter values --------------------------------------------------------------

// The parsed traits of one required[$S] or root_required value (util.normalize_traits_qs_param).
struct TraitValue
{
    QList<QStringList> required; // each an any-of set
    QStringList forbidden;
};

// util.normalize_traits_qs_param(val, allow_forbidden=True, allow_any_traits):
// "in:A,B" is one any-of set (1.39; no '!' in it), else a comma list where "!X" forbids X
// (every leading '!' removed: "!!X" forbids X, a documented Placement quirk); names are
// stripped (str.strip); an empty name is refused.
Result<TraitValue> readTraits(const QString &value, const QString &key, bool allowAnyOf)
{
    TraitValue traits;
    if (value.startsWith(QLatin1String("in:"))) {
        if (!allowAnyOf) {
            // lib.RequestWideParams.from_request reads root_required with
            // normalize_traits_qs_param_to_legacy_value, which has no any-of form. Placement's
            // message blames the microversion: "only supported since microversion 1.39".
            return queryError(key, kInvalidQuery % QStringLiteral("The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' "
                                                                  "is not supported in ")
                                       % key % QStringLiteral(" (Placement: only supported since microversion "
                                                              "1.39, where root_required still refuses it). Got: ")
                                       % neutralised(value));
        }
        QStringList anyOf;
        for (const QString &part : value.sliced(3).split(QLatin1Char(',')))
            anyOf.append(pythonsyntax::strip(part).toString());
        if (anyOf.contains(QString())) {
            return queryError(key, kInvalidQuery % QStringLiteral("Expected '") % key
                                       % QStringLiteral("' parameter value of the form: in:HW_CPU_X86_VMX,"
                                                        "CUSTOM_MAGIC. Got an empty trait in: ")
                                       % neutralised(value));
        }
        if (std::any_of(anyOf.cbegin(), anyOf.cend(), [](const QString &t) { return t.startsWith(u'!'); })) {
            return queryError(key, kInvalidQuery % QStringLiteral("The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' "
                                                                  "does not support forbidden traits. Got: ")
                                       % neutralised(value));
        }
        traits.required.append(anyOf);
        return traits;
    }
    QStringList names;
    for (const QString &part : value.split(QLatin1Char(',')))
        names.append(pythonsyntax::strip(part).toString());
    for (const QString &name : std::as_const(names)) {
        if (!name.startsWith(u'!'))
            continue;
        qsizetype bangs = 0;
        while (bangs < name.size() && name[bangs] == u'!')
            ++bangs;
        traits.forbidden.append(name.sliced(bangs));
    }
    if (names.contains(QString()) || traits.forbidden.contains(QString())) {
        return queryError(key, kInvalidQuery % QStringLiteral("Expected '") % key
                                   % QStringLiteral("' parameter value of the form: HW_CPU_X86_VMX,!CUSTOM_MAGIC. "
                                                    "Got an empty trait in: ")
                                   % neutralised(value));
    }
    for (const QString &name : std::as_const(names)) {
        if (!name.startsWith(u'!'))
            traits.required.append(QStringList{name});
    }
    return traits;
}

// util.normalize_member_of_qs_param: "U", "!U", "in:U1,U2" or "!in:U1,U2"; a comma without
// the in: prefix is refused; every part must be is_uuid_like (no strip). Parts are kept as
// written: Placement compares them with its stored aggregate uuids as strings.
struct MemberOfValue
{
    QStringList required; // one any-of set, or empty
    QStringList forbidden;
};

Result<MemberOfValue> readMemberOf(const QString &value, const QString &key)
{
    if (value.contains(u',') && !value.startsWith(QLatin1String("in:")) && !value.startsWith(QLatin1String("!in:"))) {
        return queryError(key, QStringLiteral("Multiple values for 'member_of' must be prefixed with the 'in:' or "
                                              "'!in:' keyword using the valid microversion. Got: ")
                                   % neutralised(value));
    }
    MemberOfValue result;
    if (value.startsWith(QLatin1String("!in:")))
        result.forbidden = value.sliced(4).split(u',');
    else if (value.startsWith(u'!'))
        result.forbidden = QStringList{value.sliced(1)};
    else if (value.startsWith(QLatin1String("in:")))
        result.required = value.sliced(3).split(u',');
    else
        result.required = QStringList{value};
    for (const QString &aggregate : result.required + result.forbidden) {
        if (!pythonsyntax::isUuidLike(aggregate)) {
            return queryError(key, kInvalidQuery % QStringLiteral("Expected 'member_of' parameter to contain valid "
                                                                  "UUID(s). Got: ")
                                       % neutralised(aggregate),
                              ProblemKind::InvalidAggregate);
        }
    }
    return result;
}

// ---- the request -------------------------------------------------------------------

// One request group while it is read (lib.RequestGroup).
struct GroupBuild
{
    QString suffix;
    ResourceAmounts resources; // the last resources[$S] value, each class once (a dict)
    TraitValue traits;
    QList<QStringList> memberOf;
    QStringList forbiddenAggregates;
    QString inTree;
    bool resourcesSeen = false;
    bool inTreeSeen = false;
};

class RequestReader
{
public:
    explicit RequestReader(const QueryParameters &parameters) : m_parameters(parameters) {}

    [[nodiscard]] Result<CandidateRequest> read();

private:
    [[nodiscard]] QStringList valuesOf(const QString &key) const; // webob's getall()
    [[nodiscard]] std::optional<Problem> checkSchema() const;
    [[nodiscard]] std::optional<Problem> readRequestWide();
    [[nodiscard]] std::optional<Problem> readRootRequired();
    [[nodiscard]] std::optional<Problem> readGroups();
    [[nodiscard]] std::optional<Problem> readGroupParameter(const QString &prefix, const QString &suffix,
                                                            const QueryParameter &parameter);
    [[nodiscard]] std::optional<Problem> checkGroups() const;
    [[nodiscard]] std::optional<Problem> checkGroupPolicy() const;
    [[nodiscard]] std::optional<Problem> checkNames();
    [[nodiscard]] std::optional<Problem> checkTraitNames(const QStringList &names, const QString &key);
    [[nodiscard]] GroupBuild &group(const QString &suffix);
    [[nodiscard]] CandidateRequest request() const;

    const QueryParameters &m_parameters;
    QList<GroupBuild> m_groups; // in the order their first parameter came (Python's dict order)
    CandidateRequest m_request; // the request-wide parts
    Problems m_warnings;
};

QStringList RequestReader::valuesOf(const QString &key) const
{
    QStringList values;
    for (const QueryParameter &parameter : m_parameters) {
        if (parameter.key == key)
            values.append(parameter.value);
    }
    return values;
}

GroupBuild &RequestReader::group(const QString &suffix)
{
    for (GroupBuild &build : m_groups) {
        if (build.suffix == suffix)
            return build;
    }
    m_groups.append(GroupBuild{});
    m_groups.last().suffix = suffix;
    return m_groups.last();
}

Result<CandidateRequest> RequestReader::read()
{
    if (auto problem = checkSchema())
        return *problem;
    if (auto problem = readRequestWide())
        return *problem;
    if (auto problem = readGroups())
        return *problem;
    if (auto problem = checkGroups())
        return *problem;
    if (auto problem = checkGroupPolicy())
        return *problem;
    if (auto problem = checkNames())
        return *problem;
    return Result<CandidateRequest>(request(), m_warnings);
}

// util.validate_query_params with schemas/allocation_candidate.py GET_SCHEMA_1_36 (the
// schema of 1.36 and later): no other parameters than the request-wide ones and the
// groups' (patternProperties; Python's `$` also accepts one final newline); `limit` matches
// ^[1-9][0-9]*$ and `group_policy` is "none" or "isolate". jsonschema sees dict(req.GET),
// which holds the LAST value of a repeated parameter. Of several errors jsonschema's
// best_match reports one: unknown parameters (at the top level) before limit before
// group_policy (the schema's order).
std::optional<Problem> RequestReader::checkSchema() const
{
    QStringList unknown;
    for (const QueryParameter &parameter : m_parameters) {
        QString prefix;
        QString suffix;
        if (!isRequestWideKey(parameter.key) && !splitGroupKey(parameter.key, true, &prefix, &suffix))
            unknown.append(parameter.key);
    }
    if (!unknown.isEmpty()) {
        unknown = sortedUnique(unknown);
        QStringList quoted;
        for (const QString &key : std::as_const(unknown))
            quoted.append(neutralised(key));
        return queryError(unknown.first(),
                          kInvalidQuery % quoted.join(QLatin1String(", "))
                              % (unknown.size() == 1 ? QStringLiteral(" does") : QStringLiteral(" do"))
                              % QStringLiteral(" not match any of the regexes: '^in_tree([a-zA-Z0-9_-]{1,64})?$', "
                                               "'^member_of([a-zA-Z0-9_-]{1,64})?$', "
                                               "'^required([a-zA-Z0-9_-]{1,64})?$', "
                                               "'^resources([a-zA-Z0-9_-]{1,64})?$' (the other parameters are "
                                               "limit, group_policy, root_required and same_subtree)"));
    }
    const QStringList limits = valuesOf(kLimit);
    if (!limits.isEmpty()) {
        const QStringView last = pythonsyntax::dollarSubject(limits.last());
        const bool matches = !last.isEmpty() && last.front() >= u'1' && last.front() <= u'9'
            && std::all_of(last.begin(), last.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (!matches) {
            return queryError(kLimit, kInvalidQuery % neutralised(limits.last())
                                          % QStringLiteral(" does not match '^[1-9][0-9]*$'"));
        }
    }
    const QStringList policies = valuesOf(kGroupPolicy);
    if (!policies.isEmpty() && policies.last() != QLatin1String("none") && policies.last() != QLatin1String("isolate")) {
        return queryError(kGroupPolicy, kInvalidQuery % neutralised(policies.last())
                                            % QStringLiteral(" is not one of ['none', 'isolate']"));
    }
    return std::nullopt;
}

// lib.RequestWideParams.from_request. It takes the FIRST value of a repeated limit or
// group_policy, which the schema did not check (it checked the last): provtree refuses
// where Placement then misbehaves (int() fails: a 500; a negative limit slices results
// away; an unknown policy acts like "none"), and warns where the first value is sound.
std::optional<Problem> RequestReader::readRequestWide()
{
    const QStringList limits = valuesOf(kLimit);
    if (!limits.isEmpty()) {
        const PythonInt limit = pythonsyntax::parseInt(limits.first());
        if (limits.size() > 1) {
            m_warnings.append(queryWarning(kLimit, QStringLiteral("limit is given %1 times: Placement checks the last "
                                                                  "and uses the first")
                                                       .arg(limits.size())));
        }
        if (!limit.valid || limit.negative) {
            return queryError(kLimit, QStringLiteral("The first of several limit parameters, ")
                                          % neutralised(limits.first())
                                          % QStringLiteral(", is not a positive integer: Placement only checks the "
                                                           "last one and then fails on the first (an error 500, or "
                                                           "a negative limit that drops results)"));
        }
        // An integer above what any answer holds limits nothing: the largest qint64 says so.
        if (limit.digits != QLatin1String("0"))
            m_request.limit = limit.value.value_or(std::numeric_limits<qint64>::max());
        // limit 0 (only possible as a first value) is "no limit": research_context.py,
        // RequestWideSearchContext.limit_results tests `if self._limit and ...`.
    }

    const QStringList policies = valuesOf(kGroupPolicy);
    if (!policies.isEmpty()) {
        const QString &first = policies.first();
        if (policies.size() > 1) {
            m_warnings.append(queryWarning(kGroupPolicy, QStringLiteral("group_policy is given %1 times: Placement "
                                                                        "checks the last and uses the first")
                                                             .arg(policies.size())));
        }
        if (first == QLatin1String("none")) {
            m_request.groupPolicy = GroupPolicy::None;
        } else if (first == QLatin1String("isolate")) {
            m_request.groupPolicy = GroupPolicy::Isolate;
        } else if (!first.isEmpty()) { // "" is Python-false: as if no group_policy was given
            return queryError(kGroupPolicy, QStringLiteral("The first of several group_policy parameters, ")
                                                % neutralised(first)
                                                % QStringLiteral(", is not 'none' or 'isolate': Placement only "
                                                                 "checks the last one and then uses the first"));
        }
    }

    if (auto problem = readRootRequired())
        return problem;

    // same_subtree: each value a set of suffixes (stripped); the unsuffixed group, "",
    // cannot be one of them.
    for (const QString &value : valuesOf(kSameSubtree)) {
        QStringList suffixes;
        for (const QString &part : value.split(u','))
            suffixes.append(pythonsyntax::strip(part).toString());
        if (suffixes.contains(QString())) {
            return queryError(kSameSubtree, QStringLiteral("Empty string (unsuffixed group) can not be specified in "
                                                           "`same_subtree`. Got: ")
                                                % neutralised(value));
        }
        m_request.sameSubtrees.append(sortedUnique(suffixes));
    }
    m_request.sameSubtrees = sortedUnique(m_request.sameSubtrees);
    return std::nullopt;
}

// root_required: once at most (ILLEGAL_DUPLICATE_QUERYPARAM), the plain trait syntax
// without "in:" (util.normalize_traits_qs_param_to_legacy_value), and no trait both
// required and forbidden (lib._fix_one_forbidden).
std::optional<Problem> RequestReader::readRootRequired()
{
    const QStringList values = valuesOf(kRootRequired);
    if (values.isEmpty())
        return std::nullopt;
    if (values.size() > 1)
        return queryError(kRootRequired, QStringLiteral("Query parameter 'root_required' may be specified only once."));
    Result<TraitValue> traits = readTraits(values.first(), kRootRequired, false);
    if (!traits.ok())
        return traits.status().firstError();
    for (const QStringList &anyOf : std::as_const(traits.value().required))
        m_request.rootRequired.append(anyOf);
    m_request.rootRequired = sortedUnique(m_request.rootRequired);
    m_request.rootForbidden = sortedUnique(traits.value().forbidden);
    QStringList conflicts;
    for (const QString &trait : std::as_const(m_request.rootForbidden)) {
        if (m_request.rootRequired.contains(trait))
            conflicts.append(trait);
    }
    if (!conflicts.isEmpty()) {
        return queryError(kRootRequired, QStringLiteral("Conflicting required and forbidden traits found in "
                                                        "root_required: ")
                                             % quotedList(conflicts));
    }
    return std::nullopt;
}

// lib.RequestGroup._parse_request_items: the parameters in their order; each group key
// makes its group. resources[$S] and in_tree[$S]: the value of this parameter (a later
// one replaces it); required[$S] and member_of[$S]: ALL values of exactly that key
// (util.normalize_traits_qs_params, normalize_member_of_qs_params). A key that matched
// only through its final newline ("required1\n") makes its group but reads the values of
// "required1", not its own.
std::optional<Problem> RequestReader::readGroups()
{
    for (const QueryParameter &parameter : m_parameters) {
        QString prefix;
        QString suffix;
        if (!splitGroupKey(parameter.key, true, &prefix, &suffix))
            continue;
        if (auto problem = readGroupParameter(prefix, suffix, parameter))
            return problem;
    }
    return std::nullopt;
}

std::optional<Problem> RequestReader::readGroupParameter(const QString &prefix, const QString &suffix,
                                                         const QueryParameter &parameter)
{
    GroupBuild &build = group(suffix);
    const QString key = prefix + suffix;
    if (prefix == kResources) {
        Result<ResourceAmounts> amounts = readResources(parameter.value, key);
        if (!amounts.ok())
            return amounts.status().firstError();
        if (build.resourcesSeen) {
            m_warnings.append(queryWarning(key, key % QStringLiteral(" is given more than once: Placement uses the "
                                                                     "last one")));
        }
        // Into a dict: a class named twice keeps its first place and its last amount.
        ResourceAmounts unique;
        for (const auto &[resourceClass, amount] : std::as_const(amounts.value())) {
            const auto sameClass = [&name = resourceClass](const auto &entry) { return entry.first == name; };
            auto it = std::find_if(unique.begin(), unique.end(), sameClass);
            if (it == unique.end()) {
                unique.append({resourceClass, amount});
                continue;
            }
            it->second = amount;
            m_warnings.append(queryWarning(key, neutralised(resourceClass) % QStringLiteral(" is named more than once "
                                                                                           "in ")
                                                    % key % QStringLiteral(": Placement uses the last amount, ")
                                                    % amount.text()));
        }
        build.resources = unique;
        build.resourcesSeen = true;
    } else if (prefix == kRequired) {
        TraitValue traits;
        for (const QString &value : valuesOf(key)) {
            Result<TraitValue> one = readTraits(value, key, true);
            if (!one.ok())
                return one.status().firstError();
            traits.required += one.value().required;
            traits.forbidden += one.value().forbidden;
        }
        build.traits = traits;
    } else if (prefix == kMemberOf) {
        build.memberOf.clear();
        build.forbiddenAggregates.clear();
        for (const QString &value : valuesOf(key)) {
            Result<MemberOfValue> one = readMemberOf(value, key);
            if (!one.ok())
                return one.status().firstError();
            if (!one.value().required.isEmpty())
                build.memberOf.append(one.value().required);
            build.forbiddenAggregates += one.value().forbidden;
        }
    } else { // in_tree: util.normalize_in_tree_qs_params, stripped, is_uuid_like
        const QString tree = pythonsyntax::strip(parameter.value).toString();
        if (!pythonsyntax::isUuidLike(tree)) {
            return queryError(key, kInvalidQuery % QStringLiteral("Expected 'in_tree' parameter to be a format of "
                                                                  "uuid. Got: ")
                                       % neutralised(parameter.value),
                              ProblemKind::InvalidUuid);
        }
        if (build.inTreeSeen) {
            m_warnings.append(queryWarning(key, key % QStringLiteral(" is given more than once: Placement uses the "
                                                                     "last one")));
        }
        build.inTree = tree;
        build.inTreeSeen = true;
    }
    return std::nullopt;
}

// lib.RequestGroup.dict_from_request at microversion >= 1.36 (SAME_SUBTREE_VERSION; the
// older orphan checks no longer apply): _check_for_one_resources, then
// _check_resourceless_suffix, _check_actual_suffix and _check_forbidden.
std::optional<Problem> RequestReader::checkGroups() const
{
    QStringList resourceless;
    for (const GroupBuild &build : m_groups) {
        if (build.resources.isEmpty())
            resourceless.append(build.suffix);
    }
    if (resourceless.size() == m_groups.size()) {
        return queryError(kResources, QStringLiteral("There must be at least one resources or resources[$S] "
                                                     "parameter."));
    }
    QSet<QString> subtreeSuffixes;
    for (const QStringList &suffixes : m_request.sameSubtrees) {
        for (const QString &suffix : suffixes)
            subtreeSuffixes.insert(suffix);
    }
    QStringList bad;
    for (const QString &suffix : std::as_const(resourceless)) {
        if (!subtreeSuffixes.contains(suffix))
            bad.append(suffix);
    }
    if (!bad.isEmpty()) {
        bad.sort();
        return queryError(kSameSubtree,
                          QStringLiteral("Resourceless suffixed group request should be specified in `same_subtree` "
                                         "query param: bad group(s) - ")
                              % quotedList(bad)
                              % (bad.first().isEmpty()
                                     ? QStringLiteral(" (\"\" is the unsuffixed group, which always needs resources)")
                                     : QString())
                              % QLatin1Char('.'));
    }
    QStringList known;
    for (const GroupBuild &build : m_groups)
        known.append(build.suffix);
    QStringList unknown;
    for (const QString &suffix : std::as_const(subtreeSuffixes)) {
        if (!known.contains(suffix))
            unknown.append(suffix);
    }
    if (!unknown.isEmpty()) {
        unknown.sort();
        return queryError(kSameSubtree, QStringLiteral("Real suffixes should be specified in `same_subtree`: ")
                                            % quotedList(unknown) % QStringLiteral(" not found in ")
                                            % quotedList(known) % QLatin1Char('.'));
    }
    // A required any-of set whose every trait is forbidden in the same group.
    QStringList conflicts;
    for (const GroupBuild &build : m_groups) {
        for (const QStringList &anyOf : build.traits.required) {
            const bool allForbidden = std::all_of(anyOf.cbegin(), anyOf.cend(), [&](const QString &trait) {
                return build.traits.forbidden.contains(trait);
            });
            if (allForbidden) {
                QStringList names;
                for (const QString &trait : sortedUnique(anyOf))
                    names.append(neutralisedIfNeeded(trait));
                conflicts.append(kRequired % build.suffix % QStringLiteral(": (") % names.join(QLatin1String(", "))
                                 % QLatin1Char(')'));
            }
        }
    }
    if (!conflicts.isEmpty()) {
        conflicts = sortedUnique(conflicts);
        return queryError(kRequired, QStringLiteral("Conflicting required and forbidden traits found in the "
                                                    "following traits keys: ")
                                         % conflicts.join(QLatin1String(", ")));
    }
    return std::nullopt;
}

// handlers/allocation_candidate.py list_allocation_candidates: without group_policy, at
// most one suffixed group (resourceless ones count too).
std::optional<Problem> RequestReader::checkGroupPolicy() const
{
    if (m_request.groupPolicy != GroupPolicy::Unset)
        return std::nullopt;
    const auto granular = std::count_if(m_groups.cbegin(), m_groups.cend(),
                                        [](const GroupBuild &build) { return !build.suffix.isEmpty(); });
    if (granular > 1) {
        return queryError(kGroupPolicy, QStringLiteral("The \"group_policy\" parameter is required when specifying "
                                                       "more than one \"resources{N}\" parameter."));
    }
    return std::nullopt;
}

std::optional<Problem> RequestReader::checkTraitNames(const QStringList &names, const QString &key)
{
    QStringList invalid;
    for (const QString &name : names) {
        switch (nameVerdict(name, &validation::isStandardTrait)) {
        case NameVerdict::Known:
            break;
        case NameVerdict::UnknownStandardForm:
            m_warnings.append(queryWarning(key, neutralised(name)
                                                    % QStringLiteral(" is neither a standard trait in provtree's "
                                                                     "list (os-traits 3.9.0) nor a CUSTOM_ trait: "
                                                                     "Placement refuses it (\"No such trait\") "
                                                                     "unless its own os-traits knows it"),
                                           ProblemKind::InvalidTrait));
            break;
        case NameVerdict::Invalid:
            invalid.append(name);
            break;
        }
    }
    if (invalid.isEmpty())
        return std::nullopt;
    QStringList quoted;
    for (const QString &name : std::as_const(invalid))
        quoted.append(neutralised(name));
    return queryError(key, QStringLiteral("No such trait(s): ") % quoted.join(QLatin1String(", "))
                               % QStringLiteral(" (a trait is ") % kNameRule % QStringLiteral(")."),
                      ProblemKind::InvalidTrait);
}

// The names, in the order Placement looks them up in its database
// (objects/allocation_candidate.py AllocationCandidates._get_by_requests, through
// objects/research_context.py): the root traits (RequestWideSearchContext
// _process_anchor_traits: required, then forbidden), then group by group
// (RequestGroupSearchContext.__init__): resource classes, required traits (each any-of
// set), forbidden traits, then in_tree and the amounts; each group is searched before the
// next one's names are looked up. Placement may stop earlier, with an empty 200, when
// something before a lookup already found nothing (no root with the root traits, no
// provider in a group's member_of aggregates, an earlier group without candidates):
// provtree cannot know that without the tree, so it refuses a malformed name whatever
// comes before it.
// An amount above the largest 64-bit integer is refused too: Placement's SQLite cannot bind
// it and answers 500 ("Python int too large to convert to SQLite INTEGER").
std::optional<Problem> RequestReader::checkNames()
{
    if (auto problem = checkTraitNames(m_request.rootRequired, kRootRequired))
        return problem;
    if (auto problem = checkTraitNames(m_request.rootForbidden, kRootRequired))
        return problem;
    for (const GroupBuild &build : std::as_const(m_groups)) {
        const QString resourcesKey = kResources + build.suffix;
        for (const auto &entry : build.resources) {
            if (nameVerdict(entry.first, &validation::isStandardResourceClass) != NameVerdict::Known) {
                return queryError(resourcesKey, QStringLiteral("Invalid resource class in resources parameter: No "
                                                               "such resource class ")
                                                    % neutralised(entry.first) % QStringLiteral(" (a resource class is ")
                                                    % kNameRule % QStringLiteral(")."),
                                  ProblemKind::InvalidResourceClass);
            }
        }
        const QString requiredKey = kRequired + build.suffix;
        for (const QStringList &anyOf : build.traits.required) {
            if (auto problem = checkTraitNames(anyOf, requiredKey))
                return problem;
        }
        if (auto problem = checkTraitNames(sortedUnique(build.traits.forbidden), requiredKey))
            return problem;
        const auto warnIfNotCanonical = [&](const QString &uuid, const QString &key) {
            if (!validation::isCanonicalUuid(uuid)) {
                m_warnings.append(queryWarning(key, neutralised(uuid)
                                                        % QStringLiteral(" is not a lower-case 8-4-4-4-12 uuid: "
                                                                         "Placement accepts it but compares it with "
                                                                         "the stored uuids as a string, so it matches "
                                                                         "none of them"),
                                               ProblemKind::InvalidUuid));
            }
        };
        for (const QStringList &anyOf : build.memberOf) {
            for (const QString &aggregate : anyOf)
                warnIfNotCanonical(aggregate, kMemberOf + build.suffix);
        }
        for (const QString &aggregate : build.forbiddenAggregates)
            warnIfNotCanonical(aggregate, kMemberOf + build.suffix);
        if (!build.inTree.isEmpty())
            warnIfNotCanonical(build.inTree, kInTree + build.suffix);
        for (const auto &[resourceClass, amount] : build.resources) {
            if (!amount.value) {
                return queryError(resourcesKey, QStringLiteral("Requested resource ") % neutralised(resourceClass)
                                                    % QStringLiteral(" asks for ") % amount.text()
                                                    % QStringLiteral(", more than Placement can compare (at most "
                                                                     "9223372036854775807; Placement answers 500)."),
                                  ProblemKind::Syntax);
            }
        }
    }
    return std::nullopt;
}

CandidateRequest RequestReader::request() const
{
    CandidateRequest request = m_request;
    for (const GroupBuild &build : m_groups) {
        RequestGroup group;
        group.suffix = build.suffix;
        for (const auto &[resourceClass, amount] : build.resources)
            group.resources.insert(resourceClass, *amount.value);
        group.requiredTraits = sortedUnique(build.traits.required);
        group.forbiddenTraits = sortedUnique(build.traits.forbidden);
        group.memberOf = sortedUnique(build.memberOf);
        group.forbiddenAggregates = sortedUnique(build.forbiddenAggregates);
        group.inTree = build.inTree;
        request.groups.append(group);
    }
    // The unsuffixed group first ("" sorts first), then by suffix.
    std::sort(request.groups.begin(), request.groups.end(),
              [](const RequestGroup &a, const RequestGroup &b) { return a.suffix < b.suffix; });
    return request;
}

} // namespace

// util.normalize_resources_qs_param: not blank; comma-separated CLASS:AMOUNT pairs, each
// exactly one ':' (the class is NOT stripped: " VCPU" is another, unknown, class); the
// amount is int() (spaces, a sign, underscores, any script's digits) and at least 1.
Result<ResourceAmounts> readResources(QStringView value, const QString &key)
{
    const QString kExpected = QStringLiteral("Badly formed resources parameter. Expected resources query string "
                                             "parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. Got: ");
    if (pythonsyntax::strip(value).isEmpty())
        return queryError(key, kExpected % QStringLiteral("empty string."));
    ResourceAmounts amounts;
    for (const QStringView pair : value.split(u',')) {
        const QList<QStringView> parts = pair.split(u':');
        if (parts.size() != 2)
            return queryError(key, kExpected % neutralised(pair) % QLatin1Char('.'));
        const QString resourceClass = parts[0].toString();
        const PythonInt amount = pythonsyntax::parseInt(parts[1]);
        if (auto problem = amountProblem(resourceClass, parts[1], amount, key))
            return *problem;
        amounts.append({resourceClass, amount});
    }
    return amounts;
}

std::optional<Problem> amountProblem(const QString &resourceClass, QStringView amountText, const PythonInt &amount,
                                     const QString &key)
{
    if (!amount.valid) {
        return queryError(key, QStringLiteral("Requested resource ") % neutralised(resourceClass)
                                   % QStringLiteral(" expected positive integer amount. Got: ")
                                   % neutralised(amountText) % QLatin1Char('.'));
    }
    if (amount.negative || amount.digits == QLatin1String("0")) {
        return queryError(key, QStringLiteral("Requested resource ") % neutralised(resourceClass)
                                   % QStringLiteral(" requires amount >= 1. Got: ") % amount.text() % QLatin1Char('.'));
    }
    return std::nullopt;
}

// lib._QS_KEY_PATTERN_1_33 (re.match) and the schema's patternProperties (re.search),
// ^(resources|required|member_of|in_tree)([a-zA-Z0-9_-]{1,64})?$.
bool splitGroupKey(QStringView key, bool allowFinalNewline, QString *prefix, QString *suffix)
{
    const QStringView subject = allowFinalNewline ? pythonsyntax::dollarSubject(key) : key;
    for (const QString &candidate : {kResources, kRequired, kMemberOf, kInTree}) {
        if (!subject.startsWith(candidate))
            continue;
        const QStringView rest = subject.sliced(candidate.size());
        if (!rest.isEmpty() && !isGroupSuffix(rest))
            return false;
        *prefix = candidate;
        *suffix = rest.toString();
        return true;
    }
    return false;
}

// schemas/allocation_candidate.py "properties" (exact names: no final-newline leniency).
bool isRequestWideKey(QStringView key)
{
    return key == kLimit || key == kGroupPolicy || key == kRootRequired || key == kSameSubtree;
}

Result<CandidateRequest> readParameters(const QueryParameters &parameters)
{
    return RequestReader(parameters).read();
}

QueryParameters canonicalParameters(const CandidateRequest &request)
{
    QueryParameters parameters;
    const auto add = [&](const QString &key, const QString &value) { parameters.append(QueryParameter{key, value}); };
    for (const RequestGroup &group : request.groups) {
        const qsizetype before = parameters.size();
        const QString &s = group.suffix;
        if (!group.resources.isEmpty()) {
            QStringList pairs;
            for (auto it = group.resources.cbegin(); it != group.resources.cend(); ++it)
                pairs.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
            add(kResources + s, pairs.join(u','));
        }
        QStringList plain;
        for (const QStringList &anyOf : group.requiredTraits) {
            if (anyOf.size() == 1)
                plain.append(anyOf.first());
        }
        for (const QString &trait : group.forbiddenTraits)
            plain.append(QLatin1Char('!') + trait);
        if (!plain.isEmpty())
            add(kRequired + s, plain.join(u','));
        for (const QStringList &anyOf : group.requiredTraits) {
            if (anyOf.size() > 1)
                add(kRequired + s, QStringLiteral("in:") + anyOf.join(u','));
        }
        for (const QStringList &anyOf : group.memberOf) {
            if (!anyOf.isEmpty())
                add(kMemberOf + s, anyOf.size() == 1 ? anyOf.first() : QStringLiteral("in:") + anyOf.join(u','));
        }
        if (group.forbiddenAggregates.size() == 1)
            add(kMemberOf + s, QLatin1Char('!') + group.forbiddenAggregates.first());
        else if (group.forbiddenAggregates.size() > 1)
            add(kMemberOf + s, QStringLiteral("!in:") + group.forbiddenAggregates.join(u','));
        if (!group.inTree.isEmpty())
            add(kInTree + s, group.inTree);
        // A group with nothing in it (a resourceless member of same_subtree) can only be
        // named by a key that matches through Python's final-newline `$` and reads no values.
        if (parameters.size() == before)
            add(kRequired + s + QLatin1Char('\n'), QString());
    }
    if (request.groupPolicy != GroupPolicy::Unset)
        add(kGroupPolicy, request.groupPolicy == GroupPolicy::Isolate ? QStringLiteral("isolate")
                                                                       : QStringLiteral("none"));
    if (request.limit)
        add(kLimit, QString::number(*request.limit));
    QStringList root = request.rootRequired;
    for (const QString &trait : request.rootForbidden)
        root.append(QLatin1Char('!') + trait);
    if (!root.isEmpty())
        add(kRootRequired, root.join(u','));
    for (const QStringList &suffixes : request.sameSubtrees)
        add(kSameSubtree, suffixes.join(u','));
    return parameters;
}

} // namespace provtree::candidaterequest
