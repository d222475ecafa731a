// One named value from one source. The resolver picks, for each name, the definition from the
// highest-precedence source and expands `{{…}}` inside its value (unless it is literal).
import type { TextOrigin } from './variableReferences';

export interface VariableDefinition {
  name: string;
  /** Raw value; `{{…}}` references in it are resolved when it is used, unless `literal`. */
  value: string;
  /** For people: `file variable at api.http:3:1`, `environment "dev" in http-client.env.json`, `--var`. */
  source: string;
  /** Where the value text starts, to place errors inside it. */
  origin?: TextOrigin;
  /** Values that came from outside a template language (process environment, .env, responses). */
  literal?: boolean;
  /** Set by a script (`client.global.set`, httpYac `exports`) in this session. */
  fromScript?: true;
  /** `@name` for file variables, the plain name otherwise; used in cycle messages. */
  label: string;
}
