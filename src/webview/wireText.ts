// Shows wire text from the view model (where CR, LF and TAB are ␍ ␊ ␉ and other bytes \xNN) with
// those markers as small "CR" "LF" badges, because many editor fonts have no glyph for ␍ and ␊.
import { el } from './dom';

/** Past this, badges would mean tens of thousands of elements: the text stays plain. */
const MAX_DECORATED_CHARS = 300_000;
const MARKER = /␍|␊|␉|\\x[0-9a-f]{2}/g;
const LABELS: Record<string, string> = { '␍': 'CR', '␊': 'LF', '␉': 'TAB' };

export function wireText(text: string): Node[] {
  if (text.length > MAX_DECORATED_CHARS) return [document.createTextNode(text)];
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push(document.createTextNode(text.slice(last, at)));
    const marker = match[0];
    const label = LABELS[marker];
    nodes.push(
      el('span', {
        class: label ? 'ctl' : 'ctl ctl-hex',
        text: label ?? marker.slice(2).toUpperCase(),
        title: label ? undefined : `byte 0x${marker.slice(2)}`,
      }),
    );
    last = at + marker.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
