// franc.mjs — the npm language-ID peer in `make bench`: franc over the same sentences
// as bench/langid_bench.c (SHARED/eval/langid/sentences/<lang>.txt, one per line), with
// the same 15 candidate languages annalist chooses among. Prints one JSON line:
// sentences, correct, and sentences/s as the median of three passes.
// usage: node bench/franc.mjs NODE_MODULES_DIR SENTENCES_DIR
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, dir] = process.argv.slice(2);
const { franc } = await import(pathToFileURL(path.join(modules, 'franc', 'index.js')).href);
const version = JSON.parse(fs.readFileSync(path.join(modules, 'franc', 'package.json'), 'utf8')).version;
// franc speaks ISO 639-3; Arabic is its Standard Arabic, Serbian its Cyrillic Serbian
const codes = { de: 'deu', en: 'eng', uk: 'ukr', ru: 'rus', fr: 'fra', es: 'spa', it: 'ita', pl: 'pol',
  nl: 'nld', ar: 'arb', tr: 'tur', be: 'bel', bg: 'bul', kk: 'kaz', sr: 'srp' };
const only = Object.values(codes);
const sentences = [];
for (const [lang, code] of Object.entries(codes)) {
  const file = path.join(dir, lang + '.txt');
  if (!fs.existsSync(file)) continue;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const s = line.replace(/\r$/, '');
    if (s) sentences.push([s, code]);
  }
}
let correct = 0;
for (const [s, code] of sentences) if (franc(s, { only }) === code) correct++;
const rates = [];
for (let r = 0; r < 3; r++) {
  const t0 = process.hrtime.bigint();
  for (const [s] of sentences) franc(s, { only });
  rates.push(sentences.length / (Number(process.hrtime.bigint() - t0) / 1e9));
}
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ tool: 'franc ' + version, sentences: sentences.length, correct,
  accuracy: correct / sentences.length, sentences_per_s: Math.round(rates[1]) }));
