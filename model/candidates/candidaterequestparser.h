#pragma once

#include "candidaterequest.h"
#include "problem.h"

#include <QString>
#include <QStringView>

// Reading and writing GET /allocation_candidates requests (microversion 1.39, Placement 8).
// Thread-safe: pure functions, callable from any thread.
//
// Both parsers refuse exactly what Placement 8.0.0 refuses with 400, with Placement's
// reason in substance (Problem::field names the query parameter), and otherwise return the
// request in a normal form: groups unsuffixed first, then by suffix; every list of names
// or uuids sorted and without repeats (a trait required twice is required once); "in:X"
// with one name is the same as "X". So two requests that mean the same compare equal.
// Warnings may accompany a request: a parameter given twice (Placement keeps one of them),
// a trait name provtree does not know, an aggregate uuid in a form that matches no stored
// one.
//
// Names. Placement only refuses an unknown resource class or trait when it looks it up in
// its database. provtree checks the form: a resource class must be a standard one
// (resources/standard-resource-classes.txt) or CUSTOM_[A-Z0-9_]+; a trait must be
// [A-Z0-9_]+ and at most 255 characters, and one that is neither CUSTOM_ nor in
// resources/standard-traits.txt gets a warning (a newer os-traits may know it). Whether a
// well-formed CUSTOM_ name exists is for the evaluator, which has the tree. Placement looks
// names up as it searches, so it answers an empty 200 instead of 400 for a malformed name
// that comes after a filter that already found nothing (no root with the root_required
// traits, nothing in a member_of aggregate, an earlier group without candidates); provtree
// refuses such a name all the same. Aggregate uuids and in_tree are kept as written
// (Placement compares them with its stored uuids as strings).
//
// Where Placement does not answer 400 but misbehaves, provtree refuses too, saying so:
// an amount above 9223372036854775807 (a 500 from SQLite), and a repeated limit or
// group_policy whose first value is not sound (Placement validates the last, uses the
// first: a 500, or a negative limit that drops results, or an unknown policy).
namespace provtree {

// The URL query of GET /allocation_candidates as Placement reads it.
//
// `query` is a bare query (`resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2`),
// the same after a '?', or a whole URL or request line as logs show it
// (`http://ctl/placement/allocation_candidates?limit=1000&resources=VCPU%3A1`,
// `GET /placement/allocation_candidates?... HTTP/1.1`): when the text before the first '?'
// has no '=' nor '&', the query is what follows it, up to the first space. A '#' ends the
// query (HTTP clients do not send fragments). Text that is not ASCII is taken as its
// UTF-8 bytes, as a client would send it.
//
// The query is decoded as webob does (querystring.h: '+' is a space, '&' and ';' separate,
// percent-decoding, strict UTF-8) and checked in Placement's order:
//  1. schema (schemas/allocation_candidate.py GET_SCHEMA_1_36, util.validate_query_params):
//     only limit, group_policy, root_required, same_subtree and resources / required /
//     member_of / in_tree with an optional suffix [a-zA-Z0-9_-]{1,64} (1.33); the LAST limit
//     must match ^[1-9][0-9]*$, the last group_policy be none or isolate;
//  2. request-wide (lib.RequestWideParams.from_request): the FIRST limit and group_policy
//     are used; root_required at most once, without "in:", no trait both required and
//     forbidden; same_subtree a comma list of suffixes, never the unsuffixed "";
//  3. groups (lib.RequestGroup._parse_request_items, util.normalize_*): resources[$S] is
//     CLASS:AMOUNT,... (amount int() >= 1; a repeated parameter or class: the last one);
//     required[$S] is "A,!B" (! forbids) or "in:A,B" (any of), repeatable (AND);
//     member_of[$S] is "U", "!U", "in:U1,U2" or "!in:U1,U2", repeatable (AND), uuids as
//     oslo's is_uuid_like; in_tree[$S] one uuid (stripped);
//  4. group checks at 1.36+ (lib.RequestGroup.dict_from_request): at least one group with
//     resources; a group without resources only if named in same_subtree (so never the
//     unsuffixed one); every suffix in same_subtree is a group; no required any-of set
//     whose traits are all forbidden in its group;
//  5. group_policy is required with more than one suffixed group
//     (handlers/allocation_candidate.py);
//  6. names, in the order of Placement's database lookups (see above).
[[nodiscard]] Result<CandidateRequest> parseCandidateQuery(QStringView query);

// A request written for people, as a flavor describes it. Items are separated by
// whitespace; a value may be quoted ('...' or "...") to hold spaces; a comma at the end of
// an item is ignored, so `openstack flavor show`'s "resources:VCPU='4', trait:X='required'"
// reads as it is. The items:
//
//   CLASS=AMOUNT[,CLASS=AMOUNT...]     resources of the unsuffixed group (VCPU=4,MEMORY_MB=8192)
//   resources[S]:CLASS=AMOUNT           nova's extra spec: resources of group S (none: unsuffixed)
//   trait[S]:TRAIT=required|forbidden   nova's extra spec: a trait of group S
//   NAME=VALUE                          any query parameter with the query's value syntax
//                                       (no percent-encoding): resources[S]=CLASS:AMOUNT,...,
//                                       required[S]=..., member_of[S]=..., in_tree[S]=...,
//                                       group_policy=..., limit=..., root_required=...,
//                                       same_subtree=...
//   NAMESPACE:KEY=VALUE                 another extra spec (hw:cpu_policy=dedicated ...):
//                                       ignored, with a warning (it is not a Placement request)
//
// S is a group suffix ([a-zA-Z0-9_-]{1,64}: "1", "_NET"). The resources of a group add up
// over all items; a class named twice for one group is an error (a flavor names each extra
// spec once). As in nova, an amount of 0 in the flavor items (CLASS=0, resources:CLASS=0)
// leaves that class out of the request; in the query's own resources[S]= syntax 0 is
// refused as Placement refuses it. The items become query parameters and go through every
// check of parseCandidateQuery(), so both forms give the same request and the same
// refusals for the same meaning:
//   "VCPU=4,MEMORY_MB=8192 required=HW_CPU_X86_AVX2"
//   == "resources:VCPU=4 resources:MEMORY_MB=8192 trait:HW_CPU_X86_AVX2=required"
//   == parseCandidateQuery("resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2")
[[nodiscard]] Result<CandidateRequest> parseFlavorRequest(QStringView text);

// The canonical query of `request` (no '?'), percent-encoded, for requests the parsers
// return: parseCandidateQuery(toCandidateQuery(r)) == r, and Placement accepts it. Groups
// in order, each as resources[S], required[S] (the single traits and the forbidden ones in
// one value, then one "in:" value per any-of set), member_of[S], in_tree[S]; then
// group_policy, limit, root_required, same_subtree.
// "resources=VCPU:4,MEMORY_MB:8192&required=HW_CPU_X86_AVX2,!CUSTOM_SLOW"
[[nodiscard]] QString toCandidateQuery(const CandidateRequest &request);

} // namespace provtree
