// Dynamic variables of both dialects: shapes, ranges, offsets, formats, and clear errors.
import assert from 'node:assert/strict';
import { addOffset, formatDate } from '../../../src/core/variables/dateFormat';
import { messages, prepare, prepareError, Workspace } from './planTestHelpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('variables: dynamic variables', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  /** Resolves each expression as one header value of one request. */
  async function values(...expressions: string[]): Promise<string[]> {
    const plan = ws.plan(['GET http://h/', ...expressions.map((e, k) => `X-${k}: {{${e}}}`)]);
    assert.deepEqual(messages(plan, 'error'), []);
    return (await prepare(plan, 0)).headers.map(([, value]) => value);
  }

  it('makes v4 UUIDs for $guid, $uuid and $random.uuid, each one new', async () => {
    const [a, b, c, d] = await values('$guid', '$uuid', '$random.uuid', '$guid');
    for (const value of [a, b, c, d]) assert.match(value, UUID);
    assert.notEqual(a, d);
  });

  it('names the token variables other tools have and httpipe does not ($aadToken, $auth.token)', async () => {
    const plan = ws.plan(['GET http://h/', 'A: {{$aadToken}}', 'B: {{$auth.token("my-auth")}}']);
    const errors = messages(plan, 'error');
    assert.match(errors[0], /\$aadToken \(REST Client's Azure AD token\) is not supported by httpipe/);
    assert.match(errors[1], /\$auth\.token \(JetBrains' OAuth 2\.0 token\) is not supported by httpipe/);
    assert.match(await prepareError(plan, 0), /is not supported by httpipe: get the token yourself/);
  });

  it('gives $timestamp in Unix seconds, with an offset like -1 d', async () => {
    const before = Math.floor(Date.now() / 1000);
    const [now, dayAgo, inTwoHours] = (await values('$timestamp', '$timestamp -1 d', '$timestamp 2 h')).map(
      Number,
    );
    const after = Math.floor(Date.now() / 1000);
    assert.ok(now >= before && now <= after, `${now} not in [${before}, ${after}]`);
    assert.equal(now - dayAgo, 86_400);
    assert.equal(inTwoHours - now, 7_200);
  });

  it('formats $isoTimestamp and $datetime iso8601 / rfc1123 / "custom" with an offset', async () => {
    const [iso, datetimeIso, rfc, custom, nextYear] = await values(
      '$isoTimestamp',
      '$datetime iso8601',
      '$datetime rfc1123',
      '$datetime "YYYY-MM-DD[T]HH"',
      "$datetime 'YYYY' 1 y",
    );
    assert.match(iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(datetimeIso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(
      rfc,
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/,
    );
    assert.match(custom, /^\d{4}-\d\d-\d\dT\d\d$/);
    assert.equal(Number(nextYear), new Date().getUTCFullYear() + 1);
  });

  it('formats $localDatetime iso8601 with the local offset', async () => {
    const [local] = await values('$localDatetime iso8601');
    assert.match(local, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it('formats day.js tokens in UTC, and adds calendar offsets', () => {
    const date = new Date(Date.UTC(2024, 0, 31, 15, 4, 5, 6));
    assert.equal(
      formatDate(date, 'YYYY-MM-DD HH:mm:ss.SSS dddd MMM h A Z ZZ [YYYY]', 'utc'),
      '2024-01-31 15:04:05.006 Wednesday Jan 3 PM +00:00 +0000 YYYY',
    );
    assert.equal(addOffset(date, 1, 'M').toISOString(), '2024-03-02T15:04:05.006Z');
    assert.equal(addOffset(date, -2, 'w').toISOString(), '2024-01-17T15:04:05.006Z');
  });

  it('keeps $randomInt min max within [min, max), and $randomInt alone within 0..1000', async () => {
    const expressions = Array.from({ length: 40 }, (_, k) => (k % 2 ? '$randomInt 5 8' : '$randomInt'));
    const numbers = (await values(...expressions)).map(Number);
    numbers.forEach((n, k) => {
      assert.ok(Number.isInteger(n));
      if (k % 2) assert.ok(n >= 5 && n < 8, `${n}`);
      else assert.ok(n >= 0 && n <= 1000, `${n}`);
    });
  });

  it('supports JetBrains $random.* functions', async () => {
    const [integer, float, alpha, alnum, hex, numeric, email] = await values(
      '$random.integer(10, 12)',
      '$random.float(1, 2)',
      '$random.alphabetic(12)',
      '$random.alphanumeric(7)',
      '$random.hexadecimal(8)',
      '$random.numeric(4)',
      '$random.email',
    );
    assert.ok(['10', '11'].includes(integer), integer);
    assert.ok(Number(float) >= 1 && Number(float) < 2, float);
    assert.match(alpha, /^[A-Za-z]{12}$/);
    assert.match(alnum, /^\w{7}$/);
    assert.match(hex, /^[0-9a-f]{8}$/);
    assert.match(numeric, /^\d{4}$/);
    assert.match(email, /^[a-z0-9]+@example\.com$/);
  });

  it('rejects unknown dynamic variables and bad arguments with the place and a hint', async () => {
    const plan = ws.plan(['GET http://h/{{$nope}}']);
    assert.match(messages(plan, 'error').join(), /\$nope is not a known dynamic variable/);
    assert.match(
      await prepareError(plan, 0),
      /^\{\{\$nope\}\} at .*api\.http:1:14: \$nope is not a known dynamic variable$/,
    );
    assert.match(
      await prepareError(ws.plan(['GET http://h/{{$randomInt 9 3}}']), 0),
      /maximum \(3\) must be greater than the minimum \(9\)/,
    );
    assert.match(
      await prepareError(ws.plan(['GET http://h/{{$timestamp 1 fortnight}}']), 0),
      /offset is written `<integer> <unit>`/,
    );
    assert.match(await prepareError(ws.plan(['GET http://h/{{$datetime}}']), 0), /needs a format/);
  });
});
