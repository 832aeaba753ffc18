/* test_html.c — unit tests of the HTML reader: charset decoding (charset.c), the
 * tokenizer and tree builder (html.c), and main-text extraction (extract.c), including
 * the golden pages in test/spec/html and pathological inputs under a time limit.
 *
 * Usage: test_html [SPEC_DIR [CUES_FILE]]     (defaults: test/spec/html lang/boilerplate.txt)
 *        test_html --print FILE                 prints what is extracted from FILE
 * Each golden page ends with a comment "<!--EXPECT … -->" holding lines
 *   title: T | date: YYYY-MM-DD SOURCE | lang: L | site: S | author: A | url: U |
 *   charset: NAME | warning: STATUS | dropped: KIND PREFIX | absent: PHRASE |
 *   text: (then the exact extracted text up to the end of the comment) */
#include "ingest/html.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int passed, failed;
#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (cond) passed++;                                                                  \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); }  \
    } while (0)
#define CHECK_MSG(cond, ...)                                                                 \
    do {                                                                                     \
        if (cond) passed++;                                                                  \
        else { failed++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } \
    } while (0)

static an_html_cues *cues;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static bool read_file(const char *path, an_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) an_buf_append(out, chunk, k);
    fclose(f);
    return true;
}

static an_status extract(const char *html, size_t n, const char *hint, an_extracted *x)
{
    an_html_options o = { 0 };
    o.charset_hint = hint;
    o.cues = cues;
    an_error err = { 0 };
    return an_html_extract(html, n, &o, x, &err);
}

static an_status extract_s(const char *html, an_extracted *x) { return extract(html, strlen(html), NULL, x); }

static bool has(const an_extracted *x, const char *s) { return x->text.p && strstr(x->text.p, s) != NULL; }

static bool has_warning(const an_extracted *x, an_status code)
{
    for (size_t i = 0; i < x->n_warnings; i++)
        if (x->warnings[i].code == code) return true;
    return false;
}

/* ---- charset ---------------------------------------------------------------------- */

