// The proxy of a send or comparison, from VS Code's own settings (http.proxy, http.proxyStrictSSL,
// http.noProxy, http.proxyAuthorization), the ones VS Code uses for itself. Never from the process
// environment: in an untrusted workspace nothing may read it, and the settings are where VS Code
// users configure proxies (the CLI reads HTTP_PROXY and friends instead).
import * as vscode from 'vscode';
import type { ProxyOptions } from '../core/engine/types';
import { parseProxyUrl } from '../core/proxy/proxyUrl';
import { messageOf } from '../core/common/messageOf';

/** The options for a run, undefined for direct connections, or 'refused' when the setting cannot be used (the user was told). */
export function proxyForRun(file: vscode.Uri | undefined): ProxyOptions | undefined | 'refused' {
  const http = vscode.workspace.getConfiguration('http', file);
  const written = http.get<string>('proxy')?.trim();
  if (!written) return undefined;
  let proxy: URL;
  try {
    proxy = parseProxyUrl(written, 'the setting http.proxy');
  } catch (error) {
    void vscode.window.showErrorMessage(`httpipe: not sent: ${messageOf(error)}`);
    return 'refused';
  }
  const options: ProxyOptions = {
    http: proxy,
    https: proxy,
    rejectUnauthorized: http.get<boolean>('proxyStrictSSL', true),
  };
  const noProxy = http.get<string[]>('noProxy');
  if (Array.isArray(noProxy) && noProxy.length > 0) options.noProxy = noProxy;
  const authorization = http.get<string | null>('proxyAuthorization');
  if (typeof authorization === 'string' && authorization !== '') options.authorization = authorization;
  return options;
}
