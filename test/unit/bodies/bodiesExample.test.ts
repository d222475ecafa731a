// examples/bodies.http runs as its comments say: against a demo server started here (its @host
// overridden), every request gets a response, and /echo saw the body each section describes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/demoServer';
import { decodeContent } from '../../../src/core/encoding/decodeContent';
import { runRequests } from '../../../src/core/engine/runRequests';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { planRun } from '../../../src/core/plan/planRun';

const repoRoot = path.resolve(__dirname, '../../../..');
const example = path.join(repoRoot, 'examples', 'bodies.http');

describe('examples/bodies.http', () => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer();
  });
  after(async () => {
    await demo.close();
  });

  it('sends each kind of body as described', async () => {
    const parsed = parseHttpFile(readFileSync(example, 'utf8'));
    assert.deepEqual(parsed.diagnostics, []);
    const plan = planRun(parsed, {
      filePath: example,
      workspaceRoot: repoRoot,
      allowEnvironmentAccess: false,
      processEnv: {},
      variables: { host: demo.origin },
    });
    assert.deepEqual(plan.problems, []);
    const run = await runRequests(plan.specs, { mode: 'keepalive' });
    const byName = new Map(run.requests.map((r) => [r.name, r]));
    assert.deepEqual(
      run.requests.map((r) => `${r.name} ${r.response?.status ?? r.error?.message}`),
      [
        'json 200',
        'form 200',
        'upload 200',
        'raw-file 200',
        'template-file 200',
        'graphql 200',
        'graphql-file 200',
        'gzip 200',
      ],
    );
    const echoed = (name: string) =>
      JSON.parse(byName.get(name)!.response!.body.toString()) as {
        body: string;
        bodyBytes: number;
        headers: Array<[string, string]>;
      };
    const pixel = readFileSync(path.join(repoRoot, 'examples', 'bodies', 'pixel.png'));

    assert.equal(echoed('form').body, 'user=Zo%C3%AB%20Smith&city=S%C3%A3o+Paulo&note=Zo%C3%AB%20Smith&x=1');
    const upload = echoed('upload');
    assert.ok(
      upload.body.startsWith(
        '------httpipe\r\nContent-Disposition: form-data; name="title"\r\n\r\nA red pixel for Zoë Smith\r\n',
      ),
    );
    assert.ok(
      upload.body.endsWith(
        'Notes for Zoë Smith: sent from a <@ file, so variables are substituted.\n\r\n------httpipe--',
      ),
    );
    assert.equal(echoed('raw-file').bodyBytes, pixel.length);
    assert.equal(JSON.parse(echoed('template-file').body).user, 'Zoë Smith');
    const graphql = echoed('graphql');
    assert.equal(JSON.parse(graphql.body).operationName, 'Greeting');
    assert.ok(!graphql.headers.some(([name]) => name.toLowerCase() === 'x-request-type'));
    assert.deepEqual(JSON.parse(echoed('graphql-file').body).variables, { user: 'ann' });
    const gzip = byName.get('gzip')!.response!;
    assert.equal(decodeContent(gzip.body, 'gzip').body.length, 2048);
  });
});