static void test_charset(void)
{
    char out[32];
    an_charset_canonical("ISO-8859-1", 10, out, sizeof out);
    CHECK(strcmp(out, "windows-1252") == 0);
    an_charset_canonical(" \"UTF8\"", 7, out, sizeof out);
    CHECK(strcmp(out, "utf-8") == 0);
    an_charset_canonical("CP1251", 6, out, sizeof out);
    CHECK(strcmp(out, "windows-1251") == 0);
    an_charset_canonical("koi8r", 5, out, sizeof out);
    CHECK(strcmp(out, "koi8-r") == 0);

    const char *m1 = "<html><head><meta charset=\"windows-1251\"></head>";
    CHECK(an_charset_from_meta(m1, strlen(m1), out, sizeof out) && strcmp(out, "windows-1251") == 0);
    const char *m2 = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\">";
    CHECK(an_charset_from_meta(m2, strlen(m2), out, sizeof out) && strcmp(out, "koi8-r") == 0);
    const char *m3 = "<!-- <meta charset=koi8-r> --><p>kein meta</p>";
    CHECK(!an_charset_from_meta(m3, strlen(m3), out, sizeof out));

    /* windows-1251 declared and right: "Київ" */
    const char cp1251[] = "<meta charset=windows-1251><p>\xCA\xE8\xBF\xE2 \xF2\xE0 \xEC\xE8\xF0</p>";
    an_extracted x;
    CHECK(extract(cp1251, sizeof cp1251 - 1, NULL, &x) == AN_OK);
    CHECK(has(&x, "Київ та мир"));
    CHECK(x.charset.converted && strcmp(x.charset.name, "windows-1251") == 0);
    CHECK(!has_warning(&x, AN_BAD_CHARSET));
    an_extracted_free(&x);

    /* KOI8-R with no declaration: "Москва сегодня" */
    const char koi[] = "<p>\xED\xCF\xD3\xCB\xD7\xC1 \xD3\xC5\xC7\xCF\xC4\xCE\xD1 \xDA\xC1\xD1\xD7\xC9\xCC\xC1 \xCF \xD0\xCF\xC4\xC4\xC5\xD2\xD6\xCB\xC5</p>";
    CHECK(extract(koi, sizeof koi - 1, NULL, &x) == AN_OK);
    CHECK_MSG(has(&x, "Москва сегодня заявила о поддержке"), "koi8 got: %s", x.text.p);
    CHECK(strcmp(x.charset.name, "koi8-r") == 0 && has_warning(&x, AN_BAD_CHARSET));
    an_extracted_free(&x);

    /* the HTTP hint says windows-1252, the bytes are windows-1251 Cyrillic */
    const char wrong[] = "<p>\xCC\xEE\xF1\xEA\xE2\xE0 \xF1\xE5\xE3\xEE\xE4\xED\xFF \xE7\xE0\xFF\xE2\xE8\xEB\xE0</p>";
    CHECK(extract(wrong, sizeof wrong - 1, "ISO-8859-1", &x) == AN_OK);
    CHECK_MSG(has(&x, "Москва сегодня заявила"), "1251 got: %s", x.text.p);
    CHECK(strcmp(x.charset.declared, "windows-1252") == 0 && has_warning(&x, AN_BAD_CHARSET));
    an_extracted_free(&x);

    /* declared windows-1251, but the bytes are valid UTF-8 */
    const char *u8 = "<meta charset=\"windows-1251\"><p>Зеленський заявив про нові санкції.</p>";
    CHECK(extract_s(u8, &x) == AN_OK);
    CHECK(has(&x, "Зеленський заявив"));
    CHECK(strcmp(x.charset.name, "utf-8") == 0 && x.charset.source == AN_CHARSET_SNIFF && has_warning(&x, AN_BAD_CHARSET));
    an_extracted_free(&x);

    /* windows-1252 German with a meta declaration: "Präsident Müller" */
    const char lat[] = "<meta charset=iso-8859-1><p>Pr\xE4sident M\xFCller sagte \x84Nein\x93.</p>";
    CHECK(extract(lat, sizeof lat - 1, NULL, &x) == AN_OK);
    CHECK_MSG(has(&x, "Präsident Müller sagte „Nein“."), "latin got: %s", x.text.p);
    an_extracted_free(&x);

    /* UTF-8 with a few invalid bytes: kept as UTF-8, bytes replaced, a warning */
    const char bad[] = "<p>Kyjiw \xFF meldet Angriffe auf die Energieinfrastruktur \xC3 im Osten.</p><p>Länger ist gut.</p>";
    CHECK(extract(bad, sizeof bad - 1, NULL, &x) == AN_OK);
    CHECK(has(&x, "Kyjiw \xEF\xBF\xBD meldet"));
    CHECK(has_warning(&x, AN_BAD_UTF8) && strcmp(x.charset.name, "utf-8") == 0);
    an_extracted_free(&x);

    /* BOM: offsets still index the input */
    const char bom[] = "\xEF\xBB\xBF<p>Mit BOM.</p>";
    CHECK(extract(bom, sizeof bom - 1, NULL, &x) == AN_OK);
    CHECK(strcmp(x.text.p, "Mit BOM.") == 0);
    CHECK(x.n_runs == 1 && memcmp(bom + x.runs[0].src_start, "Mit BOM.", 8) == 0);
    an_extracted_free(&x);

    /* UTF-16LE with BOM */
    const char u16[] = "\xFF\xFE<\0p\0>\0H\0i\0\x16\x04<\0/\0p\0>\0";
    CHECK(extract(u16, sizeof u16 - 1, NULL, &x) == AN_OK);
    CHECK_MSG(x.text.p && strcmp(x.text.p, "HiЖ") == 0, "utf16 got: %s", x.text.p);
    an_extracted_free(&x);
}

/* ---- tokenizer and tree --------------------------------------------------------------- */

static uint32_t count_tag(const an_html_doc *d, an_tag t)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < d->n_nodes; i++) k += d->nodes[i].tag == t && d->nodes[i].kind == AN_NODE_ELEMENT;
    return k;
}

