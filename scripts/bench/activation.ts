// The installed extension's activation time (onLanguage:http to CodeLens on a 100-request file) needs
// a real VS Code with the VSIX installed, which the e2e run has and the bench does not start: the
// bench reports the figure the last e2e run wrote (test/e2e/activationPhase.ts), with its date.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ACTIVATION_ARTIFACT,
  ACTIVATION_TARGET_MS,
  type ActivationArtifact,
} from '../../test/vscode/activation/figures';
import type { TargetVerdict } from './table';

export function activationVerdict(artifactsDir: string): TargetVerdict {
  const target = `installed extension: onLanguage:http to CodeLens on a 100-request file < ${ACTIVATION_TARGET_MS} ms`;
  const file = path.join(artifactsDir, ACTIVATION_ARTIFACT);
  if (!existsSync(file))
    return { target, measured: `no figure: run npm run test:e2e first (it writes ${file})`, met: undefined };
  const figure = JSON.parse(readFileSync(file, 'utf8')) as ActivationArtifact;
  return {
    target,
    measured: `${figure.toCodeLensMs.toFixed(0)} ms (active after ${figure.activeMs.toFixed(0)} ms, ${figure.cpuMs.toFixed(0)} ms of extension-host CPU), measured by the e2e run of ${figure.measuredAt}`,
    met: figure.toCodeLensMs < ACTIVATION_TARGET_MS,
  };
}
