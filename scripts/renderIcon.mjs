// Renders the extension icon (docs/images/icon.svg) to the 128×128 PNG the Marketplace wants, at build
// time, so only the SVG is kept in git. resvg-js ships its renderer as a prebuilt binary inside its
// npm packages (one per platform), so nothing is downloaded from elsewhere at install time.
import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync } from 'node:fs';

export const ICON_SIZE = 128;

export function renderIcon(svgPath, pngPath) {
  const svg = readFileSync(svgPath, 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZE } }).render().asPng();
  writeFileSync(pngPath, png);
}
