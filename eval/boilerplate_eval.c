/* boilerplate_eval.c — scores main-text extraction (src/ingest/extract.c) on the article
 * extraction benchmark in SHARED_DIR/eval/boilerplate: 181 news pages (html/ID.html.gz)
 * and ground-truth.json with each page's articleBody.
 *
 * Metric: for each page, the extracted body (the text after the title line) and the
 * true articleBody are cut into word tokens (runs of letters, digits and '_', as \w+);
 * matches are counted on the multisets, giving precision, recall and F1 per page, which
 * are averaged over pages. The benchmark's own shingle metric (the same on 4-grams of
 * tokens) is printed too. Speed is measured on extraction alone (pages already
 * decompressed in memory), repeated --repeat times.
 *
 * Usage: boilerplate_eval [SHARED_DIR] [--json FILE] [--cues FILE] [--repeat N]
 *                         [--dump DIR] [--page ID]
 * SHARED_DIR defaults to ../shared; when the benchmark is absent it says so and exits 0.
 */
#include "ingest/html.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

typedef struct page {
    char *id;
    an_buf truth, url, html;
    double p, r, f, sp, sr, sf;     /* token and shingle scores */
} page;

/* ---- a small JSON reader for ground-truth.json ---------------------------------- */

typedef struct jr { const char *p; size_t n, i; } jr;

static void ws(jr *j)
{
    while (j->i < j->n && (j->p[j->i] == ' ' || j->p[j->i] == '\n' || j->p[j->i] == '\r' || j->p[j->i] == '\t'))
        j->i++;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 63)); o[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

static uint32_t hex4(const char *p)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v = v * 16 + (uint32_t)(c >= '0' && c <= '9' ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : 0);
    }
    return v;
}

static bool jstring(jr *j, an_buf *out)
{
    ws(j);
    if (j->i >= j->n || j->p[j->i] != '"') return false;
    j->i++;
    out->n = 0;
    while (j->i < j->n) {
        char c = j->p[j->i++];
        if (c == '"') { an_buf_append(out, "", 0); return true; }
        if (c != '\\') { an_buf_append(out, &c, 1); continue; }
        if (j->i >= j->n) return false;
        char e = j->p[j->i++];
        char tmp[4];
        size_t k = 1;
        switch (e) {
        case 'n': tmp[0] = '\n'; break;
        case 't': tmp[0] = '\t'; break;
        case 'r': tmp[0] = '\r'; break;
        case 'b': tmp[0] = '\b'; break;
        case 'f': tmp[0] = '\f'; break;
        case 'u': {
            if (j->i + 4 > j->n) return false;
            uint32_t v = hex4(j->p + j->i);
            j->i += 4;
            if (v >= 0xD800 && v <= 0xDBFF && j->i + 6 <= j->n && j->p[j->i] == '\\' && j->p[j->i + 1] == 'u') {
                uint32_t lo = hex4(j->p + j->i + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) { v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00); j->i += 6; }
            }
            k = put_utf8(tmp, v);
            break;
        }
        default: tmp[0] = e; break;
        }
        an_buf_append(out, tmp, k);
    }
    return false;
}

static void jskip(jr *j, int depth)
{
    ws(j);
    if (j->i >= j->n || depth > 64) { j->i = j->n; return; }
    char c = j->p[j->i];
    if (c == '"') { an_buf t = { 0 }; jstring(j, &t); an_buf_free(&t); return; }
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->i++;
        for (;;) {
            ws(j);
            if (j->i >= j->n) return;
            if (j->p[j->i] == close) { j->i++; return; }
            if (c == '{') {
                an_buf t = { 0 };
                jstring(j, &t);
                an_buf_free(&t);
                ws(j);
                if (j->i < j->n && j->p[j->i] == ':') j->i++;
            }
            jskip(j, depth + 1);
            ws(j);
            if (j->i < j->n && j->p[j->i] == ',') j->i++;
        }
    }
    while (j->i < j->n && j->p[j->i] != ',' && j->p[j->i] != '}' && j->p[j->i] != ']') j->i++;
}

