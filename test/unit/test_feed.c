/* test_feed.c — unit tests of the feed reader (src/ingest/feed.c): the RSS 2.0, Atom and
 * RSS 1.0 samples in test/data, field choice and decoding (links, titles, dates,
 * content and whether it is HTML, language), charsets, the broken XML that feeds carry
 * (unescaped HTML, undefined entities, missing end tags, junk before the root), truncated
 * feeds and documents that are not feeds, and pathological inputs under a time limit.
 *
 * Usage: test_feed [IGNORED]   (run from the repository root; reads test/data)
 * Prints "N passed, N failed"; exits non-zero on failure. */
#include "ingest/readers.h"
#include <stdlib.h>
#include <time.h>

static int passed, failed;
#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (cond) passed++;                                                                  \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); }  \
    } while (0)
#define CHECK_STR(got, want)                                                                 \
    do {                                                                                     \
        if (strcmp((got), (want)) == 0) passed++;                                            \
        else { failed++; fprintf(stderr, "FAIL %s:%d:\n    got  \"%s\"\n    want \"%s\"\n",   \
                                 __FILE__, __LINE__, (got), (want)); }                        \
    } while (0)

#define MAX_ITEMS 8
typedef struct got_item {
    char link[256], id[128], title[256], date[64], content[512], lang[16];
    bool html;
    uint64_t offset;
} got_item;

typedef struct result {
    got_item it[MAX_ITEMS];
    int n;                      /* items delivered (may exceed MAX_ITEMS) */
    an_status st;
    an_error err;
    int stop_after;             /* the callback returns AN_LIMIT after this many; 0 never */
} result;

static void copy(char *dst, size_t cap, an_span s)
{
    size_t k = s.n < cap - 1 ? s.n : cap - 1;
    if (k) memcpy(dst, s.p, k);
    dst[k] = 0;
}

static an_status on_item(void *ctx, const an_feed_item *it)
{
    result *r = ctx;
    if (r->n < MAX_ITEMS) {
        got_item *g = &r->it[r->n];
        copy(g->link, sizeof g->link, it->link);
        copy(g->id, sizeof g->id, it->id);
        copy(g->title, sizeof g->title, it->title);
        copy(g->date, sizeof g->date, it->date);
        copy(g->content, sizeof g->content, it->content);
        copy(g->lang, sizeof g->lang, it->lang);
        g->html = it->content_is_html;
        g->offset = it->offset;
    }
    r->n++;
    if (r->stop_after && r->n >= r->stop_after) return AN_LIMIT;
    return AN_OK;
}

static void parse_n(const char *xml, size_t n, result *r)
{
    int stop = r->stop_after;
    memset(r, 0, sizeof *r);
    r->stop_after = stop;
    r->st = an_feed_parse(xml, n, on_item, r, &r->err);
}

static void parse(const char *xml, result *r) { parse_n(xml, strlen(xml), r); }

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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- the samples ------------------------------------------------------------------------ */

