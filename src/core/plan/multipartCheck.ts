// A multipart body whose parts do not use the boundary named in its Content-Type is a silent
// failure: the server sees one unparseable blob. Written by hand, the two drift apart easily (a
// renamed boundary, a missing `--` prefix), so the plan says so before anything is sent.

import type { RequestBlock, SourceRange } from '../parser/model';
import { isHeaderNamed } from '../common/headerFields';

export interface MultipartProblem {
  message: string;
  range: SourceRange;
}

/** Checks a multipart request as written; a Content-Type with `{{…}}` in it is only known at send time and is skipped. */
export function multipartBoundaryProblem(request: RequestBlock): MultipartProblem | undefined {
  const header = request.headers.find((h) => isHeaderNamed(h.name, 'content-type'));
  if (!header || !/^\s*multipart\//i.test(header.value) || header.value.includes('{{')) return undefined;
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(header.value);
  if (!boundary)
    return {
      message:
        'multipart Content-Type without a boundary: add `; boundary=…` and use it as `--…` lines in the body',
      range: header.range,
    };
  const name = boundary[1] ?? boundary[2];
  const body = request.body;
  if (body?.kind !== 'inline') return undefined;
  const delimiter = `--${name}`;
  const used = body.text
    .split(/\r\n|\n|\r/)
    .some((line) => line.trimEnd() === delimiter || line.trimEnd() === `${delimiter}--`);
  return used
    ? undefined
    : {
        message: `the body has no "${delimiter}" line: the boundary in Content-Type is "${name}"`,
        range: body.range,
      };
}