/* { "ID": { "articleBody": "...", "url": "..." }, ... } */
static bool read_truth(const char *p, size_t n, page **pages, size_t *count)
{
    jr j = { p, n, 0 };
    ws(&j);
    if (j.i >= n || p[j.i] != '{') return false;
    j.i++;
    size_t cap = 0;
    for (;;) {
        ws(&j);
        if (j.i >= n) return false;
        if (p[j.i] == '}') return true;
        an_buf key = { 0 };
        if (!jstring(&j, &key)) return false;
        ws(&j);
        if (j.i >= n || p[j.i] != ':') return false;
        j.i++;
        ws(&j);
        if (j.i >= n || p[j.i] != '{') return false;
        j.i++;
        if (*count == cap) {
            cap = cap ? cap * 2 : 256;
            *pages = realloc(*pages, cap * sizeof **pages);
        }
        page *pg = &(*pages)[(*count)++];
        memset(pg, 0, sizeof *pg);
        pg->id = key.p;
        for (;;) {
            ws(&j);
            if (j.i >= n) return false;
            if (p[j.i] == '}') { j.i++; break; }
            an_buf f = { 0 };
            if (!jstring(&j, &f)) return false;
            ws(&j);
            if (j.i < n && p[j.i] == ':') j.i++;
            ws(&j);
            if (strcmp(f.p, "articleBody") == 0 && j.i < n && p[j.i] == '"') jstring(&j, &pg->truth);
            else if (strcmp(f.p, "url") == 0 && j.i < n && p[j.i] == '"') jstring(&j, &pg->url);
            else jskip(&j, 0);
            an_buf_free(&f);
            ws(&j);
            if (j.i < n && p[j.i] == ',') j.i++;
        }
        ws(&j);
        if (j.i < n && p[j.i] == ',') j.i++;
    }
}

/* ---- files -------------------------------------------------------------------------- */

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

static bool read_gz(const char *path, an_buf *out)
{
    gzFile g = gzopen(path, "rb");
    if (!g) return false;
    char chunk[65536];
    int k;
    while ((k = gzread(g, chunk, sizeof chunk)) > 0) an_buf_append(out, chunk, (size_t)k);
    gzclose(g);
    return k == 0;
}

/* ---- token metric -------------------------------------------------------------------- */

static uint32_t next_cp(const unsigned char *p, size_t n, size_t *len)
{
    unsigned c = p[0];
    if (c < 0x80 || n < 2) { *len = 1; return c; }
    if (c < 0xE0) { *len = 2; return ((c & 31u) << 6) | (p[1] & 63u); }
    if (c < 0xF0 || n < 4) {
        if (n < 3) { *len = 1; return 0xFFFD; }
        *len = 3;
        return ((c & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u);
    }
    *len = 4;
    return ((c & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u);
}

static bool word_cp(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z') || c == '_';
    if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA || c == 0xB2 || c == 0xB3 || c == 0xB9 ||
                         (c >= 0xBC && c <= 0xBE);
    if (c == 0xD7 || c == 0xF7) return false;
    if (c >= 0x2000 && c <= 0x2BFF) return c >= 0x2070 && c <= 0x209F;
    if (c >= 0x3000 && c <= 0x303F) return false;
    if (c >= 0xFE30 && c <= 0xFE6F) return false;
    if (c >= 0xFF00 && c <= 0xFF0F) return false;
    if (c >= 0x1F000 && c <= 0x1FAFF) return false;
    if (c == 0xFFFD || c == 0xFEFF) return false;
    return true;
}

typedef struct hvec { uint64_t *v; size_t n, cap; } hvec;

static void hpush(hvec *h, uint64_t x)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 1024;
        h->v = realloc(h->v, h->cap * sizeof *h->v);
    }
    h->v[h->n++] = x;
}

/* Token hashes of text, then (when ngram > 1) hashes of each run of ngram tokens;
 * texts shorter than ngram give one shingle of all their tokens. */
static void tokens(const char *p, size_t n, int ngram, hvec *out)
{
    hvec t = { 0 };
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t c = next_cp(u + i, n - i, &len);
        if (!word_cp(c)) { i += len; continue; }
        size_t s = i;
        while (i < n && word_cp(next_cp(u + i, n - i, &len))) i += len;
        hpush(&t, an_hash64(p + s, i - s));
    }
    out->n = 0;
    if (ngram <= 1) {
        for (size_t k = 0; k < t.n; k++) hpush(out, t.v[k]);
    } else if (t.n) {
        size_t last = t.n >= (size_t)ngram ? t.n - (size_t)ngram + 1 : 1;
        for (size_t k = 0; k < last; k++) {
            uint64_t h = 0x9e3779b97f4a7c15ull;
            for (size_t m = k; m < k + (size_t)ngram && m < t.n; m++) h = (h ^ t.v[m]) * 0x100000001b3ull + m - k;
            hpush(out, h);
        }
    }
    free(t.v);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Multiset match of two hash lists (sorted in place). */
