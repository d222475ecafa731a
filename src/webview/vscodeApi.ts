// The webview's side of the channel to the extension host, typed with the shared protocol.
import type { HostMessage, WebviewMessage } from '../shared/panelProtocol';

/** What the webview remembers across reloads (VS Code keeps it while the panel exists). */
export interface ViewState {
  tab: TabId;
  selected?: number;
  connectionId?: number;
  /** The last probe whose Server report was brought forward: a new one is shown once, then the person's tab choice holds. */
  probeId?: string;
}

export type TabId = 'requests' | 'timeline' | 'wire' | 'compare' | 'probe';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: WebviewMessage): void {
  api.postMessage(message);
}

export function savedViewState(): ViewState | undefined {
  return api.getState();
}

export function saveViewState(state: ViewState): void {
  api.setState(state);
}

export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event) => handler(event.data as HostMessage));
}
