// VS Code "Dark Modern" values of the theme variables the panel uses, so the harness page looks like
// the real webview (VS Code injects these into every webview).
export const DARK_MODERN_THEME = [
  '--vscode-font-family: -apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size: 13px',
  '--vscode-editor-font-family: "Droid Sans Mono", "monospace", monospace',
  '--vscode-editor-font-size: 13px',
  '--vscode-foreground: #cccccc',
  '--vscode-descriptionForeground: #9d9d9d',
  '--vscode-editor-background: #1f1f1f',
  '--vscode-panel-border: #2b2b2b',
  '--vscode-widget-border: #313131',
  '--vscode-focusBorder: #0078d4',
  '--vscode-textLink-foreground: #4daafc',
  '--vscode-button-background: #0078d4',
  '--vscode-button-foreground: #ffffff',
  '--vscode-button-hoverBackground: #026ec1',
  '--vscode-button-border: rgba(255, 255, 255, 0.07)',
  '--vscode-button-secondaryBackground: #313131',
  '--vscode-button-secondaryForeground: #cccccc',
  '--vscode-button-secondaryHoverBackground: #3c3c3c',
  '--vscode-badge-background: #616161',
  '--vscode-badge-foreground: #f8f8f8',
  '--vscode-list-hoverBackground: #2a2d2e',
  '--vscode-list-activeSelectionBackground: #04395e',
  '--vscode-list-activeSelectionForeground: #ffffff',
  '--vscode-list-inactiveSelectionBackground: #37373d',
  '--vscode-list-focusOutline: #0078d4',
  '--vscode-panelTitle-activeBorder: #0078d4',
  '--vscode-panelTitle-activeForeground: #cccccc',
  '--vscode-panelTitle-inactiveForeground: #9d9d9d',
  '--vscode-progressBar-background: #0078d4',
  '--vscode-textBlockQuote-background: #2b2b2b',
  '--vscode-textCodeBlock-background: #2b2b2b',
  '--vscode-toolbar-hoverBackground: rgba(90, 93, 94, 0.31)',
  '--vscode-icon-foreground: #cccccc',
  '--vscode-errorForeground: #f85149',
  '--vscode-editorWarning-foreground: #cca700',
  '--vscode-testing-iconPassed: #73c991',
  '--vscode-charts-red: #f14c4c',
  '--vscode-charts-blue: #3794ff',
  '--vscode-charts-yellow: #cca700',
  '--vscode-charts-orange: #d18616',
  '--vscode-charts-green: #89d185',
  '--vscode-charts-purple: #b180d7',
  '--vscode-sideBarSectionHeader-background: #181818',
  '--vscode-symbolIcon-methodForeground: #b180d7',
  '--vscode-debugTokenExpression-name: #c586c0',
  '--vscode-debugTokenExpression-string: #ce9178',
  '--vscode-debugTokenExpression-number: #b5cea8',
  '--vscode-debugTokenExpression-boolean: #4e94ce',
].join('; ');

/** Scrollbars as VS Code styles them in every webview (it injects similar rules). */
export const WEBVIEW_DEFAULT_STYLES = `
::-webkit-scrollbar { width: 10px; height: 10px; }
::-webkit-scrollbar-corner { background: transparent; }
::-webkit-scrollbar-thumb { background: rgba(121, 121, 121, 0.4); }
::-webkit-scrollbar-thumb:hover { background: rgba(100, 100, 100, 0.7); }
`;
