// System ("dynamic") variables that need nothing but the clock and randomness, in both dialects:
// REST Client: `$guid`, `$timestamp [offset]`, `$datetime iso8601|rfc1123|"format" [offset]`,
//              `$localDatetime …`, `$randomInt min max` (max exclusive).
// JetBrains:   `$uuid`, `$timestamp`, `$isoTimestamp`, `$randomInt` (0–1000), `$random.uuid`,
//              `$random.integer(from, to)`, `$random.float(from, to)`, `$random.alphabetic(n)`,
//              `$random.alphanumeric(n)`, `$random.hexadecimal(n)`, `$random.numeric(n)`, `$random.email`.
// `$processEnv`, `$dotenv` and `$shared` read outside sources and live in the resolver.
// Token variables that need a sign-in flow (REST Client's `$aadToken`, JetBrains' `$auth.token`)
// are not supported: they are named as such, so the message is not a puzzling "unknown variable".

import { randomInt, randomUUID } from 'node:crypto';
import {
  addOffset,
  formatDate,
  isOffsetUnit,
  isoDate,
  rfc1123Date,
  OFFSET_UNITS,
  type Zone,
} from './dateFormat';

type Generator = (args: string[], now: Date) => string;

const GENERATORS: Record<string, Generator> = {
  $guid: () => randomUUID(),
  $uuid: () => randomUUID(),
  '$random.uuid': () => randomUUID(),
  $timestamp: (args, now) => String(Math.floor(withOffset(now, args, '$timestamp').getTime() / 1000)),
  $isoTimestamp: (_args, now) => now.toISOString(),
  $datetime: (args, now) => dateTime(args, now, 'utc', '$datetime'),
  $localDatetime: (args, now) => dateTime(args, now, 'local', '$localDatetime'),
  $randomInt: (args) => {
    if (args.length === 0) return String(randomInt(0, 1001));
    const [min, max] = integers(args, 2, '$randomInt min max');
    return String(between(min, max, '$randomInt'));
  },
  '$random.integer': (args) => {
    const [from, to] = args.length === 0 ? [0, 1000] : integers(args, 2, '$random.integer(from, to)');
    return String(between(from, to, '$random.integer'));
  },
  '$random.float': (args) => {
    const [from, to] = args.length === 0 ? [0, 1000] : numbers(args, 2, '$random.float(from, to)');
    return String(from + Math.random() * (to - from));
  },
  '$random.alphabetic': (args) =>
    randomText(args, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '$random.alphabetic'),
  '$random.alphanumeric': (args) =>
    randomText(
      args,
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
      '$random.alphanumeric',
    ),
  '$random.hexadecimal': (args) => randomText(args, '0123456789abcdef', '$random.hexadecimal'),
  '$random.numeric': (args) => randomText(args, '0123456789', '$random.numeric'),
  '$random.email': () => `${randomText(['10'], 'abcdefghijklmnopqrstuvwxyz0123456789', '')}@example.com`,
};

/** Peer tools' variables httpipe knows of and does not provide, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  $aadToken: "REST Client's Azure AD token",
  $aadV2Token: "REST Client's Azure AD token",
  '$auth.token': "JetBrains' OAuth 2.0 token",
  '$auth.idToken': "JetBrains' OAuth 2.0 ID token",
};

/** Why `name` cannot be resolved: not supported (by name) or unknown. */
export function unknownDynamicVariableMessage(name: string): string {
  const what = Object.hasOwn(UNSUPPORTED, name) ? UNSUPPORTED[name] : undefined;
  if (what)
    return `${name} (${what}) is not supported by httpipe: get the token yourself and pass it with --var, a file variable or an environment`;
  return `${name} is not a known dynamic variable`;
}

export interface DynamicCall {
  name: string;
  args: string[];
}

/**
 * Splits `$name arg arg` and `$name(arg, arg)`; quoted arguments keep their spaces (without quotes).
 * The name is everything up to the first space or parenthesis.
 */
export function parseDynamicCall(expression: string): DynamicCall {
  const call = /^(\$[^\s(]+)\s*\((.*)\)\s*$/.exec(expression);
  if (call) {
    const inner = call[2].trim();
    return { name: call[1], args: inner === '' ? [] : inner.split(',').map((arg) => unquote(arg.trim())) };
  }
  const tokens = expression.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return { name: tokens[0] ?? '', args: tokens.slice(1).map(unquote) };
}

export function isDynamicVariable(name: string): boolean {
  return Object.hasOwn(GENERATORS, name);
}

export const DYNAMIC_VARIABLE_NAMES: readonly string[] = Object.keys(GENERATORS);

/** Throws an Error saying what is wrong (unknown name, bad arguments); the caller adds the place. */
export function evaluateDynamicVariable(call: DynamicCall, now: Date): string {
  const generate = Object.hasOwn(GENERATORS, call.name) ? GENERATORS[call.name] : undefined;
  if (!generate) throw new Error(unknownDynamicVariableMessage(call.name));
  return generate(call.args, now);
}

function dateTime(args: string[], now: Date, zone: Zone, name: string): string {
  const [format, ...offset] = args;
  if (format === undefined) throw new Error(`${name} needs a format: iso8601, rfc1123 or "a day.js format"`);
  const date = withOffset(now, offset, name);
  if (format === 'iso8601') return isoDate(date, zone);
  if (format === 'rfc1123') return rfc1123Date(date, zone);
  return formatDate(date, format, zone);
}

/** `[]` or `[amount, unit]`, e.g. `-1 d`. */
function withOffset(now: Date, args: string[], name: string): Date {
  if (args.length === 0) return now;
  const [amount, unit] = args;
  if (args.length !== 2 || !/^[+-]?\d+$/.test(amount) || !isOffsetUnit(unit)) {
    throw new Error(
      `${name} offset is written \`<integer> <unit>\`, unit one of ${OFFSET_UNITS.join(' ')} (got "${args.join(' ')}")`,
    );
  }
  return addOffset(now, Number(amount), unit);
}

function integers(args: string[], count: number, usage: string): number[] {
  const values = numbers(args, count, usage);
  if (!values.every(Number.isSafeInteger)) throw new Error(`write it as ${usage} with whole numbers`);
  return values;
}

function numbers(args: string[], count: number, usage: string): number[] {
  const values = args.map(Number);
  if (args.length !== count || values.some((v, k) => args[k] === '' || !Number.isFinite(v))) {
    throw new Error(`write it as ${usage} (got "${args.join(' ')}")`);
  }
  return values;
}

/** min inclusive, max exclusive, as REST Client and JetBrains document. */
function between(min: number, max: number, name: string): number {
  if (max <= min) throw new Error(`${name}: the maximum (${max}) must be greater than the minimum (${min})`);
  return randomInt(min, max);
}

function randomText(args: string[], alphabet: string, name: string): string {
  const [length] = args.length === 0 ? [10] : integers(args, 1, `${name}(length)`);
  if (length < 0 || length > 100_000) throw new Error(`${name}: length must be between 0 and 100000`);
  let text = '';
  for (let k = 0; k < length; k++) text += alphabet[randomInt(alphabet.length)];
  return text;
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) && text.length >= 2 ? text.slice(1, -1) : text;
}
