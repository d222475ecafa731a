// Where a file named by `import` / `# @import` / `run` is, and whether it may be read: relative to
// the naming file; in Restricted Mode (no environment access) only inside the workspace, so an
// untrusted file cannot make httpipe read other files of the machine (as for `< file` bodies).

import * as path from 'node:path';

export interface OtherFileOptions {
  /** Absolute path of the file that names the other one. */
  filePath: string;
  workspaceRoot?: string;
  allowEnvironmentAccess: boolean;
}

export function otherFilePath(
  written: string,
  options: OtherFileOptions,
): { file: string } | { refused: string } {
  const file = path.resolve(path.dirname(options.filePath), written);
  const root = options.workspaceRoot ?? path.dirname(options.filePath);
  const relative = path.relative(root, file);
  if (!options.allowEnvironmentAccess && (relative.startsWith('..') || path.isAbsolute(relative)))
    return { refused: `${file} is outside the workspace, which is not trusted: not imported or run` };
  return { file };
}
