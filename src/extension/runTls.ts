// The TLS options of a send or comparison, from the settings and the file's env files (src/core/tls
// does the reading and checking). Settings that cannot be used stop the run with an error naming
// the setting and the file; verification turned off is logged on every run; a client key marked
// hasCertificatePassphrase is asked for once per session and kept in memory only.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TlsOptions } from '../core/engine/types';
import type { HostCertificatesSource } from '../core/tls/hostCertificates';
import { buildTlsOptions, type TlsSources } from '../core/tls/tlsOptions';
import type { HttpipeSettings } from './settings';
import { variableSourceOptionsFor } from './variableContext';

export class RunTls {
  /** By certificate file; never written anywhere. */
  private readonly passphrases = new Map<string, string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** The options for a run of `file`, or undefined when the run must not start (the user was told why). */
  async optionsFor(file: vscode.Uri, settings: HttpipeSettings): Promise<TlsOptions | undefined> {
    const variables = variableSourceOptionsFor(file, settings);
    const sources: TlsSources = {
      certificates: certificatesSetting(
        file,
        settings.certificates,
        variables.workspaceRoot ?? path.dirname(variables.filePath),
        variables.allowEnvironmentAccess,
      ),
      rejectUnauthorized: settings.tlsRejectUnauthorized,
      rejectUnauthorizedName: 'setting httpipe.tls.rejectUnauthorized',
      filePath: variables.filePath,
      workspaceRoot: variables.workspaceRoot,
      environment: variables.environment,
      // An untrusted workspace's env files must not make us read (and present) certificates from
      // elsewhere, nor turn verification off.
      untrustedWorkspace: variables.allowEnvironmentAccess
        ? undefined
        : (variables.workspaceRoot ?? path.dirname(variables.filePath)),
    };
    let plan = buildTlsOptions(sources);
    const certificate = plan.passphraseNeededFor;
    if (certificate !== undefined) {
      const passphrase = this.passphrases.get(certificate) ?? (await askPassphrase(certificate));
      if (passphrase === undefined) {
        void vscode.window.showWarningMessage(
          `httpipe: not sent, the client certificate ${certificate} needs its passphrase.`,
        );
        return undefined;
      }
      plan = buildTlsOptions({ ...sources, environmentPassphrase: passphrase });
      if (plan.problems.length === 0) this.passphrases.set(certificate, passphrase);
      else this.passphrases.delete(certificate);
    }
    for (const warning of plan.warnings) this.log.warn(warning);
    if (plan.problems.length > 0) {
      for (const problem of plan.problems) this.log.error(problem);
      const more =
        plan.problems.length > 1 ? ` (and ${plan.problems.length - 1} more in the httpipe log)` : '';
      void vscode.window.showErrorMessage(`httpipe: not sent: ${plan.problems[0]}${more}`);
      return undefined;
    }
    return plan.tls;
  }

  dispose(): void {
    this.passphrases.clear();
  }
}

/**
 * httpipe.certificates, or REST Client's rest-client.certificates (same shape) when httpipe's is
 * empty, so a workspace set up for REST Client works unchanged. Relative paths start at the
 * workspace folder, as in REST Client. httpipe's own setting is restricted in untrusted workspaces
 * (package.json capabilities); REST Client's is not ours to declare, so only the user's value counts there.
 */
function certificatesSetting(
  file: vscode.Uri,
  httpipe: unknown,
  base: string,
  trusted: boolean,
): HostCertificatesSource | undefined {
  if (!isEmpty(httpipe)) return { value: httpipe, name: 'setting httpipe.certificates', base };
  const setting = vscode.workspace.getConfiguration('rest-client', file);
  const restClient = trusted
    ? setting.get<unknown>('certificates')
    : setting.inspect<unknown>('certificates')?.globalValue;
  return isEmpty(restClient)
    ? undefined
    : { value: restClient, name: 'setting rest-client.certificates', base };
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0)
  );
}

function askPassphrase(certificate: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'httpipe: client certificate passphrase',
    prompt: `Passphrase of the key for ${certificate} (hasCertificatePassphrase in the env file; kept in memory until VS Code closes)`,
    password: true,
    ignoreFocusOut: true,
  });
}
