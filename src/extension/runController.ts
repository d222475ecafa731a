// Runs a .http file (or some of its requests) and compares modes, for the commands and the panel.
// The work is all in src/core (parse -> plan -> engine / compare); this class wires it to VS Code:
// one run per file at a time, cancellation, a progress notification for runs that take a while,
// the status bar, the log and the response panel.
import { modeLabel, RUN_MODES, type RunMode } from '../core/common/runModes';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareModes } from '../core/compare/compareModes';
import { describeRatio } from '../core/compare/describeComparison';
import type { ModeComparison } from '../core/compare/types';
import { newRunCookieJar } from '../core/cookies/runCookieJar';
import { BudgetMemory } from '../core/engine/connectionBudget';
import { requestDurationMs } from '../core/engine/requestExchanges';
import { runRequests } from '../core/engine/runRequests';
import type { ProxyOptions, RequestResult, RunResult, TlsOptions } from '../core/engine/types';
import { planFile, type PlannedFile } from '../core/plan/planFile';
import type { PlanOptions } from '../core/plan/planRun';
import { promptsToAsk } from '../core/plan/prompts';
import { saveResponses } from '../core/plan/responseSaves';
import type { RequestBlock } from '../core/parser/model';
import { formatPosition } from '../core/parser/model';
import { describeHopReason } from '../core/report/hopViews';
import type { HttpDiagnostics } from './diagnostics';
import { httpDocumentFor } from './languageFeatures/httpDocuments';
import type { ResponsePanel } from './responsePanel';
import type { RunStatusBar } from './runStatusBar';
import { proxyForRun } from './runProxy';
import { RunTls } from './runTls';
import { scriptOptionsFor } from './scriptSession';
import { readSettings, type HttpipeSettings } from './settings';
import { SpoolFolders } from './spoolFolders';
import { PromptValues } from './promptValues';
import { variableSourceOptionsFor } from './variableContext';
import { connectionWireText } from './wireLogText';
import { messageOf } from '../core/common/messageOf';

/** How a send plans `file`; Copy as curl uses the same, so the command it copies is what a send would send. */
export function planOptionsFor(file: vscode.Uri, only?: number[], settings?: HttpipeSettings): PlanOptions {
  // Read at every plan, so a run after the workspace was trusted may use .env files, process variables and scripts.
  return { ...variableSourceOptionsFor(file, settings), only, scripts: scriptOptionsFor(file, settings) };
}

/** Runs that end sooner finish without a notification flashing up. */
const PROGRESS_DELAY_MS = 500;

export interface RunControllerParts {
  panelFor(file: vscode.Uri): ResponsePanel;
  log: vscode.LogOutputChannel;
  statusBar: RunStatusBar;
  diagnostics: HttpDiagnostics;
  /** Called with every finished run (the run history records it); must not throw. */
  onRunFinished?(file: vscode.Uri, result: RunResult): void;
  /** Folder for bodies past the engine's in-memory limit (default: httpipe-spool in the temp folder). */
  spoolParent?: string;
}

interface PreparedRun {
  settings: HttpipeSettings;
  planned: PlannedFile;
  /** The parsed requests and how they were planned, for their `>> file` lines. */
  saves: { requests: readonly RequestBlock[]; options: PlanOptions };
  tls: TlsOptions;
  proxy: ProxyOptions | undefined;
}

export class RunController implements vscode.Disposable {
  /** One run or comparison per file; starting another cancels the one before. */
  private readonly active = new Map<string, AbortController>();
  private runCount = 0;
  private readonly spool: SpoolFolders;
  private readonly tls: RunTls;
  private readonly prompts = new PromptValues();
  /** Connection budgets learned by this window's runs, for its later runs and comparisons. */
  private readonly budgetMemory = new BudgetMemory();

  constructor(private readonly parts: RunControllerParts) {
    this.spool = new SpoolFolders(parts.spoolParent ?? path.join(os.tmpdir(), 'httpipe-spool'), (message) =>
      parts.log.warn(message),
    );
    this.tls = new RunTls(parts.log);
  }