static void test_tree(void)
{
    /* tag_lookup's binary search needs the tag list in strcmp order */
    bool sorted = true;
    for (int t = 2; t < AN_TAG_UNKNOWN; t++)
        sorted &= strcmp(an_html_tag_name((an_tag)(t - 1)), an_html_tag_name((an_tag)t)) < 0;
    CHECK(sorted);
    an_html_doc d;
    const char *s = "<P CLASS=lead>one<p>two<ul><li>a<li>b</ul><div><span>x</div>y";
    CHECK(an_html_parse(s, strlen(s), &d) == AN_OK);
    CHECK(count_tag(&d, AN_TAG_p) == 2 && count_tag(&d, AN_TAG_li) == 2);
    /* the second <p> is a sibling of the first, not its child */
    uint32_t p1 = 0, p2 = 0;
    for (uint32_t i = 1; i < d.n_nodes; i++)
        if (d.nodes[i].tag == AN_TAG_p) { if (!p1) p1 = i; else p2 = i; }
    CHECK(p1 && p2 && d.nodes[p1].parent == d.nodes[p2].parent);
    an_span cls = an_html_attr_get(&d, p1, AN_ATTR_class);
    CHECK(cls.n == 4 && memcmp(cls.p, "lead", 4) == 0);
    /* <li><li>: siblings */
    uint32_t l1 = 0, l2 = 0;
    for (uint32_t i = 1; i < d.n_nodes; i++)
        if (d.nodes[i].tag == AN_TAG_li) { if (!l1) l1 = i; else l2 = i; }
    CHECK(d.nodes[l1].parent == d.nodes[l2].parent);
    an_html_doc_free(&d);

    /* script content is raw: the '<p>' inside is not an element */
    s = "<script>var a = '<p>x</p>'; if (a<b) {}</script><p>real</p>";
    CHECK(an_html_parse(s, strlen(s), &d) == AN_OK);
    CHECK(count_tag(&d, AN_TAG_p) == 1 && count_tag(&d, AN_TAG_script) == 1);
    an_html_doc_free(&d);

    /* comments, doctype, CDATA, processing instructions, a literal '<' */
    s = "<!DOCTYPE html><!-- <p>no</p> --><?xml x?><![CDATA[<p>no</p>]]><p>a < b</p>";
    CHECK(an_html_parse(s, strlen(s), &d) == AN_OK);
    CHECK(count_tag(&d, AN_TAG_p) == 1);
    an_html_doc_free(&d);

    /* attributes: unquoted, single-quoted, valueless, '>' inside quotes */
    s = "<a href='x>y' hidden id=main class = \"c d\">t</a>";
    CHECK(an_html_parse(s, strlen(s), &d) == AN_OK);
    CHECK(d.n_nodes == 3);
    an_span href = an_html_attr_get(&d, 1, AN_ATTR_href), id = an_html_attr_get(&d, 1, AN_ATTR_id);
    CHECK(href.n == 3 && memcmp(href.p, "x>y", 3) == 0 && id.n == 4 && memcmp(id.p, "main", 4) == 0);
    CHECK(an_html_attr_get(&d, 1, AN_ATTR_hidden).p != NULL);
    cls = an_html_attr_get(&d, 1, AN_ATTR_class);
    CHECK(cls.n == 3 && memcmp(cls.p, "c d", 3) == 0);
    an_html_doc_free(&d);

    /* end tags do not close past a table cell */
    s = "<div><table><tr><td><span>a</div>b</td></tr></table>c</div>";
    CHECK(an_html_parse(s, strlen(s), &d) == AN_OK);
    uint32_t td = 0;
    for (uint32_t i = 1; i < d.n_nodes; i++) if (d.nodes[i].tag == AN_TAG_td) td = i;
    uint32_t b_text = 0;
    for (uint32_t i = 1; i < d.n_nodes; i++)
        if (d.nodes[i].kind == AN_NODE_TEXT && d.nodes[i].end - d.nodes[i].start == 1 && s[d.nodes[i].start] == 'b') b_text = i;
    bool inside = false;
    for (uint32_t a = d.nodes[b_text].parent; a; a = d.nodes[a].parent) inside |= a == td;
    CHECK(td && b_text && inside);
    an_html_doc_free(&d);

    /* input ending inside a tag or a comment */
    const char *cut[] = { "<p>text<a href=\"x", "<p>text<!-- never closed", "<p>text</p", "<", "<p", "&#x",
                          "<script>never closed", "<p class='a" };
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        CHECK(an_html_parse(cut[i], strlen(cut[i]), &d) == AN_OK);
        an_html_doc_free(&d);
    }
}

