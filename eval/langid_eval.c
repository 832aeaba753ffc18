/* langid_eval.c — accuracy and speed of src/text/langid.c on the sentence sets in
 * shared/eval/langid/sentences/<lang>.txt (one sentence per line, 15 languages).
 *
 * Accuracy: the share of sentences whose detected language is the file's language,
 * with all 15 languages as candidates. Speed: sentences per second over the same lines,
 * and MB/s on 2 KB documents made by joining consecutive sentences of one language
 * (the document accuracy is printed too). Timings repeat each loop until it has run
 * for at least 0.2 s.
 *
 * Usage: langid_eval [SHARED_DIR] [--json FILE] [--errors]
 * SHARED_DIR defaults to ../shared; when SHARED_DIR/eval/langid is missing the program
 * says so and exits 0.
 */
#include "text/langid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "eval_common.h"

#define DOC_BYTES 2048u
#define MIN_SECONDS 0.2

static const char *const langs[] = {
    "de", "en", "uk", "ru", "fr", "es", "it", "pl", "nl", "ar", "tr", "be", "bg", "kk", "sr"
};
#define N_LANGS (sizeof langs / sizeof langs[0])

typedef struct span { const char *p; size_t n; } span;

typedef struct result {
    size_t sentences, correct, docs, docs_correct;
    double sent_per_s, mb_per_s;
    double sent_seconds, doc_bytes, doc_seconds;   /* for the overall rates */
} result;



/* Splits text into its non-empty lines (without the newline or a CR before it). */
static span *split_lines(const char *text, size_t n, size_t *count)
{
    size_t cap = 1024, k = 0;
    span *v = malloc(cap * sizeof *v);
    if (!v) return NULL;
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && text[e] != '\n') e++;
        size_t end = e;
        if (end > i && text[end - 1] == '\r') end--;
        if (end > i) {
            if (k == cap) {
                cap *= 2;
                span *nv = realloc(v, cap * sizeof *v);
                if (!nv) { free(v); return NULL; }
                v = nv;
            }
            v[k++] = (span){ text + i, end - i };
        }
        i = e + 1;
    }
    *count = k;
    return v;
}

/* Documents of at least DOC_BYTES: consecutive sentences joined by a space. */
static span *make_docs(const span *lines, size_t n, char **store, size_t *count)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += lines[i].n + 1;
    *store = malloc(total + 1);
    span *docs = malloc((total / DOC_BYTES + 2) * sizeof *docs);
    if (!*store || !docs) { free(*store); free(docs); return NULL; }
    size_t k = 0, off = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        if (off > start) (*store)[off++] = ' ';
        memcpy(*store + off, lines[i].p, lines[i].n);
        off += lines[i].n;
        if (off - start >= DOC_BYTES) {
            docs[k++] = (span){ *store + start, off - start };
            start = off;
        }
    }
    *count = k;
    return docs;
}

static size_t classify(const span *v, size_t n, const char *lang, bool show)
{
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        an_langid_result r;
        an_langid_detect(v[i].p, v[i].n, &r);
        if (strcmp(r.lang, lang) == 0) ok++;
        else if (show) printf("  %s as %s (%.2f): %.*s\n", lang, r.lang, (double)r.confidence,
                              (int)(v[i].n > 200 ? 200 : v[i].n), v[i].p);
    }
    return ok;
}

/* Runs the detector over v until MIN_SECONDS have passed; returns calls per second and
 * sets *bytes_per_s. */
