// Big files in the editor (issue 17): what an edit makes the language features compute grows
// linearly with the file. Timed, so made robust for a loaded 2-core machine: CPU time rather than
// wall time, sizes interleaved, the minimum of several runs per size, and a bound (2.5× for 2× the
// requests) that linear code meets with room while the old per-line search of the requests
// (lines × requests, 6× for 2× the requests) cannot. Speed itself is measured in `npm run bench`.
import assert from 'node:assert/strict';
import { HttpDocument } from '../../../src/core/language/httpDocument';
import { languageContext } from '../../../src/core/language/languageContext';
import { foldingSpans, outlineSymbols } from '../../../src/core/language/outline';
import { collectSemanticDiagnostics } from '../../../src/core/language/semanticDiagnostics';
import { bigFileRequestLine, bigHttpFile } from '../../support/bigHttpFile';

/** What the editor computes after an edit: the model, its problems, folding and the outline. */
function afterEdit(text: string): { document: HttpDocument; problems: number } {
  const document = new HttpDocument(text);
  const context = languageContext(document.parsed, {
    filePath: '/nowhere/big.http',
    allowEnvironmentAccess: false,
  });
  const problems = collectSemanticDiagnostics(document, context).length;
  foldingSpans(document);
  outlineSymbols(document.parsed);
  return { document, problems };
}

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('language: big files', function () {
  this.timeout(120_000);

  it('keeps the model right in a 4,000-request file', () => {
    const { document } = afterEdit(bigHttpFile(4000));
    assert.equal(document.parsed.requests.length, 4000);
    assert.equal(document.requestAtLine(bigFileRequestLine(3999))?.name, 'r3999');
    assert.equal(document.requestWithRequestLine(bigFileRequestLine(2500))?.name, 'r2500');
    assert.equal(document.requestWithRequestLine(bigFileRequestLine(2500) + 1), undefined);
    // Per request: {{host}}, {{token}}, {{r…}} (not the first), {{$guid}}, {{$randomInt …}}.
    assert.equal(document.references.length, 5 * 4000 - 1);
    const last = document.references.filter((r) => r.requestIndex === 3999).map((r) => r.expression);
    assert.deepEqual(last, ['host', 'token', 'r3998.response.body.$.id', '$guid', '$randomInt 1 9']);
  });

  it('parses one block again after a character typed in the middle of a 4,000-request file', () => {
    const lines = bigHttpFile(4000).split('\n');
    const previous = new HttpDocument(lines.join('\n'));
    lines[bigFileRequestLine(2000) + 1] += 'x';
    const edited = new HttpDocument(lines.join('\n'), previous);
    const parsedAgain = edited.parsed.requests.filter(
      (request, k) => request !== previous.parsed.requests[k],
    );
    assert.deepEqual(
      parsedAgain.map((request) => request.name),
      ['r2000'],
    );
    assert.deepEqual(edited.parsed, new HttpDocument(lines.join('\n')).parsed);
  });

  it('costs at most 2.5× the CPU time for 2× the requests (minimum of interleaved runs)', () => {
    const small = bigHttpFile(2000);
    const large = bigHttpFile(4000);
    afterEdit(small); // warm-up: compile the hot paths before anything counts
    const times = { small: Infinity, large: Infinity };
    for (let run = 0; run < 5; run++) {
      times.small = Math.min(
        times.small,
        cpuMs(() => afterEdit(small)),
      );
      times.large = Math.min(
        times.large,
        cpuMs(() => afterEdit(large)),
      );
    }
    const ratio = times.large / times.small;
    assert.ok(
      ratio < 2.5,
      `4,000 requests took ${times.large.toFixed(1)} ms of CPU, 2,000 took ${times.small.toFixed(1)} ms: ${ratio.toFixed(2)}×`,
    );
  });
});
