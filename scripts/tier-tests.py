#!/usr/bin/env python3
"""Moves the test files into the tiers test/unit, test/spec and test/e2e (git mv) and fixes the relative paths that
point into or out of the moved files. Run from the repository root on a clean tree: python3 scripts/tier-tests.py
(--dry-run prints the mapping only). Files already under a tier folder stay where they are, so it can be rerun after
other branches add tests in the old places.

The mapping rule:
  * a *.test.ts is e2e if it spawns processes (the CLI as a child process, a crash child), starts servers on ports
    (the HTTP API) or libp2p nodes / full nodes on loopback; spec if it checks vectors or known answers; unit otherwise
    (E2E and SPEC below list them by path). It moves to test/<tier>/<its path under test/>, e.g.
    test/node/p2p/connect.test.ts -> test/e2e/node/p2p/connect.test.ts (test/e2e/x stays test/e2e/x).
  * test/vectors/** (data, generators, hex helpers) -> test/spec/vectors/**; test/helpers/** stays.
  * any other file (fixtures, harnesses, child scripts, numpy_forward.py) follows the files that import or reference
    it: all of one tier -> that tier, same sub-path; several tiers -> test/helpers/<its path under test/>.
  * then every relative specifier in test/, scripts/ and bench/ (import ... from, import(), new URL(..., import.meta.url))
    is re-resolved, and the cwd-relative 'test/vectors/' becomes 'test/spec/vectors/' in code and docs.
"""
import os
import re
import subprocess
import sys

TIERS = ("unit", "spec", "e2e")
E2E = (
    "test/cli/", "test/e2e/", "test/grammar/cli.test.ts", "test/ml/eval/commands.test.ts", "test/ml/train/cli.test.ts",
    "test/node/api/accounts.test.ts", "test/node/api/blocks.test.ts", "test/node/api/docs.test.ts",
    "test/node/api/status.test.ts", "test/node/api/transactions.test.ts", "test/node/db/crash.test.ts",
    "test/node/node/sync.test.ts", "test/node/p2p/bans.test.ts", "test/node/p2p/connect.test.ts",
    "test/node/p2p/gossip.test.ts", "test/node/p2p/identity.test.ts", "test/node/p2p/req-resp.test.ts",
)
SPEC = (
    "test/chain/vectors.test.ts", "test/consensus/dev-chain-vectors.test.ts", "test/crypto/known-answers.test.ts",
    "test/grammar/vectors.test.ts", "test/ml/eval/numpy.test.ts", "test/ml/eval/vectors.test.ts",
)
SPEC_RE = re.compile(r"vectors|known-answers")
SPEC_PATTERN = re.compile(r"(?:from\s+|import\s*\(\s*)'([^']+)'|new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url")


def files_under(root):
    out = subprocess.run(["git", "ls-files", root], capture_output=True, text=True, check=True).stdout.split()
    return sorted(out)


def tier_of_test(path):
    if path.split("/")[1] in TIERS:
        return path.split("/")[1]
    if path.startswith(E2E):
        return "e2e"
    if path.startswith(SPEC) or SPEC_RE.search(os.path.basename(path)):
        return "spec"
    return "unit"


def specifiers(text):
    """Relative specifiers: ('./x.js' | '../y/' | 'numpy_forward.py' in new URL(...))."""
    for m in SPEC_PATTERN.finditer(text):
        g = 1 if m.group(1) is not None else 2
        s = m.group(g)
        if s.startswith(("./", "../")) or (g == 2 and not re.match(r"^[a-z]+:|^/", s)):
            yield m.start(g), m.end(g), s


def resolve(src, spec):
    return os.path.normpath(os.path.join(os.path.dirname(src), spec))


def as_file(target, known):
    """The repository file a specifier names (x.js -> x.ts), or None for a directory / unknown."""
    if target in known:
        return target
    if target.endswith(".js") and target[:-3] + ".ts" in known:
        return target[:-3] + ".ts"
    return None


