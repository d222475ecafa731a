// How requests are named in human-readable reasons: 1-based like the numbers users see in lists.
import type { RequestSpec } from './types';

export function requestLabel(spec: Pick<RequestSpec, 'index' | 'name'>): string {
  return `#${spec.index + 1} ${spec.name}`;
}
