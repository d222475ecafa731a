// Collects ParseDiagnostics while a file is parsed, so every part of the parser reports the same shape.

import type { ParseDiagnostic, Severity, SourceRange } from './model';

export class DiagnosticSink {
  readonly items: ParseDiagnostic[] = [];

  error(code: string, message: string, range: SourceRange): void {
    this.add('error', code, message, range);
  }

  warning(code: string, message: string, range: SourceRange): void {
    this.add('warning', code, message, range);
  }

  info(code: string, message: string, range: SourceRange): void {
    this.add('info', code, message, range);
  }

  private add(severity: Severity, code: string, message: string, range: SourceRange): void {
    this.items.push({ severity, code, message, range });
  }
}
