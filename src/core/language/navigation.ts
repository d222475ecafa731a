// Hover and go-to-definition on `{{…}}` references and request methods.

import type { Position, SourceRange } from '../parser/model';
import { describeVariable } from '../variables/describeVariable';
import { parseDynamicCall } from '../variables/dynamicVariables';
import type { VariableDefinition } from '../variables/variableDefinition';
import { contains, span, type HttpDocument, type ReferenceOccurrence } from './httpDocument';
import type { LanguageContext } from './languageContext';
import { describeMethod } from './methodFacts';
import { classifyReference, systemVariableDoc } from './variableCatalog';

export interface HoverInfo {
  /** Markdown. */
  markdown: string;
  range: SourceRange;
}

/** Longer values are cut in hovers: a pasted JWT or JSON document would bury the source line. */
const MAX_SHOWN_VALUE = 300;

export function hoverAt(
  document: HttpDocument,
  position: Position,
  context: LanguageContext,
): HoverInfo | undefined {
  const occurrence = document.referenceAt(position);
  if (occurrence)
    return { markdown: describeReference(occurrence, document, context), range: occurrence.range };
  const method = methodAt(document, position);
  if (method) return { markdown: describeMethod(method.method), range: method.range };
  return undefined;
}

export interface DefinitionTarget {
  /** Absolute path of another file (an env file); undefined for the .http file itself. */
  file?: string;
  range: SourceRange;
}

export function definitionAt(
  document: HttpDocument,
  position: Position,
  context: LanguageContext,
): DefinitionTarget | undefined {
  const occurrence = document.referenceAt(position);
  if (!occurrence) return undefined;
  const kind = classifyReference(occurrence.expression, context.variables);
  if (kind.kind === 'request') {
    const request = document.parsed.requests[kind.index];
    return { range: request.nameRange ?? request.requestLineRange };
  }
  if (kind.kind === 'variable') return definitionTarget(kind.definition, document, context);
  if (kind.kind === 'system' && kind.name === '$shared') {
    const shared = context.variables.sources.shared.get(
      parseDynamicCall(occurrence.expression).args[0] ?? '',
    );
    return shared && definitionTarget(shared, document, context);
  }
  return undefined;
}

function definitionTarget(
  definition: VariableDefinition,
  document: HttpDocument,
  context: LanguageContext,
): DefinitionTarget | undefined {
  if (isFileVariable(definition, context)) {
    // The last definition in the file wins (as in the resolver), so that is where the value comes from.
    const written = document.parsed.variables.filter((variable) => variable.name === definition.name).pop();
    return written && { range: written.nameRange };
  }
  if (!definition.origin) return undefined; // `--var`, or a value whose place in its file was not found
  const { start } = definition.origin;
  return { file: definition.origin.file, range: { start, end: start } };
}

function isFileVariable(definition: VariableDefinition, context: LanguageContext): boolean {
  return context.variables.fileVariables.get(definition.name) === definition;
}

function describeReference(
  occurrence: ReferenceOccurrence,
  document: HttpDocument,
  context: LanguageContext,
): string {
  const expression = occurrence.expression;
  const heading = `\`{{${expression}}}\``;
  const kind = classifyReference(expression, context.variables);
  const described = describeVariable(expression, context.variables);
  const lines = [heading, ''];
  switch (kind.kind) {
    case 'variable': {
      lines.push(valueLine(described.value, described.problem), '');
      if (isFileVariable(kind.definition, context)) {
        const written = document.parsed.variables
          .filter((variable) => variable.name === kind.definition.name)
          .pop();
        lines.push(
          `file variable \`@${kind.definition.name}\`${written ? ` at line ${written.range.start.line + 1}` : ''}`,
        );
      } else {
        lines.push(kind.definition.source);
      }
      break;
    }
    case 'system': {
      const doc = systemVariableDoc(kind.name);
      if (doc) lines.push(doc, '');
      const dynamic = !['$processEnv', '$dotenv', '$shared'].includes(kind.name);
      lines.push(
        dynamic && described.value !== undefined
          ? `for example \`${shown(described.value)}\` (a new value for every request)`
          : valueLine(described.value, described.problem),
      );
      lines.push('', described.source);
      break;
    }
    case 'request': {
      const request = document.parsed.requests[kind.index];
      const { part, section, selector } = kind.reference;
      const what =
        section === 'headers'
          ? `the ${selector || '…'} header`
          : selector === '*'
            ? 'the whole body'
            : `JSONPath \`${selector || '…'}\` of the body`;
      lines.push(
        `${what} of the ${part} of request '${kind.reference.requestName}' (line ${request.requestLineRange.start.line + 1})`,
        '',
        `Known when this request runs: it is sent only after '${kind.reference.requestName}' has been answered, so in pipelined mode the pipeline waits here (a barrier).`,
      );
      break;
    }
    case 'unknown-request':
      lines.push(`there is no request named '${kind.reference.requestName}' in this file`);
      break;
    case 'unknown':
      lines.push(
        `not defined: ${described.source}; define it with \`@${kind.name} = value\` or in an environment`,
      );
      break;
    case 'unknown-system':
      lines.push(`${kind.name} is not a known dynamic variable`);
      break;
    case 'empty':
      lines.push('empty reference: write a name between the braces');
      break;
  }
  return lines.join('\n');
}

function valueLine(value: string | undefined, problem: string | undefined): string {
  if (value !== undefined) return `= \`${shown(value)}\``;
  return `no value: ${problem ?? 'unknown'}`;
}

function shown(value: string): string {
  const cut = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
  // Inline code cannot hold a backtick or a line break.
  return cut.replace(/`/g, 'ˋ').replace(/\r?\n|\r/g, '⏎');
}

function methodAt(
  document: HttpDocument,
  position: Position,
): { method: string; range: SourceRange } | undefined {
  const request = document.requestWithRequestLine(position.line);
  if (!request) return undefined;
  const text = document.lines[position.line] ?? '';
  const token = /^(\s*)(\S+)/.exec(text);
  if (!token || token[2].toUpperCase() !== request.method) return undefined;
  const range = span(position.line, token[1].length, token[1].length + token[2].length);
  return contains(range, position) ? { method: request.method, range } : undefined;
}
