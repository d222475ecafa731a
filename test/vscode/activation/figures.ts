// Names of the activation figures the suite records and test/e2e/activationPhase.ts prints (no
// `vscode` import, so the harness can read them), and the target the figure is held against.
export const ACTIVATION_FIGURES = {
  /** From opening a 100-request .http file (onLanguage:http) to its CodeLens. */
  toCodeLens: 'activationToCodeLensMs',
  /** From opening the file to the extension being active. */
  active: 'activationMs',
  /**
   * CPU time the extension host process spent in the same span as toCodeLens: much less moved by
   * other processes on a busy machine than the wall time is (it includes the test's polling).
   */
  cpu: 'activationCpuMs',
} as const;

export const ACTIVATION_TARGET_MS = 100;

/** The e2e run writes the last figures here, in .e2e-artifacts/, for `npm run bench` to report. */
export const ACTIVATION_ARTIFACT = 'activation.json';

export interface ActivationArtifact {
  measuredAt: string;
  toCodeLensMs: number;
  activeMs: number;
  cpuMs: number;
}
