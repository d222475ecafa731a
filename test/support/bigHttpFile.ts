// A large .http file like a long collection (named requests, file variables, headers, JSON bodies
// with dynamic variables, a reference to the previous response, an assertion; no errors or
// warnings): 11 lines a request, so 5,000 requests make the 55,000-line file of issue 17. Used by the linearity test, the editor
// bench row and the e2e step that types in a big file.

/** The text of `requests` requests; request i is named `r<i>` and its request line is bigFileRequestLine(i). */
export function bigHttpFile(requests: number): string {
  const lines = ['@host = http://127.0.0.1:8080', '@token = abc', ''];
  for (let i = 0; i < requests; i++) {
    lines.push(
      `### request ${i}`,
      `# @name r${i}`,
      `POST {{host}}/echo?i=${i}`,
      'Content-Type: application/json',
      'Authorization: Bearer {{token}}',
      i === 0 ? 'X-Previous: none' : `X-Previous: {{r${i - 1}.response.body.$.id}}`,
      '',
      `{"id": ${i}, "user": "{{$guid}}", "n": {{$randomInt 1 9}}}`,
      '',
      '?? status == 200',
      '',
    );
  }
  return lines.join('\n');
}

/** 0-based line of request i's request line in bigHttpFile's text. */
export function bigFileRequestLine(i: number): number {
  return 3 + 11 * i + 2;
}
