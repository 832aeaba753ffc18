/* code_bench.c — coding throughput for `make bench`, the coding step alone.
 *
 * Issue 9 asks for >= 100,000 sentences/s per core with the entities given. The clock
 * runs around the coding call only; everything before it (reading, segmentation,
 * tokens, lexicon matching) is done first and not timed. One thread.
 *
 *  1. annalist's coder (src/code/coder.c, an_code_doc) on a JSON Lines corpus (the
 *     synthetic bench corpus): each article goes through an_doc_analyze, then its
 *     events are dropped and an_code_doc runs again on the matched mentions, timed.
 *     Sentences are the article's non-boilerplate sentences, the ones the coder visits.
 *  2. The TABARI coder (src/code/tabari*.c, an_tabari_code) on sentence text: the
 *     Validate.text records with the Validate project's dictionaries, the GigaWord
 *     sample with the full Phoenix dictionaries, and the English sentences of the same
 *     corpus with Phoenix. TABARI's coder finds its actors itself, so these figures
 *     include actor matching; they are not "entities given".
 *  3. Load time and resident memory of the full Phoenix dictionaries.
 * Each timing repeats its loop until it has run MIN_SECONDS and reports the median of
 * ROUNDS such measurements.
 *
 * usage: code_bench SHARED_DIR CORPUS.jsonl [--json FILE]
 * A missing SHARED_DIR part is reported and skipped; the corpus part needs the corpus.
 */
#define AN_TABARI_INTERNAL
#include "engine.h"
#include "code/code.h"
#include "code/tabari.h"
#include "../eval/eval_common.h"
#include <sys/stat.h>
#include <unistd.h>

#define MIN_SECONDS 0.3
#define ROUNDS 3
#define EVENTS_PER_SENTENCE 64

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median3(double *v)
{
    qsort(v, ROUNDS, sizeof *v, cmp_double);
    return v[ROUNDS / 2];
}

/* ---- sentence lists ------------------------------------------------------------------ */

typedef struct sentences { char **text; size_t *len; size_t n, cap; } sentences;

static void add_sentence(sentences *s, const char *p, size_t n)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->text = realloc(s->text, s->cap * sizeof *s->text);
        s->len = realloc(s->len, s->cap * sizeof *s->len);
        if (!s->text || !s->len) { fprintf(stderr, "code_bench: out of memory\n"); exit(1); }
    }
    s->text[s->n] = strndup(p, n);
    s->len[s->n++] = n;
}

static void free_sentences(sentences *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->text[i]);
    free(s->text);
    free(s->len);
}

/* Validate.text: a record opens with a line "YYMMDD ID"; its text is the lines up to a
 * blank line or the comment (slash, star) that holds the expected codes. Records after FINAL are not
 * part of the standard suite. */
static void validate_texts(const char *buf, sentences *out)
{
    const char *p = buf;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool head = n > 7;
        for (size_t i = 0; head && i < 6; i++) head = p[i] >= '0' && p[i] <= '9';
        if (head && (p[6] == ' ' || p[6] == '\t')) {
            if (n >= 13 && strncmp(p + 7, "FINAL", 5) == 0) break;
            const char *t = e ? e + 1 : p + n, *q = t;
            while (*q && *q != '\n' && !(q[0] == '/' && q[1] == '*')) {
                const char *le = strchr(q, '\n');
                q = le ? le + 1 : q + strlen(q);
            }
            size_t len = (size_t)(q - t);
            char *flat = strndup(t, len);
            for (size_t i = 0; i < len; i++)
                if (flat[i] == '\n' || flat[i] == '\r') flat[i] = ' ';
            if (len) add_sentence(out, flat, len);
            free(flat);
            p = q;
            continue;
        }
        p = e ? e + 1 : p + n;
    }
}

/* The GigaWord sample: the text of each <Text> element. */
static void gigaword_texts(const char *buf, sentences *out)
{
    for (const char *p = buf; (p = strstr(p, "<Text>"));) {
        p += 6;
        const char *e = strstr(p, "</Text>");
        if (!e) break;
        while (p < e && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
        size_t n = (size_t)(e - p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == '\t')) n--;
        if (n) add_sentence(out, p, n);
        p = e;
    }
}

/* Sentences per second of the TABARI coder over s: the median of ROUNDS measurements,
 * each a loop of at least MIN_SECONDS. Sets *events to the events of one pass. */
static double tabari_rate(const an_tabari *t, const sentences *s, const char *date, size_t *events)
{
    if (!s->n) return 0;
    an_tabari_event ev[EVENTS_PER_SENTENCE];
    double rate[ROUNDS];
    *events = 0;
    for (size_t i = 0; i < s->n; i++) *events += an_tabari_code(t, s->text[i], s->len[i], date, ev, EVENTS_PER_SENTENCE);
    for (int r = 0; r < ROUNDS; r++) {
        size_t done = 0;
        double t0 = now(), el;
        do {
            for (size_t i = 0; i < s->n; i++) an_tabari_code(t, s->text[i], s->len[i], date, ev, EVENTS_PER_SENTENCE);
            done += s->n;
            el = now() - t0;
        } while (el < MIN_SECONDS);
        rate[r] = (double)done / el;
    }
    return median3(rate);
}

