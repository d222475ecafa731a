// The script API, written in JavaScript and evaluated inside the QuickJS sandbox before each script:
// JetBrains' `client`, `response`, `request`, `jsonPath`, `crypto`; httpYac's `exports`, `test`,
// `response.parsedBody`; `console`; and the sandbox's refusals (`require` of anything but the
// `assert`/`crypto` helpers, `process`, `fetch`). It talks to the host only through the functions
// sandbox.ts installs (`__httpipe_lookup`, `__httpipe_jsonPath`, `__httpipe_digest`) and the input
// JSON; `__httpipe_result()` hands back what the script did as JSON. Nothing here can reach Node.

export const SANDBOX_RULE =
  'httpipe runs scripts in a sandbox without files, network, process, timers or environment access';

export const PRELUDE = String.raw`
(function () {
  'use strict';
  const input = JSON.parse(globalThis.__httpipe_input);
  delete globalThis.__httpipe_input;
  const lookup = globalThis.__httpipe_lookup;
  const hostJsonPath = globalThis.__httpipe_jsonPath;
  const hostDigest = globalThis.__httpipe_digest;
  delete globalThis.__httpipe_lookup;
  delete globalThis.__httpipe_jsonPath;
  delete globalThis.__httpipe_digest;
  const RULE = ${JSON.stringify(SANDBOX_RULE)};
  const EXIT = { httpipeExit: true };

  const globals = Object.assign(Object.create(null), input.globals);
  const globalChanges = Object.create(null);
  const variables = Object.create(null);
  const tests = [];
  const logs = [];
  let currentTest = null;

  const text = (value) =>
    typeof value === 'string' ? value
      : value === undefined ? 'undefined'
      : value !== null && typeof value === 'object' ? safeJson(value)
      : String(value);
  function safeJson(value) {
    try { return JSON.stringify(value); } catch (e) { return String(value); }
  }
  const messageOf = (error) =>
    error instanceof Error ? (error.name && error.name !== 'Error' ? error.name + ': ' : '') + error.message : text(error);

  const clientGlobal = {
    set(name, value) { const v = text(value); globals[name] = v; globalChanges[name] = v; },
    get(name) { return name in globals ? globals[name] : null; },
    isEmpty() { return Object.keys(globals).length === 0; },
    clear(name) { delete globals[name]; globalChanges[name] = null; },
    clearAll() { for (const name of Object.keys(globals)) { delete globals[name]; globalChanges[name] = null; } },
  };

  function runTest(name, fn) {
    const test = { name: text(name), passed: true };
    tests.push(test);
    const outer = currentTest;
    currentTest = test;
    try {
      if (typeof fn === 'function') fn();
    } catch (error) {
      if (error === EXIT) throw error;
      test.passed = false;
      test.message = messageOf(error);
    } finally {
      currentTest = outer;
    }
  }

  function assertThat(condition, message) {
    if (condition) return;
    const why = message === undefined ? 'assertion failed' : text(message);
    if (currentTest) throw new Error(why);
    tests.push({ name: why, passed: false, message: why });
  }

  const log = (...values) => { logs.push(values.map(text).join(' ')); };
  globalThis.console = { log, info: log, warn: log, error: log, debug: log, trace: log };

  globalThis.client = {
    global: clientGlobal,
    test: runTest,
    assert: assertThat,
    log,
    exit() { throw EXIT; },
  };

  function headersOf(pairs) {
    // Inside the sandbox: the host's header helpers (core/common/headerFields.ts) cannot be imported here.
    const named = (name) => pairs.filter((pair) => pair[0].toLowerCase() === String(name).toLowerCase());
    const methods = {
      valueOf(name) { const found = named(name); return found.length ? found[0][1] : null; },
      valuesOf(name) { return named(name).map((pair) => pair[1]); },
    };
    const headers = Object.create(methods);
    for (const [name, value] of pairs) {
      const key = name.toLowerCase();
      headers[key] = key in headers && typeof headers[key] === 'string' ? headers[key] + ', ' + value : value;
    }
    return headers;
  }

  function contentTypeOf(pairs) {
    const value = headersOf(pairs).valueOf('content-type') || '';
    const [mimeType, ...parameters] = value.split(';').map((part) => part.trim());
    const charset = parameters.find((p) => /^charset=/i.test(p));
    return { mimeType: (mimeType || '').toLowerCase(), charset: charset ? charset.slice(8).replace(/"/g, '') : null };
  }

  if (input.response) {
    const r = input.response;
    const contentType = contentTypeOf(r.headers);
    let body = r.body;
    if (/[/+]json$/.test(contentType.mimeType) || (contentType.mimeType === '' && /^\s*[{[]/.test(r.body))) {
      try { body = JSON.parse(r.body); } catch (e) { body = r.body; }
    }
    globalThis.response = {
      status: r.status,
      statusCode: r.status,
      statusText: r.statusText,
      statusMessage: r.statusText,
      headers: headersOf(r.headers),
      contentType,
      body,
      parsedBody: body,
      rawBody: r.body,
    };
  }

  const requestVariables = {
    set(name, value) { variables[name] = text(value); },
    get(name) { return name in variables ? variables[name] : (lookup(String(name)) ?? null); },
  };
  const req = input.request || { method: '', url: '', headers: [] };
  globalThis.request = {
    method: req.method,
    url: req.url,
    headers: headersOf(req.headers),
    body: req.body,
    variables: requestVariables,
    environment: { get(name) { return lookup(String(name)) ?? null; } },
  };

  globalThis.jsonPath = (doc, path) => {
    const matches = JSON.parse(hostJsonPath(typeof doc === 'string' ? doc : JSON.stringify(doc), String(path)));
    return matches.length === 0 ? null : matches.length === 1 ? matches[0] : matches;
  };

  function digester(algorithm, secret) {
    const parts = [];
    const self = {
      updateWithText(data) { parts.push(['utf8', text(data)]); return self; },
      updateWithHex(data) { parts.push(['hex', text(data)]); return self; },
      updateWithBase64(data) { parts.push(['base64', text(data)]); return self; },
      update(data, encoding) { parts.push([encoding || 'utf8', text(data)]); return self; },
      digest(encoding) {
        const out = JSON.parse(hostDigest(algorithm, JSON.stringify(secret), JSON.stringify(parts)));
        if (encoding === 'hex' || encoding === 'base64') return out[encoding];
        return { toHex: () => out.hex, toBase64: () => out.base64, toUrlSafeBase64: () => out.base64url };
      },
    };
    return self;
  }
  const ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];
  const hmac = {};
  const jetbrainsCrypto = { hmac };
  for (const algorithm of ALGORITHMS) {
    jetbrainsCrypto[algorithm] = () => digester(algorithm, null);
    hmac[algorithm] = () => {
      const withSecret = (encoding) => (secret) => digester(algorithm, [encoding, text(secret)]);
      return { withTextSecret: withSecret('utf8'), withHexSecret: withSecret('hex'), withBase64Secret: withSecret('base64') };
    };
  }
  globalThis.crypto = jetbrainsCrypto;

  function fail(message) { const e = new Error(message); e.name = 'AssertionError'; throw e; }
  const show = (v) => safeJson(v) ?? String(v);
  function deepEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  const assertModule = (value, message) => { if (!value) fail(message ?? 'expected a truthy value, got ' + show(value)); };
  Object.assign(assertModule, {
    ok: assertModule,
    equal(a, b, message) { if (a != b) fail(message ?? show(a) + ' == ' + show(b)); },
    notEqual(a, b, message) { if (a == b) fail(message ?? show(a) + ' != ' + show(b)); },
    strictEqual(a, b, message) { if (!Object.is(a, b)) fail(message ?? show(a) + ' === ' + show(b)); },
    notStrictEqual(a, b, message) { if (Object.is(a, b)) fail(message ?? show(a) + ' !== ' + show(b)); },
    deepEqual(a, b, message) { if (!deepEqual(a, b)) fail(message ?? show(a) + ' deep-equals ' + show(b)); },
    deepStrictEqual(a, b, message) { if (!deepEqual(a, b)) fail(message ?? show(a) + ' deep-equals ' + show(b)); },
    fail(message) { fail(message ?? 'failed'); },
  });
  assertModule.strict = assertModule;
  const nodeCrypto = {
    createHash: (algorithm) => digester(String(algorithm).toLowerCase().replace('-', ''), null),
    createHmac: (algorithm, key) => digester(String(algorithm).toLowerCase().replace('-', ''), ['utf8', text(key)]),
  };
  const MODULES = { assert: assertModule, 'node:assert': assertModule, 'assert/strict': assertModule, crypto: nodeCrypto, 'node:crypto': nodeCrypto };
  globalThis.require = (name) => {
    if (Object.prototype.hasOwnProperty.call(MODULES, name)) return MODULES[name];
    throw new Error('require(' + JSON.stringify(name) + ') is not available: ' + RULE + " (only 'assert' and 'crypto' helpers can be required)");
  };
  globalThis.process = new Proxy({}, {
    get(target, key) { throw new Error('process' + (typeof key === 'string' ? '.' + key : '') + ' is not available: ' + RULE); },
  });
  for (const name of ['fetch', 'XMLHttpRequest', 'setTimeout', 'setInterval']) {
    globalThis[name] = () => { throw new Error(name + ' is not available: ' + RULE); };
  }

  if (input.dialect === 'httpyac') {
    globalThis.exports = {};
    globalThis.module = { exports: globalThis.exports };
    globalThis.test = runTest;
    const inScope = Object.assign({}, input.scope, globals);
    for (const [name, value] of Object.entries(inScope))
      if (/^[A-Za-z_$][\w$]*$/.test(name) && !(name in globalThis)) globalThis[name] = value;
  }

  globalThis.__httpipe_exit = EXIT;
  globalThis.__httpipe_result = (exited) => {
    if (input.dialect === 'httpyac') {
      const exported = Object.assign({}, globalThis.module.exports, globalThis.exports);
      for (const [name, value] of Object.entries(exported))
        if (typeof value !== 'function') globalChanges[name] = text(value);
    }
    return JSON.stringify({ tests, logs, globals: globalChanges, variables, exited });
  };
})();
`;
