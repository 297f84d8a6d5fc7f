#pragma once

// GET /allocation_candidates queries (microversion 1.39) with what Placement 8.0.0 answers
// them: the table parseCandidateQuery() must agree with. tst_candidaterequest checks the
// parser against it; tst_candidaterequestlive sends every query, byte for byte, to a real
// Placement and requires 200 for the accepted ones and 400 for the refused ones, with
// `reason` in Placement's message as in provtree's.
//
// Every name in an accepted query exists in a fresh Placement 8.0.0 (standard names of
// os-traits 2.9.0 and os-resource-classes 1.1.0) or is one of customTraits() /
// customResourceClasses(), which the live test creates first. Unknown names are 400 in
// Placement only because its database lacks them: the cases that show how far the parser
// can judge names are in candidateQueryDivergences().

#include <QByteArray>
#include <QList>

namespace provtree::testing {

struct CandidateQueryCase
{
    const char *name;
    QByteArray query;   // the raw query string, as sent (no '?')
    bool accepted;      // Placement: 200 (true) or 400 (false)
    QByteArray reason;  // refused: words of Placement's reason that provtree's has too
};

// Where provtree's answer is not Placement's 200/400 (documented in candidaterequestparser.h).
struct CandidateQueryDivergence
{
    const char *name;
    QByteArray query;
    bool parserAccepts;
    int placementStatus; // measured on Placement 8.0.0 with SQLite
    const char *why;
};

#define PROVTREE_U1 "11111111-2222-3333-4444-555555555555"
#define PROVTREE_U2 "22222222-3333-4444-5555-666666666666"
#define PROVTREE_U3 "33333333-4444-5555-6666-777777777777"
#define PROVTREE_SUFFIX64 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

inline QList<QByteArray> customTraits()
{
    return {"CUSTOM_CRQ_PHYSNET_A", "CUSTOM_CRQ_GOLD", "CUSTOM_CRQ_SLOW", "CUSTOM_CRQ_NOBODY_HAS_IT"};
}

inline QList<QByteArray> customResourceClasses()
{
    return {"CUSTOM_CRQ_FPGA"};
}

inline QList<CandidateQueryCase> candidateQueryCases()
{
    return {
        // ---- accepted: every form ----
        {"one class", "resources=VCPU:1", true, {}},
        {"a flavor", "resources=VCPU:4,MEMORY_MB:8192,DISK_GB:40&required=HW_CPU_X86_AVX2", true, {}},
        {"amount with sign and spaces (int())", "resources=VCPU:%2B1,MEMORY_MB:%201%20", true, {}},
        {"amount with an underscore", "resources=VCPU:1_0", true, {}},
        {"amount in Arabic-Indic digits", "resources=VCPU:%D9%A3", true, {}},
        {"amount with leading zeros", "resources=VCPU:007", true, {}},
        {"largest amount", "resources=VCPU:9223372036854775807", true, {}},
        {"class named twice: the last amount", "resources=VCPU:1,VCPU:2", true, {}},
        {"resources given twice: the last", "resources=VCPU:1&resources=MEMORY_MB:2", true, {}},
        {"custom resource class", "resources=CUSTOM_CRQ_FPGA:1", true, {}},
        {"required and forbidden", "resources=VCPU:1&required=HW_CPU_X86_AVX2,!HW_CPU_X86_SSE42", true, {}},
        {"!! forbids too", "resources=VCPU:1&required=!!HW_CPU_X86_AVX2", true, {}},
        {"any-of", "resources=VCPU:1&required=in:HW_CPU_X86_AVX2,HW_CPU_X86_SSE42", true, {}},
        {"required repeated (AND)",
         "resources=VCPU:1&required=HW_CPU_X86_AVX2&required=in:STORAGE_DISK_SSD,HW_NIC_SRIOV"
         "&required=!CUSTOM_CRQ_SLOW",
         true, {}},
        {"any-of with one member forbidden",
         "resources=VCPU:1&required=in:HW_CPU_X86_AVX2,HW_CPU_X86_SSE42&required=!HW_CPU_X86_AVX2", true, {}},
        {"trait names stripped", "resources=VCPU:1&required=+HW_CPU_X86_AVX2,%20CUSTOM_CRQ_GOLD%09", true, {}},
        {"trait required twice", "resources=VCPU:1&required=HW_CPU_X86_AVX2&required=HW_CPU_X86_AVX2", true, {}},
        {"member_of one", "resources=VCPU:1&member_of=" PROVTREE_U1, true, {}},
        {"member_of in: and repeated", "resources=VCPU:1&member_of=in:" PROVTREE_U1 "," PROVTREE_U2
         "&member_of=" PROVTREE_U3, true, {}},
        {"member_of forbidden", "resources=VCPU:1&member_of=!" PROVTREE_U1, true, {}},
        {"member_of !in:", "resources=VCPU:1&member_of=!in:" PROVTREE_U1 "," PROVTREE_U2, true, {}},
        {"member_of uuid forms (is_uuid_like)",
         "resources=VCPU:1&member_of=%7B" PROVTREE_U1 "%7D&member_of=urn:uuid:" PROVTREE_U2
         "&member_of=33333333444455556666777777777777&member_of=AAAAAAAA-2222-3333-4444-555555555555",
         true, {}},
        {"member_of required and forbidden at once", "resources=VCPU:1&member_of=" PROVTREE_U1
         "&member_of=!" PROVTREE_U1, true, {}},
        {"in_tree", "resources=VCPU:1&in_tree=" PROVTREE_U1, true, {}},
        {"in_tree stripped", "resources=VCPU:1&in_tree=%20" PROVTREE_U1 "%20", true, {}},
        {"in_tree repeated: the last", "resources=VCPU:1&in_tree=" PROVTREE_U1 "&in_tree=" PROVTREE_U2, true, {}},
        {"granular, group_policy none", "resources1=VCPU:1&resources2=MEMORY_MB:1&group_policy=none", true, {}},
        {"granular, group_policy isolate", "resources1=VCPU:1&resources2=MEMORY_MB:1&group_policy=isolate", true, {}},
        {"one named group needs no policy",
         "resources_NET=SRIOV_NET_VF:1&required_NET=CUSTOM_CRQ_PHYSNET_A&resources=VCPU:1", true, {}},
        {"suffix of 64 characters", "resources" PROVTREE_SUFFIX64 "=VCPU:1", true, {}},
        {"group_policy with one group", "resources=VCPU:1&group_policy=isolate", true, {}},
        {"resourceless group in same_subtree",
         "resources=VCPU:1&resources1=SRIOV_NET_VF:1&required2=CUSTOM_CRQ_PHYSNET_A&group_policy=none"
         "&same_subtree=1,2",
         true, {}},
        {"resourceless member_of and in_tree group",
         "resources1=VCPU:1&member_of2=" PROVTREE_U1 "&in_tree2=" PROVTREE_U2
         "&group_policy=isolate&same_subtree=%201%20,2",
         true, {}},
        {"resourceless group alone in same_subtree", "resources1=VCPU:1&required2=HW_NUMA_ROOT&group_policy=none"
         "&same_subtree=2", true, {}},
        {"root_required", "resources=VCPU:1&root_required=HW_CPU_X86_AVX2,!COMPUTE_STATUS_DISABLED", true, {}},
        {"root_required !!", "resources=VCPU:1&root_required=!!COMPUTE_STATUS_DISABLED", true, {}},
        {"limit", "resources=VCPU:1&limit=5", true, {}},
        {"limit with a final newline ($)", "resources=VCPU:1&limit=5%0A", true, {}},
        {"limit twice: the first", "resources=VCPU:1&limit=7&limit=5", true, {}},
        {"limit 0 first: no limit", "resources=VCPU:1&limit=0&limit=5", true, {}},
        {"limit ' 1' first (int())", "resources=VCPU:1&limit=%201&limit=5", true, {}},
        {"group_policy twice: the first",
         "resources1=VCPU:1&resources2=VCPU:1&group_policy=isolate&group_policy=none", true, {}},
        {"empty first group_policy, one group", "resources1=VCPU:1&group_policy=&group_policy=none", true, {}},
        {"';' separates", "resources=VCPU:1;required=HW_CPU_X86_AVX2", true, {}},
        {"empty pairs", "&resources=VCPU:1&&required=HW_CPU_X86_AVX2&", true, {}},
        {"'+' is a space", "resources=VCPU:1&required=HW_CPU_X86_AVX2+", true, {}},
        {"key with a final newline ($)", "resources%0A=VCPU:1", true, {}},
        {"required key with a final newline reads nothing", "resources=VCPU:1&required%0A=lowercase", true, {}},
        {"empty group through a newline key",
         "resources1=VCPU:1&required2%0A=&group_policy=none&same_subtree=1,2", true, {}},
        {"everything", "resources=VCPU:2,MEMORY_MB:2048&required=HW_CPU_X86_AVX2&member_of=" PROVTREE_U1
         "&resources_NET=SRIOV_NET_VF:1&required_NET=CUSTOM_CRQ_PHYSNET_A,!CUSTOM_CRQ_SLOW"
         "&resources_ACC=CUSTOM_CRQ_FPGA:1&required_NUMA=HW_NUMA_ROOT&group_policy=isolate"
         "&root_required=!COMPUTE_STATUS_DISABLED&same_subtree=_NET,_ACC,_NUMA&limit=10",
         true, {}},

        // ---- refused: the schema ----
        {"nothing", "", false, "There must be at least one resources or resources[$S] parameter"},
        {"unknown parameter", "foo=1&resources=VCPU:1", false, "does not match any of the regexes"},
        {"unknown parameters", "resources=VCPU:1&foo=1&bar=2", false, "do not match any of the regexes"},
        {"limit with a final newline in the key", "resources=VCPU:1&limit%0A=5", false,
         "does not match any of the regexes"},
        {"suffix of 65 characters", "resources" PROVTREE_SUFFIX64 "x=VCPU:1", false,
         "does not match any of the regexes"},
        {"suffix with a dot", "resources=VCPU:1&resources.1=VCPU:1", false, "does not match any of the regexes"},
        {"limit 0", "resources=VCPU:1&limit=0", false, "does not match '^[1-9][0-9]*$'"},
        {"limit empty", "resources=VCPU:1&limit=", false, "does not match '^[1-9][0-9]*$'"},
        {"limit 01", "resources=VCPU:1&limit=01", false, "does not match '^[1-9][0-9]*$'"},
        {"limit: the last is checked", "resources=VCPU:1&limit=5&limit=x", false, "does not match '^[1-9][0-9]*$'"},
        {"group_policy unknown", "resources=VCPU:1&group_policy=foo", false, "is not one of ['none', 'isolate']"},
        {"group_policy: the last is checked", "resources=VCPU:1&group_policy=none&group_policy=Isolate", false,
         "is not one of ['none', 'isolate']"},
        {"not UTF-8 in a value", "resources=VCPU:1&required=%FF", false, "codec can't decode byte 0xff"},
        {"not UTF-8 in a key", "%C3%28=1", false, "codec can't decode byte 0xc3"},
        {"unknown key before bad limit", "foo=1&limit=0&resources=VCPU:0", false, "does not match any of the regexes"},
        {"bad limit before bad group_policy", "limit=0&group_policy=foo&resources=VCPU:1", false,
         "does not match '^[1-9][0-9]*$'"},
        // ---- refused: request-wide parameters ----
        {"root_required twice", "resources=VCPU:1&root_required=HW_CPU_X86_AVX2&root_required=HW_NIC_SRIOV", false,
         "may be specified only once"},
        {"root_required before the groups", "resources=VCPU:0&root_required=HW_CPU_X86_AVX2"
         "&root_required=HW_NIC_SRIOV", false, "may be specified only once"},
        {"root_required in:", "resources=VCPU:1&root_required=in:HW_CPU_X86_AVX2", false,
         "in:HW_CPU_X86_VMX,CUSTOM_MAGIC"},
        {"root_required conflict", "resources=VCPU:1&root_required=HW_CPU_X86_AVX2,!HW_CPU_X86_AVX2", false,
         "Conflicting required and forbidden traits found in root_required"},
        {"root_required empty", "resources=VCPU:1&root_required=", false, "Got an empty trait in"},
        {"same_subtree with the unsuffixed group", "resources1=VCPU:1&same_subtree=1,", false,
         "Empty string (unsuffixed group) can not be specified in `same_subtree`"},
        {"same_subtree empty", "resources1=VCPU:1&same_subtree=", false,
         "Empty string (unsuffixed group) can not be specified in `same_subtree`"},
        // ---- refused: resources ----
        {"resources empty", "resources=", false, "Got: empty string."},
        {"resources blank", "resources=%20", false, "Got: empty string."},
        {"resources without amount", "resources=VCPU", false, "Badly formed resources parameter"},
        {"resources with two colons", "resources=VCPU:1:2", false, "Badly formed resources parameter"},
        {"resources with a trailing comma", "resources=VCPU:1,", false, "Badly formed resources parameter"},
        {"an earlier bad resources counts", "resources=&resources=VCPU:1", false, "Got: empty string."},
        {"amount not a number", "resources=VCPU:abc", false, "expected positive integer amount"},
        {"amount 1.5", "resources=VCPU:1.5", false, "expected positive integer amount"},
        {"amount superscript two", "resources=VCPU:%C2%B2", false, "expected positive integer amount"},
        {"amount _1", "resources=VCPU:_1", false, "expected positive integer amount"},
        {"amount 0", "resources=VCPU:0", false, "requires amount >= 1"},
        {"amount -1", "resources=VCPU:-1", false, "requires amount >= 1"},
        {"granular amount 0", "resources=VCPU:1&resources1=VGPU:0", false, "requires amount >= 1"},
        // ---- refused: required ----
        {"required empty", "resources=VCPU:1&required=", false, "Got an empty trait in"},
        {"required !", "resources=VCPU:1&required=!", false, "Got an empty trait in"},
        {"required with an empty name", "resources=VCPU:1&required=HW_CPU_X86_AVX2,,HW_NIC_SRIOV", false,
         "Got an empty trait in"},
        {"required in: empty", "resources=VCPU:1&required=in:", false, "Got an empty trait in"},
        {"required in: trailing comma", "resources=VCPU:1&required=in:HW_CPU_X86_AVX2,", false,
         "Got an empty trait in"},
        {"required in: with !", "resources=VCPU:1&required=in:!HW_CPU_X86_AVX2", false,
         "does not support forbidden traits"},
        {"required and forbidden", "resources=VCPU:1&required=HW_CPU_X86_AVX2&required=!HW_CPU_X86_AVX2", false,
         "Conflicting required and forbidden traits found in the following traits keys"},
        {"any-of all forbidden",
         "resources=VCPU:1&required=in:HW_CPU_X86_AVX2,HW_CPU_X86_SSE42&required=!HW_CPU_X86_AVX2,!HW_CPU_X86_SSE42",
         false, "Conflicting required and forbidden traits found in the following traits keys"},
        {"granular conflict", "resources1=VCPU:1&required1=HW_CPU_X86_AVX2,!HW_CPU_X86_AVX2", false,
         "Conflicting required and forbidden traits found in the following traits keys"},
        // ---- refused: member_of and in_tree ----
        {"member_of list without in:", "resources=VCPU:1&member_of=" PROVTREE_U1 "," PROVTREE_U2, false,
         "must be prefixed with the 'in:' or '!in:' keyword"},
        {"member_of not a uuid", "resources=VCPU:1&member_of=not-a-uuid", false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        {"member_of in: empty", "resources=VCPU:1&member_of=in:", false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        {"member_of not stripped", "resources=VCPU:1&member_of=%20" PROVTREE_U1, false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        {"member_of !in: with a bad uuid", "resources=VCPU:1&member_of=!in:" PROVTREE_U1 ",bad", false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        {"member_of in:!", "resources=VCPU:1&member_of=in:!" PROVTREE_U1, false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        {"member_of 31 hex digits", "resources=VCPU:1&member_of=1111111122223333444455555555555", false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        {"in_tree not a uuid", "resources=VCPU:1&in_tree=bad", false,
         "Expected 'in_tree' parameter to be a format of uuid"},
        {"in_tree: every value is checked", "resources=VCPU:1&in_tree=" PROVTREE_U1 "&in_tree=bad", false,
         "Expected 'in_tree' parameter to be a format of uuid"},
        {"in_tree empty", "resources=VCPU:1&in_tree=", false, "Expected 'in_tree' parameter to be a format of uuid"},
        {"the first bad value in query order (resources)", "resources=VCPU:abc&member_of=bad", false,
         "expected positive integer amount"},
        {"the first bad value in query order (member_of)", "member_of=bad&resources=VCPU:abc", false,
         "Expected 'member_of' parameter to contain valid UUID(s)"},
        // ---- refused: groups ----
        {"traits without resources", "required=HW_CPU_X86_AVX2", false,
         "There must be at least one resources or resources[$S] parameter"},
        {"every group resourceless", "member_of1=" PROVTREE_U1 "&same_subtree=1", false,
         "There must be at least one resources or resources[$S] parameter"},
        {"resourceless group outside same_subtree", "resources1=VCPU:1&required2=HW_CPU_X86_AVX2&group_policy=none",
         false, "Resourceless suffixed group request should be specified in `same_subtree`"},
        {"resourceless unsuffixed group", "required=HW_CPU_X86_AVX2&resources1=VCPU:1", false,
         "Resourceless suffixed group request should be specified in `same_subtree`"},
        {"resourceless unsuffixed group and same_subtree",
         "required=HW_CPU_X86_AVX2&resources1=VCPU:1&same_subtree=1", false,
         "Resourceless suffixed group request should be specified in `same_subtree`"},
        {"same_subtree names a missing group", "resources1=VCPU:1&same_subtree=1,3", false,
         "Real suffixes should be specified in `same_subtree`"},
        {"same_subtree without groups", "resources=VCPU:1&same_subtree=1", false,
         "Real suffixes should be specified in `same_subtree`"},
        {"groups checked before names", "resources=vcpu:1&required1=HW_CPU_X86_AVX2", false,
         "Resourceless suffixed group request should be specified in `same_subtree`"},
        // ---- refused: group_policy ----
        {"two groups without group_policy", "resources1=VCPU:1&resources2=VCPU:1", false,
         "\"group_policy\" parameter is required"},
        {"resourceless groups count", "resources1=VCPU:1&required2=HW_CPU_X86_AVX2&same_subtree=1,2", false,
         "\"group_policy\" parameter is required"},
        {"empty first group_policy", "resources1=VCPU:1&resources2=VCPU:1&group_policy=&group_policy=none", false,
         "\"group_policy\" parameter is required"},
        {"group_policy before names", "resources=VCPU:1&required=lowercase&resources1=VCPU:1&resources2=VCPU:1",
         false, "\"group_policy\" parameter is required"},
        // ---- refused: names (no such name can be in Placement's database) ----
        {"lower-case class", "resources=vcpu:1", false, "No such resource class"},
        {"class not stripped", "resources=%20VCPU:1", false, "No such resource class"},
        {"CUSTOM_ alone as a class", "resources=CUSTOM_:1", false, "No such resource class"},
        {"unknown standard class", "resources=NOT_A_CLASS:1", false, "No such resource class"},
        {"granular lower-case class", "resources=VCPU:1&resources1=vgpu:1", false, "No such resource class"},
        {"lower-case trait", "resources=VCPU:1&required=lowercase_trait", false, "No such trait(s)"},
        {"CUSTOM_ alone as a trait", "resources=VCPU:1&required=!CUSTOM_", false, "No such trait(s)"},
        {"trait with a dash in any-of", "resources=VCPU:1&required=in:HW_CPU_X86_AVX2,bad-trait", false,
         "No such trait(s)"},
        {"trait of 256 characters", QByteArray("resources=VCPU:1&required=CUSTOM_") + QByteArray(249, 'A'), false, "No such trait(s)"},
        {"root trait lower-case", "resources=VCPU:1&root_required=!lowercase", false, "No such trait(s)"},
        {"root traits looked up first", "resources=VCPU:1&root_required=lowercase&required=also-bad", false,
         "lowercase"},
    };
}

inline QList<CandidateQueryDivergence> candidateQueryDivergences()
{
    return {
        {"amount above 64 bits", "resources=VCPU:99999999999999999999", false, 500,
         "SQLite cannot bind the integer (Python int too large to convert to SQLite INTEGER)"},
        {"first limit not an integer", "resources=VCPU:1&limit=abc&limit=5", false, 500,
         "the schema checks the last limit, int() fails on the first"},
        {"first limit negative", "resources=VCPU:1&limit=-1&limit=5", false, 200,
         "a negative limit slices the answer ([:-1] drops the last candidate)"},
        {"first group_policy unknown", "resources1=VCPU:1&resources2=VCPU:1&group_policy=bogus&group_policy=none",
         false, 200, "the schema checks the last group_policy; Placement uses the first as if it were none"},
        {"bad name after an empty aggregate filter",
         "resources=VCPU:1&member_of=" PROVTREE_U3 "&required=lowercase", false, 200,
         "no provider is in the aggregate: Placement stops before it looks the trait up"},
        {"bad name after an empty root filter",
         "resources=VCPU:1&root_required=CUSTOM_CRQ_NOBODY_HAS_IT&required=lowercase", false, 200,
         "no root has the root trait: Placement stops before it looks the group's traits up"},
        {"bad name after a group without candidates",
         "resources1=CUSTOM_CRQ_FPGA:3&resources2=VCPU:1&required2=lowercase&group_policy=none", false, 200,
         "no provider has 3 CUSTOM_CRQ_FPGA: Placement stops before it looks the next group's traits up"},
        {"custom trait that does not exist", "resources=VCPU:1&required=CUSTOM_CRQ_NEVER_CREATED", true, 400,
         "a well-formed CUSTOM_ name: only the database (the evaluator's tree) knows"},
        {"standard-form trait unknown to os-traits", "resources=VCPU:1&required=HW_NOT_A_TRAIT", true, 400,
         "accepted with a warning: a newer os-traits may know it"},
        {"trait newer than Placement 8's os-traits", "resources=VCPU:1&required=COMPUTE_NET_VIRTIO_PACKED", true, 400,
         "in provtree's os-traits 3.9.0, not in Placement 8's os-traits 2.9.0"},
    };
}

#undef PROVTREE_U1
#undef PROVTREE_U2
#undef PROVTREE_U3
#undef PROVTREE_SUFFIX64

} // namespace provtree::testing
