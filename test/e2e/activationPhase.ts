// Phase 0: the installed extension's activation time, in a workbench window of its own (a fresh
// extension host, in which nothing has activated httpipe yet): test/vscode/activation opens a
// 100-request file and records the time to its CodeLens. Printed against the target, and written to
// .e2e-artifacts/activation.json, where `npm run bench` reads the last figure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ACTIVATION_ARTIFACT,
  ACTIVATION_FIGURES,
  ACTIVATION_TARGET_MS,
  type ActivationArtifact,
} from '../vscode/activation/figures';
import { runExtensionHostPhase, type ExtensionHostPhaseOptions } from './extensionHostPhase';
import type { Tally } from './tally';

export async function runActivationPhase(
  options: ExtensionHostPhaseOptions & { artifacts: string },
  tally: Tally,
): Promise<void> {
  const results = await runExtensionHostPhase(options, tally);
  const toCodeLens = results?.figures[ACTIVATION_FIGURES.toCodeLens];
  const active = results?.figures[ACTIVATION_FIGURES.active];
  const cpu = results?.figures[ACTIVATION_FIGURES.cpu];
  if (toCodeLens === undefined || active === undefined || cpu === undefined) return; // the failed test says why
  const met = toCodeLens < ACTIVATION_TARGET_MS;
  console.log(
    `e2e: activation of the installed extension: ${toCodeLens.toFixed(0)} ms from onLanguage:http to CodeLens ` +
      `on a 100-request file (active after ${active.toFixed(0)} ms; ${cpu.toFixed(0)} ms of extension-host CPU; load average ${os.loadavg()[0].toFixed(1)}); target < ${ACTIVATION_TARGET_MS} ms: ` +
      (met ? 'met' : 'missed'),
  );
  const artifact: ActivationArtifact = {
    measuredAt: new Date().toISOString(),
    toCodeLensMs: toCodeLens,
    activeMs: active,
    cpuMs: cpu,
  };
  fs.writeFileSync(path.join(options.artifacts, ACTIVATION_ARTIFACT), JSON.stringify(artifact, null, 2));
}
