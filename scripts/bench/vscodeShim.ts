// Just enough of the `vscode` module for the editor bench row to load the extension's real
// providers (CodeLens, diagnostics, folding, outline) in plain Node: value classes that keep what
// they are given, default settings, a trusted workspace without folders, and `languages.register…`
// calls that hand the provider to the bench. What an edit costs the extension host is these
// providers' CPU time; VS Code's own work around them is not httpipe's to measure.
import Module from 'node:module';

type Provider = Record<string, (...args: unknown[]) => unknown>;

/** The providers the extension registered through the shim. */
export const registeredProviders = new Map<'folding' | 'symbols', Provider>();

const noop = (): { dispose(): void } => ({ dispose: () => undefined });

function registered(kind: 'folding' | 'symbols', provider: Provider): { dispose(): void } {
  registeredProviders.set(kind, provider);
  return noop();
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
  isEqual(other: Range): boolean {
    return (
      this.start.line === other.start.line &&
      this.start.character === other.start.character &&
      this.end.line === other.end.line &&
      this.end.character === other.end.character
    );
  }
}

class EventEmitter {
  readonly event = noop;
  fire(): void {}
  dispose(): void {}
}

/** A value class: keeps its constructor arguments, as the real ones do for the bench's purpose. */
function valueClass(): new (...args: unknown[]) => { args: unknown[] } {
  return class {
    readonly args: unknown[];
    constructor(...args: unknown[]) {
      this.args = args;
    }
  };
}

const shim = {
  Position,
  Range,
  EventEmitter,
  CodeLens: valueClass(),
  Diagnostic: valueClass(),
  DocumentSymbol: valueClass(),
  FoldingRange: valueClass(),
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
  SymbolKind: { Method: 5, Variable: 12 },
  workspace: {
    isTrusted: true,
    workspaceFolders: undefined,
    textDocuments: [],
    getWorkspaceFolder: () => undefined,
    getConfiguration: () => ({ get: (_key: string, fallback?: unknown) => fallback }),
    onDidChangeConfiguration: noop,
    onDidOpenTextDocument: noop,
    onDidChangeTextDocument: noop,
    onDidCloseTextDocument: noop,
  },
  languages: {
    createDiagnosticCollection: () => ({ set: noop, delete: noop, dispose: noop }),
    registerFoldingRangeProvider: (_selector: unknown, provider: Provider) => registered('folding', provider),
    registerDocumentSymbolProvider: (_selector: unknown, provider: Provider) =>
      registered('symbols', provider),
  },
};

/** Makes `require('vscode')` return the shim; call before loading any src/extension module. */
export function installVscodeShim(): void {
  // Module._load is Node's internal loader hook; the typings leave it out.
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? shim : load.call(this, request, ...rest);
  };
}
