// httpipe: Probe Server… (palette, and the "Probe" CodeLens at the top of a .http file, which suggests
// the origin of the file's first request). Asks for the URL, names exactly what will be sent and asks
// before sending, runs the probe with a cancellable progress notification, and shows the Server report
// in the file's panel, with the pipelined step's exchanges as the panel's run (Wire and Timeline tabs).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { TlsOptions } from '../core/engine/types';
import { parseHttpFile } from '../core/parser/httpFileParser';
import { planRun } from '../core/plan/planRun';
import { analyzeProbe } from '../core/probe/analyzeProbe';
import { planProbe } from '../core/probe/probePlan';
import { runProbe } from '../core/probe/runProbe';
import {
  DEFAULT_PROBE_OPTIONS,
  type ProbeOptions,
  type ProbeReport,
  type ProbeStepId,
} from '../core/probe/types';
import { givenOrActiveHttpFile } from './commands';
import type { CommandHandler } from './registerCommands';
import type { ResponsePanel } from './responsePanel';
import { planOptionsFor } from './runController';
import { proxyForRun } from './runProxy';
import { readSettings, type HttpipeSettings } from './settings';

export interface ProbeParts {
  panelFor(file: vscode.Uri): ResponsePanel;
  tlsOptionsFor(file: vscode.Uri, settings: HttpipeSettings): Promise<TlsOptions | undefined>;
  log: vscode.LogOutputChannel;
}

/** The panel a probe without a .http file reports in. */
const SERVER_REPORT_URI = vscode.Uri.from({ scheme: 'httpipe-probe', path: '/Server report' });

const STEP_LABELS: Record<ProbeStepId, string> = {
  budget: 'keep-alive and requests per connection',
  idle: 'idle timeout (waiting on an idle connection)',
  pipelined: 'pipelining',
  http2: 'HTTP/2 (one request)',
  tls: 'TLS handshakes',
};

export function probeCommandHandlers(parts: ProbeParts): Record<'probe', CommandHandler> {
  return { probe: (file, url) => probeServer(parts, file, url) };
}

/** Resolves to the report, or undefined when the user backed out. */
async function probeServer(
  parts: ProbeParts,
  fileArg: unknown,
  urlArg: unknown,
): Promise<ProbeReport | undefined> {
  // Without a .http file the probe still runs; its report gets a panel of its own.
  const file = givenOrActiveHttpFile(fileArg);
  const settings = readSettings(file);
  const options: ProbeOptions = {
    ...DEFAULT_PROBE_OPTIONS,
    maxRequests: settings.probeMaxRequests,
    idleWaitMs: Math.round(settings.probeIdleWaitSeconds * 1000),
    requestTimeoutMs: settings.requestTimeoutMs,
  };
  const suggested = typeof urlArg === 'string' ? urlArg : file ? await firstRequestOrigin(file) : undefined;
  const typed = await vscode.window.showInputBox({
    title: 'httpipe: Probe Server',
    prompt: 'URL to probe: only GET requests to it are sent, and you confirm the plan first',
    value: suggested ?? 'http://127.0.0.1:8080/',
    ignoreFocusOut: true,
    validateInput: (text) => planError(text.trim(), options),
  });
  if (!typed?.trim()) return undefined;
  const url = new URL(typed.trim());
  const plan = planProbe(url, options);
  const answer = await vscode.window.showWarningMessage(
    `Probe ${url.origin}?`,
    {
      modal: true,
      detail: `httpipe will send ${plan.summary}:\n${plan.steps.map((s) => `• ${s.description}`).join('\n')}`,
    },
    'Probe',
  );
  if (answer !== 'Probe') return undefined;
  const tls = file
    ? await parts.tlsOptionsFor(file, settings)
    : { rejectUnauthorized: settings.tlsRejectUnauthorized };
  if (!tls) return undefined;
  const proxy = proxyForRun(file);
  if (proxy === 'refused') return undefined;

  const panel = parts.panelFor(file ?? SERVER_REPORT_URI);
  const probeId = randomUUID();
  panel.probeStarted(probeId, plan);
  parts.log.info(`probe ${url.href}: ${plan.summary}`);
  const observed = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `httpipe: probing ${url.origin}`,
      cancellable: true,
    },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return runProbe(
        plan,
        { ...options, tls, proxy },
        {
          signal: abort.signal,
          onStep: (step) => progress.report({ message: STEP_LABELS[step] }),
        },
      );
    },
  );
  const report = analyzeProbe(observed, options);
  panel.probeFinished(probeId, report);
  parts.log.info(`probe ${url.href}: ${report.requestsSent} requests sent in ${report.durationMs} ms`);
  // The exchanges behind the pipelining verdicts (or the keep-alive series) for the Wire and Timeline tabs.
  const evidence = observed.pipelined ?? observed.budget;
  if (evidence) {
    const runId = `${probeId}-run`;
    panel.runStarted({
      runId,
      mode: evidence.mode,
      file: `probe ${url.host}`,
      requests: evidence.requests.map(({ index, name, method, url: target }) => ({
        index,
        name,
        method,
        url: target,
      })),
    });
    panel.runFinished(runId, evidence);
  }
  return report;
}

function planError(text: string, options: ProbeOptions): string | undefined {
  try {
    planProbe(new URL(text), options);
    return undefined;
  } catch (error) {
    return error instanceof TypeError ? 'an http:// or https:// URL' : (error as Error).message;
  }
}

/** The origin of the file's first request, its variables resolved as a send would; undefined when it cannot be. */
async function firstRequestOrigin(file: vscode.Uri): Promise<string | undefined> {
  try {
    const document = await vscode.workspace.openTextDocument(file);
    const spec = planRun(parseHttpFile(document.getText()), planOptionsFor(file, [0], readSettings(file)))
      .specs[0];
    return spec ? `${(await spec.prepare([])).url.origin}/` : undefined;
  } catch {
    return undefined;
  }
}
