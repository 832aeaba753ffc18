#!/usr/bin/env python3
"""gen_corpus.py — writes a synthetic news corpus for `make bench`.

Articles are 3–6 KB, in German and English, built from sentence templates in the genre
(diplomacy, legislation, deployments, attacks, arrests, statements) with actors, places,
dates, quotes, numbers and a related-links block at the end. Deterministic for a seed.

usage: gen_corpus.py OUTDIR N [--seed S]
writes OUTDIR/corpus.jsonl (one article per line), OUTDIR/text/NNNNNN.LANG.txt,
OUTDIR/corpus.html.jsonl (the same articles as news pages with navigation, an aside of
related links and a footer, in JSON Lines "html" records) and OUTDIR/corpus.warc.gz
(the pages as WARC response records, one gzip member each, as Common Crawl News has them)
"""
import gzip, html, io, json, os, random, sys, uuid

ACTORS = {
    "de": ["Der russische Präsident Wladimir Putin", "Bundeskanzler Friedrich Merz", "Der ukrainische Präsident Wolodymyr Selenskyj",
           "Die Regierung in Kiew", "Der Kreml", "Das Außenministerium in Peking", "Die NATO", "Die Europäische Kommission",
           "Der französische Präsident Emmanuel Macron", "Die Staatsduma", "Der Föderationsrat", "Die polnische Regierung",
           "Nordkoreanische Soldaten", "Die ukrainischen Streitkräfte", "Die russische Armee", "Der UN-Sicherheitsrat"],
    "en": ["Russian President Vladimir Putin", "German Chancellor Friedrich Merz", "Ukrainian President Volodymyr Zelensky",
           "The government in Kyiv", "The Kremlin", "China's foreign ministry", "NATO", "The European Commission",
           "French President Emmanuel Macron", "The State Duma", "The Federation Council", "Poland's government",
           "North Korean troops", "Ukraine's armed forces", "The Russian army", "The U.N. Security Council"],
}
TARGETS = {
    "de": ["mit Nordkorea", "gegen die Ukraine", "mit der Türkei", "gegen Russland", "mit Polen", "mit China", "mit den USA"],
    "en": ["with North Korea", "against Ukraine", "with Turkey", "against Russia", "with Poland", "with China", "with the United States"],
}
VERBS = {
    "de": ["hat ein Abkommen {t} unterzeichnet", "hat Gespräche {t} geführt", "kritisierte die Haltung Berlins scharf",
           "griff in der Nacht Stellungen bei Charkiw an", "hat neue Sanktionen {t} verhängt", "kündigte weitere Hilfe an",
           "hat den Vertrag in dieser Woche ratifiziert", "nahm in Minsk zwölf Demonstranten fest",
           "traf sich am Montag {t}", "warf der Regierung Wortbruch vor", "hat Truppen an die Grenze verlegt"],
    "en": ["signed an agreement {t}", "held talks {t}", "sharply criticised Berlin's stance",
           "attacked positions near Kharkiv overnight", "imposed new sanctions {t}", "announced further aid",
           "ratified the treaty this week", "detained twelve protesters in Minsk",
           "met on Monday {t}", "accused the government of breaking its word", "moved troops to the border"],
}
TAILS = {
    "de": ["Das teilte ein Sprecher am {d}. November mit.", "Nach Angaben von Beobachtern wurden {n} Menschen verletzt.",
           "„Wir werden darauf reagieren“, sagte ein Sprecher.", "Die Lage bleibt nach Angaben der Behörden angespannt.",
           "Am Wochenende sollen {n} weitere Soldaten eintreffen.", "Beobachter rechnen mit weiteren Gesprächen im Dezember."],
    "en": ["A spokesman said so on Nov. {d}.", "According to observers, {n} people were injured.",
           "\"We will respond,\" a spokesman said.", "Officials said the situation remains tense.",
           "Another {n} soldiers are due to arrive at the weekend.", "Observers expect further talks in December."],
}
RELATED = {"de": ("Lesen Sie auch", ["Angriffe auf Saporischschja", "Die wichtigsten Ereignisse vom 22. April", "Neue Gespräche in Genf"]),
           "en": ("Read more", ["Strikes on Zaporizhzhia", "The main events of April 22", "New talks in Geneva"])}