  /** The TLS options a run of `file` uses; undefined when it cannot run (the user was told why). */
  tlsOptionsFor(file: vscode.Uri, settings: HttpipeSettings): Promise<TlsOptions | undefined> {
    return this.tls.optionsFor(file, settings);
  }

  /** Sends the file's requests (`only`: these and the earlier ones they use) in `mode`. */
  async run(file: vscode.Uri, mode: RunMode, only?: number[]): Promise<RunResult | undefined> {
    const ready = await this.prepare(file, only);
    if (!ready) return undefined;
    const { settings, planned, tls, proxy } = ready;
    const { log, statusBar } = this.parts;
    const abort = this.begin(file);
    // The panel shows one run per file: the bodies the previous run spooled go with it.
    const spoolDir = this.spool.folderFor(file.toString());
    const runId = this.nextRunId();
    const panel = this.parts.panelFor(file);
    const specs = planned.specs;
    panel.runStarted({
      runId,
      mode,
      file: file.fsPath,
      requests: specs.map((spec) => ({
        index: spec.index,
        name: spec.name,
        method: spec.method,
        url: spec.displayUrl,
      })),
    });
    const what = `${specs.length} request${specs.length === 1 ? '' : 's'} ${modeLabel(mode)}`;
    log.info(`run ${runId}: ${path.basename(file.fsPath)}, ${what}`);
    statusBar.running(what);
    try {
      const work = runRequests(specs, {
        mode,
        signal: abort.signal,
        requestTimeoutMs: settings.requestTimeoutMs,
        tls,
        cookieJar: settings.cookieJarEnabled ? newRunCookieJar() : undefined,
        followRedirects: settings.followRedirects,
        proxy,
        budgetMemory: this.budgetMemory,
        spoolDir,
        limits: { memoryBudgetBytes: settings.memoryBudgetBytes },
        onEvent: (event) => {
          if (event.type !== 'request-finished') return;
          panel.requestFinished(runId, event.result);
          this.logResult(event.result);
        },
      });
      this.progressAfterAMoment(`httpipe: sending ${what}`, work, abort);
      const result = await work;
      // Handlers that no later request waited for run now, before the panel shows the run.
      await planned.scripts?.finish(result);
      await this.saveResponses(ready.saves, result);
      const scripts = planned.scripts;
      panel.runFinished(runId, result, scripts && ((index) => scripts.resultOf(index)));
      this.parts.onRunFinished?.(file, result);
      statusBar.finished(result);
      this.logRun(runId, result, settings.showSecrets);
      return result;
    } finally {
      this.end(file, abort);
    }
  }

