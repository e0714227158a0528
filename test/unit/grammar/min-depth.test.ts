// minDepth (src/grammar/resolve.ts) against the equations iterated to their fixpoint, the way it was computed
// before the linear algorithm, on random grammars; and the cost of a long chain of rules, which was quadratic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { GrammarError } from '../../../src/grammar/errors.js';
import { parseGrammar } from '../../../src/grammar/parse.js';

type Sym = { t: string } | { n: number };

/** The equations iterated until nothing changes: the reference. */
function referenceMinDepths(rules: Sym[][][]): { minDepth: number[]; depthNeeded: number[][] } {
  const minDepth = rules.map(() => Infinity);
  const needed = (alt: Sym[]) => Math.max(0, ...alt.map((s) => ('n' in s ? minDepth[s.n] : 0)));
  for (let changed = true; changed;) {
    changed = false;
    rules.forEach((alts, r) => {
      for (const alt of alts) {
        if (needed(alt) + 1 < minDepth[r]) {
          minDepth[r] = needed(alt) + 1;
          changed = true;
        }
      }
    });
  }
  return { minDepth, depthNeeded: rules.map((alts) => alts.map(needed)) };
}

const grammar = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.array(
    fc
      .array(
        fc.array(
          fc.oneof(
            fc.constantFrom({ t: 'a' }, { t: 'b' }),
            fc.nat(n - 1).map((k) => ({ n: k })),
          ),
          { maxLength: 3 },
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      )
      .map((alts) => alts.map((a) => (a.length === 0 ? [{ t: 'x' } as Sym] : a))),
    { minLength: n, maxLength: n },
  ),
);

const text = (rules: Sym[][][]) =>
  rules
    .map(
      (alts, r) => `<r${r}> ::= ${alts.map((a) => a.map((s) => ('t' in s ? s.t : `<r${s.n}>`)).join(' ')).join(' | ')}`,
    )
    .join('\n');

test('minDepth and depthNeeded equal the fixpoint of the equations', () => {
  fc.assert(
    fc.property(grammar, (rules) => {
      const ref = referenceMinDepths(rules);
      const stuck = ref.minDepth.findIndex((d) => d === Infinity);
      if (stuck >= 0) {
        assert.throws(
          () => parseGrammar(text(rules), { maxDepth: 999 }),
          (err: unknown) => err instanceof GrammarError && err.line === stuck + 1 && /no terminating/.test(err.message),
        );
        return;
      }
      const g = parseGrammar(text(rules), { maxDepth: 999 });
      assert.deepEqual(
        g.rules.map((r) => r.minDepth),
        ref.minDepth,
      );
      assert.deepEqual(
        g.rules.map((r) => r.alternatives.map((a) => a.depthNeeded)),
        ref.depthNeeded,
      );
    }),
    { numRuns: 2000 },
  );
});

test('a chain of 50,000 rules resolves in linear time', () => {
  // Iterating the equations settled one rule per pass here: 50,000 passes over 50,000 rules.
  const n = 50_000;
  const lines = Array.from({ length: n }, (_, i) => `<r${i}> ::= <r${i + 1}>`);
  const start = performance.now();
  assert.throws(
    () => parseGrammar([...lines, `<r${n}> ::= relu`].join('\n')),
    /max depth 16 is below minDepth\(<r0>\) = 50001/,
  );
  assert.ok(performance.now() - start < 5000, `took ${(performance.now() - start).toFixed(0)} ms`);
});
