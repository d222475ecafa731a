// Chaining end to end in pipelined mode: a real .http text (a `# @name login` POST whose token three
// GETs use, and two GETs that use nothing) is parsed, planned with planRun and run with runRequests
// against node:http on 127.0.0.1, which records when each request arrived and when each response
// went out, and answers the login only after LOGIN_DELAY_MS. Checks which requests overlapped the
// login, which waited for it and why, and that the token reached the requests that use it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runRequests } from '../../../src/core/engine/runRequests';
import type { RequestResult } from '../../../src/core/engine/types';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { planRun } from '../../../src/core/plan/planRun';

const LOGIN_DELAY_MS = 300;

interface Arrival {
  method: string;
  path: string;
  authorization?: string;
  connection: number;
  arrivedMs: number;
  /** Just before the response was handed to the socket. */
  answeredMs?: number;
}

/** Request #1 is delayed so #2 arrives while #1 is unanswered; the dependent #4 so #5 and #6 do too. */
function chainedFile(origin: string): string {
  return [
    `@origin = ${origin}`,
    '',
    '# @name catalog',
    'GET {{origin}}/catalog?ms=150',
    '',
    '###',
    '# @name status',
    'GET {{origin}}/status',
    '',
    '###',
    '# @name login',
    'POST {{origin}}/login',
    'Content-Type: application/json',
    '',
    '{"user": "ann", "password": "secret"}',
    '',
    '###',
    '# @name profile',
    'GET {{origin}}/profile?ms=100',
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
    '###',
    '# @name orders',
    'GET {{origin}}/orders',
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
    '###',
    '# @name cart',
    'GET {{origin}}/cart',
    'Authorization: Bearer {{login.response.body.$.token}}',
    '',
  ].join('\n');
}

describe('chaining and barriers in a pipelined run of a .http file (node:http)', () => {
  let server: http.Server;
  let origin: string;
  let arrivals: Arrival[];
  let token: string;
  let folder: string;

  beforeEach(async () => {
    arrivals = [];
    token = `tok-${Math.random().toString(36).slice(2)}`;
    folder = mkdtempSync(path.join(tmpdir(), 'httpipe-chaining-'));
    let connections = 0;
    const connectionOf = new WeakMap<Socket, number>();
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://recording.invalid');
      const arrival: Arrival = {
        method: req.method!,
        path: url.pathname,
        authorization: req.headers.authorization,
        connection: connectionOf.get(req.socket) ?? -1,
        arrivedMs: performance.now(),
      };
      arrivals.push(arrival);
      req.resume();
      req.on('end', () => {
        const login = url.pathname === '/login';
        const delay = login ? LOGIN_DELAY_MS : Number(url.searchParams.get('ms') ?? 0);
        setTimeout(() => {
          const body = login ? JSON.stringify({ token }) : `${req.method} ${url.pathname}`;
          res.setHeader('Content-Type', login ? 'application/json' : 'text/plain');
          res.setHeader('Content-Length', Buffer.byteLength(body));
          arrival.answeredMs = performance.now();
          res.end(body);
        }, delay);
      });
    });
    server.on('connection', (socket) => connectionOf.set(socket, ++connections));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  const arrived = (pathname: string): Arrival => {
    const found = arrivals.find((a) => a.path === pathname);
    assert.ok(found, `${pathname} never arrived; arrived: ${arrivals.map((a) => a.path).join(', ')}`);
    return found;
  };

  async function runFile(): Promise<{
    dependsOn: Map<string, number[]>;
    requests: Map<string, RequestResult>;
  }> {
    const plan = planRun(parseHttpFile(chainedFile(origin)), {
      filePath: path.join(folder, 'chained.http'),
      workspaceRoot: folder,
      allowEnvironmentAccess: false,
    });
    assert.deepEqual(
      plan.problems.filter((p) => p.severity !== 'info'),
      [],
    );
    const result = await runRequests(plan.specs, { mode: 'pipelined' });
    return {
      dependsOn: new Map(plan.specs.map((spec) => [spec.name, spec.dependsOn])),
      requests: new Map(result.requests.map((r) => [r.name, r])),
    };
  }

  it('pipelines the independent GETs, holds the POST and the requests that use its token, and carries the token', async () => {
    const { dependsOn, requests } = await runFile();
    assert.deepEqual(
      [...requests.values()].map((r) => [r.name, r.outcome, r.response?.status]),
      [
        ['catalog', 'response', 200],
        ['status', 'response', 200],
        ['login', 'response', 200],
        ['profile', 'response', 200],
        ['orders', 'response', 200],
        ['cart', 'response', 200],
      ],
    );
    assert.equal(new Set(arrivals.map((a) => a.connection)).size, 1, 'one connection, as pipelining uses');

    // The plan knows who uses the login (request #3, index 2) and who does not.
    assert.deepEqual(Object.fromEntries(dependsOn), {
      catalog: [],
      status: [],
      login: [],
      profile: [2],
      orders: [2],
      cart: [2],
    });

    const login = arrived('/login');
    // Independent GETs: written back to back (status arrived while catalog was unanswered), before the login was answered.
    assert.ok(
      arrived('/status').arrivedMs < arrived('/catalog').answeredMs!,
      'status was pipelined behind catalog',
    );
    for (const independent of ['/catalog', '/status'])
      assert.ok(
        arrived(independent).arrivedMs < login.answeredMs!,
        `${independent} arrived before the login's response`,
      );
    assert.deepEqual(requests.get('catalog')!.waits, []);
    assert.deepEqual(requests.get('status')!.waits, []);

    // The POST barrier: the login is written only once nothing is unanswered on the connection.
    assert.ok(
      login.arrivedMs >= arrived('/status').answeredMs!,
      'login was not written behind unanswered requests',
    );
    assert.deepEqual(requests.get('login')!.waits, [
      {
        kind: 'non-idempotent',
        on: 1,
        reason:
          'waits for #2 status: POST is not idempotent, so it is written only once nothing is unanswered on the connection (RFC 9112 §9.3.2)',
      },
    ]);

    // The token's users: only after the login's response, each with the token, pipelined again among themselves.
    for (const dependent of ['/profile', '/orders', '/cart']) {
      assert.ok(
        arrived(dependent).arrivedMs >= login.answeredMs!,
        `${dependent} arrived after the login's response`,
      );
      assert.equal(arrived(dependent).authorization, `Bearer ${token}`, `${dependent} carried the token`);
    }
    assert.ok(
      arrived('/cart').arrivedMs < arrived('/profile').answeredMs!,
      'orders and cart were pipelined behind profile',
    );
    // The first of them waited for the login and says so; the others found its response already there.
    assert.deepEqual(requests.get('profile')!.waits, [
      { kind: 'dependency', on: 2, reason: 'waits for #3 login: uses its response' },
    ]);
    assert.deepEqual(requests.get('orders')!.waits, []);
    assert.deepEqual(requests.get('cart')!.waits, []);
    assert.ok(
      requests.get('profile')!.timings.startMs >= requests.get('login')!.timings.endMs!,
      "profile's start is the login's end",
    );
  });
});