static void test_samples(void)
{
    result r = { 0 };
    an_buf b = { 0 };
    CHECK(read_file("test/data/sample.rss", &b));
    parse_n(b.p, b.n, &r);
    CHECK(r.st == AN_OK);
    CHECK(r.n == 2);
    CHECK_STR(r.it[0].link, "https://news.example.org/2024/03/05/minister-meets-ambassador");
    CHECK_STR(r.it[0].id, "news-1001");
    CHECK_STR(r.it[0].title, "Minister meets ambassador in Berlin");     /* not media:title */
    CHECK_STR(r.it[0].date, "2024-03-05");
    CHECK_STR(r.it[0].content, "<p>The minister <b>met</b> the ambassador on Tuesday, officials said.</p>");
    CHECK(r.it[0].html);
    CHECK_STR(r.it[0].lang, "en-gb");
    CHECK(b.p && memcmp(b.p + r.it[0].offset, "<item>", 6) == 0);
    CHECK_STR(r.it[1].link, "https://news.example.org/2024/03/06/talks");   /* permalink guid */
    CHECK_STR(r.it[1].title, "Talks & tensions: analysis");                  /* escaped twice */
    CHECK_STR(r.it[1].date, "2024-03-06");
    CHECK_STR(r.it[1].content, "<p>Negotiators met in Geneva.</p>");
    CHECK(r.it[1].html);
    b.n = 0;

    CHECK(read_file("test/data/sample.atom", &b));
    parse_n(b.p, b.n, &r);
    CHECK(r.st == AN_OK);
    CHECK(r.n == 2);
    CHECK_STR(r.it[0].link, "https://beispiel.example.de/politik/kanzler-trifft-praesidenten");
    CHECK_STR(r.it[0].id, "tag:beispiel.example.de,2024:1");
    CHECK_STR(r.it[0].title, "Kanzler trifft Pr\xC3\xA4sidenten");            /* type=html */
    CHECK_STR(r.it[0].date, "2024-03-04");                                  /* published */
    CHECK_STR(r.it[0].content, "<p>Der Kanzler traf den Pr&#228;sidenten in Paris.</p>");
    CHECK(r.it[0].html);
    CHECK_STR(r.it[0].lang, "de");
    CHECK_STR(r.it[1].link, "https://beispiel.example.de/en/2");            /* http id */
    CHECK_STR(r.it[1].title, "Plain & simple");
    CHECK_STR(r.it[1].date, "2024-03-05");                                  /* updated */
    CHECK_STR(r.it[1].content, "Text content, not HTML <really>.");
    CHECK(!r.it[1].html);
    CHECK_STR(r.it[1].lang, "en");
    b.n = 0;

    CHECK(read_file("test/data/sample.rdf", &b));
    parse_n(b.p, b.n, &r);
    CHECK(r.st == AN_OK);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].link, "https://novyny.example.ua/1");                /* rdf:about */
    CHECK_STR(r.it[0].title, "\xD0\xA3\xD1\x80\xD1\x8F\xD0\xB4 \xD1\x81\xD1\x85\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB8\xD0\xB2 \xD0\xB1\xD1\x8E\xD0\xB4\xD0\xB6\xD0\xB5\xD1\x82");
    CHECK_STR(r.it[0].date, "2024-03-05");
    CHECK_STR(r.it[0].lang, "uk");
    CHECK(!r.it[0].html);                       /* a description without markup is text */
    an_buf_free(&b);
}

/* ---- field choice and decoding --------------------------------------------------------- */

static void test_fields(void)
{
    result r = { 0 };
    parse("<rss xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\"><channel><item>"
          "<link>http://feedproxy.example.com/~r/x/1</link>"
          "<feedburner:origLink>https://orig.example.com/story</feedburner:origLink>"
          "<title>  Line one\n   line   two  </title>"
          "<description>a &amp; b</description></item></channel></rss>", &r);
    CHECK(r.st == AN_OK && r.n == 1);
    CHECK_STR(r.it[0].link, "https://orig.example.com/story");
    CHECK_STR(r.it[0].title, "Line one line two");
    CHECK_STR(r.it[0].content, "a & b");
    CHECK(r.it[0].html);                        /* has '&': HTML source, needs decoding */

    /* prefixes resolved through xmlns, not by name */
    parse("<rss xmlns:c=\"http://purl.org/rss/1.0/modules/content/\" xmlns:x=\"urn:other\"><channel><item>"
          "<x:title>not this</x:title><title>T</title><link>http://a/1</link>"
          "<description>short</description><c:encoded>&lt;p&gt;full&lt;/p&gt;</c:encoded>"
          "<guid isPermaLink=\"false\">http://not-a-link/</guid></item></channel></rss>", &r);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].title, "T");
    CHECK_STR(r.it[0].content, "<p>full</p>");
    CHECK_STR(r.it[0].link, "http://a/1");

    /* Atom: prefixed namespace, content over summary, html content */
    parse("<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"><a:entry><a:title>T</a:title>"
          "<a:link href=\"http://a/x?p=1&amp;q=2\"/><a:summary>S</a:summary>"
          "<a:content type=\"html\">&lt;p&gt;C&lt;/p&gt;</a:content><a:updated>2024-01-02T00:00:00Z</a:updated>"
          "</a:entry></a:feed>", &r);
    CHECK(r.st == AN_OK && r.n == 1);
    CHECK_STR(r.it[0].link, "http://a/x?p=1&q=2");
    CHECK_STR(r.it[0].content, "<p>C</p>");
    CHECK(r.it[0].html);
    CHECK_STR(r.it[0].date, "2024-01-02");

    /* Atom 0.3 escaped mode; out-of-line content (src=) is not content */
    parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><title>T</title>"
          "<link rel=\"alternate\" type=\"text/html\" href=\"http://a/03\"/><issued>2004-05-06T00:00:00Z</issued>"
          "<content type=\"text/html\" mode=\"escaped\">&lt;b&gt;x&lt;/b&gt;</content></entry>"
          "<entry><title>U</title><content src=\"http://a/img.png\" type=\"image/png\"/></entry></feed>", &r);
    CHECK(r.st == AN_OK && r.n == 2);
    CHECK_STR(r.it[0].link, "http://a/03");
    CHECK_STR(r.it[0].content, "<b>x</b>");
    CHECK_STR(r.it[0].date, "2004-05-06");
    CHECK_STR(r.it[1].content, "");

    /* numeric references, HTML entities in titles, CDATA in titles */
    parse("<rss><channel><item><title>&#x41;&#66; &laquo;Zitat&raquo; &nbsp;&mdash; <![CDATA[a<b]]></title>"
          "<link>http://a/1</link></item></channel></rss>", &r);
    CHECK_STR(r.it[0].title, "AB \xC2\xABZitat\xC2\xBB \xC2\xA0\xE2\x80\x94 a<b");

    /* an Atom-style link in an RSS item */
    parse("<rss><channel><item><title>t</title><link href=\"http://a/href\"/></item></channel></rss>", &r);
    CHECK_STR(r.it[0].link, "http://a/href");

    /* items without link, title or content are not delivered */
    parse("<rss><channel><item><guid isPermaLink=\"false\">x</guid></item>"
          "<item><title>kept</title></item></channel></rss>", &r);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].title, "kept");

    /* the callback can stop the parse */
    r.stop_after = 1;
    parse("<rss><channel><item><title>1</title></item><item><title>2</title></item></channel></rss>", &r);
    CHECK(r.st == AN_LIMIT && r.n == 1);
}

