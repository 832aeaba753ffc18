// readability.js — the peer for HTML extraction in `make bench`: Mozilla Readability
// with jsdom, run over the same pages annalist extracts. Prints pages, bytes and seconds.
// usage: node bench/readability.js FILE...   (gzip-compressed pages are inflated first)
const fs = require('fs');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');
const pages = process.argv.slice(2).map(f => {
  const raw = fs.readFileSync(f);
  return f.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
});
let bytes = 0, chars = 0;
const t0 = process.hrtime.bigint();
let failed = 0;
for (const html of pages) {
  bytes += Buffer.byteLength(html);
  try {
    // a silent console: jsdom reports every stylesheet it cannot parse
    const dom = new JSDOM(html, { url: 'https://example.org/', virtualConsole: new VirtualConsole() });
    const article = new Readability(dom.window.document).parse();
    if (article && article.textContent) chars += article.textContent.length;
    dom.window.close();
  } catch (e) {
    failed++;   // a page jsdom or Readability cannot handle still counts its time
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ tool: 'readability+jsdom', pages: pages.length, failed, bytes, seconds: secs, chars }));
