// Every command id of the extension, in one table: package.json `contributes.commands` must list
// exactly COMMANDS (test/unit/architecture.test.ts checks both ways), and registerCommands takes one
// handler per id, so a command without a handler does not compile. No vscode import: the test reads it.

export const COMMANDS = {
  send: 'httpipe.send',
  sendAll: 'httpipe.sendAll',
  sendSelected: 'httpipe.sendSelected',
  compareModes: 'httpipe.compareModes',
  cancel: 'httpipe.cancel',
  showLog: 'httpipe.showLog',
  historyOpen: 'httpipe.history.open',
  historyClear: 'httpipe.history.clear',
  copyAsCurl: 'httpipe.copyAsCurl',
  pasteCurl: 'httpipe.pasteCurl',
  importCurl: 'httpipe.importCurl',
  selectEnvironment: 'httpipe.selectEnvironment',
  probe: 'httpipe.probe',
} as const;

/**
 * For the extension-host tests only (test/vscode/suite/panel.test.ts): they stand in for the webview,
 * whose buttons a test in the extension host cannot click. Registered only when the extension runs
 * under test (ExtensionMode.Test) and never contributed, so users never see them.
 */
export const TEST_COMMANDS = {
  panelRunId: 'httpipe.test.panelRunId',
  panelSummary: 'httpipe.test.panelSummary',
  postFromWebview: 'httpipe.test.postFromWebview',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type TestCommandKey = keyof typeof TEST_COMMANDS;
