// `npm run release:check`: the version in package.json, the newest released section of CHANGELOG.md
// and the built packages must say the same version, or a release would ship a VSIX or a tarball whose
// changelog or manifest lies. Reads the VSIX `npm run package` wrote (required) and the npm tarball
// `npm pack` wrote in the repository root (when there is one). Exit code 1 names every disagreement.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readVSIXPackage } from '@vscode/vsce/out/zip';

export interface ReleaseFacts {
  packageVersion: string;
  changelog: string;
  /** Version in each built package's manifest, by the package's file name. */
  built: Record<string, string>;
}

/** The newest released section: the first `## [x.y.z] - YYYY-MM-DD` heading after `## [Unreleased]`. */
export function newestRelease(changelog: string): { version: string; date?: string } | undefined {
  const match = /^## \[(?!Unreleased\])([^\]]+)\](?:\s+-\s+(\S+))?/m.exec(changelog);
  return match ? { version: match[1], date: match[2] } : undefined;
}

export function releaseProblems(facts: ReleaseFacts): string[] {
  const { packageVersion: version, changelog } = facts;
  const problems: string[] = [];
  if (!/^## \[Unreleased\]/m.test(changelog))
    problems.push('CHANGELOG.md has no "## [Unreleased]" section above the releases');
  const release = newestRelease(changelog);
  if (!release) problems.push('CHANGELOG.md has no released section ("## [x.y.z] - YYYY-MM-DD")');
  else {
    if (release.version !== version)
      problems.push(
        `CHANGELOG.md's newest release is ${release.version}, package.json's version is ${version}`,
      );
    if (!release.date || !/^\d{4}-\d{2}-\d{2}$/.test(release.date))
      problems.push(`CHANGELOG.md's section [${release.version}] has no date (## [x.y.z] - YYYY-MM-DD)`);
  }
  if (!new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: `, 'm').test(changelog))
    problems.push(`CHANGELOG.md has no link for [${version}] at its end`);
  for (const [file, builtVersion] of Object.entries(facts.built)) {
    if (builtVersion !== version)
      problems.push(`${file} was built as version ${builtVersion}, package.json says ${version}`);
  }
  return problems;
}

/** package/package.json's version in an npm tarball (gzip of a tar of 512-byte blocks). */
export function tarballVersion(tgz: Buffer): string {
  const tar = gunzipSync(tgz);
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (name === '') break;
    const size =
      parseInt(
        tar
          .subarray(offset + 124, offset + 136)
          .toString('utf8')
          .trim(),
        8,
      ) || 0;
    if (name === 'package/package.json') {
      const manifest = tar.subarray(offset + 512, offset + 512 + size).toString('utf8');
      return (JSON.parse(manifest) as { version: string }).version;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('the tarball has no package/package.json');
}

/** The VSIX's extension/package.json version, read with vsce's own reader of packages. */
async function vsixVersion(file: string): Promise<string> {
  return (await readVSIXPackage(file)).manifest.version;
}

async function main(): Promise<number> {
  // Compiled to out/scripts/releaseCheck.js.
  const root = path.resolve(__dirname, '..', '..');
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  const built: Record<string, string> = {};
  const problems: string[] = [];
  const vsix = `${name}-${version}.vsix`;
  if (existsSync(path.join(root, vsix))) built[vsix] = await vsixVersion(path.join(root, vsix));
  else problems.push(`${vsix} is not built: run npm run package`);
  const tarball = `${name}-${version}.tgz`;
  if (existsSync(path.join(root, tarball)))
    built[tarball] = tarballVersion(readFileSync(path.join(root, tarball)));
  problems.push(...releaseProblems({ packageVersion: version, changelog, built }));
  if (problems.length > 0) {
    console.error(`release:check: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    return 1;
  }
  console.log(`release:check: ${version} in package.json, CHANGELOG.md and ${Object.keys(built).join(', ')}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(`release:check: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
