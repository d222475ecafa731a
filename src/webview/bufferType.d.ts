// The engine contract names Node's Buffer in fields the webview never receives (the host converts
// results to view models first). Declaring it as bytes lets src/webview/ import those types without
// bringing Node's typings, and with them Node APIs, into browser code.
type Buffer = Uint8Array;
