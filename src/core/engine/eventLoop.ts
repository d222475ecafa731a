// Waiting for socket events the kernel already holds. A server that drops a keep-alive connection
// right after a response often has its FIN in the kernel together with the response bytes, but
// libuv stops reading after a short read, so Node only notices the FIN in the next I/O poll phase.
// Writing the next request before that would strand it on a dead connection (fatal for a POST,
// which is never re-sent).
import { setImmediate } from 'node:timers/promises';

/** Resolves after the event loop ran one more I/O poll phase: two check-phase turns bracket one. */
export async function afterPendingSocketEvents(): Promise<void> {
  await setImmediate();
  await setImmediate();
}
