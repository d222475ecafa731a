// The one place the extension bundle imports the 'vscode' module from; see oneVscodeNamespace in
// scripts/build.mjs for why every other `import ... from 'vscode'` is routed here.
export * from 'vscode';
