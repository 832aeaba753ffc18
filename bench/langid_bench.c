/* langid_bench.c — language identification beside its C peer for `make bench`.
 *
 * Runs annalist's detector (src/text/langid.c) and, when built with AN_BENCH_CLD2 and
 * linked with bench/cld2_shim.cc, CLD2 over the same sentences: the 15 files of
 * SHARED/eval/langid/sentences (one sentence per line, the file's language the gold).
 * For each: the share of sentences labelled with the file's language and sentences/s,
 * the median of ROUNDS loops of at least MIN_SECONDS over all sentences, one thread.
 * annalist chooses among its 15 languages; CLD2 among all it knows (its API takes no
 * candidate set), so a Bulgarian sentence it calls Macedonian counts as wrong.
 *
 * usage: langid_bench SHARED_DIR [--json FILE]
 * Prints one line per detector; --json writes one object with both.
 */
#include "text/langid.h"
#include "../eval/eval_common.h"
#include <sys/stat.h>

#define MIN_SECONDS 0.3
#define ROUNDS 3

static const char *const langs[] = {
    "de", "en", "uk", "ru", "fr", "es", "it", "pl", "nl", "ar", "tr", "be", "bg", "kk", "sr"
};
#define N_LANGS (sizeof langs / sizeof langs[0])

typedef struct sentence { const char *p; size_t n; uint8_t lang; } sentence;

typedef const char *(*detector)(const char *p, size_t n);

static const char *annalist_detect(const char *p, size_t n)
{
    static _Thread_local an_langid_result r;
    an_langid_detect(p, n, &r);
    return r.lang;
}

#ifdef AN_BENCH_CLD2
const char *an_bench_cld2_detect(const char *p, size_t n);
#endif

typedef struct figures { size_t correct; double per_s; } figures;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static figures measure(detector fn, const sentence *s, size_t n)
{
    figures f = { 0, 0 };
    for (size_t i = 0; i < n; i++)
        if (strcmp(fn(s[i].p, s[i].n), langs[s[i].lang]) == 0) f.correct++;
    double rate[ROUNDS];
    volatile size_t sink = 0;
    for (int r = 0; r < ROUNDS; r++) {
        size_t done = 0;
        double t0 = now(), el;
        do {
            for (size_t i = 0; i < n; i++) sink += (size_t)fn(s[i].p, s[i].n)[0];
            done += n;
            el = now() - t0;
        } while (el < MIN_SECONDS);
        rate[r] = (double)done / el;
    }
    (void)sink;
    qsort(rate, ROUNDS, sizeof *rate, cmp_double);
    f.per_s = rate[ROUNDS / 2];
    return f;
}

int main(int argc, char **argv)
{
    const char *shared = "../shared", *json = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
        else shared = argv[i];
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/eval/langid/sentences", shared);
    struct stat st;
    if (stat(dir, &st) != 0) {
        printf("skip: %s absent\n", dir);
        return 0;
    }
    sentence *s = NULL;
    size_t n = 0, cap = 0;
    char *texts[N_LANGS] = { 0 };
    for (size_t l = 0; l < N_LANGS; l++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.txt", dir, langs[l]);
        size_t len;
        texts[l] = read_file(path, &len);
        if (!texts[l]) continue;
        for (char *p = texts[l]; *p;) {
            char *e = strchr(p, '\n');
            size_t k = e ? (size_t)(e - p) : strlen(p);
            size_t m = k && p[k - 1] == '\r' ? k - 1 : k;
            if (m) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 4096;
                    s = realloc(s, cap * sizeof *s);
                    if (!s) { fprintf(stderr, "langid_bench: out of memory\n"); return 1; }
                }
                s[n++] = (sentence){ p, m, (uint8_t)l };
            }
            p += e ? k + 1 : k;
        }
    }
    if (!n) { printf("skip: no sentences in %s\n", dir); return 0; }

    figures own = measure(annalist_detect, s, n);
    printf("annalist: %zu sentences, accuracy %.2f%%, %.0f sentences/s\n", n, 100.0 * (double)own.correct / (double)n,
           own.per_s);
    figures cld2 = { 0, 0 };
#ifdef AN_BENCH_CLD2
    cld2 = measure(an_bench_cld2_detect, s, n);
    printf("CLD2:     %zu sentences, accuracy %.2f%%, %.0f sentences/s (annalist %.1fx)\n", n,
           100.0 * (double)cld2.correct / (double)n, cld2.per_s, own.per_s / cld2.per_s);
#else
    printf("CLD2: not built (libcld2-dev or a C++ compiler missing)\n");
#endif
    if (json) {
        FILE *f = fopen(json, "w");
        if (!f) { fprintf(stderr, "langid_bench: cannot write %s\n", json); return 1; }
        fprintf(f, "{\"sentences\":%zu,\"annalist\":{\"accuracy\":%.4f,\"sentences_per_s\":%.0f}", n,
                (double)own.correct / (double)n, own.per_s);
        if (cld2.per_s > 0)
            fprintf(f, ",\"cld2\":{\"accuracy\":%.4f,\"sentences_per_s\":%.0f}", (double)cld2.correct / (double)n,
                    cld2.per_s);
        fprintf(f, "}\n");
        fclose(f);
    }
    for (size_t l = 0; l < N_LANGS; l++) free(texts[l]);
    free(s);
    return 0;
}
