/* eval_common.h — helpers shared by the evaluation programs in eval/: a clock, whole
 * files, UTF-8 output, and a small JSON reader for annalist's record (they reach the
 * record through the public API only). Header-only, for eval programs. */
#ifndef AN_EVAL_COMMON_H
#define AN_EVAL_COMMON_H

#include "annalist.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef JSON_MAX_DEPTH
#define JSON_MAX_DEPTH 64        /* nesting the JSON skipper follows */
#endif

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident memory of this process in KiB (Linux /proc), 0 when unknown. */
static inline long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (!f) return 0;
    if (fscanf(f, "%ld %ld", &pages, &res) != 2) res = 0;
    fclose(f);
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The evaluations' command line: [SHARED_DIR] and the options named in `accepts` among
 * --json FILE, --data DIR, --fail FILE and --errors. On anything else prints
 * "usage: NAME USAGE" and returns false. */
typedef struct eval_args { const char *shared, *json, *data, *fail; bool errors; } eval_args;

static inline bool eval_args_parse(int argc, char **argv, const char *name, const char *accepts,
                                   const char *usage, eval_args *a)
{
    *a = (eval_args){ "../shared", NULL, NULL, NULL, false };
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        bool takes = o[0] == '-' && o[1] == '-' && strstr(accepts, o + 2);
        if (takes && !strcmp(o, "--json") && i + 1 < argc) a->json = argv[++i];
        else if (takes && !strcmp(o, "--data") && i + 1 < argc) a->data = argv[++i];
        else if (takes && !strcmp(o, "--fail") && i + 1 < argc) a->fail = argv[++i];
        else if (takes && !strcmp(o, "--errors")) a->errors = true;
        else if (o[0] == '-') {
            fprintf(stderr, "usage: %s %s\n", name, usage);
            return false;
        } else a->shared = o;
    }
    return true;
}

static inline char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, len = 0;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = (len + 65536 + 1) * 2;
            char *p = realloc(buf, cap);
            if (!p) { free(buf); fclose(f); return NULL; }
            buf = p;
        }
        size_t r = fread(buf + len, 1, cap - len - 1, f);
        len += r;
        if (r == 0) break;
    }
    fclose(f);
    buf[len] = 0;
    *n = len;
    return buf;
}

/* Appends code point c as UTF-8. */
static inline void put_utf8(an_buf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) { u[0] = (char)c; n = 1; }
    else if (c < 0x800) { u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3F)); n = 2; }
    else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F)); n = 4;
    }
    an_buf_append(b, u, n);
}

static inline int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* ---- a small JSON reader for the record --------------------------------------------- */

/* A pull reader: the caller walks the record it expects and skips the rest. A fault
 * sets `bad` and every later call then fails quickly. */
typedef struct jr { const char *p, *end; bool bad; } jr;

static inline void j_ws(jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t')) r->p++;
}

/* Consumes c (after white space) when it comes next. */
static inline bool j_eat(jr *r, char c)
{
    j_ws(r);
    if (r->bad || r->p >= r->end || *r->p != c) return false;
    r->p++;
    return true;
}

/* A string into out (cleared first; escapes decoded, \u pairs joined). */
static inline bool j_string(jr *r, an_buf *out)
{
    out->n = 0;
    if (!j_eat(r, '"')) { r->bad = true; return false; }
    while (r->p < r->end && *r->p != '"') {
        if (*r->p != '\\') { an_buf_append(out, r->p++, 1); continue; }
        if (r->end - r->p < 2) break;
        char c = r->p[1];
        r->p += 2;
        switch (c) {
        case 'n': an_buf_append(out, "\n", 1); break;
        case 't': an_buf_append(out, "\t", 1); break;
        case 'r': an_buf_append(out, "\r", 1); break;
        case 'b': an_buf_append(out, "\b", 1); break;
        case 'f': an_buf_append(out, "\f", 1); break;
        case 'u': {
            uint32_t cp = 0;
            for (int k = 0; k < 4; k++) {
                int h = r->p + k < r->end ? hex_digit(r->p[k]) : -1;
                if (h < 0) { r->bad = true; return false; }
                cp = cp * 16 + (uint32_t)h;
            }
            r->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
                uint32_t lo = 0;
                for (int k = 0; k < 4; k++) {
                    int h = hex_digit(r->p[2 + k]);
                    if (h < 0) { r->bad = true; return false; }
                    lo = lo * 16 + (uint32_t)h;
                }
                r->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(out, cp);
            break;
        }
        default: an_buf_append(out, &c, 1);
        }
    }
    if (r->p >= r->end) { r->bad = true; return false; }
    r->p++;
    return true;
}

