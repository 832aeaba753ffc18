#!/usr/bin/env python3
"""seed_html.py BIN SHARED — wraps the seed article (SHARED/seed) in an HTML page built
here — navigation, header, the article, its "Lesen Sie auch" block as an aside, a
footer, og:title and article:published_time — and checks that annalist reads the same
article sentences from it as from the plain text, with the right title and date.
Prints "seed_html: N passed, N failed"; skips when SHARED is absent."""
import html, json, os, subprocess, sys, tempfile

def main():
    binary, shared = sys.argv[1], sys.argv[2]
    seed = os.path.join(shared, "seed", "000_c845f58db7da10f1.txt")
    if not os.path.exists(seed):
        print(f"skip: {seed} absent")
        print("seed_html: 0 passed, 0 failed")
        return 0
    raw = open(seed, encoding="utf-8").read()
    lines = [l for l in raw.split("\n")]
    title = lines[0].strip()
    cut = raw.index("Lesen Sie auch")
    body = [l.strip() for l in raw[len(lines[0]):cut].split("\n") if l.strip()]
    related = [l.strip()[2:] for l in raw[cut:].split("\n")[1:] if l.strip().startswith("- ")]
    page = ["<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">",
            f"<title>{html.escape(title)} | Nachrichten</title>",
            f"<meta property=\"og:title\" content=\"{html.escape(title)}\">",
            "<meta property=\"article:published_time\" content=\"2024-11-09T10:15:00+02:00\">",
            "</head><body><header><nav><ul><li><a href=\"/\">Startseite</a></li><li><a href=\"/politik\">Politik</a></li>"
            "<li><a href=\"/wirtschaft\">Wirtschaft</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav></header>",
            "<main><article>", f"<h1>{html.escape(title)}</h1>"]
    page += [f"<p>{html.escape(p)}</p>" for p in body]
    page += ["</article>", "<aside class=\"related\"><h3>Lesen Sie auch</h3><ul>"]
    page += [f"<li><a href=\"/n/{i}\">{html.escape(r)}</a></li>" for i, r in enumerate(related)]
    page += ["</ul></aside></main>", "<footer><p>© 2024 Nachrichten. Alle Rechte vorbehalten.</p>"
             "<p><a href=\"/impressum\">Impressum</a> | <a href=\"/datenschutz\">Datenschutz</a></p></footer></body></html>"]
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
        f.write("\n".join(page))
        path = f.name
    try:
        def sentences(p, extra):
            out = subprocess.run([binary, "extract", "--lang", "de", "--view", "sentences"] + extra + [p],
                                 capture_output=True, text=True).stdout
            return [l for l in out.splitlines() if not l.startswith("[boilerplate]")]
        plain = sentences(seed, [])
        from_html = sentences(path, [])
        rec = json.loads(subprocess.run([binary, "extract", "--lang", "de", path], capture_output=True, text=True).stdout)
    finally:
        os.unlink(path)
    ok = fail = 0
    def check(cond, what):
        nonlocal ok, fail
        if cond: ok += 1
        else:
            fail += 1
            print(f"FAIL seed_html: {what}")
    check(plain == from_html, "the article sentences from HTML equal those from the plain text")
    if plain != from_html:
        for a, b in zip(plain, from_html):
            if a != b:
                print(f"    text: {a}\n    html: {b}")
                break
        print(f"    {len(plain)} vs {len(from_html)} sentences")
    check(rec["title"] == title, f"title {rec['title']!r}")
    check(rec["date"] == "2024-11-09" and rec["date_source"] == "meta", f"date {rec['date']} from {rec['date_source']}")
    check(not any("Explosionen" in l or "Allukrainischen" in l for l in from_html), "no related-links headline in the text")
    check(len(rec["boilerplate"]) >= 3, "navigation, the aside and the footer are recorded as boilerplate")
    print(f"seed_html: {ok} passed, {fail} failed")
    return 1 if fail else 0

if __name__ == "__main__":
    sys.exit(main())
