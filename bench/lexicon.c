/* lexicon.c — the lexicon's own figures for `make bench` (bench/lexicon.sh):
 *   - load time of the lexicon alone (data/actors, roles, word lists and the place
 *     gazetteer) as annalist loads it (an_lexicon_load: the mapped snapshot when it is
 *     fresh; its pages are read later, on first use) and from the text files
 *     (an_lexicon_load_text), median of LOADS each;
 *   - matching throughput: every article of the input goes through the whole pipeline
 *     once, then the matching stage (an_lexicon_match) runs again REPS times on the
 *     same tokens, timed alone in CPU time; MB/s is over the article text;
 *   - peak RSS after the lexicon load as annalist does it (every page read), and at
 *     the end (after the text loads too).
 * Prints one JSON object.
 *
 * usage: lexicon DATA_DIR FILE [LANG]   (FILE: JSON Lines or plain text; LANG for the
 *                                        articles that do not say) */
#include "engine.h"
#include "lexicon/lexicon.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define LOADS 3
#define REPS 3

static double clock_seconds(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }
/* matching is timed in this thread's CPU time: the figure is per core, and other jobs
 * on a shared machine then slow it less */
static double cpu_now(void) { return clock_seconds(CLOCK_THREAD_CPUTIME_ID); }

static double peak_rss_mb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_maxrss / 1024.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR FILE [LANG]\n", argv[0]);
        return 2;
    }
    an_error err = { 0 };
    double loads[2][LOADS], touched[LOADS];
    uint32_t n_actors = 0, n_aliases = 0;
    bool mapped = false;
    double lexicon_rss = 0;
    for (int w = 0; w < 2; w++) {
        for (int i = 0; i < LOADS; i++) {
            an_lexicon *lx;
            double t0 = now();
            if ((w ? an_lexicon_load_text : an_lexicon_load)(&lx, argv[1], &err)) {
                fprintf(stderr, "lexicon: %s\n", err.message);
                return 1;
            }
            loads[w][i] = now() - t0;
            if (!w) {
                /* the mapping's pages come in on first use: reading one byte of each
                 * gives the load time of a process that needs all of them */
                volatile unsigned char sum = 0;
                for (size_t k = 0; lx->map && k < lx->map_bytes; k += 4096) sum += ((const unsigned char *)lx->map)[k];
                (void)sum;
                touched[i] = now() - t0;
            }
            n_actors = lx->actors.n;
            n_aliases = lx->aliases.n;
            if (!w) mapped = lx->map != NULL;
            an_lexicon_free(lx);
        }
        /* the peak so far: the lexicon as annalist loads it, every page read */
        if (!w) lexicon_rss = peak_rss_mb();
    }
    qsort(loads[0], LOADS, sizeof *loads[0], cmp_double);
    qsort(loads[1], LOADS, sizeof *loads[1], cmp_double);
    qsort(touched, LOADS, sizeof *touched, cmp_double);

    an_options opt = { .data_dir = argv[1], .lang = argc > 3 ? argv[3] : NULL };
    an_engine *e;
    an_reader *r;
    an_doc *d;
    if (an_engine_open(&e, &opt, &err) || an_reader_open(&r, argv[2], AN_FORMAT_AUTO, &err) || an_doc_new(&d)) {
        fprintf(stderr, "lexicon: %s\n", err.message);
        return 1;
    }
    double analyze = 0, match = 0;
    unsigned long long bytes = 0, tokens = 0, mentions = 0, articles = 0;
    an_article a;
    an_status st;
    while ((st = an_reader_next(r, &a, &err)) != AN_NOT_FOUND) {
        if (st) continue;
        double t0 = now();
        if (an_doc_analyze(d, e, &a, &err)) continue;
        analyze += now() - t0;
        uint32_t want = d->mentions.n;
        int32_t date = 0;
        if (d->date.n == 10)
            date = atoi(d->date.p) * 10000 + atoi(d->date.p + 5) * 100 + atoi(d->date.p + 8);
        for (int k = 0; k < REPS; k++) {
            /* the matcher appends; start each run from an empty entity table */
            d->entities.n = 0;
            d->mentions.n = 0;
            d->entity_slots = NULL;
            d->entity_mask = 0;
            t0 = cpu_now();
            if (an_lexicon_match(e->lexicon, d, date)) { fprintf(stderr, "lexicon: out of memory\n"); return 1; }
            match += cpu_now() - t0;
            if (d->mentions.n != want) {
                fprintf(stderr, "lexicon: matching again gave %u mentions, not %u\n", d->mentions.n, want);
                return 1;
            }
        }
        articles++;
        bytes += d->text.n;
        tokens += d->tokens.n;
        mentions += d->mentions.n;
    }
    match /= REPS;
    printf("{\"lexicon_load_seconds\":%.6f,\"load_and_touch_seconds\":%.6f,\"snapshot\":%s,\"text_load_seconds\":%.4f,\"actors\":%u,\"aliases\":%u,"
           "\"articles\":%llu,\"bytes\":%llu,\"tokens\":%llu,\"mentions\":%llu,"
           "\"match_seconds\":%.4f,\"match_mb_per_s\":%.1f,\"analyze_seconds\":%.3f,"
           "\"rss_after_lexicon_mb\":%.1f,\"peak_rss_mb\":%.1f}\n",
           loads[0][LOADS / 2], touched[LOADS / 2], mapped ? "true" : "false", loads[1][LOADS / 2], n_actors, n_aliases, articles, bytes, tokens, mentions, match,
           match > 0 ? (double)bytes / 1e6 / match : 0.0, analyze, lexicon_rss, peak_rss_mb());
    an_doc_free(d);
    an_reader_close(r);
    an_engine_close(e);
    return 0;
}
