// One synchronous HTTP request for the fake UrlFetchApp: reads {url, method, headers, body} as JSON on
// stdin, does the request with Node's fetch, prints {status, headers, body} as JSON on stdout.
// Apps Script's UrlFetchApp.fetch blocks, so the fake runs this file with execFileSync.
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', async () => {
  const req = JSON.parse(input);
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.bodyBase64 !== undefined ? Buffer.from(req.bodyBase64, 'base64') : req.body,
      redirect: 'follow',
    });
    const body = await res.text();
    const headers = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    process.stdout.write(JSON.stringify({ status: res.status, headers: headers, body: body }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e.cause ? e.cause.message || e.cause : e.message) }));
  }
});