  /** Runs the file fresh, keep-alive and pipelined, interleaved, httpipe.compare.repeat times each. */
  async compare(file: vscode.Uri): Promise<ModeComparison | undefined> {
    const ready = await this.prepare(file);
    if (!ready) return undefined;
    const { settings, planned, tls, proxy } = ready;
    const { log, statusBar } = this.parts;
    const abort = this.begin(file);
    const runId = this.nextRunId();
    const panel = this.parts.panelFor(file);
    const total = settings.compareRepeat * RUN_MODES.length;
    panel.compareStarted(runId, total);
    log.info(
      `compare ${runId}: ${path.basename(file.fsPath)}, ${planned.specs.length} request(s), ${settings.compareRepeat} round(s) of every mode`,
    );
    statusBar.running(`comparing modes 0/${total}`);
    let report: ((done: number) => void) | undefined;
    try {
      const work = compareModes(planned.makeSpecs, {
        repeat: settings.compareRepeat,
        signal: abort.signal,
        // No spoolDir: a comparison shows timings, not bodies, so bytes past the limit are only counted.
        newCookieJar: settings.cookieJarEnabled ? newRunCookieJar : undefined,
        runOptions: {
          requestTimeoutMs: settings.requestTimeoutMs,
          tls,
          proxy,
          followRedirects: settings.followRedirects,
          budgetMemory: this.budgetMemory,
        },
        onProgress: (done, runs, last) => {
          panel.compareProgress(runId, done, runs);
          statusBar.running(`comparing modes ${done}/${runs}`);
          log.info(
            `compare ${runId}: ${done}/${runs} ${modeLabel(last.mode)} ${last.wallMs.toFixed(1)} ms, ${last.connectionsOpened} connection(s)`,
          );
          report?.(done);
        },
      });
      this.progressAfterAMoment(`httpipe: comparing modes`, work, abort, (progress) => {
        let reported = 0;
        report = (done) => {
          progress.report({ message: `${done}/${total} runs`, increment: ((done - reported) / total) * 100 });
          reported = done;
        };
      });
      const comparison = await work;
      panel.compareFinished(runId, comparison);
      for (const mode of comparison.modes)
        log.info(`compare ${runId}: ${modeLabel(mode.mode)} median ${mode.medianMs.toFixed(1)} ms`);
      for (const ratio of comparison.ratios) log.info(`compare ${runId}: ${describeRatio(ratio)}`);
      statusBar.compared(
        comparison.modes.map((m) => `${modeLabel(m.mode)} ${(m.medianMs / 1000).toFixed(2)} s`).join(' · '),
      );
      return comparison;
    } catch (error) {
      if (!abort.signal.aborted) {
        panel.compareStopped(runId, `Failed: ${messageOf(error)}`);
        statusBar.idle('comparison failed');
        throw error;
      }
      panel.compareStopped(runId, 'Cancelled.');
      log.info(`compare ${runId}: cancelled`);
      statusBar.idle('comparison cancelled');
      return undefined;
    } finally {
      this.end(file, abort);
    }
  }

  /** Cancels the file's run, or every run without a file; says whether there was one. */
  cancel(file?: vscode.Uri): boolean {
    const targets = file ? [this.active.get(file.toString())] : [...this.active.values()];
    let cancelled = false;
    for (const abort of targets) {
      if (!abort) continue;
      abort.abort(new Error('Cancelled by the user.'));
      cancelled = true;
    }
    return cancelled;
  }

  /** The file's panel closed: a run still going would be shown nowhere, so it stops (closing its sockets), and the bodies it spooled are deleted. */
  panelClosed(file: vscode.Uri): void {
    this.cancel(file);
    this.spool.release(file.toString());
  }

  /** Cancels every run (each closes its sockets) and deletes every spooled body. */
  dispose(): void {
    this.cancel();
    this.spool.dispose();
    this.tls.dispose();
  }

  /** `>> file` / `>>! file` lines; in Restricted Mode only inside the workspace. */
  private async saveResponses(saves: PreparedRun['saves'], result: RunResult): Promise<void> {
    const outcomes = await saveResponses(saves.requests, result.requests, {
      filePath: saves.options.filePath,
      workspaceRoot: saves.options.workspaceRoot,
      trusted: vscode.workspace.isTrusted,
    });
    for (const outcome of outcomes) {
      if (outcome.written) this.parts.log.info(`${outcome.place}: response saved to ${outcome.written}`);
      if (!outcome.error) continue;
      this.parts.log.error(outcome.error);
      void vscode.window.showWarningMessage(`httpipe: ${outcome.error}`);
    }
  }

  /**
   * What a run or comparison needs before it starts, with the settings read once for all of it;
   * undefined when it must not start (the user was told why, or cancelled a prompt).
   */
  private async prepare(file: vscode.Uri, only?: number[]): Promise<PreparedRun | undefined> {
    const settings = readSettings(file);
    const plan = await this.plan(file, settings, only);
    if (!plan) return undefined;
    const tls = await this.tls.optionsFor(file, settings);
    if (!tls) return undefined;
    const proxy = proxyForRun(file);
    if (proxy === 'refused') return undefined;
    return { settings, planned: plan.planned, saves: plan.saves, tls, proxy };
  }

