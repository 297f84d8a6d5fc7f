#!/usr/bin/python3
"""Usage: edit-cloud.py IN OUT -- writes an edited copy of a generated snapshot (.ci/screenshots)
and prints the uuid of the moved provider (the compare picture selects it).

The edits cover every kind of change the compare window shows: inventories changed on
every 40th compute node, cn-000005's tree removed, a new compute node with a NUMA child
added, cn-000002's first child renamed, and one of cn-000003's children moved to cn-000004.
Deterministic: the same input gives the same output.
"""
import json
import sys
import uuid


def main(source, target):
    with open(source) as f:
        document = json.load(f)
    providers = document["providers"]
    by_name = {p["name"]: p for p in providers}

    def children(parent):
        return [p for p in providers if p["parent_provider_uuid"] == parent["uuid"]]

    def touched(provider):
        provider["generation"] += 1

    roots = [p for p in providers if p["parent_provider_uuid"] is None and p["name"].startswith("cn-")]
    for root in roots[::40]:
        vcpu = root["inventories"].get("VCPU")
        if vcpu:
            vcpu["total"] += 16
            touched(root)

    gone = by_name["cn-000005"]
    removed = {gone["uuid"]} | {c["uuid"] for c in children(gone)}
    providers[:] = [p for p in providers if p["uuid"] not in removed]

    renamed = children(by_name["cn-000002"])[0]
    renamed["name"] += "-replaced"
    touched(renamed)

    moved = children(by_name["cn-000003"])[-1]
    moved["parent_provider_uuid"] = by_name["cn-000004"]["uuid"]
    touched(moved)

    new_root = str(uuid.uuid5(uuid.NAMESPACE_DNS, "cn-new-01.provtree"))
    providers.append({
        "uuid": new_root, "name": "cn-new-01", "generation": 1, "parent_provider_uuid": None,
        "inventories": {"VCPU": {"total": 64, "reserved": 0, "min_unit": 1, "max_unit": 64,
                                 "step_size": 1, "allocation_ratio": 4.0}},
        "usages": {}, "traits": ["COMPUTE_NODE"], "aggregates": []})
    providers.append({
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_DNS, "cn-new-01_numa0.provtree")),
        "name": "cn-new-01_numa0", "generation": 1, "parent_provider_uuid": new_root,
        "inventories": {"PCPU": {"total": 16, "reserved": 0, "min_unit": 1, "max_unit": 16,
                                 "step_size": 1, "allocation_ratio": 1.0}},
        "usages": {}, "traits": ["HW_NUMA_ROOT"], "aggregates": []})

    with open(target, "w") as f:
        json.dump(document, f, indent=1)
    print(moved["uuid"])


if __name__ == "__main__":
    main(*sys.argv[1:])