static void test_text(void)
{
    an_buf b = { 0 };
    bool sp = false;
    const char *s = "  A&amp;B &lt;x&gt; &quot;q&quot; &nbsp;&euro;&#8364;&#x20AC; &#150; caf&eacute; &copy &bogus; &amp\n\t end";
    CHECK(an_html_text_append(&b, s, strlen(s), true, &sp) > 0);
    CHECK_MSG(strcmp(b.p, " A&B <x> \"q\" €€€ – café © &bogus; & end") == 0, "got '%s'", b.p);
    b.n = 0;
    sp = false;
    s = "soft&shy;hyphen zero\xE2\x80\x8Bwidth a\xC2\xA0" "b";
    an_html_text_append(&b, s, strlen(s), true, &sp);
    CHECK_MSG(strcmp(b.p, "softhyphen zerowidth a b") == 0, "got '%s'", b.p);
    b.n = 0;
    sp = false;
    s = "line 1\n  line 2";
    an_html_text_append(&b, s, strlen(s), false, &sp);
    CHECK(strcmp(b.p, "line 1\n  line 2") == 0);
    CHECK(an_html_attr_text(AN_SPAN_LIT("  Titel &amp; mehr  "), &b) == AN_OK && strcmp(b.p, "Titel & mehr") == 0);
    an_buf_free(&b);
}

/* ---- extraction ------------------------------------------------------------------------ */

static void check_runs(const char *html, const an_extracted *x)
{
    /* every run lies inside the text and the source, in order */
    bool ok = true;
    size_t src_n = x->charset.converted ? x->source.n : strlen(html);
    for (size_t i = 0; i < x->n_runs; i++) {
        const an_html_run *r = &x->runs[i];
        ok &= r->start <= r->end && r->end <= x->text.n && r->src_start <= r->src_end && r->src_end <= src_n;
        if (i) ok &= r->start >= x->runs[i - 1].end;
    }
    CHECK(ok);
    for (size_t i = 0; i < x->n_dropped; i++)
        CHECK(x->dropped[i].src_start < x->dropped[i].src_end && x->dropped[i].src_end <= src_n);
}

