// What kind of body a Content-Type names, and the editor language to open it with.
import type { BodyKind } from './views';

export interface MediaType {
  /** `application/json`, lower case, without parameters. */
  essence: string;
  charset?: string;
}

export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (!value) return undefined;
  const [essence, ...params] = value.split(';');
  const charsetParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('charset='));
  const charset = charsetParam
    ?.slice('charset='.length)
    .trim()
    .replace(/^"(.*)"$/, '$1');
  return { essence: essence.trim().toLowerCase(), charset: charset || undefined };
}

const TEXT_APPLICATION_TYPES = new Set([
  'application/javascript',
  'application/ecmascript',
  'application/x-www-form-urlencoded',
  'application/yaml',
  'application/x-yaml',
  'application/graphql',
  'application/x-ndjson',
]);

/** Images a browser `<img>` shows; anything else under image/ is treated as binary. */
const PREVIEWABLE_IMAGES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/svg+xml',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/avif',
]);

/** The body kind a media type declares; undefined when it does not say (the bytes decide). */
export function kindOfMediaType(type: MediaType | undefined): BodyKind | undefined {
  if (!type) return undefined;
  const { essence } = type;
  if (essence === 'application/json' || essence.endsWith('+json')) return 'json';
  if (essence === 'text/html' || essence === 'application/xhtml+xml') return 'html';
  if (essence === 'application/xml' || essence === 'text/xml' || essence.endsWith('+xml')) {
    return essence === 'image/svg+xml' ? 'image' : 'xml';
  }
  if (PREVIEWABLE_IMAGES.has(essence)) return 'image';
  if (essence.startsWith('text/') || TEXT_APPLICATION_TYPES.has(essence)) return 'text';
  return 'binary';
}

const LANGUAGES: Record<string, string> = {
  'text/css': 'css',
  'application/javascript': 'javascript',
  'text/javascript': 'javascript',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/markdown': 'markdown',
  'text/csv': 'csv',
};

export function languageFor(kind: BodyKind, type: MediaType | undefined): string {
  if (kind === 'json' || kind === 'xml' || kind === 'html') return kind;
  return (type && LANGUAGES[type.essence]) ?? 'plaintext';
}
