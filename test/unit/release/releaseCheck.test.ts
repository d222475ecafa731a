// scripts/releaseCheck.ts: which disagreements between package.json, CHANGELOG.md and the built
// packages it names. The tarball reader is checked on a real `npm pack` in npmPackage.test.ts.
import { strict as assert } from 'node:assert';
import { newestRelease, releaseProblems } from '../../../scripts/releaseCheck';

const CHANGELOG = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '## [0.2.0] - 2026-12-24',
  '### Added',
  '- more',
  '',
  '## [0.1.0] - 2026-12-06',
  '',
  '[Unreleased]: https://github.com/httpipe/httpipe/compare/v0.2.0...HEAD',
  '[0.2.0]: https://github.com/httpipe/httpipe/compare/v0.1.0...v0.2.0',
  '[0.1.0]: https://github.com/httpipe/httpipe/releases/tag/v0.1.0',
].join('\n');

describe('release check', () => {
  it('reads the newest released section, skipping Unreleased', () => {
    assert.deepEqual(newestRelease(CHANGELOG), { version: '0.2.0', date: '2026-12-24' });
    assert.equal(newestRelease('# Changelog\n\n## [Unreleased]\n'), undefined);
  });

  it('passes when package.json, the changelog and every built package agree', () => {
    const built = { 'httpipe-0.2.0.vsix': '0.2.0', 'httpipe-0.2.0.tgz': '0.2.0' };
    assert.deepEqual(releaseProblems({ packageVersion: '0.2.0', changelog: CHANGELOG, built }), []);
  });

  it('names each disagreement', () => {
    const problems = releaseProblems({
      packageVersion: '0.3.0',
      changelog: CHANGELOG,
      built: { 'httpipe-0.3.0.vsix': '0.2.0' },
    });
    assert.deepEqual(problems, [
      "CHANGELOG.md's newest release is 0.2.0, package.json's version is 0.3.0",
      'CHANGELOG.md has no link for [0.3.0] at its end',
      'httpipe-0.3.0.vsix was built as version 0.2.0, package.json says 0.3.0',
    ]);
  });

  it('wants an Unreleased section and a dated release', () => {
    const undated = CHANGELOG.replace('## [Unreleased]\n', '').replace(' - 2026-12-24', '');
    assert.deepEqual(releaseProblems({ packageVersion: '0.2.0', changelog: undated, built: {} }), [
      'CHANGELOG.md has no "## [Unreleased]" section above the releases',
      "CHANGELOG.md's section [0.2.0] has no date (## [x.y.z] - YYYY-MM-DD)",
    ]);
  });
});