static void test_extract(void)
{
    an_extracted x;
    /* no <html>, no <body>, truncated */
    CHECK(extract_s("<title>Nur Titel</title><p>Erster Absatz ohne Body-Element und ohne Ende", &x) == AN_OK);
    CHECK_MSG(strcmp(x.text.p, "Nur Titel\n\nErster Absatz ohne Body-Element und ohne Ende") == 0, "got '%s'", x.text.p);
    CHECK(x.body_start == strlen("Nur Titel\n\n"));
    an_extracted_free(&x);

    /* empty and markup-only pages */
    CHECK(extract_s("", &x) == AN_EMPTY);
    an_extracted_free(&x);
    CHECK(extract_s("<html><script>x()</script></html>", &x) == AN_EMPTY);
    an_extracted_free(&x);

    /* <br> breaks lines, <pre> keeps white space */
    CHECK(extract_s("<body><p>eins<br>zwei<br/>  drei</p><pre>a  b\n c</pre></body>", &x) == AN_OK);
    CHECK_MSG(strcmp(x.text.p, "eins\nzwei\ndrei\n\na  b\n c") == 0, "got '%s'", x.text.p);
    check_runs("<body><p>eins<br>zwei<br/>  drei</p><pre>a  b\n c</pre></body>", &x);
    an_extracted_free(&x);

    /* a run maps text back to its source bytes */
    const char *src = "<html><body><article><p>Der Präsident sprach lange über die Lage im Land, über Sanktionen, Waffen und Verhandlungen.</p></article></body></html>";
    CHECK(extract_s(src, &x) == AN_OK);
    CHECK(x.n_runs == 1 && memcmp(src + x.runs[0].src_start, "Der Präsident", strlen("Der Präsident")) == 0);
    CHECK(x.runs[0].start == 0 && memcmp(x.text.p, "Der Präsident", strlen("Der Präsident")) == 0);
    an_extracted_free(&x);

    /* dates from JSON-LD, a <time>, a dateline, the URL */
    CHECK(extract_s("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
                    "\"headline\":\"Schlagzeile \\u00fcber alles\",\"datePublished\":\"2024-11-08T10:00:00Z\","
                    "\"author\":{\"@type\":\"Person\",\"name\":\"Anna Beispiel\"},\"publisher\":{\"name\":\"Beispielblatt\"}}</script>"
                    "<p>Text.</p>", &x) == AN_OK);
    CHECK(strcmp(x.date, "2024-11-08") == 0 && x.date_source == AN_DATE_JSONLD);
    CHECK(strcmp(x.title.p, "Schlagzeile über alles") == 0);
    CHECK(x.author.p && strcmp(x.author.p, "Anna Beispiel") == 0 && x.site.p && strcmp(x.site.p, "Beispielblatt") == 0);
    an_extracted_free(&x);
    CHECK(extract_s("<article><time datetime=\"2023-02-24\">24. Februar</time><p>Text.</p></article>", &x) == AN_OK);
    CHECK(strcmp(x.date, "2023-02-24") == 0 && x.date_source == AN_DATE_TEXT);
    an_extracted_free(&x);
    CHECK(extract_s("<div class=date>9 листопада 2024, 14:35</div><p>Текст новини про події дня.</p>", &x) == AN_OK);
    CHECK(strcmp(x.date, "2024-11-09") == 0 && x.date_source == AN_DATE_TEXT);
    an_extracted_free(&x);
    CHECK(extract_s("<p>Опубликовано 7 ноября 2024</p><p>Текст.</p>", &x) == AN_OK);
    CHECK(strcmp(x.date, "2024-11-07") == 0);
    an_extracted_free(&x);
    CHECK(extract_s("<p>Published November 5, 2024</p><p>Text.</p>", &x) == AN_OK);
    CHECK(strcmp(x.date, "2024-11-05") == 0);
    an_extracted_free(&x);
    {
        an_html_options o = { 0 };
        o.url = AN_SPAN_LIT("https://example.com/news/2022/03/01/story.html");
        an_error err;
        CHECK(an_html_extract("<p>Text ohne Datum.</p>", 24, &o, &x, &err) == AN_OK);
        CHECK(strcmp(x.date, "2022-03-01") == 0 && x.date_source == AN_DATE_URL);
        an_extracted_free(&x);
    }
    /* lang from og:locale when <html lang> is absent */
    CHECK(extract_s("<meta property=\"og:locale\" content=\"uk_UA\"><p>Текст.</p>", &x) == AN_OK);
    CHECK(x.lang.p && strcmp(x.lang.p, "uk") == 0);
    an_extracted_free(&x);

    /* related links inside the body: a <ul> after a label, and link paragraphs */
    const char *rel =
        "<html lang=en><body><article><h1>Talks resume</h1>"
        "<p>Negotiators from both countries met in Geneva on Monday, the first such meeting in months, officials said.</p>"
        "<p><strong>Read also:</strong></p><ul><li><a href=/a>Earlier talks collapsed</a></li><li><a href=/b>Sanctions widen</a></li></ul>"
        "<p>The talks are expected to last until Friday, according to a statement from the foreign ministry.</p>"
        "<p>Read more: <a href=/c>How the war changed diplomacy</a></p>"
        "<p>Читайте також: <a href=/d>Переговори у Женеві</a></p>"
        "<p>Both delegations declined to comment on the agenda, but diplomats expect a prisoner exchange.</p>"
        "</article></body></html>";
    CHECK(extract_s(rel, &x) == AN_OK);
    CHECK(has(&x, "Negotiators from both") && has(&x, "last until Friday") && has(&x, "prisoner exchange"));
    CHECK(!has(&x, "Read also") && !has(&x, "Earlier talks") && !has(&x, "Sanctions widen"));
    CHECK(!has(&x, "How the war") && !has(&x, "Переговори"));
    size_t related = 0;
    for (size_t i = 0; i < x.n_dropped; i++) related += x.dropped[i].kind == AN_BP_RELATED_LINKS;
    CHECK(related >= 3);
    check_runs(rel, &x);
    an_extracted_free(&x);
}

/* ---- cue file ---------------------------------------------------------------------------- */

