// The run history in VS Code: records every finished run into the extension's global storage (one
// file per run, see core/history/historyStore.ts: runs can be megabytes, too big for globalState),
// and the two commands: Open Run History (a quick pick; the chosen run is shown in its file's panel)
// and Clear Run History.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../core/engine/types';
import { describeHistoryEntry } from '../../core/history/historyEntryText';
import { HistoryStore, type HistoryStoreOptions } from '../../core/history/historyStore';
import { DEFAULT_STORE_LIMITS, type HistoryEntry, type StoredRun } from '../../core/history/storedRun';
import type { CommandHandler } from '../registerCommands';
import type { ResponsePanel } from '../responsePanel';
import { readSettings } from '../settings';
import { messageOf } from '../../core/common/messageOf';

/** What tests and other extensions get from the extension's exports. */
export interface RunHistoryApi {
  list(): Promise<HistoryEntry[]>;
  load(id: string): Promise<StoredRun>;
}

function historySettings(): HistoryStoreOptions {
  const settings = readSettings();
  return {
    maxRuns: settings.historyMaxRuns,
    maxBodyBytes: settings.historyMaxBodyBytes,
    maxWireBytes: DEFAULT_STORE_LIMITS.maxWireBytes,
    maxFrames: DEFAULT_STORE_LIMITS.maxFrames,
  };
}

export class RunHistory implements RunHistoryApi {
  private readonly store: HistoryStore;

  constructor(
    storageFolder: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.store = new HistoryStore(path.join(storageFolder.fsPath, 'history'), historySettings);
  }

  /** Stores the run in the background; a failure to store is logged, never in the way of the run. */
  record(file: vscode.Uri, result: RunResult): void {
    if (historySettings().maxRuns === 0) return;
    this.store.add(file.fsPath, result).then(
      (entry) => this.log.info(`history: stored run ${entry.id}`),
      (error) => this.log.error(`history: the run was not stored: ${messageOf(error)}`),
    );
  }

  list(): Promise<HistoryEntry[]> {
    return this.store.list();
  }

  load(id: string): Promise<StoredRun> {
    return this.store.load(id);
  }

  clear(): Promise<void> {
    return this.store.clear();
  }
}

function pickItem(entry: HistoryEntry): vscode.QuickPickItem & { id: string } {
  return { id: entry.id, ...describeHistoryEntry(entry, (iso) => new Date(iso).toLocaleString()) };
}

/** Shows a stored run in its file's panel, as if it had just finished. */
function showStoredRun(stored: StoredRun, panelFor: (file: vscode.Uri) => ResponsePanel): void {
  const panel = panelFor(vscode.Uri.file(stored.entry.file));
  const runId = `history-${stored.entry.id}`;
  const { run } = stored;
  panel.runStarted({
    runId,
    mode: run.mode,
    file: stored.entry.file,
    requests: run.requests.map((r) => ({ index: r.index, name: r.name, method: r.method, url: r.url })),
  });
  panel.runFinished(runId, run);
}

export function historyCommandHandlers(
  history: RunHistory,
  panelFor: (file: vscode.Uri) => ResponsePanel,
): Record<'historyOpen' | 'historyClear', CommandHandler> {
  return {
    // `id` (optional) opens that run without asking: for tests and other extensions.
    historyOpen: async (id?: unknown): Promise<StoredRun | undefined> => {
      let chosen = typeof id === 'string' ? id : undefined;
      if (chosen === undefined) {
        const entries = await history.list();
        if (entries.length === 0) {
          void vscode.window.showInformationMessage(
            'httpipe: the run history is empty: runs are recorded when they finish.',
          );
          return undefined;
        }
        const picked = await vscode.window.showQuickPick(entries.map(pickItem), {
          title: 'httpipe: run history',
          placeHolder: 'A run to show in its panel (newest first)',
          matchOnDescription: true,
          matchOnDetail: true,
        });
        chosen = picked?.id;
      }
      if (chosen === undefined) return undefined;
      const stored = await history.load(chosen);
      showStoredRun(stored, panelFor);
      return stored;
    },
    historyClear: async (): Promise<boolean> => {
      const entries = await history.list();
      if (entries.length === 0) {
        void vscode.window.showInformationMessage('httpipe: the run history is already empty.');
        return false;
      }
      const clear = 'Clear';
      const answer = await vscode.window.showWarningMessage(
        `Delete the ${entries.length} stored run${entries.length === 1 ? '' : 's'} of the httpipe run history?`,
        { modal: true },
        clear,
      );
      if (answer !== clear) return false;
      await history.clear();
      return true;
    },
  };
}
