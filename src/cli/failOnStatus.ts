// `--fail-on-status 4xx,5xx,404`: which rule, if any, turns a response's status into a failure.

/** The first rule (`4xx` or `404`) that `status` falls under. */
export function rejectingRule(rules: readonly string[], status: number): string | undefined {
  const code = String(status);
  return rules.find((rule) =>
    rule.endsWith('xx') ? code.length === 3 && code[0] === rule[0] : rule === code,
  );
}