static void test_cues(void)
{
    an_html_cues *c = NULL;
    an_error err = { 0 };
    const char *good = "# comment\n\nrelated_links\tde\tLesen Sie auch\nadvert en Advertisement\n";
    CHECK(an_html_cues_parse(good, strlen(good), &c, &err) == AN_OK && an_html_cues_count(c) == 2);
    an_html_cues_free(c);
    const char *bad = "related_links de Lesen Sie auch\nunknown de Foo\n";
    CHECK(an_html_cues_parse(bad, strlen(bad), &c, &err) == AN_BAD_DICT && err.line == 2);
    const char *nophrase = "related_links de\n";
    CHECK(an_html_cues_parse(nophrase, strlen(nophrase), &c, &err) == AN_BAD_DICT && err.line == 1);
    CHECK(an_html_cues_load("/nonexistent/boilerplate.txt", &c, &err) == AN_IO);
    CHECK(cues != NULL && an_html_cues_count(cues) > 100);
}

/* ---- pathological inputs, each under a time limit ------------------------------------------ */

static void timed(const char *name, const char *p, size_t n, double limit)
{
    an_extracted x;
    double t0 = now();
    an_status st = extract(p, n, NULL, &x);
    double t = now() - t0;
    CHECK_MSG((st == AN_OK || st == AN_EMPTY) && t < limit, "%s: status %d in %.2f s (limit %.1f)", name, st, t, limit);
    an_extracted_free(&x);
}

static void test_pathological(void)
{
    an_buf b = { 0 };
    for (int i = 0; i < 100000; i++) an_buf_puts(&b, "<div>");
    an_buf_puts(&b, "<p>deep text that is long enough to be a paragraph of the page</p>");
    an_extracted x;
    CHECK(extract(b.p, b.n, NULL, &x) == AN_OK && has(&x, "deep text") && has_warning(&x, AN_LIMIT));
    an_extracted_free(&x);
    timed("100,000 nested <div>", b.p, b.n, 2.0);

    b.n = 0;
    an_buf_puts(&b, "<html><body><p title=\"");
    for (int i = 0; i < 10 * 1024 * 1024; i++) an_buf_append(&b, "a", 1);
    an_buf_puts(&b, "\">after a 10 MB attribute</p></body></html>");
    CHECK(extract(b.p, b.n, NULL, &x) == AN_OK && has(&x, "after a 10 MB attribute"));
    an_extracted_free(&x);
    timed("10 MB attribute", b.p, b.n, 2.0);

    b.n = 0;
    an_buf_puts(&b, "<p class=\"");
    for (int i = 0; i < 1024 * 1024; i++) an_buf_puts(&b, "share ");
    an_buf_puts(&b, "\">x");
    timed("1M-word class attribute, unterminated", b.p, b.n, 2.0);

    b.n = 0;
    for (int i = 0; i < 256; i++) an_buf_puts(&b, "<div><span>");
    for (int i = 0; i < 1000000; i++) an_buf_puts(&b, "</b></i>");
    timed("1M stray end tags under 512 open elements", b.p, b.n, 2.0);

    b.n = 0;
    for (int i = 0; i < 200000; i++) an_buf_puts(&b, "<p><a href=x>t</a>");
    timed("200,000 unclosed <p><a>", b.p, b.n, 3.0);

    b.n = 0;
    for (int i = 0; i < 200000; i++) an_buf_puts(&b, "<table><tr><td>");
    timed("200,000 nested tables", b.p, b.n, 3.0);

    b.n = 0;
    an_buf_puts(&b, "<script type=\"application/ld+json\">");
    for (int i = 0; i < 100000; i++) an_buf_puts(&b, "[{\"a\":");
    an_buf_puts(&b, "</script><p>ok</p>");
    timed("100,000-deep JSON-LD", b.p, b.n, 2.0);

    b.n = 0;
    for (int i = 0; i < 1000000; i++) an_buf_puts(&b, "&#x");
    timed("1M broken references", b.p, b.n, 2.0);

    b.n = 0;
    an_buf_puts(&b, "<body>");
    for (int i = 0; i < 100000; i++) an_buf_puts(&b, "<li>Lesen Sie auch <a href=x>link</a>\n");
    timed("100,000 cue lines", b.p, b.n, 3.0);
    an_buf_free(&b);
}