/* ---- annalist's coder ---------------------------------------------------------------- */

typedef struct own_result {
    size_t articles, sentences, events;
    double seconds;            /* in an_code_doc, the median of ROUNDS per article, summed */
} own_result;

static double own_rate(const own_result *r) { return r->seconds > 0 ? (double)r->sentences / r->seconds : 0; }

/* One article through the pipeline, then an_code_doc again on its matched mentions,
 * timed; adds its English sentences to `en` when en is not NULL. */
static void own_code(const an_engine *e, an_doc *d, const an_article *a, own_result *res, sentences *en)
{
    an_error err;
    if (an_doc_analyze(d, e, a, &err)) return;
    const an_codelang *cl = an_engine_codelang(e, d->lang);
    double t[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        d->events.n = 0;
        double t0 = now();
        an_code_doc(cl, e->lexicon, &e->cameo, d);
        t[r] = now() - t0;
    }
    res->seconds += median3(t);
    res->events += d->events.n;
    res->articles++;
    bool english = en && d->lang.n == 2 && memcmp(d->lang.p, "en", 2) == 0;
    for (uint32_t s = 0; s < d->units.n; s++) {
        if (d->unit_is_boilerplate.items[s]) continue;
        res->sentences++;
        const an_sentence *u = &d->units.items[s];
        if (english) add_sentence(en, d->text.p + u->start, u->end - u->start);
    }
}

/* The corpus, article by article; keeps its English sentences in `en` for the TABARI
 * coder. */
static int own_corpus(const an_engine *e, an_doc *d, const char *path, own_result *res, sentences *en)
{
    an_error err;
    an_reader *rd = NULL;
    if (an_reader_open(&rd, path, AN_FORMAT_AUTO, &err)) {
        fprintf(stderr, "code_bench: %s\n", err.message);
        return 1;
    }
    an_article a;
    an_status st;
    while ((st = an_reader_next(rd, &a, &err)) != AN_NOT_FOUND)
        if (!st) own_code(e, d, &a, res, en);   /* a rejected record: the rest goes on */
    an_reader_close(rd);
    return 0;
}

/* Sentences of a TABARI test set, each an English article of its own. */
static void own_sentences(const an_engine *e, an_doc *d, const sentences *s, const char *date, own_result *res)
{
    for (size_t i = 0; i < s->n; i++) {
        an_article a;
        memset(&a, 0, sizeof a);
        a.text = an_span_make(s->text[i], s->len[i]);
        a.lang = an_span_make("en", 2);
        a.date = an_span_make(date, strlen(date));
        own_code(e, d, &a, res, NULL);
    }
}

static void print_own(const char *what, const own_result *r)
{
    printf("annalist coder (an_code_doc), %s: %zu sentences (%zu events): %.0f sentences/s\n", what, r->sentences,
           r->events, own_rate(r));
}

