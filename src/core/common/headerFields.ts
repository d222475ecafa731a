// Header fields as the engine and the planner keep them, `[name, value]` pairs in wire order, looked up
// the one way HTTP names them: case-insensitively (RFC 9110 §5.1). Several fields of one name stay
// separate in the pairs; `headerList` joins them the way a list-valued field may be (RFC 9110 §5.3).

export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

/**
 * Whether `name` is `wanted`, in any case. Field names are ASCII tokens, whose case changes keep their
 * length: names of another length are told apart without lower-casing both (two new strings per call,
 * and the engine asks for every field of every response).
 */
export function isHeaderNamed(name: string, wanted: string): boolean {
  return name.length === wanted.length && (name === wanted || name.toLowerCase() === wanted.toLowerCase());
}

/** The values of every field named `name`, in order. */
export function headerValues(headers: HeaderPairs, name: string): string[] {
  return headers.filter(([field]) => isHeaderNamed(field, name)).map(([, value]) => value);
}

/** The first field named `name`, or undefined. */
export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  return headers.find(([field]) => isHeaderNamed(field, name))?.[1];
}

export function hasHeader(headers: HeaderPairs, name: string): boolean {
  return headers.some(([field]) => isHeaderNamed(field, name));
}

/** Every field named `name` as one comma-separated list, or undefined when there is none. */
export function headerList(headers: HeaderPairs, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length > 0 ? values.join(', ') : undefined;
}