  private async plan(
    file: vscode.Uri,
    settings: HttpipeSettings,
    only?: number[],
  ): Promise<Pick<PreparedRun, 'planned' | 'saves'> | undefined> {
    // The document as the editor has it, unsaved edits included.
    const document = await vscode.workspace.openTextDocument(file);
    const parsed = httpDocumentFor(document).parsed;
    // `# @prompt` values: asked in an input box (remembered for the session); Escape cancels the send.
    const asked = await this.prompts.valuesFor(promptsToAsk(parsed, new Set(), only));
    if (!asked) return undefined;
    const options: PlanOptions = { ...planOptionsFor(file, only, settings), variables: asked };
    const planned = planFile(parsed, options);
    this.parts.diagnostics.showRunProblems(document, planned.problems);
    for (const problem of planned.problems) {
      const line = `${formatPosition(problem.file, problem.range.start)}: ${problem.message}`;
      if (problem.severity === 'error') this.parts.log.error(line);
      else this.parts.log.warn(line);
    }
    if (planned.specs.length === 0) {
      void vscode.window.showWarningMessage(
        `httpipe: there is no request to send in ${path.basename(file.fsPath)}.`,
      );
      return undefined;
    }
    return { planned, saves: { requests: parsed.requests, options } };
  }

  private begin(file: vscode.Uri): AbortController {
    this.cancel(file);
    const abort = new AbortController();
    this.active.set(file.toString(), abort);
    return abort;
  }

  private end(file: vscode.Uri, abort: AbortController): void {
    if (this.active.get(file.toString()) === abort) this.active.delete(file.toString());
  }

  private nextRunId(): string {
    return `${Date.now().toString(36)}-${++this.runCount}`;
  }

  /**
   * Shows a cancellable progress notification if `work` is still going after a moment; quick runs
   * show none. `onShown` gets the progress reporter when the notification appears.
   */
  private progressAfterAMoment(
    title: string,
    work: Promise<unknown>,
    abort: AbortController,
    onShown?: (progress: vscode.Progress<{ message?: string; increment?: number }>) => void,
  ): void {
    const timer = setTimeout(() => {
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort(new Error('Cancelled by the user.')));
          onShown?.(progress);
          return work.then(
            () => undefined,
            () => undefined,
          );
        },
      );
    }, PROGRESS_DELAY_MS);
    const stop = (): void => clearTimeout(timer);
    work.then(stop, stop);
  }

  private logResult(result: RequestResult): void {
    const { log } = this.parts;
    const label = `#${result.index + 1} ${result.method} ${result.url}`;
    (result.hops ?? []).forEach((hop, i) => {
      const where = hop.connectionId !== undefined ? ` on connection #${hop.connectionId}` : '';
      log.info(
        `#${result.index + 1} hop ${i + 1}: ${hop.method} ${hop.url} -> ${hop.status}, ${describeHopReason(hop.reason)}${where}`,
      );
    });
    if (result.outcome === 'response') {
      const tookMs = requestDurationMs(result);
      const took = tookMs !== undefined ? ` in ${tookMs.toFixed(1)} ms` : '';
      const where = result.connectionId !== undefined ? ` on connection #${result.connectionId}` : '';
      log.info(
        `${label} -> ${result.response.status} ${result.response.statusText}${took}${where}${result.retried ? ' (retried)' : ''}`,
      );
    } else if (result.outcome === 'error') {
      const cause = result.error.cause ? ` (${result.error.cause})` : '';
      log.error(`${label} -> ${result.error.phase} error: ${result.error.message}${cause}`);
    } else {
      log.warn(`${label} -> not sent: ${result.notSentReason}`);
    }
    for (const wait of result.waits) log.info(`${label} waited: ${wait.reason}`);
  }

  private logRun(runId: string, result: RunResult, showSecrets: boolean): void {
    const { log } = this.parts;
    const ended = result.cancelled ? ', cancelled' : '';
    log.info(
      `run ${runId}: ${modeLabel(result.mode)} ${result.wallMs.toFixed(1)} ms, ${result.connectionsOpened} connection(s)${ended}`,
    );
    for (const note of result.notes) log.info(`run ${runId}: ${note}`);
    for (const connection of result.connections) log.info(connectionWireText(connection, showSecrets));
  }
}
