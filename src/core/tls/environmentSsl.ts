// JetBrains env files' `SSLConfiguration` for the selected environment:
//   { "dev": { "SSLConfiguration": {
//       "verifyHostCertificate": false,
//       "clientCertificate": "cert.pem" | { "path": "cert.pem", "format": "PEM" | "DER" },
//       "clientCertificateKey": "key.pem" | { "path": …, "format": … },
//       "hasCertificatePassphrase": true } } }
// As in JetBrains' HTTP Client, paths are absolute or relative to the env file that holds them, and
// the settings apply to every request sent with that environment. The same env files as for
// variables (nearest http-client.env.json and http-client.private.env.json); the private file wins
// field by field, as it does for variables. PEM or DER is recognised from the bytes, so `format`
// needs no reading. Files that are not valid JSON are skipped here: loading the variables reports them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TlsHostOptions } from '../engine/types';
import { PRIVATE_ENV_FILE, PUBLIC_ENV_FILE } from '../variables/environments';
import { findNearest, searchFolders } from '../variables/searchFolders';
import { CertificateError } from './certificateFiles';
import { loadClientCertificate } from './clientCertificate';

export const SSL_CONFIGURATION = 'SSLConfiguration';

export interface EnvironmentSslOptions {
  filePath: string;
  workspaceRoot?: string;
  environment?: string;
  /** For a key marked `hasCertificatePassphrase` (JetBrains asks the user for it; so do our UIs). */
  passphrase?: string;
  /**
   * Set, to the workspace root, when the workspace is not trusted: its env files may not point at
   * certificate files outside it, nor turn verification off.
   */
  untrustedWorkspace?: string;
}

export interface EnvironmentSsl {
  /** Client certificate for every host, when the environment sets one. */
  client: TlsHostOptions;
  /** `verifyHostCertificate: false`, with the env file that says so. */
  verificationOffBy?: string;
  /** The key needs a passphrase that was not given: the file to ask about. */
  passphraseNeededFor?: string;
  /** Settings that were not applied, and why. */
  warnings: string[];
  problems: string[];
}

interface Field {
  value: unknown;
  /** The env file that set it. */
  file: string;
}

export function loadEnvironmentSsl(options: EnvironmentSslOptions): EnvironmentSsl {
  const result: EnvironmentSsl = { client: {}, warnings: [], problems: [] };
  if (options.environment === undefined) return result;
  const fields = sslFields(options);
  const verify = fields.get('verifyHostCertificate');
  if (verify && verify.value === false) {
    const place = `${path.basename(verify.file)} (environment "${options.environment}")`;
    if (options.untrustedWorkspace === undefined) result.verificationOffBy = place;
    else
      result.warnings.push(
        `verifyHostCertificate: false in ${place} is ignored: the workspace is not trusted, so certificates are verified.`,
      );
  }

  const certificate = fields.get('clientCertificate');
  const key = fields.get('clientCertificateKey');
  if (!certificate) {
    if (key)
      result.problems.push(
        `${where(key.file, options.environment)}.clientCertificateKey is set without clientCertificate`,
      );
    return result;
  }
  const needsPassphrase = fields.get('hasCertificatePassphrase')?.value === true;
  try {
    const cert = pathOf(certificate, options.environment, 'clientCertificate');
    if (needsPassphrase && options.passphrase === undefined) {
      result.passphraseNeededFor = cert;
      return result;
    }
    // Each path is made absolute from its own env file, so one base folder serves both.
    result.client = loadClientCertificate(
      {
        cert,
        key: key && pathOf(key, options.environment, 'clientCertificateKey'),
        passphrase: needsPassphrase ? options.passphrase : undefined,
      },
      {
        base: path.dirname(certificate.file),
        where: where(certificate.file, options.environment),
        fieldNames: { cert: 'clientCertificate', key: 'clientCertificateKey' },
        confineTo: options.untrustedWorkspace,
      },
    );
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    result.problems.push(error.message);
  }
  return result;
}

/** The selected environment's SSLConfiguration fields, private file over public file. */
function sslFields(options: EnvironmentSslOptions): Map<string, Field> {
  const fields = new Map<string, Field>();
  const folders = searchFolders(options.filePath, options.workspaceRoot);
  for (const fileName of [PUBLIC_ENV_FILE, PRIVATE_ENV_FILE]) {
    const file = findNearest(folders, fileName);
    const configuration = file && readSslConfiguration(file, options.environment!);
    if (!file || !configuration) continue;
    for (const [name, value] of Object.entries(configuration)) fields.set(name, { value, file });
  }
  return fields;
}

function readSslConfiguration(file: string, environment: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const configuration =
      isObject(json) && isObject(json[environment]) ? json[environment][SSL_CONFIGURATION] : undefined;
    return isObject(configuration) ? configuration : undefined;
  } catch {
    return undefined;
  }
}

function pathOf(field: Field, environment: string, name: string): string {
  const written = isObject(field.value) ? field.value.path : field.value;
  if (typeof written !== 'string' || written === '') {
    throw new CertificateError(
      `${where(field.file, environment)}.${name} must be a path, or an object with "path"`,
    );
  }
  return path.resolve(path.dirname(field.file), written);
}

function where(file: string, environment: string): string {
  return `${file}: environment "${environment}" ${SSL_CONFIGURATION}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
