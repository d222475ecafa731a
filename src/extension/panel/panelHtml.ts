// The webview's page: a shell that loads the bundled script and styles. Everything visible is built
// by dist/webview.js from host messages. The CSP allows only our nonce'd script, styles from the
// extension, data: images (response image previews) and the codicon font; response HTML is shown
// only in a sandboxed iframe without scripts, which also inherits this policy.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The only folder the webview may load from: the bundle, with the codicon font that scripts/build.mjs
 * copies into dist/codicons (the package carries no node_modules).
 */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist')];
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  // A fresh nonce per page load: a script injected by a response cannot guess it.
  const nonce = randomBytes(16).toString('hex');
  const asset = (folder: vscode.Uri, file: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(folder, file)).toString();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const codicons = vscode.Uri.joinPath(dist, 'codicons');
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttribute(asset(codicons, 'codicon.css'))}">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttribute(asset(dist, 'webview.css'))}">
<title>${escapeAttribute(title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeAttribute(asset(dist, 'webview.js'))}"></script>
</body>
</html>`;
}
