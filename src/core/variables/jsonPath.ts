// The one place httpipe evaluates JSONPath (chained variables and `??` assertions alike).
import { JSONPath } from 'jsonpath-plus';
import { messageOf } from '../common/messageOf';

/**
 * Every match of `path` in `json`, in document order. `eval: 'safe'` evaluates filters without
 * JavaScript's eval: a .http file may come from anyone. Throws with the reason on an invalid path.
 */
export function queryJsonPath(path: string, json: unknown): unknown[] {
  try {
    return JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  } catch (error) {
    throw new Error(`JSONPath ${path} is not valid: ${messageOf(error)}`, { cause: error });
  }
}