static void test_dates(void)
{
    static const char *const cases[][2] = {
        { "Tue, 05 Mar 2024 10:00:00 +0100", "2024-03-05" },
        { "Tue, 5 Mar 2024 23:59:59 -0500", "2024-03-05" },    /* the date as written */
        { "05 Mar 24 10:00 GMT", "2024-03-05" },
        { "2024-03-05T10:00:00Z", "2024-03-05" },
        { "2024-03-05", "2024-03-05" },
        { "Di, 05 M\xC3\xA4r 2024 10:00:00 +0100", "2024-03-05" },
        { "Mi, 11 Dez 2024 08:00:00 +0100", "2024-12-11" },
        { "March 5, 2024", "2024-03-05" },
        { "Monday, March 5, 2024 10:00", "2024-03-05" },
        { "05.03.2024 10:00", "2024-03-05" },
        { "Thu, 29 Feb 2024 00:00:00 GMT", "2024-02-29" },
        { "Thu, 29 Feb 2023 00:00:00 GMT", "Thu, 29 Feb 2023 00:00:00 GMT" },  /* no such day */
        { "yesterday", "yesterday" },
        { "2024-13-01", "2024-13-01" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char xml[512];
        snprintf(xml, sizeof xml, "<rss><channel><item><title>t</title><pubDate>%s</pubDate></item></channel></rss>",
                 cases[k][0]);
        result r = { 0 };
        parse(xml, &r);
        CHECK(r.n == 1);
        CHECK_STR(r.it[0].date, cases[k][1]);
    }
    /* pubDate beats dc:date; Atom published beats updated whatever the order */
    result r = { 0 };
    parse("<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item><title>t</title>"
          "<dc:date>2020-01-01</dc:date><pubDate>Wed, 01 Jan 2021 00:00:00 GMT</pubDate></item></channel></rss>", &r);
    CHECK_STR(r.it[0].date, "2021-01-01");
    parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title><updated>2022-02-02T00:00:00Z</updated>"
          "<published>2021-01-01T00:00:00Z</published></entry></feed>", &r);
    CHECK_STR(r.it[0].date, "2021-01-01");
}

/* ---- charsets ------------------------------------------------------------------------------ */

