// Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

export function formatTable(columns: readonly Column[], rows: readonly string[][]): string {
  return tableLines(columns, rows).join('\n');
}

/** The heading line, then one line per row. */
export function tableLines(columns: readonly Column[], rows: readonly string[][]): string[] {
  // Plain loops: a run of thousands of requests renders thousands of rows, once, in a cold process.
  const widths = columns.map((column) => column.title.length);
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const length = (row[i] ?? '').length;
      if (length > widths[i]) widths[i] = length;
    }
  }
  const line = (cells: readonly string[]): string => {
    let text = '';
    for (let i = 0; i < columns.length; i++) {
      const cell = cells[i] ?? '';
      if (i > 0) text += '  ';
      text += columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
    }
    return text.trimEnd();
  };
  const lines = [line(columns.map((c) => c.title))];
  for (const row of rows) lines.push(line(row));
  return lines;
}

/** `1502.3` for ms values, `–` when the phase did not happen. */
export function formatMs(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(1);
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