/* ---- golden pages -------------------------------------------------------------------------- */

static void trim(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t')) { (*p)++; (*n)--; }
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' || (*p)[*n - 1] == '\r')) (*n)--;
}

static bool eq(const char *a, const char *b, size_t bn) { return a && strlen(a) == bn && memcmp(a, b, bn) == 0; }

static void golden(const char *path)
{
    an_buf page = { 0 };
    if (!read_file(path, &page)) { CHECK_MSG(false, "cannot read %s", path); return; }
    an_extracted x;
    an_status st = extract(page.p, page.n, NULL, &x);
    CHECK_MSG(st == AN_OK, "%s: status %s", path, an_status_name(st));
    check_runs(page.p, &x);
    /* a page in a legacy charset has its expectations in that charset too: read them
     * from the converted copy */
    const char *whole = x.charset.converted && x.source.p ? x.source.p : page.p;
    const char *exp = strstr(whole, "<!--EXPECT");
    CHECK_MSG(exp != NULL, "%s has no EXPECT block", path);
    if (!exp) { an_extracted_free(&x); an_buf_free(&page); return; }
    const char *end = strstr(exp, "-->");
    if (!end) end = exp + strlen(exp);
    const char *line = strchr(exp, '\n');
    while (line && line < end) {
        line++;
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl) nl = end;
        const char *colon = memchr(line, ':', (size_t)(nl - line));
        if (!colon) { line = nl; continue; }
        size_t kn = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vn = (size_t)(nl - v);
        trim(&v, &vn);
        if (kn == 4 && memcmp(line, "text", 4) == 0) {
            const char *t = nl + 1;
            size_t tn = t < end ? (size_t)(end - t) : 0;
            while (tn && (t[tn - 1] == '\n' || t[tn - 1] == ' ')) tn--;
            CHECK_MSG(eq(x.text.p, t, tn), "%s: text differs; got:\n%s\n--- expected:\n%.*s", path, x.text.p, (int)tn, t);
            break;
        }
        char date[64];
        if (kn == 5 && memcmp(line, "title", 5) == 0)
            CHECK_MSG(eq(x.title.p ? x.title.p : "", v, vn), "%s: title '%s' expected '%.*s'", path, x.title.p, (int)vn, v);
        else if (kn == 4 && memcmp(line, "date", 4) == 0) {
            if (x.date[0]) snprintf(date, sizeof date, "%s %s", x.date, an_date_source_name(x.date_source));
            else snprintf(date, sizeof date, "none");
            CHECK_MSG(eq(date, v, vn), "%s: date '%s'", path, date);
        } else if (kn == 4 && memcmp(line, "lang", 4) == 0)
            CHECK_MSG(eq(x.lang.p ? x.lang.p : "", v, vn), "%s: lang '%s'", path, x.lang.p);
        else if (kn == 4 && memcmp(line, "site", 4) == 0)
            CHECK_MSG(eq(x.site.p ? x.site.p : "", v, vn), "%s: site '%s'", path, x.site.p);
        else if (kn == 6 && memcmp(line, "author", 6) == 0)
            CHECK_MSG(eq(x.author.p ? x.author.p : "", v, vn), "%s: author '%s'", path, x.author.p);
        else if (kn == 3 && memcmp(line, "url", 3) == 0)
            CHECK_MSG(eq(x.url.p ? x.url.p : "", v, vn), "%s: url '%s'", path, x.url.p);
        else if (kn == 7 && memcmp(line, "charset", 7) == 0)
            CHECK_MSG(eq(x.charset.name, v, vn), "%s: charset '%s'", path, x.charset.name);
        else if (kn == 7 && memcmp(line, "warning", 7) == 0) {
            bool found = false;
            for (size_t i = 0; i < x.n_warnings; i++) found |= eq(an_status_name(x.warnings[i].code), v, vn);
            CHECK_MSG(found, "%s: no warning %.*s", path, (int)vn, v);
        } else if (kn == 6 && memcmp(line, "absent", 6) == 0) {
            char needle[256];
            snprintf(needle, sizeof needle, "%.*s", (int)vn, v);
            CHECK_MSG(!has(&x, needle), "%s: '%s' should be absent", path, needle);
        } else if (kn == 7 && memcmp(line, "dropped", 7) == 0) {
            /* KIND PREFIX: a dropped span of that kind whose source starts with PREFIX
             * once markup is skipped */
            const char *sp = memchr(v, ' ', vn);
            size_t kindn = sp ? (size_t)(sp - v) : vn;
            const char *pre = sp ? sp + 1 : "";
            size_t pn = sp ? vn - kindn - 1 : 0;
            bool found = false;
            const char *src = x.charset.converted ? x.source.p : page.p;
            for (size_t i = 0; i < x.n_dropped && !found; i++) {
                if (!eq(an_boilerplate_kind_name(x.dropped[i].kind), v, kindn)) continue;
                an_buf t = { 0 };
                bool space = false;
                /* the text of the span, tags removed */
                const char *s = src + x.dropped[i].src_start, *e = src + x.dropped[i].src_end;
                while (s < e) {
                    const char *lt = memchr(s, '<', (size_t)(e - s));
                    const char *stop = lt ? lt : e;
                    an_html_text_append(&t, s, (size_t)(stop - s), true, &space);
                    if (!lt) break;
                    const char *gt = memchr(lt, '>', (size_t)(e - lt));
                    s = gt ? gt + 1 : e;
                }
                const char *tt = t.p ? t.p : "";
                while (*tt == ' ') tt++;
                found = strncmp(tt, pre, pn) == 0;
                an_buf_free(&t);
            }
            CHECK_MSG(found, "%s: no dropped %.*s", path, (int)vn, v);
        }
        line = nl;
    }
    an_extracted_free(&x);
    an_buf_free(&page);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void test_golden(const char *dir)
{
    DIR *d = opendir(dir);
    CHECK_MSG(d != NULL, "cannot open %s", dir);
    if (!d) return;
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".html") == 0) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_str);
    CHECK_MSG(n >= 5, "only %zu golden pages in %s", n, dir);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        golden(path);
        free(names[i]);
    }
}

