// The editor row of issue 17: a 5,000-request file (55,000 lines), one edit, and everything the edit
// makes the extension compute — CodeLens, diagnostics (parser's and semantic), folding, outline —
// through the extension's real providers (src/extension), loaded in plain Node on a minimal
// `vscode` shim: a typed character, and Enter (a new line, which moves every block below it). Also the
// parse alone. Judged on CPU time, medians of several edits.
import { performance } from 'node:perf_hooks';
import { median } from '../../src/core/compare/modeStatistics';
import { parseHttpFile } from '../../src/core/parser/httpFileParser';
import { bigFileRequestLine, bigHttpFile } from '../../test/support/bigHttpFile';
import { installVscodeShim, registeredProviders } from './vscodeShim';

export interface EditorFigure {
  requests: number;
  lines: number;
  edits: number;
  /** CPU time of all providers after one typed character, median over the edits. */
  editCpuMs: number;
  editWallMs: number;
  /** The same after pressing Enter in the middle of the file. */
  enterCpuMs: number;
  enterWallMs: number;
  /** parseHttpFile alone, CPU time, median. */
  parseCpuMs: number;
  lenses: number;
  problems: number;
}

const REQUESTS = 5000;
const EDITS = 15;
const WARM_UP_EDITS = 3;

function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Texts as a person typing `abc…` at the end of a header value in the middle of the file makes them. */
function typedTexts(count: number): string[] {
  const lines = bigHttpFile(REQUESTS).split('\n');
  const line = bigFileRequestLine(REQUESTS / 2) + 2;
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    lines[line] += String.fromCharCode(97 + (k % 26));
    texts.push(lines.join('\n'));
  }
  return texts;
}

/** Texts as a person pressing Enter again and again below the body of the middle request makes them. */
function enterTexts(count: number): string[] {
  const lines = bigHttpFile(REQUESTS).split('\n');
  const line = bigFileRequestLine(REQUESTS / 2) + 6;
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    lines.splice(line, 0, '');
    texts.push(lines.join('\n'));
  }
  return texts;
}

interface EditCost {
  cpuMs: number;
  wallMs: number;
  lenses: number;
  problems: number;
}

export async function measureEditor(): Promise<EditorFigure> {
  installVscodeShim();
  const { HttpCodeLensProvider } = await import('../../src/extension/codeLensProvider');
  const { HttpDiagnostics } = await import('../../src/extension/diagnostics');
  const { registerFoldingSupport } = await import('../../src/extension/languageFeatures/folding');
  const { registerDocumentSymbolSupport } =
    await import('../../src/extension/languageFeatures/documentSymbols');
  registerFoldingSupport({ language: 'http' });
  registerDocumentSymbolSupport({ language: 'http' });
  const folding = registeredProviders.get('folding')!;
  const symbols = registeredProviders.get('symbols')!;
  const codeLens = new HttpCodeLensProvider();
  const diagnostics = new HttpDiagnostics();
  let problems = 0;
  const countProblems = (
    diagnostics as unknown as { collection: { set: (uri: unknown, items: unknown[]) => void } }
  ).collection;
  countProblems.set = (_uri, items) => (problems = items.length);

  /** Runs the versions `texts` through every provider, as one document edited again and again. */
  const measureEdits = (texts: readonly string[], path: string): EditCost => {
    const uri = { scheme: 'file', fsPath: path, toString: () => `file://${path}` };
    const document = { uri, languageId: 'http', version: 0, getText: () => texts[document.version] };
    const cpu: number[] = [];
    const wall: number[] = [];
    let lenses = 0;
    for (let edit = 0; edit < texts.length; edit++) {
      document.version = edit;
      const cpuStart = cpuMs();
      const wallStart = performance.now();
      // What VS Code asks for after an edit (diagnostics after its typing delay).
      const vsDocument = document as never;
      lenses = codeLens.provideCodeLenses(vsDocument).length;
      diagnostics.refresh(vsDocument);
      folding.provideFoldingRanges(vsDocument);
      symbols.provideDocumentSymbols(vsDocument);
      if (edit < WARM_UP_EDITS) continue;
      cpu.push(cpuMs() - cpuStart);
      wall.push(performance.now() - wallStart);
    }
    return { cpuMs: median(cpu)!, wallMs: median(wall)!, lenses, problems };
  };

  const texts = typedTexts(WARM_UP_EDITS + EDITS);
  const typing = measureEdits(texts, '/nowhere/big.http');
  const enter = measureEdits(enterTexts(WARM_UP_EDITS + EDITS), '/nowhere/big-enter.http');
  const parse: number[] = [];
  for (const text of texts) {
    const start = cpuMs();
    parseHttpFile(text);
    parse.push(cpuMs() - start);
  }
  codeLens.dispose();
  diagnostics.dispose();
  return {
    requests: REQUESTS,
    edits: EDITS,
    lines: texts[0].split('\n').length,
    editCpuMs: typing.cpuMs,
    editWallMs: typing.wallMs,
    enterCpuMs: enter.cpuMs,
    enterWallMs: enter.wallMs,
    parseCpuMs: median(parse.slice(WARM_UP_EDITS))!,
    lenses: typing.lenses,
    problems: typing.problems,
  };
}