static void test_charsets(void)
{
    result r = { 0 };
    /* windows-1251: "Киев" */
    parse("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><item>"
          "<title>\xCA\xE8\xE5\xE2 &#8212; \xEC\xE8\xF0</title><link>http://a/1</link></item></channel></rss>", &r);
    CHECK(r.st == AN_OK && r.n == 1);
    CHECK_STR(r.it[0].title, "\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2 \xE2\x80\x94 \xD0\xBC\xD0\xB8\xD1\x80");
    /* ISO-8859-1 read as windows-1252 (0x80 is the euro sign) */
    parse("<?xml version='1.0' encoding='ISO-8859-1'?><rss><channel><item>"
          "<title>5 \x80 f\xFCr M\xFCnchen</title></item></channel></rss>", &r);
    CHECK_STR(r.it[0].title, "5 \xE2\x82\xAC f\xC3\xBCr M\xC3\xBCnchen");
    /* declared windows-1251 but really UTF-8 */
    parse("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><item>"
          "<title>\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2</title></item></channel></rss>", &r);
    CHECK_STR(r.it[0].title, "\xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2");
    /* an unknown charset name is read as UTF-8 */
    parse("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><rss><channel><item>"
          "<title>ok</title></item></channel></rss>", &r);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].title, "ok");
    /* UTF-16LE with a BOM */
    const char *src = "<rss><channel><item><title>\xC3\x9C" "ber</title></item></channel></rss>";
    char wide[512];
    size_t w = 0;
    wide[w++] = (char)0xFF;
    wide[w++] = (char)0xFE;
    for (const unsigned char *s = (const unsigned char *)src; *s; s++) {
        if (*s == 0xC3) { wide[w++] = (char)0xDC; wide[w++] = 0; s++; continue; }   /* Ü */
        wide[w++] = (char)*s;
        wide[w++] = 0;
    }
    parse_n(wide, w, &r);
    CHECK(r.st == AN_OK && r.n == 1);
    CHECK_STR(r.it[0].title, "\xC3\x9C" "ber");
    /* UTF-16 declared in a document that is not */
    parse("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><item><title>narrow</title></item></channel></rss>", &r);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].title, "narrow");
    /* a UTF-8 BOM */
    parse("\xEF\xBB\xBF<rss><channel><item><title>bom</title></item></channel></rss>", &r);
    CHECK(r.st == AN_OK && r.n == 1);
}

/* ---- broken feeds ----------------------------------------------------------------------------- */

static void test_broken(void)
{
    result r = { 0 };
    /* unescaped HTML in description, a bare '&', an undefined entity, junk before the root,
     * a DOCTYPE with an internal subset */
    parse("Warning: Cannot modify header information in /var/www/feed.php on line 3\n"
          "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY bomb \"x\"> <!ATTLIST a b CDATA '>'>]>"
          "<rss><channel><item><title>Tom &amp; Jerry &nbsp;&bomb;</title><link>http://a/?x=1&y=2</link>"
          "<description><p>First <br> paragraph<p>Second & more</description></item>"
          "<item><title>Second item</title><link>http://a/2</link></item></channel></rss>", &r);
    CHECK(r.st == AN_OK);
    CHECK(r.n == 2);
    CHECK_STR(r.it[0].title, "Tom & Jerry \xC2\xA0&bomb;");   /* entities are never expanded */
    CHECK_STR(r.it[0].link, "http://a/?x=1&y=2");
    CHECK_STR(r.it[0].content, "<p>First <br> paragraph<p>Second & more");
    CHECK(r.it[0].html);
    CHECK_STR(r.it[1].title, "Second item");

    /* missing </item>s, a stray end tag, a misspelt end tag that must not eat the next item */
    parse("<rss><channel></bogus><item><title>A</title><link>http://a/1</link>"
          "<item><title>B</titel><link>http://a/2</link></item>"
          "<item><title>C</title></item></channel></rss>", &r);
    CHECK(r.st == AN_OK);
    CHECK(r.n == 3);
    CHECK_STR(r.it[0].title, "A");
    CHECK_STR(r.it[1].title, "B");          /* ends at the next start tag… */
    CHECK_STR(r.it[1].link, "http://a/2");  /* …which is still read */
    CHECK_STR(r.it[2].title, "C");

    /* an unmatched quote in an attribute */
    parse("<rss><channel><item><title>A</title><enclosure url=\"http://a/x.mp3 length=1/>"
          "<link>http://a/1</link></item><item><title>B</title></item></channel></rss>", &r);
    CHECK(r.n == 2);
    CHECK_STR(r.it[1].title, "B");

    /* nested same-name elements inside XHTML content */
    parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title><content type=\"xhtml\">"
          "<div xmlns=\"http://www.w3.org/1999/xhtml\"><content>inner</content><![CDATA[a<b]]></div></content>"
          "</entry></feed>", &r);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].content, "<content>inner</content>a&lt;b");

    /* comments and CDATA with markup-looking text */
    parse("<rss><channel><!-- <item><title>commented</title></item> --><item><title>real</title>"
          "<description><![CDATA[</description> stays]]></description></item></channel></rss>", &r);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].title, "real");
    CHECK_STR(r.it[0].content, "</description> stays");
}

