// The one internal module of @vscode/vsce that scripts/releaseCheck.ts uses (vsce ships no types for
// it): the reader `vsce publish --packagePath` opens a VSIX with.
declare module '@vscode/vsce/out/zip' {
  export function readVSIXPackage(packagePath: string): Promise<{ manifest: { version: string } }>;
}
