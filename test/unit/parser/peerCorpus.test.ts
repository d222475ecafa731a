// Parses the peer corpus (real `.http` files from REST Client, JetBrains, httpYac, Kulala and
// application repos, kept beside the repository in `../shared/corpus/peer-http`) and checks that
// httpipe sees the requests each file's own tool sees: how many, their methods and URLs as written.
// `expected.json` is the reference; files it marks ambiguous are left out. CI clones `shared/` next
// to the repository; where that folder is absent the suite says so and is skipped.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus/peer-http');
const EXPECTED = path.join(CORPUS, 'expected.json');

interface ExpectedRequest {
  method: string;
  url: string;
}

type Expectation = ExpectedRequest[] | { ambiguous: true; reason: string };

/** What httpipe reads from one file, in the shape of expected.json, or why it differs. */
function mismatch(file: string, expected: ExpectedRequest[]): string | undefined {
  const parsed = parseHttpFile(readFileSync(path.join(CORPUS, file), 'utf8'));
  const actual = parsed.requests.map((request) => ({ method: request.method, url: request.url }));
  if (actual.length !== expected.length) {
    return `${file}: ${actual.length} requests, its tool sees ${expected.length}`;
  }
  const index = actual.findIndex((a, k) => a.method !== expected[k].method || a.url !== expected[k].url);
  if (index < 0) return undefined;
  const a = actual[index];
  const e = expected[index];
  return `${file}: request ${index + 1} is ${a.method} ${a.url}, its tool sees ${e.method} ${e.url}`;
}

describe('parser: peer corpus (../shared/corpus/peer-http)', () => {
  if (!existsSync(EXPECTED)) {
    it.skip(`skipped only because ${EXPECTED} is absent (CI clones shared/ beside the repository)`);
    return;
  }

  it('reads every unambiguous file as its own tool does (count, method, URL)', () => {
    const expectations = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Expectation>;
    const checked = Object.entries(expectations).filter((entry): entry is [string, ExpectedRequest[]] =>
      Array.isArray(entry[1]),
    );
    const failures = checked.map(([file, expected]) => mismatch(file, expected)).filter((m) => m);
    assert.deepEqual(
      failures,
      [],
      `${checked.length - failures.length} of ${checked.length} files match:\n${failures.join('\n')}`,
    );
  });
});