def number(lang, rng):
    n = rng.choice([12, 30, 250, 1200, 11000, 45000])
    return f"{n:,}".replace(",", ".") if lang == "de" else f"{n:,}"

def article(i, rng):
    lang = "de" if i % 2 == 0 else "en"
    parts = []
    title = rng.choice(ACTORS[lang]) + " " + rng.choice(VERBS[lang]).format(t=rng.choice(TARGETS[lang]))
    parts.append(title)
    size = rng.randint(3000, 6000)
    body = []
    while sum(len(p) for p in body) < size - 300:
        para = []
        for _ in range(rng.randint(2, 4)):
            s = rng.choice(ACTORS[lang]) + " " + rng.choice(VERBS[lang]).format(t=rng.choice(TARGETS[lang])) + ". "
            s += rng.choice(TAILS[lang]).format(d=rng.randint(1, 28), n=number(lang, rng))
            para.append(s)
        body.append(" ".join(para))
    cue, heads = RELATED[lang]
    related = cue + "\n" + "\n".join("- " + h for h in rng.sample(heads, 2))
    text = title + "\n\n" + "\n".join(body) + "\n" + related + "\n"
    return {"id": f"bench-{i:06d}", "lang": lang, "date": "2024-11-09", "title": title, "text": text}

def page(a):
    """A news page around the article: the furniture every site has."""
    paras = a["text"].split("\n")
    body, related = [], []
    for p in paras[1:]:
        if p.startswith("- "):
            related.append(p[2:])
        elif p.strip() and p.strip() not in ("Lesen Sie auch", "Read more"):
            body.append(p)
    e = html.escape
    out = [f'<!DOCTYPE html><html lang="{a["lang"]}"><head><meta charset="utf-8"><title>{e(a["title"])} | Wire</title>',
           f'<meta property="og:title" content="{e(a["title"])}"><meta property="og:site_name" content="Wire">',
           f'<meta property="article:published_time" content="{a["date"]}T08:00:00Z">',
           f'<link rel="canonical" href="https://wire.example/{a["id"]}"></head><body>',
           '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>',
           '<div class="cookie-banner">We use cookies. <button>Accept</button></div>',
           f'<main><article><h1>{e(a["title"])}</h1><p class="byline">By Wire staff</p>']
    out += [f"<p>{e(p)}</p>" for p in body]
    out += ['</article><aside class="related"><h3>Related</h3><ul>']
    out += [f'<li><a href="/r/{i}">{e(r)}</a></li>' for i, r in enumerate(related)]
    out += ['</ul></aside></main><footer><p>© 2024 Wire</p><a href="/imprint">Imprint</a></footer></body></html>']
    return "\n".join(out)

def warc_record(a, doc):
    body = doc.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
            str(len(body)).encode() + b"\r\n\r\n" + body)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: {a['date']}T09:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'https://wire.example/' + a['id'])}>\r\n"
            f"WARC-Target-URI: https://wire.example/{a['id']}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as g:
        g.write(head + http + b"\r\n\r\n")
    return buf.getvalue()

def main():
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "text"), exist_ok=True)
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as j, \
         open(os.path.join(out, "corpus.html.jsonl"), "w", encoding="utf-8") as h, \
         open(os.path.join(out, "corpus.warc.gz"), "wb") as w:
        for i in range(n):
            a = article(i, rng)
            j.write(json.dumps(a, ensure_ascii=False) + "\n")
            doc = page(a)
            h.write(json.dumps({"id": a["id"], "lang": a["lang"], "date": a["date"], "html": doc}, ensure_ascii=False) + "\n")
            w.write(warc_record(a, doc))
            with open(os.path.join(out, "text", f"{i:06d}.{a['lang']}.txt"), "w", encoding="utf-8") as t:
                t.write(a["text"])

if __name__ == "__main__":
    main()