static int print_file(const char *path)
{
    an_buf page = { 0 };
    if (!read_file(path, &page)) { fprintf(stderr, "cannot read %s\n", path); return 1; }
    an_extracted x;
    an_status st = extract(page.p, page.n, NULL, &x);
    printf("status: %s\ncharset: %s (declared %s)\ntitle: %s\ndate: %s %s\nlang: %s\nsite: %s\nauthor: %s\nurl: %s\n",
           an_status_name(st), x.charset.name, x.charset.declared, x.title.p ? x.title.p : "", x.date,
           an_date_source_name(x.date_source), x.lang.p ? x.lang.p : "", x.site.p ? x.site.p : "",
           x.author.p ? x.author.p : "", x.url.p ? x.url.p : "");
    for (size_t i = 0; i < x.n_warnings; i++) printf("warning: %s %s\n", an_status_name(x.warnings[i].code), x.warnings[i].message);
    const char *src = x.charset.converted ? x.source.p : page.p;
    for (size_t i = 0; i < x.n_dropped; i++) {
        size_t len = x.dropped[i].src_end - x.dropped[i].src_start;
        printf("dropped: %s [%u,%u) %.*s\n", an_boilerplate_kind_name(x.dropped[i].kind), x.dropped[i].src_start,
               x.dropped[i].src_end, (int)(len > 60 ? 60 : len), src + x.dropped[i].src_start);
    }
    printf("text:\n%s\n", x.text.p ? x.text.p : "");
    an_extracted_free(&x);
    an_buf_free(&page);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = "test/spec/html", *cue_path = "lang/boilerplate.txt";
    bool print = argc > 2 && strcmp(argv[1], "--print") == 0;
    if (!print && argc > 1) dir = argv[1];
    if (!print && argc > 2) cue_path = argv[2];
    an_error err = { 0 };
    if (an_html_cues_load(cue_path, &cues, &err) != AN_OK) {
        fprintf(stderr, "test_html: %s\n", err.message);
        cues = NULL;
    }
    if (print) {
        int r = print_file(argv[2]);
        an_html_cues_free(cues);
        return r;
    }
    test_charset();
    test_tree();
    test_text();
    test_cues();
    test_extract();
    test_golden(dir);
    test_pathological();
    an_html_cues_free(cues);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