static void prf(hvec *truth, hvec *pred, double *p, double *r, double *f)
{
    qsort(truth->v, truth->n, sizeof(uint64_t), cmp_u64);
    qsort(pred->v, pred->n, sizeof(uint64_t), cmp_u64);
    size_t i = 0, j = 0, tp = 0;
    while (i < truth->n && j < pred->n) {
        if (truth->v[i] == pred->v[j]) { tp++; i++; j++; }
        else if (truth->v[i] < pred->v[j]) i++;
        else j++;
    }
    *p = pred->n ? (double)tp / (double)pred->n : (truth->n ? 0.0 : 1.0);
    *r = truth->n ? (double)tp / (double)truth->n : 1.0;
    *f = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of this process: the speed on a machine shared with other work */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", (unsigned char)*s);
        else fputc(*s, f);
    }
    fputc('"', f);
}

int main(int argc, char **argv)
{
    const char *shared = "../shared", *json = NULL, *cues_path = "lang/boilerplate.txt", *dump = NULL, *only = NULL;
    int repeat = 3;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--json") == 0 && a + 1 < argc) json = argv[++a];
        else if (strcmp(argv[a], "--cues") == 0 && a + 1 < argc) cues_path = argv[++a];
        else if (strcmp(argv[a], "--repeat") == 0 && a + 1 < argc) repeat = atoi(argv[++a]);
        else if (strcmp(argv[a], "--dump") == 0 && a + 1 < argc) dump = argv[++a];
        else if (strcmp(argv[a], "--page") == 0 && a + 1 < argc) only = argv[++a];
        else if (argv[a][0] == '-') {
            fprintf(stderr, "usage: boilerplate_eval [SHARED_DIR] [--json FILE] [--cues FILE] [--repeat N] [--dump DIR] [--page ID]\n");
            return 2;
        } else shared = argv[a];
    }
    if (repeat < 1) repeat = 1;
    if (only) repeat = 0;   /* one page: no timing */
    char path[4096];
    snprintf(path, sizeof path, "%s/eval/boilerplate/ground-truth.json", shared);
    an_buf gt = { 0 };
    if (!read_file(path, &gt)) {
        printf("boilerplate_eval: skipped: %s not found\n", path);
        return 0;
    }
    page *pages = NULL;
    size_t n_pages = 0;
    if (!read_truth(gt.p, gt.n, &pages, &n_pages)) {
        fprintf(stderr, "boilerplate_eval: cannot parse %s\n", path);
        return 1;
    }
    an_html_cues *cues = NULL;
    an_error err = { 0 };
    if (an_html_cues_load(cues_path, &cues, &err)) {
        fprintf(stderr, "boilerplate_eval: %s (running without cue phrases)\n", err.message);
        cues = NULL;
    }
    size_t loaded = 0, bytes = 0;
    for (size_t k = 0; k < n_pages; k++) {
        snprintf(path, sizeof path, "%s/eval/boilerplate/html/%s.html.gz", shared, pages[k].id);
        if (read_gz(path, &pages[k].html)) { loaded++; bytes += pages[k].html.n; }
    }
    an_html_options opt = { 0 };
    opt.cues = cues;
    /* timing: extraction only */
    double t0 = now(), c0 = cpu_now();
    for (int rep = 0; rep < repeat; rep++)
        for (size_t k = 0; k < n_pages; k++) {
            if (!pages[k].html.n) continue;
            an_extracted x;
            opt.url = an_span_make(pages[k].url.p, pages[k].url.n);
            an_html_extract(pages[k].html.p, pages[k].html.n, &opt, &x, &err);
            an_extracted_free(&x);
        }
    double secs = now() - t0, cpu = cpu_now() - c0;
    if (secs <= 0) secs = 1e-9;
    if (cpu <= 0) cpu = 1e-9;

    double sp = 0, sr = 0, sf = 0, hp = 0, hr = 0, hf = 0;
    size_t scored = 0;
    hvec ht = { 0 }, hpred = { 0 };
    for (size_t k = 0; k < n_pages; k++) {
        page *pg = &pages[k];
        if (only && strncmp(pg->id, only, strlen(only)) != 0) continue;
        an_extracted x;
        opt.url = an_span_make(pg->url.p, pg->url.n);
        an_status st = pg->html.n ? an_html_extract(pg->html.p, pg->html.n, &opt, &x, &err) : AN_EMPTY;
        const char *body = "";
        size_t body_n = 0;
        if (pg->html.n && x.text.p) { body = x.text.p + x.body_start; body_n = x.text.n - x.body_start; }
        tokens(pg->truth.p ? pg->truth.p : "", pg->truth.n, 1, &ht);
        tokens(body, body_n, 1, &hpred);
        prf(&ht, &hpred, &pg->p, &pg->r, &pg->f);
        tokens(pg->truth.p ? pg->truth.p : "", pg->truth.n, 4, &ht);
        tokens(body, body_n, 4, &hpred);
        prf(&ht, &hpred, &pg->sp, &pg->sr, &pg->sf);
        sp += pg->p; sr += pg->r; sf += pg->f;
        hp += pg->sp; hr += pg->sr; hf += pg->sf;
        scored++;
        if (only) {
            printf("== %s %s\nP %.3f R %.3f F %.3f  date %s (%s) lang %s\ntitle: %s\n--- extracted\n%s\n--- truth\n%s\n",
                   pg->id, pg->url.p, pg->p, pg->r, pg->f, x.date, an_date_source_name(x.date_source), x.lang.p ? x.lang.p : "",
                   x.title.p ? x.title.p : "", x.text.p ? x.text.p : "", pg->truth.p);
        }
        if (dump) {
            snprintf(path, sizeof path, "%s/%s.txt", dump, pg->id);
            FILE *f = fopen(path, "w");
            if (f) {
                fprintf(f, "P %.3f R %.3f F %.3f %s\n", pg->p, pg->r, pg->f, pg->url.p);
                fwrite(x.text.p ? x.text.p : "", 1, x.text.n, f);
                fclose(f);
            }
        }
        if (pg->html.n) an_extracted_free(&x);
        (void)st;
    }
    free(ht.v);
    free(hpred.v);
    if (!scored) { printf("boilerplate_eval: no pages\n"); return 1; }
    double d = (double)scored;
    printf("boilerplate_eval: %zu pages (%zu loaded, %.1f MB)\n", scored, loaded, bytes / 1e6);
    printf("tokens:   precision %.4f  recall %.4f  F1 %.4f\n", sp / d, sr / d, sf / d);
    printf("shingles: precision %.4f  recall %.4f  F1 %.4f  (4-grams, the benchmark's own metric)\n", hp / d, hr / d, hf / d);
    if (repeat)
        printf("speed:    %.0f pages/s  %.1f MB/s wall; %.0f pages/s  %.1f MB/s CPU  (%d runs, extraction only)\n",
               loaded * repeat / secs, bytes * (double)repeat / secs / 1e6, loaded * repeat / cpu,
               bytes * (double)repeat / cpu / 1e6, repeat);
    if (json) {
        FILE *f = fopen(json, "w");
        if (!f) { fprintf(stderr, "boilerplate_eval: cannot write %s\n", json); return 1; }
        fprintf(f, "{\"pages\": %zu, \"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f, "
                   "\"shingle_precision\": %.4f, \"shingle_recall\": %.4f, \"shingle_f1\": %.4f, "
                   "\"pages_per_s\": %.1f, \"mb_per_s\": %.2f, \"cpu_pages_per_s\": %.1f, \"cpu_mb_per_s\": %.2f, "
                   "\"per_page\": [\n",
                scored, sp / d, sr / d, sf / d, hp / d, hr / d, hf / d, repeat ? loaded * repeat / secs : 0,
                repeat ? bytes * (double)repeat / secs / 1e6 : 0, repeat ? loaded * repeat / cpu : 0,
                repeat ? bytes * (double)repeat / cpu / 1e6 : 0);
        bool first = true;
        for (size_t k = 0; k < n_pages; k++) {
            if (only && strncmp(pages[k].id, only, strlen(only)) != 0) continue;
            fprintf(f, "%s  {\"id\": ", first ? "" : ",\n");
            json_str(f, pages[k].id);
            fprintf(f, ", \"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f}", pages[k].p, pages[k].r, pages[k].f);
            first = false;
        }
        fprintf(f, "\n]}\n");
        fclose(f);
    }
    for (size_t k = 0; k < n_pages; k++) {
        free(pages[k].id);
        an_buf_free(&pages[k].truth);
        an_buf_free(&pages[k].url);
        an_buf_free(&pages[k].html);
    }
    free(pages);
    an_buf_free(&gt);
    an_html_cues_free(cues);
    return 0;
}
