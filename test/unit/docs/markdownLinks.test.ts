// Every relative link in the project's markdown resolves: the file exists and, when the link names an
// anchor, the target has a heading with that GitHub slug. The user docs are split over README.md,
// docs/*.md and CONTRIBUTING.md, and sections move between them; a dead link there is what users hit.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', '.git', '.e2e-tools', '.e2e-artifacts']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : markdownFiles(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** Markdown without fenced code blocks and inline code, where bracket-paren text is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = match[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

function brokenLinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  for (const match of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart, anchor] = target.split('#', 2);
    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURI(pathPart));
    const where = `${path.relative(ROOT, file)}: ${target}`;
    if (!existsSync(resolved)) {
      problems.push(`${where} (no such file)`);
    } else if (anchor !== undefined && !headingSlugs(readFileSync(resolved, 'utf8')).has(anchor)) {
      problems.push(`${where} (no heading with that anchor)`);
    }
  }
  return problems;
}

describe('markdown links', () => {
  it('computes the anchors GitHub gives headings', () => {
    const slugs = headingSlugs(
      '# `.http` files\n## CI: assertions, several files, JUnit\n## Tests\n## Tests\n',
    );
    assert.deepEqual([...slugs], ['http-files', 'ci-assertions-several-files-junit', 'tests', 'tests-1']);
  });

  it('resolve to existing files and headings in every markdown file of the project', () => {
    const files = markdownFiles(ROOT);
    assert.ok(files.some((file) => path.relative(ROOT, file) === 'README.md'));
    assert.deepEqual(files.flatMap(brokenLinks), []);
  });
});