int main(int argc, char **argv)
{
    const char *shared = NULL, *corpus = NULL, *json = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
        else if (!shared) shared = argv[i];
        else corpus = argv[i];
    }
    if (!shared || !corpus) {
        fprintf(stderr, "usage: code_bench SHARED_DIR CORPUS.jsonl [--json FILE]\n");
        return 2;
    }
    char path[4096];
    an_error err;
    struct stat st;

    /* 1. annalist's coder, entities given: the corpus, then the TABARI test sets */
    an_options opt;
    memset(&opt, 0, sizeof opt);
    an_engine *e = NULL;
    an_doc *d = NULL;
    if (an_engine_open(&e, &opt, &err) || an_doc_new(&d)) {
        fprintf(stderr, "code_bench: %s\n", err.message);
        return 1;
    }
    own_result own = { 0 }, own_val = { 0 }, own_gw = { 0 };
    sentences en = { 0 }, vs = { 0 }, gs = { 0 };
    if (own_corpus(e, d, corpus, &own, &en)) return 1;
    printf("annalist coder (an_code_doc), %s: %zu articles, %zu sentences (%zu events): %.0f sentences/s\n",
           corpus, own.articles, own.sentences, own.events, own_rate(&own));
    /* the peers' own texts: the TABARI validation records and the GigaWord sample */
    const struct {
        const char *file, *date, *label;
        void (*parse)(const char *, sentences *);
        sentences *out;
        own_result *res;
    } peers[2] = { { "eval/tabari/Validate.text", "1995-01-01", "Validate.text records", validate_texts, &vs, &own_val },
                   { "eval/petrarch/GigaWord.sample.PETR.xml", "2008-08-04", "GigaWord sample", gigaword_texts, &gs, &own_gw } };
    char *bufs[2];
    for (int k = 0; k < 2; k++) {
        size_t n;
        snprintf(path, sizeof path, "%s/%s", shared, peers[k].file);
        if (!(bufs[k] = read_file(path, &n))) continue;
        peers[k].parse(bufs[k], peers[k].out);
        own_sentences(e, d, peers[k].out, peers[k].date, peers[k].res);
        print_own(peers[k].label, peers[k].res);
    }
    char *vbuf = bufs[0], *gbuf = bufs[1];
    an_doc_free(d);
    an_engine_close(e);

    /* 2. the TABARI coder, on the same sentences */
    double val = 0, gw = 0, syn = 0, load_ms = 0, load_mb = 0;
    size_t ev_val = 0, ev_gw = 0, ev_syn = 0;
    snprintf(path, sizeof path, "%s/eval/tabari/Validate.project", shared);
    if (stat(path, &st) == 0) {
        an_tabari *vt;
        if (an_tabari_load_project(&vt, path, 0, &err) == AN_OK) {
            val = tabari_rate(vt, &vs, "950101", &ev_val);
            an_tabari_free(vt);
            printf("TABARI coder, Validate dictionaries, Validate.text records: %zu sentences (%zu events): %.0f sentences/s\n",
                   vs.n, ev_val, val);
        } else printf("TABARI coder: Validate not loaded: %s\n", err.message);
    } else printf("skip: %s absent\n", path);

    snprintf(path, sizeof path, "%s/eval/petrarch/Phoenix.Countries.actors.txt", shared);
    if (stat(path, &st) == 0) {
        static const char *const names[] = { "CAMEO.2.0.txt", "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt",
            "Phoenix.discards.txt", "Phoenix.IssueCoding.txt" };
        char files[7][4096];
        for (int i = 0; i < 7; i++) snprintf(files[i], sizeof files[i], "%s/eval/petrarch/%s", shared, names[i]);
        an_tabari_files f;
        memset(&f, 0, sizeof f);
        f.verbs[0] = files[0];
        f.actors[0] = files[1];
        f.actors[1] = files[2];
        f.actors[2] = files[3];
        f.agents[0] = files[4];
        f.discards[0] = files[5];
        f.issues[0] = files[6];
        f.flags = AN_TABARI_LENIENT;
        long rss0 = rss_kb();
        double t0 = now();
        an_tabari *ph;
        if (an_tabari_load(&ph, &f, &err) == AN_OK) {
            load_ms = (now() - t0) * 1000;
            load_mb = (double)(rss_kb() - rss0) / 1024;
            printf("Phoenix dictionaries: loaded in %.0f ms, +%.1f MB resident\n", load_ms, load_mb);
            if (gs.n) {
                gw = tabari_rate(ph, &gs, "20080804", &ev_gw);
                printf("TABARI coder, Phoenix, GigaWord sample: %zu sentences (%zu events): %.0f sentences/s\n",
                       gs.n, ev_gw, gw);
            }
            syn = tabari_rate(ph, &en, "20241120", &ev_syn);
            printf("TABARI coder, Phoenix, English sentences of the corpus: %zu sentences (%zu events): %.0f sentences/s\n",
                   en.n, ev_syn, syn);
            an_tabari_free(ph);
        } else printf("Phoenix dictionaries not loaded: %s\n", err.message);
    } else printf("skip: %s absent\n", path);

    if (json) {
        FILE *jf = fopen(json, "w");
        if (!jf) { fprintf(stderr, "code_bench: cannot write %s\n", json); return 1; }
        fprintf(jf, "{\"measure\":\"coding\",\"corpus_articles\":%zu,\"corpus_sentences\":%zu,\"corpus_events\":%zu,"
                    "\"annalist_coder_sentences_per_s\":%.0f,"
                    "\"annalist_coder_validate_sentences_per_s\":%.0f,\"annalist_coder_validate_events\":%zu,"
                    "\"annalist_coder_gigaword_sentences_per_s\":%.0f,\"annalist_coder_gigaword_events\":%zu,"
                    "\"tabari_validate_sentences\":%zu,\"tabari_validate_sentences_per_s\":%.0f,"
                    "\"tabari_gigaword_sentences\":%zu,\"tabari_gigaword_sentences_per_s\":%.0f,"
                    "\"tabari_corpus_en_sentences\":%zu,\"tabari_corpus_en_sentences_per_s\":%.0f,"
                    "\"phoenix_load_ms\":%.1f,\"phoenix_rss_mb\":%.1f}\n",
                own.articles, own.sentences, own.events, own_rate(&own),
                own_rate(&own_val), own_val.events, own_rate(&own_gw), own_gw.events, vs.n, val, gs.n, gw, en.n, syn, load_ms, load_mb);
        fclose(jf);
    }
    free_sentences(&vs);
    free_sentences(&gs);
    free_sentences(&en);
    free(vbuf);
    free(gbuf);
    return 0;
}
