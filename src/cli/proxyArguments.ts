// The CLI's proxy: --proxy URL for every origin, --no-proxy for none, otherwise HTTP_PROXY /
// HTTPS_PROXY / NO_PROXY from the environment (read here, in the CLI only: the extension takes
// VS Code's settings and never the process environment). A proxy URL that cannot be used is a
// usage error before any request goes out.
import type { ProxyOptions } from '../core/engine/types';
import { parseProxyUrl, proxyFromEnvironment, type EnvironmentVariables } from '../core/proxy/proxyUrl';
import { UsageError, type LoadOptions } from './args';
import { messageOf } from '../core/common/messageOf';

export function proxyForCli(
  args: Pick<LoadOptions, 'proxy' | 'noProxy'>,
  env: EnvironmentVariables = process.env,
): ProxyOptions | undefined {
  if (args.noProxy) return undefined;
  try {
    if (args.proxy === undefined) return proxyFromEnvironment(env);
    const proxy = parseProxyUrl(args.proxy, '--proxy');
    const noProxy = env.no_proxy?.trim() || env.NO_PROXY?.trim();
    return { http: proxy, https: proxy, ...(noProxy ? { noProxy } : {}) };
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}
