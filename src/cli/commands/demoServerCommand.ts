// `httpipe demo-server`: the demo server in the foreground until Ctrl+C or SIGTERM.
import { startDemoServer } from '../../core/demo/demoServer';
import type { Command } from '../args';
import { cancelOnSignals, type Output } from './output';

export async function demoServerCommand(
  args: Extract<Command, { command: 'demo-server' }>,
  out: Output,
): Promise<number> {
  const server = await startDemoServer({ port: args.port, tlsPort: args.tlsPort });
  out.print(`httpipe demo server listening on ${server.origin}`);
  if (server.tls) {
    out.print(
      `HTTP/2 over TLS on ${server.tls.origin} (certificate made at start: --insecure, or trust it); h2c on ${server.origin}`,
    );
  }
  out.print(
    'routes: /delay?ms=N  /status/CODE  /bytes?n=N  /chunked?n=N  /gzip?n=N  /br?n=N  /echo  /redirect?to=PATH&status=302  /digest (demo/demo)  /stats[?reset=1]   (Ctrl+C stops)',
  );
  const signals = cancelOnSignals();
  await new Promise((resolve) => signals.signal.addEventListener('abort', resolve, { once: true }));
  signals.dispose();
  await server.close();
  out.error(`httpipe demo server stopped (${(signals.signal.reason as Error).message})`);
  return 0;
}
