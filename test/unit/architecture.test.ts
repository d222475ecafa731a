// The invariants of ARCHITECTURE.md, checked on the sources themselves so that breaking one fails
// `npm test` instead of waiting for a reviewer. Imports are read with the TypeScript compiler's own
// pre-processor (static, type-only, re-export, `import = require` and dynamic imports alike), never with
// a regular expression over code. Each failure names the files and lines that break the rule.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { modeFacts, RUN_MODES, DEFAULT_RUN_MODE } from '../../src/core/common/runModes';
import { COMMANDS, TEST_COMMANDS } from '../../src/extension/commandIds';
import { SETTING_DEFAULTS } from '../../src/extension/settingDefaults';

const ROOT = path.resolve(__dirname, '../../..');

interface Import {
  /** Importing file, relative to the root with `/` separators. */
  from: string;
  /** 1-based line of the import, for the failure message. */
  line: number;
  /** As written: `vscode`, `node:net`, `../engine/types`. */
  specifier: string;
  /** The imported file's path without extension, relative to the root; undefined for a package. */
  target?: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const lines = ts.createSourceFile(file, text, ts.ScriptTarget.Latest).getLineStarts();
  const lineOf = (pos: number): number =>
    lines.findIndex((start, i) => pos >= start && pos < (lines[i + 1] ?? Infinity)) + 1;
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName, pos }) => ({
    from: file,
    line: lineOf(pos),
    specifier: fileName,
    target: fileName.startsWith('.') ? path.posix.join(path.posix.dirname(file), fileName) : undefined,
  }));
}

/**
 * The folders the rules speak of: each folder of src/core on its own (engine, parser, plan, …), and the
 * extension, the CLI, the webview and the shared protocol each as a whole with their subfolders.
 */
function areaOf(file: string): string {
  const parts = file.split('/');
  return parts[1] === 'core' ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
}

const ALL_IMPORTS = sourceFiles('src').flatMap(importsOf);

/**
 * The code map of ARCHITECTURE.md: what each folder may import (folders of src/core by their name,
 * the others by theirs). Changing a line here is changing the architecture: change the document too.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  'src/core/common': [],
  'src/core/proxy': [],
  'src/core/parser': ['common'],
  'src/core/engine': ['common', 'proxy'],
  'src/core/cookies': ['engine'],
  'src/core/demo': ['engine'],
  'src/core/compare': ['common', 'engine'],
  'src/core/encoding': ['common', 'engine'],
  'src/core/history': ['common', 'engine'],
  'src/core/variables': ['common', 'engine', 'parser'],
  'src/core/language': ['engine', 'parser', 'scripts', 'variables'],
  'src/core/tls': ['common', 'engine', 'variables'],
  'src/core/scripts': ['common', 'encoding', 'engine', 'parser', 'variables'],
  'src/core/plan': ['common', 'engine', 'parser', 'scripts', 'variables'],
  'src/core/assertions': ['common', 'engine', 'parser', 'variables'],
  'src/core/curl': ['common', 'parser', 'plan'],
  'src/core/report': ['common', 'compare', 'encoding', 'engine', 'scripts'],
  'src/core/probe': ['common', 'engine'],
  'src/shared': ['common', 'probe', 'report'],
  'src/webview': ['common', 'engine', 'probe', 'report', 'shared'],
  'src/cli': [
    'assertions',
    'common',
    'compare',
    'cookies',
    'demo',
    'encoding',
    'engine',
    'parser',
    'plan',
    'probe',
    'proxy',
    'report',
    'scripts',
    'tls',
  ],
  'src/extension': [
    'vscode',
    'common',
    'compare',
    'cookies',
    'curl',
    'engine',
    'history',
    'language',
    'parser',
    'plan',
    'probe',
    'proxy',
    'report',
    'scripts',
    'shared',
    'tls',
    'variables',
  ],
};

function where(i: Import): string {
  return `${i.from}:${i.line} imports ${i.specifier}`;
}

function importsFrom(area: string): Import[] {
  return ALL_IMPORTS.filter((i) => i.from.startsWith(`${area}/`));
}

/** The imports of `area` whose target is in one of `forbidden` (areas, or package names). */
function offending(area: string, forbidden: readonly string[]): string[] {
  return importsFrom(area)
    .filter((i) =>
      forbidden.some((f) =>
        i.target ? i.target.startsWith(`${f}/`) : i.specifier === f || i.specifier.startsWith(`${f}/`),
      ),
    )
    .map(where);
}

