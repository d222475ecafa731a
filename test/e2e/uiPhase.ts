// Phase 2: what a person does. Opens the examples in the web workbench, clicks the CodeLenses and
// the response panel (uiClassicSteps, uiTourSteps, uiEdgeSteps, uiProbeSteps). Screenshots of every step go to
// .e2e-artifacts/ (ui-N.png), plus the named moments steps ask for (readme-panel.png for the README).
import * as path from 'node:path';
import type { Tally } from './tally';
import { uiClassicSteps } from './uiClassicSteps';
import { edgeFixtures } from './uiEdgeSteps';
import { probeSteps } from './uiProbeSteps';
import type { Step } from './uiHelpers';
import { tourSteps } from './uiTourSteps';
import { openWorkbench, type WorkbenchOptions } from './workbench';

export interface UiPhaseOptions extends Omit<WorkbenchOptions, 'payload'> {
  artifacts: string;
  /** The run's demo server, for the .http files the edge-case steps write. */
  demoOrigin: string;
}

export async function runUiPhase(options: UiPhaseOptions, tally: Tally): Promise<void> {
  const edges = await edgeFixtures(options.workspace, options.demoOrigin);
  const steps: Step[] = [
    ...uiClassicSteps,
    ...tourSteps,
    ...edges.steps,
    ...probeSteps(options.workspace, options.demoOrigin),
  ];
  // No extension development path: the workbench runs the extension installed from the VSIX.
  const { context, page, url } = await openWorkbench({ ...options, payload: [] });
  const shot = (name: string) =>
    page.screenshot({ path: path.join(options.artifacts, `${name}.png`) }).then(() => undefined);
  try {
    await page.goto(url);
    const failedGroups = new Map<string, string>();
    for (const [i, step] of steps.entries()) {
      const title = `ui: ${step.title}`;
      const failedStep = failedGroups.get(step.group);
      if (failedStep) {
        tally.skip(title, `"${failedStep}" failed`);
        continue;
      }
      const shotName = `ui-${i + 1}`;
      try {
        await step.run(page, shot);
        await shot(shotName);
        tally.pass(title);
      } catch (error) {
        await shot(`${shotName}-failed`).catch(() => undefined);
        tally.fail(`${title} (screenshot ${path.join(options.artifacts, shotName)}-failed.png)`, error);
        failedGroups.set(step.group, step.title);
      }
    }
  } finally {
    await context.close();
    await edges.close();
  }
}