def main():
    dry = "--dry-run" in sys.argv
    files = files_under("test")
    known = set(files) | set(files_under("src")) | set(files_under("bench")) | set(files_under("scripts"))
    texts = {f: open(f, encoding="utf8").read() for f in files if f.endswith((".ts", ".mjs"))}
    importers = {}
    for f, text in texts.items():
        for _, _, s in specifiers(text):
            t = as_file(resolve(f, s), known)
            if t:
                importers.setdefault(t, set()).add(f)

    mapping = {}

    def tiers_of(f, seen=()):
        if f.endswith(".test.ts"):
            return {tier_of_test(f)}
        if f.startswith(("test/helpers/", "test/vectors/")) or f.split("/")[1] in TIERS:
            return {"shared"}
        result = set()
        for i in importers.get(f, ()):
            if i not in seen:
                result |= tiers_of(i, seen + (f,))
        return result or {"unit"}

    for f in files:
        parts = f.split("/")
        if parts[1] in TIERS or f.startswith("test/helpers/"):
            mapping[f] = f
        elif f.startswith("test/vectors/"):
            mapping[f] = "test/spec/" + f[len("test/"):]
        elif f.endswith(".test.ts"):
            mapping[f] = f"test/{tier_of_test(f)}/" + f[len("test/"):]
        else:
            t = tiers_of(f)
            mapping[f] = (f"test/{t.pop()}/" if len(t) == 1 and "shared" not in t else "test/helpers/") + f[len("test/"):]
        if mapping[f].startswith("test/e2e/e2e/"):
            mapping[f] = "test/e2e/" + mapping[f][len("test/e2e/e2e/"):]

    moves = {a: b for a, b in mapping.items() if a != b}
    for a, b in sorted(moves.items()):
        print(f"{a} -> {b}")
    if dry:
        return

    def new_dir_of(old_dir):
        """Where a directory of moved files went (every file under it moves by the same prefix rule)."""
        for a, b in mapping.items():
            if a.startswith(old_dir + "/"):
                return b[: len(b) - len(a) + len(old_dir)] if b.endswith(a[len(old_dir):]) else None
        return old_dir

    for a, b in sorted(moves.items()):
        os.makedirs(os.path.dirname(b), exist_ok=True)
        subprocess.run(["git", "mv", a, b], check=True)

    code = [f for f in files_under("test") + files_under("scripts") + files_under("bench") if f.endswith((".ts", ".mjs"))]
    inverse = {b: a for a, b in mapping.items()}
    for f in code:
        old_f = inverse.get(f, f)
        text = open(f, encoding="utf8").read()
        out, last = [], 0
        for start, end, s in specifiers(text):
            target = resolve(old_f, s)
            file = as_file(target, known)
            if file:
                new_target = mapping.get(file, file)
                if file != target:  # x.js naming x.ts
                    new_target = new_target[:-3] + ".js"
            else:
                new_target = new_dir_of(target) or target
            rel = os.path.relpath(new_target, os.path.dirname(f))
            if not rel.startswith("."):
                rel = ("./" if s.startswith("./") or s.startswith("../") else "") + rel
            if s.endswith("/") and not rel.endswith("/"):
                rel += "/"
            out.append(text[last:start] + rel)
            last = end
        new = "".join(out) + text[last:]
        new = new.replace("'test/vectors/", "'test/spec/vectors/")
        if new != text:
            open(f, "w", encoding="utf8").write(new)

    # Comments, docs and vector descriptions naming the old places (block.json's description names the fixtures file,
    # as its generator does).
    renames = sorted(((a, b) for a, b in moves.items()), key=lambda ab: -len(ab[0]))
    docs = [f for f in subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split()
            if (f.endswith((".md", ".ts", ".mjs", ".py")) or (f.startswith("test/spec/vectors/") and f.endswith(".json")))
            and f != "scripts/tier-tests.py"]
    for f in docs:
        text = open(f, encoding="utf8").read()
        new = text
        for a, b in renames:
            new = re.sub(re.escape(a) + r"(?![\w.-])", b, new)
        new = re.sub(r"(?<![\w/])test/vectors/", "test/spec/vectors/", new)
        if new != text:
            open(f, "w", encoding="utf8").write(new)


if __name__ == "__main__":
    main()
