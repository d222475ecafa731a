// Names of the waterfall phases, shared by the legend, the timeline and the detail timing table.
import type { TimingSegmentKind } from '../core/report/views';

export const SEGMENT_LABELS: Record<TimingSegmentKind, string> = {
  dns: 'DNS',
  connect: 'Connect',
  proxy: 'Proxy tunnel (CONNECT)',
  tls: 'TLS',
  send: 'Queued + send',
  turn: 'Waiting for its turn',
  wait: 'Waiting (TTFB)',
  receive: 'Receiving',
  failed: 'Failed',
};

export const SEGMENT_ORDER: TimingSegmentKind[] = [
  'dns',
  'connect',
  'proxy',
  'tls',
  'send',
  'turn',
  'wait',
  'receive',
  'failed',
];
