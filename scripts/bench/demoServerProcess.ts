// The demo server in a process of its own for the benchmark, so that serving does not share the event
// loop (and the CPU time) of the clients being measured. Prints `{"port":N}` once listening; exits when
// its parent closes stdin, so it never outlives the benchmark.
import { startDemoServer } from '../../src/core/demo/demoServer';

async function main(): Promise<void> {
  const server = await startDemoServer({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void server.close().then(() => process.exit(0));
  });
}

void main();
