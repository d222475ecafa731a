// The TLS verdict: it does not come from a run of requests but from the two handshakes of tlsProbe.
import { describeStop, notMeasured } from './evidence';
import type { ProbeObservations, Verdict } from './types';

const TLS_Q = 'TLS: protocol, cipher, certificate expiry, session resumption?';
/** Certificates closer to expiry than this get advice. */
const EXPIRY_WARNING_DAYS = 30;

export function tlsVerdict(observed: ProbeObservations, url: URL): Verdict {
  if (url.protocol !== 'https:') return notMeasured('tls', TLS_Q, 'an http: URL has no TLS');
  const tls = observed.tls;
  if (!tls) {
    if (observed.stop) return notMeasured('tls', TLS_Q, describeStop(observed.stop));
    return notMeasured('tls', TLS_Q, 'not measured through a proxy');
  }
  if (tls.error) return notMeasured('tls', TLS_Q, `no handshake: ${tls.error}`);
  const soonest = tls.chain.reduce<(typeof tls.chain)[number] | undefined>(
    (min, cert) => (!min || cert.daysLeft < min.daysLeft ? cert : min),
    undefined,
  );
  const expiry = soonest
    ? `the chain's first expiry in ${soonest.daysLeft} days (${soonest.validTo.slice(0, 10)}, ${soonest.subject})`
    : 'no certificate seen';
  const evidence = [
    `${tls.protocol ?? '?'}, ${tls.cipher ?? '?'}, ALPN ${tls.alpn ?? 'none'}`,
    ...tls.chain.map(
      (c) => `certificate ${c.subject} (issuer ${c.issuer}) valid until ${c.validTo.slice(0, 10)}`,
    ),
    `second handshake ${tls.resumed ? 'resumed the first session' : 'was a full handshake'}`,
  ];
  const advice: string[] = [];
  if (soonest && soonest.daysLeft < EXPIRY_WARNING_DAYS)
    advice.push(`Renew ${soonest.subject}: it expires in ${soonest.daysLeft} days.`);
  if (!tls.resumed)
    advice.push('Turn on session tickets or a session cache: every new connection pays a full handshake.');
  return {
    id: 'tls',
    question: TLS_Q,
    status: 'value',
    answer: `${tls.protocol ?? '?'} ${tls.cipher ?? '?'}; ${expiry}; resumption ${tls.resumed ? 'yes' : 'no'}`,
    evidence,
    advice: advice.length > 0 ? advice.join(' ') : undefined,
  };
}