/** Strongly connected groups of more than one area (Tarjan), each with the imports that join it. */
function areaCycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Map<string, Import>>();
  for (const i of imports) {
    if (!i.target?.startsWith('src/')) continue;
    const [a, b] = [areaOf(i.from), areaOf(i.target)];
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, i);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (area: string): void => {
    index.set(area, index.size);
    low.set(area, index.get(area)!);
    stack.push(area);
    for (const next of edges.get(area)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(area, Math.min(low.get(area)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(area, Math.min(low.get(area)!, index.get(next)!));
      }
    }
    if (low.get(area) !== index.get(area)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      group.push(member);
    } while (member !== area);
    if (group.length > 1) groups.push(group);
  };
  for (const area of edges.keys()) if (!index.has(area)) visit(area);
  return groups.map((group) =>
    group.flatMap((a) => group.filter((b) => edges.get(a)?.has(b)).map((b) => where(edges.get(a)!.get(b)!))),
  );
}

describe('architecture (ARCHITECTURE.md, Invariants)', () => {
  it('reads the imports it checks (the scanner sees type-only, re-export and package imports)', () => {
    const extension = importsFrom('src/extension');
    assert.ok(extension.some((i) => i.specifier === 'vscode'));
    assert.ok(importsFrom('src/webview').some((i) => i.target === 'src/shared/panelProtocol'));
    assert.ok(importsFrom('src/core/engine').length > 50);
  });

  it('src/core never imports vscode, the extension, the CLI or the webview', () => {
    assert.deepEqual(
      offending('src/core', ['vscode', 'src/extension', 'src/cli', 'src/webview', 'src/shared']),
      [],
    );
  });

  it('the engine imports nothing from parser, plan, variables or language', () => {
    const forbidden = ['parser', 'plan', 'variables', 'language'].map((f) => `src/core/${f}`);
    assert.deepEqual(offending('src/core/engine', forbidden), []);
  });

  it('the webview imports no Node module, no vscode and nothing of the extension host', () => {
    const nodeImports = importsFrom('src/webview')
      .filter((i) => !i.target && i.specifier !== './main.css')
      .map(where);
    assert.deepEqual(nodeImports, []);
    assert.deepEqual(offending('src/webview', ['src/extension', 'src/cli']), []);
  });

  it('the CLI and the extension do not import each other; the shared protocol imports only core', () => {
    assert.deepEqual(offending('src/cli', ['vscode', 'src/extension', 'src/webview']), []);
    assert.deepEqual(offending('src/extension', ['src/cli', 'src/webview']), []);
    assert.deepEqual(offending('src/shared', ['vscode', 'src/extension', 'src/cli', 'src/webview']), []);
  });

  it('each folder imports only what the code map of ARCHITECTURE.md allows (MAY_IMPORT)', () => {
    const unmapped = [...new Set(sourceFiles('src').map(areaOf))].filter((area) => !(area in MAY_IMPORT));
    assert.deepEqual(unmapped, [], 'add the folder to the code map in ARCHITECTURE.md and to MAY_IMPORT');
    const outside = ALL_IMPORTS.filter((i) => {
      const from = areaOf(i.from);
      if (!i.target?.startsWith('src/'))
        return i.specifier === 'vscode' && !MAY_IMPORT[from]?.includes('vscode');
      const to = areaOf(i.target);
      return to !== from && !MAY_IMPORT[from]?.includes(to.replace(/^src\/(core\/)?/, ''));
    });
    assert.deepEqual(outside.map(where), []);
  });

  it('one home per concept: no second copy of error text, the mode list or a header lookup', () => {
    const copies = (pattern: RegExp, home: string): string[] =>
      sourceFiles('src').filter((f) => f !== home && pattern.test(readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(
      copies(/instanceof Error \? \w+\.message : String\(/, 'src/core/common/messageOf.ts'),
      [],
    );
    assert.deepEqual(
      copies(/'fresh' \| 'keepalive'|\['fresh', 'keepalive'/, 'src/core/common/runModes.ts'),
      [],
    );
    assert.deepEqual(
      copies(/\(\[\w+\]\) => \w+\.toLowerCase\(\) [!=]== /, 'src/core/common/headerFields.ts'),
      [],
    );
    assert.deepEqual(copies(/\(\?:proxy-\)\?authorization/i, 'src/core/common/secretHeaders.ts'), []);
  });

  it('no import cycle between folders', () => {
    assert.deepEqual(areaCycles(ALL_IMPORTS), []);
  });

  it('finds a cycle when there is one (so the check above can fail)', () => {
    const made = (from: string, target: string): Import => ({
      from: `${from}/x.ts`,
      line: 1,
      specifier: '',
      target,
    });
    const cycles = areaCycles([
      made('src/core/engine', 'src/core/proxy/a'),
      made('src/core/proxy', 'src/core/engine/b'),
    ]);
    assert.equal(cycles.length, 1);
  });

  it('every file of src/core/engine is named in its README, and the README names no file that is gone', () => {
    const readme = readFileSync(path.join(ROOT, 'src/core/engine/README.md'), 'utf8');
    // Paths from the engine folder: `scheduler.ts`, `h2/h2Session.ts`.
    const files = sourceFiles('src/core/engine').map((f) => path.posix.relative('src/core/engine', f));
    assert.deepEqual(
      files.filter((f) => !readme.includes(`\`${f}\``)),
      [],
      'add a row to src/core/engine/README.md',
    );
    const named = [...readme.matchAll(/`((?:[A-Za-z0-9]+\/)*[A-Za-z0-9]+\.ts)`/g)].map((m) => m[1]);
    assert.deepEqual(
      named.filter((f) => !existsSync(path.join(ROOT, 'src/core/engine', f))),
      [],
    );
  });

  describe('package.json contributions and the code agree', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: {
        commands: Array<{ command: string }>;
        keybindings: Array<{ command: string }>;
        menus: Record<string, Array<{ command: string }>>;
        configuration: {
          properties: Record<string, { default?: unknown; enum?: string[]; enumDescriptions?: string[] }>;
        };
        views?: Record<string, Array<{ id: string }>>;
      };
    };
    const contributes = manifest.contributes;
    const source = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

    it('contributes exactly the commands of the command table, and no test command', () => {
      assert.deepEqual(contributes.commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
      const used = [...contributes.keybindings, ...Object.values(contributes.menus).flat()].map(
        (c) => c.command,
      );
      const known = new Set<string>(Object.values(COMMANDS));
      assert.deepEqual(
        used.filter((c) => !known.has(c)),
        [],
        'menus and keybindings name only contributed commands',
      );
    });

    it('registers commands only through registerCommands, with the whole table; test commands only under test', () => {
      const elsewhere = sourceFiles('src').filter(
        (f) => f !== 'src/extension/registerCommands.ts' && /\bregisterCommand\(/.test(source(f)),
      );
      assert.deepEqual(elsewhere, []);
      const extension = source('src/extension/extension.ts');
      assert.match(extension, /registerCommands\(COMMANDS, handlers, log\)/);
      // Test mode: VS Code's ExtensionMode.Test, or the installed VSIX under the e2e harness (testMode.ts).
      assert.match(
        extension,
        /if \(inTestMode\(context\.extensionMode === vscode\.ExtensionMode\.Test\)\) \{\s+context\.subscriptions\.push\(\s*\.\.\.registerCommands\(\s*TEST_COMMANDS,/,
      );
      assert.ok(Object.values(TEST_COMMANDS).every((id) => id.startsWith('httpipe.test.')));
    });

    it('contributes exactly the settings readSettings reads, with the same defaults', () => {
      const contributed = Object.keys(contributes.configuration.properties).map((k) =>
        k.replace(/^httpipe\./, ''),
      );
      assert.deepEqual(contributed.sort(), Object.keys(SETTING_DEFAULTS).sort());
      const read = [...source('src/extension/settings.ts').matchAll(/\b(?:read|count)\('([^']+)'/g)].map(
        (m) => m[1],
      );
      assert.deepEqual(
        [...new Set(read)].sort(),
        Object.keys(SETTING_DEFAULTS).sort(),
        'readSettings reads every setting',
      );
      for (const [key, value] of Object.entries(SETTING_DEFAULTS))
        assert.deepEqual(
          contributes.configuration.properties[`httpipe.${key}`].default,
          value,
          `default of httpipe.${key}`,
        );
    });

    it('reads httpipe.* settings nowhere but settings.ts (the environment picker only writes its own)', () => {
      const readers = sourceFiles('src').filter((f) => /getConfiguration\('httpipe'/.test(source(f)));
      assert.deepEqual(readers.sort(), ['src/extension/environmentPicker.ts', 'src/extension/settings.ts']);
    });

    it('offers the run modes of the mode table in httpipe.defaultMode', () => {
      const setting = contributes.configuration.properties['httpipe.defaultMode'];
      assert.deepEqual([...setting.enum!].sort(), [...RUN_MODES].sort());
      assert.deepEqual(
        setting.enumDescriptions,
        setting.enum!.map((m) => modeFacts(m as (typeof RUN_MODES)[number]).setting),
      );
      assert.equal(setting.default, DEFAULT_RUN_MODE);
    });

    it('contributes no view that the code does not create', () => {
      const views = Object.values(contributes.views ?? {})
        .flat()
        .map((v) => v.id);
      const code = sourceFiles('src/extension').map(source).join('\n');
      assert.deepEqual(
        views.filter((id) => !code.includes(`'${id}'`)),
        [],
      );
    });
  });
});