/* A number, or null (then *present is false). */
static inline double j_number(jr *r, bool *present)
{
    j_ws(r);
    *present = false;
    if (r->bad || r->p >= r->end) { r->bad = true; return 0; }
    if (r->end - r->p >= 4 && memcmp(r->p, "null", 4) == 0) { r->p += 4; return 0; }
    char tmp[64];
    size_t n = 0;
    while (r->p < r->end && n + 1 < sizeof tmp
           && ((*r->p >= '0' && *r->p <= '9') || *r->p == '-' || *r->p == '+' || *r->p == '.'
               || *r->p == 'e' || *r->p == 'E'))
        tmp[n++] = *r->p++;
    tmp[n] = 0;
    if (!n) { r->bad = true; return 0; }
    *present = true;
    return strtod(tmp, NULL);
}

/* Skips one value of any kind. */
static inline void j_skip(jr *r, int depth)
{
    j_ws(r);
    if (r->bad || r->p >= r->end || depth > JSON_MAX_DEPTH) { r->bad = true; return; }
    char c = *r->p;
    if (c == '"') {
        an_buf tmp = { 0 };
        j_string(r, &tmp);
        an_buf_free(&tmp);
    } else if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        r->p++;
        if (j_eat(r, close)) return;
        do {
            if (c == '{') {
                an_buf key = { 0 };
                j_string(r, &key);
                an_buf_free(&key);
                if (!j_eat(r, ':')) { r->bad = true; return; }
            }
            j_skip(r, depth + 1);
        } while (!r->bad && j_eat(r, ','));
        if (!j_eat(r, close)) r->bad = true;
    } else {
        while (r->p < r->end && *r->p != ',' && *r->p != '}' && *r->p != ']'
               && *r->p != ' ' && *r->p != '\n') r->p++;
    }
}

static inline bool key_is(const an_buf *k, const char *s)
{
    return k->n == strlen(s) && memcmp(k->p, s, k->n) == 0;
}

/* Reads a record's "mentions" array ([{"start","end",…}, …]) and calls fn with each
 * mention's byte range; key is scratch. Sets r->bad on malformed input. */
static inline void j_mentions(jr *r, an_buf *key, void (*fn)(void *, uint32_t, uint32_t), void *ctx)
{
    if (!j_eat(r, '[')) { r->bad = true; return; }
    if (j_eat(r, ']')) return;
    do {
        uint32_t start = 0, end = 0;
        bool ok;
        if (!j_eat(r, '{')) { r->bad = true; return; }
        if (!j_eat(r, '}')) do {
            if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return; }
            if (key_is(key, "start")) start = (uint32_t)j_number(r, &ok);
            else if (key_is(key, "end")) end = (uint32_t)j_number(r, &ok);
            else j_skip(r, 1);
        } while (!r->bad && j_eat(r, ','));
        if (!r->bad && !j_eat(r, '}')) { r->bad = true; return; }
        fn(ctx, start, end);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, ']')) r->bad = true;
}

#ifndef EVAL_MAX_TALLY
#define EVAL_MAX_TALLY 20000   /* distinct strings in an error tally */
#endif

/* A count of strings, for the most frequent errors. */
typedef struct tally { char **key; size_t *count; size_t n; } tally;

static inline void tally_add(tally *t, const char *s)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->key[i], s) == 0) { t->count[i]++; return; }
    if (t->n >= EVAL_MAX_TALLY) return;
    char **k = realloc(t->key, (t->n + 1) * sizeof *k);
    if (!k) return;
    t->key = k;
    size_t *c = realloc(t->count, (t->n + 1) * sizeof *c);
    if (!c) return;
    t->count = c;
    t->key[t->n] = strdup(s);
    if (!t->key[t->n]) return;
    t->count[t->n++] = 1;
}

static inline void tally_print(const tally *t, const char *title, size_t top)
{
    size_t *idx = malloc((t->n + 1) * sizeof *idx);
    if (!idx) return;
    for (size_t i = 0; i < t->n; i++) idx[i] = i;
    for (size_t i = 0; i < t->n && i < top; i++)     /* partial selection sort */
        for (size_t j = i + 1; j < t->n; j++)
            if (t->count[idx[j]] > t->count[idx[i]]) { size_t x = idx[i]; idx[i] = idx[j]; idx[j] = x; }
    printf("  %s:", title);
    for (size_t i = 0; i < t->n && i < top; i++) printf("%s %s (%zu)", i ? "," : "", t->key[idx[i]], t->count[idx[i]]);
    printf("\n");
    free(idx);
}

static inline void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->key[i]);
    free(t->key);
    free(t->count);
}


#endif
