// Colours pretty-printed JSON by token. Only for bodies the preview already parsed and indented,
// so the text is valid JSON; big texts stay plain to keep the panel fast.
import { el } from './dom';

const MAX_HIGHLIGHT_CHARS = 200_000;
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

export function highlightJson(text: string): Node[] {
  if (text.length > MAX_HIGHLIGHT_CHARS) return [document.createTextNode(text)];
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push(document.createTextNode(text.slice(last, at)));
    const [whole, string, colon, literal, number] = match;
    if (string !== undefined) {
      nodes.push(el('span', { class: colon ? 'json-key' : 'json-string', text: string }));
      if (colon) nodes.push(document.createTextNode(colon));
    } else if (literal !== undefined) {
      nodes.push(el('span', { class: 'json-literal', text: literal }));
    } else if (number !== undefined) {
      nodes.push(el('span', { class: 'json-number', text: number }));
    }
    last = at + whole.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