static double throughput(const span *v, size_t n, double *bytes_per_s)
{
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += v[i].n;
    size_t rounds = 0;
    volatile float sink = 0;
    double t0 = now(), t;
    do {
        for (size_t i = 0; i < n; i++) {
            an_langid_result r;
            an_langid_detect(v[i].p, v[i].n, &r);
            sink += r.confidence;
        }
        rounds++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    (void)sink;
    *bytes_per_s = (double)bytes * (double)rounds / t;
    return (double)n * (double)rounds / t;
}

static double pct(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

int main(int argc, char **argv)
{
    eval_args a;
    if (!eval_args_parse(argc, argv, "langid_eval", "json errors", "[SHARED_DIR] [--json FILE] [--errors]", &a)) return 2;
    const char *shared = a.shared, *json = a.json;
    bool errors = a.errors;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/eval/langid/sentences", shared);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("langid_eval: %s not found; skipped\n", dir);
        return 0;
    }

    result res[N_LANGS];
    memset(res, 0, sizeof res);
    printf("%-4s %9s %9s %12s %8s %9s\n", "lang", "sentences", "accuracy", "sentences/s",
           "MB/s", "doc acc");
    double acc_sum = 0, core_sum = 0, sent_total = 0, sent_s = 0, bytes_total = 0, bytes_s = 0;
    size_t n_done = 0;
    for (size_t l = 0; l < N_LANGS; l++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.txt", dir, langs[l]);
        size_t len;
        char *text = read_file(path, &len);
        if (!text) { printf("%-4s (missing)\n", langs[l]); continue; }
        size_t n_lines = 0, n_docs = 0;
        span *lines = split_lines(text, len, &n_lines);
        char *store = NULL;
        span *docs = lines ? make_docs(lines, n_lines, &store, &n_docs) : NULL;
        if (!docs) { fprintf(stderr, "langid_eval: out of memory\n"); return 1; }
        result *r = &res[l];
        r->sentences = n_lines;
        r->correct = classify(lines, n_lines, langs[l], errors);
        r->docs = n_docs;
        r->docs_correct = classify(docs, n_docs, langs[l], errors);
        double bps;
        r->sent_per_s = throughput(lines, n_lines, &bps);
        throughput(docs, n_docs, &bps);
        r->mb_per_s = bps / 1e6;
        r->sent_seconds = (double)n_lines / r->sent_per_s;
        for (size_t d = 0; d < n_docs; d++) r->doc_bytes += (double)docs[d].n;
        r->doc_seconds = r->doc_bytes / bps;
        printf("%-4s %9zu %8.2f%% %12.0f %8.1f %8.2f%%\n", langs[l], r->sentences,
               pct(r->correct, r->sentences), r->sent_per_s, r->mb_per_s,
               pct(r->docs_correct, r->docs));
        acc_sum += pct(r->correct, r->sentences);
        if (l < 4) core_sum += pct(r->correct, r->sentences);
        sent_total += (double)n_lines;
        sent_s += r->sent_seconds;
        bytes_total += r->doc_bytes;
        bytes_s += r->doc_seconds;
        n_done++;
        free(docs);
        free(store);
        free(lines);
        free(text);
    }
    if (n_done == 0) { printf("langid_eval: no sentence files; skipped\n"); return 0; }
    double mean = acc_sum / (double)n_done, core = core_sum / 4.0;
    printf("mean de/en/uk/ru accuracy: %.2f%%\n", core);
    printf("mean accuracy over %zu languages: %.2f%%\n", n_done, mean);
    double sps = sent_s > 0 ? sent_total / sent_s : 0, mbs = bytes_s > 0 ? bytes_total / bytes_s / 1e6 : 0;
    printf("overall speed: %.0f sentences/s, %.1f MB/s on %u-byte documents\n", sps, mbs, DOC_BYTES);

    if (json) {
        FILE *f = fopen(json, "w");
        if (!f) { fprintf(stderr, "langid_eval: cannot write %s\n", json); return 1; }
        fprintf(f, "{\n \"languages\": {\n");
        bool first = true;
        for (size_t l = 0; l < N_LANGS; l++) {
            const result *r = &res[l];
            if (!r->sentences) continue;
            fprintf(f, "%s  \"%s\": {\"sentences\": %zu, \"accuracy\": %.4f, \"sentences_per_s\": %.0f,"
                       " \"mb_per_s\": %.2f, \"docs\": %zu, \"doc_accuracy\": %.4f}",
                    first ? "" : ",\n", langs[l], r->sentences, pct(r->correct, r->sentences) / 100,
                    r->sent_per_s, r->mb_per_s, r->docs, pct(r->docs_correct, r->docs) / 100);
            first = false;
        }
        fprintf(f, "\n },\n \"core_accuracy\": %.4f,\n \"mean_accuracy\": %.4f,\n"
                   " \"sentences_per_s\": %.0f,\n \"mb_per_s\": %.2f\n}\n",
                core / 100, mean / 100, sps, mbs);
        fclose(f);
    }
    return 0;
}
