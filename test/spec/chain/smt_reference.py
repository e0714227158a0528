#!/usr/bin/env python3
"""An independent implementation of the state tree of docs/PROTOCOL.md 1.1 and 2.6, from the text alone.

    /usr/bin/python3 smt_reference.py state.json

Reads the vector's inputs (the raw tree steps and the state records), ignores every hash in it, and prints JSON
with what it computes: the empty root, the root after each tree step, each record's tree key and the state root.
"""
import hashlib
import json
import sys


def sha3(*parts):
    h = hashlib.sha3_256()
    for p in parts:
        h.update(p)
    return h.digest()


EMPTY = sha3(b"\x12")


def leaf(key, value):
    return sha3(b"\x10", key, sha3(value))


def bit(key, depth):
    return (key[depth // 8] >> (7 - depth % 8)) & 1


def root(entries):
    """Root of a dict key -> value by the definition: empty, one leaf, or split on the next bit."""

    def subtree(items, depth):
        if not items:
            return EMPTY
        if len(items) == 1:
            return leaf(*items[0])
        zero = [kv for kv in items if bit(kv[0], depth) == 0]
        one = [kv for kv in items if bit(kv[0], depth) == 1]
        return sha3(b"\x11", subtree(zero, depth + 1), subtree(one, depth + 1))

    return subtree(sorted(entries.items()), 0)


def main():
    vector = json.load(open(sys.argv[1]))
    tree = {}
    roots = []
    for step in vector["tree"]:
        for change in step["changes"]:
            key = bytes.fromhex(change["key"])
            if change["value"] is None:
                tree.pop(key, None)
            else:
                tree[key] = bytes.fromhex(change["value"])
        roots.append(root(tree).hex())
    domain = vector["domain"].encode("utf-8")
    state = {}
    tree_keys = []
    for r in vector["records"]:
        k = sha3(domain, bytes([r["tag"]]), bytes.fromhex(r["key"]))
        tree_keys.append(k.hex())
        if r["value"] is not None:
            state[k] = bytes.fromhex(r["value"])
    print(json.dumps({"emptyRoot": EMPTY.hex(), "treeRoots": roots, "treeKeys": tree_keys, "root": root(state).hex()}))


main()