static void test_truncated(void)
{
    result r = { 0 };
    const char *doc = "<rss><channel><item><title>One</title><link>http://a/1</link></item>"
                      "<item><title>Two</title><description>cut off in the mid";
    parse(doc, &r);
    CHECK(r.st == AN_BAD_FEED);
    CHECK(r.n == 1);
    CHECK_STR(r.it[0].title, "One");
    const char *second = strstr(doc, "<item><title>Two");
    char want[80];
    snprintf(want, sizeof want, "in the item at offset %zu", (size_t)(second - doc));
    CHECK(strstr(r.err.message, want) != NULL);
    CHECK(r.err.offset == (uint64_t)(strstr(doc, "<description>") - doc));
    CHECK(strstr(r.err.message, "truncated") != NULL);

    /* cut inside a tag, a comment, after the last item */
    parse("<rss><channel><item><title>One</title></item><item><title>Two</title></item><ite", &r);
    CHECK(r.st == AN_BAD_FEED && r.n == 2);
    CHECK(strstr(r.err.message, "inside a tag") != NULL);
    parse("<rss><channel><item><title>One</title></item><!-- never closed", &r);
    CHECK(r.st == AN_BAD_FEED && r.n == 1);
    CHECK(strstr(r.err.message, "comment") != NULL);
    parse("<rss><channel><item><title>One</title></item>", &r);
    CHECK(r.st == AN_BAD_FEED && r.n == 1);
    CHECK(strstr(r.err.message, "before its root element is closed") != NULL);
    parse("<rss><channel>\n<item>\n<title>One</title>", &r);
    CHECK(r.st == AN_BAD_FEED && r.n == 0);
    CHECK(r.err.line == 3);
}

static void test_not_feeds(void)
{
    static const char *const docs[] = {
        "<!DOCTYPE html><html><head><title>Not found</title></head><body>404</body></html>",
        "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": []}",
        "plain text, no markup at all",
        "",
        "   \n\t ",
        "<item><title>an item without a feed around it</title></item>",
    };
    for (size_t k = 0; k < sizeof docs / sizeof *docs; k++) {
        result r = { 0 };
        parse(docs[k], &r);
        CHECK(r.st == AN_BAD_FEED);
        CHECK(r.n == 0);
        CHECK(strstr(r.err.message, "not a feed") != NULL);
    }
    result r = { 0 };
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (char)(i * 7919u >> 3);
    parse_n(bin, sizeof bin, &r);
    CHECK(r.st == AN_BAD_FEED && r.n == 0);
    parse_n(NULL, 0, &r);
    CHECK(r.st == AN_BAD_FEED);
}

/* ---- pathological inputs: linear time ------------------------------------------------------- */

static void timed(const char *name, const char *prefix, const char *unit, size_t repeat, const char *suffix)
{
    an_buf b = { 0 };
    an_buf_puts(&b, prefix);
    for (size_t i = 0; i < repeat; i++) an_buf_puts(&b, unit);
    an_buf_puts(&b, suffix);
    result r = { 0 };
    double t = now();
    parse_n(b.p, b.n, &r);
    double dt = now() - t;
    CHECK(dt < 2.0);
    if (dt >= 2.0) fprintf(stderr, "    %s: %.2f s for %zu bytes\n", name, dt, b.n);
    an_buf_free(&b);
}

static void test_pathological(void)
{
    timed("deep nesting", "<rss><channel><item><title>t</title>", "<div>", 200000, "</item></channel></rss>");
    timed("open tags", "<rss><channel>", "<a", 1000000, "");
    timed("unmatched quotes", "<rss><channel>", "<a b=\"", 500000, "");
    timed("ampersands", "<rss><channel><item><title>", "&amp;&#x;&#99999999999;&", 200000, "</title></item></channel></rss>");
    timed("text tags", "<rss><channel><item><title>", "&lt;b", 500000, "</title></item></channel></rss>");
    timed("unclosed titles", "<rss><channel><item>", "<title>", 300000, "");
    timed("many items", "<rss><channel>", "<item><title>x</title><link>http://a/</link></item>", 100000, "</channel></rss>");
    timed("cdata", "<rss><channel><item><description>", "<![CDATA[", 300000, "");
    timed("declarations", "<rss>", "<!DOCTYPE [[[", 300000, "");
    result r = { 0 };
    an_buf b = { 0 };
    an_buf_puts(&b, "<rss><channel>");
    for (int i = 0; i < 100000; i++) an_buf_puts(&b, "<item><title>x</title><link>http://a/</link></item>");
    an_buf_puts(&b, "</channel></rss>");
    parse_n(b.p, b.n, &r);
    CHECK(r.st == AN_OK && r.n == 100000);
    an_buf_free(&b);
}

int main(void)
{
    test_samples();
    test_fields();
    test_dates();
    test_charsets();
    test_broken();
    test_truncated();
    test_not_feeds();
    test_pathological();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
