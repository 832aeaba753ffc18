// compromise.js — the English entity-finding peer in `make bench`: compromise (npm)
// finding people, places and organizations in the English articles of the bench corpus,
// the job annalist's lexicon matching does there. Prints one JSON line: articles,
// bytes, seconds (the median of up to three passes, fewer when they
// pass 10 s, parsing included), and the mentions of
// each kind found in one pass.
// usage: node bench/compromise.js NODE_MODULES_DIR CORPUS.jsonl
const fs = require('fs');
const path = require('path');
const [modules, corpus] = process.argv.slice(2).map((a, i) => i === 0 ? path.resolve(a) : a);
// by path, require reads the package's ESM "main"; its CommonJS build is the same code
const nlp = require(path.join(modules, 'compromise', 'builds', 'three', 'compromise-three.cjs'));
const version = require(path.join(modules, 'compromise', 'package.json')).version;
const texts = fs.readFileSync(corpus, 'utf8').split('\n').filter(l => l)
  .map(l => JSON.parse(l)).filter(r => r.lang === 'en').map(r => r.text);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const found = { people: 0, places: 0, organizations: 0 };
const times = [];
for (let r = 0, total = 0; r < 3 && total < 10; r++) {
  const t0 = process.hrtime.bigint();
  for (const t of texts) {
    const doc = nlp(t);
    const people = doc.people().out('array'), places = doc.places().out('array');
    const orgs = doc.organizations().out('array');
    if (r === 0) { found.people += people.length; found.places += places.length; found.organizations += orgs.length; }
  }
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  total += times[r];
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ tool: 'compromise ' + version, articles: texts.length, bytes, seconds: times[(times.length - 1) >> 1], passes: times.length, found }));
