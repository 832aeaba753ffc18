/* annalist.c — the command-line tool. It uses only the public API (annalist.h):
 * parse arguments, open the engine, stream each input through a reader, analyse each
 * article and print its record. Errors name the file and byte offset; one bad input
 * never stops the others. */
#include "annalist.h"
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: annalist extract [options] [FILE...]\n"
    "       annalist run [--db PATH] [options] [FILE|DIR|-]...\n"
    "       annalist query [--db PATH] [filters] [--format table|jsonl|csv]\n"
    "       annalist export [--db PATH] --format gdelt|plover|csv [--out PREFIX]\n"
    "       annalist --help | --version\n"
    "\n"
    "Reads news articles and prints one JSON record per article (JSON Lines).\n"
    "With no FILE, or FILE '-', reads standard input.\n"
    "\n"
    "options:\n"
    "  --lang L          language of the input when it does not say (de, en, uk, ru ...)\n"
    "  --date YYYY-MM-DD publication date when the input has none (anchor for relative dates)\n"
    "  --format F        auto (default), text, html, warc, feed, jsonl\n"
    "  --with-text       include the article text in each record\n"
    "  -j N              analyse N articles at a time (threads); output keeps input order\n"
    "  --dict-format tabari --project F | --verbs F --actors F [--agents F] [--discards F]\n"
    "                    code with TABARI/PETRARCH dictionaries instead of annalist's own\n"
    "  --view V          print a readable view instead of JSON: sentences, tokens, boilerplate,\n"
    "                    events (source code target, context | sentence)\n"
    "  --data DIR        where annalist's lang/ and data/ live (default: built-in, or $ANNALIST_DATA)\n"
    "  --export F        print the events as gdelt (61 columns), plover or csv rows instead of\n"
    "                    records; duplicate events of the inputs are merged first\n"
    "\n"
    "\n"
    "run: ingests articles into the store (default ./annalist.db), merging duplicate\n"
    "     articles and events, and prints a summary. --batch N commits every N articles;\n"
    "     -j N analyses N articles at a time.\n"
    "query filters: --actor X --source X --target X (code prefix or name), --country ISO3,\n"
    "     --code CAMEO --root NN --quad 1-4, --from/--to YYYY-MM-DD, --near LAT,LON[,KM],\n"
    "     --place NAME [--km N], --outlet SITE, --text WORDS, --limit N\n"
    "export: gdelt writes PREFIX.export.CSV and PREFIX.mentions.CSV (GDELT 2.0),\n"
    "     plover writes PREFIX.plover.jsonl, csv writes PREFIX.csv (PREFIX: annalist)\n"
    "\n"
    "exit status: 0 all inputs processed, 1 some input rejected (see stderr), 2 usage error\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "annalist: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see annalist --help)\n");
    return 2;
}

static void report(const char *path, const an_error *err)
{
    fprintf(stderr, "annalist: %s: byte %llu: %s (%s)\n", strcmp(path, "-") ? path : "<stdin>",
            (unsigned long long)err->offset, err->message[0] ? err->message : an_status_message(err->status),
            an_status_name(err->status));
}

typedef struct cli {
    an_options opt;
    an_format format;
    bool view_set;
    an_view view;
    const char *export_format;  /* extract --export: events through an in-memory store */
    an_store *export_store;
    int jobs;                   /* -j N: documents analysed in parallel */
} cli;

typedef int (*article_fn)(void *ctx, const an_doc *doc);

/* Streams one input through the pipeline and hands each document to fn. */
static int each_article_serial(const cli *c, const an_engine *e, an_doc *doc, const char *path,
                               article_fn fn, void *ctx, long *rejected)
{
    an_reader *r = NULL;
    an_error err = { 0 };
    if (an_reader_open(&r, path, c->format, &err)) {
        report(path, &err);
        ++*rejected;
        return 1;
    }
    int rc = 0;
    for (;;) {
        an_article art;
        memset(&err, 0, sizeof err);
        an_status st = an_reader_next(r, &art, &err);
        if (st == AN_NOT_FOUND) break;
        if (st || (st = an_doc_analyze(doc, e, &art, &err)) != AN_OK) {
            report(path, &err);
            ++*rejected;
            rc = 1;
            if (st == AN_IO || st == AN_NOMEM) break;
            continue;
        }
        int k = fn(ctx, doc);
        if (k < 0) { rc = 2; break; }
        rc |= k;
    }
    an_reader_close(r);
    return rc;
}


/* ---- -j N: analysis in worker threads, results consumed in input order ----------- */

/* A ring of slots: the main thread reads articles into free slots (copying them, since
 * the reader's buffers move on), workers analyse queued slots, and the main thread
 * hands finished slots to fn strictly in input order, then frees them. The engine is
 * read-only and shared; every slot owns its document. */
typedef struct slot {
    an_buf copy;                /* the article's bytes */
    an_article art;
    an_doc *doc;
    an_status st;
    an_error err;
    int state;                  /* 0 free, 1 queued, 2 taken, 3 done */
} slot;

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    slot *slots;
    size_t n, next_job, tail;   /* tail: slots filled so far (monotonic) */
    const an_engine *e;
    bool closing;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->closing && (p->next_job == p->tail || p->slots[p->next_job % p->n].state != 1))
            pthread_cond_wait(&p->work, &p->mu);
        if (p->next_job == p->tail && p->closing) break;
        slot *s = &p->slots[p->next_job++ % p->n];
        s->state = 2;
        pthread_mutex_unlock(&p->mu);
        memset(&s->err, 0, sizeof s->err);
        s->st = an_doc_analyze(s->doc, p->e, &s->art, &s->err);
        pthread_mutex_lock(&p->mu);
        s->state = 3;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void copy_span(an_buf *b, an_span *dst, an_span src, size_t *offs, int k)
{
    offs[k] = b->n;
    an_buf_append(b, src.p ? src.p : "", src.n);
    *dst = (an_span){ NULL, src.n };
}

static bool copy_article(slot *s, const an_article *a)
{
    s->copy.n = 0;
    s->art = *a;
    an_span *f[9] = { &s->art.id, &s->art.url, &s->art.date, &s->art.lang, &s->art.title, &s->art.text,
                      &s->art.html, &s->art.charset, &s->art.fallback_date };
    const an_span src[9] = { a->id, a->url, a->date, a->lang, a->title, a->text, a->html, a->charset, a->fallback_date };
    size_t offs[9];
    for (int k = 0; k < 9; k++) copy_span(&s->copy, f[k], src[k], offs, k);
    if (an_buf_reserve(&s->copy, 1)) return false;
    for (int k = 0; k < 9; k++) f[k]->p = s->copy.p + offs[k];
    return true;
}

static int each_article_parallel(const cli *c, const an_engine *e, const char *path, article_fn fn,
                                 void *ctx, long *rejected)
{
    an_reader *r = NULL;
    an_error err = { 0 };
    if (an_reader_open(&r, path, c->format, &err)) {
        report(path, &err);
        ++*rejected;
        return 1;
    }
    pool p = { .n = (size_t)c->jobs * 4, .e = e };
    p.slots = calloc(p.n, sizeof *p.slots);
    pthread_t *th = calloc((size_t)c->jobs, sizeof *th);
    int rc = 0, started = 0;
    if (!p.slots || !th) { an_reader_close(r); free(p.slots); free(th); return 1; }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    for (size_t i = 0; i < p.n; i++)
        if (an_doc_new(&p.slots[i].doc)) rc = 1;
    for (int i = 0; i < c->jobs && !rc; i++)
        if (pthread_create(&th[i], NULL, worker, &p) == 0) started++;
    size_t head = 0;
    bool eof = rc != 0;
    while (!eof || head < p.tail) {
        /* fill free slots */
        while (!eof && p.tail - head < p.n) {
            an_article art;
            memset(&err, 0, sizeof err);
            an_status st = an_reader_next(r, &art, &err);
            if (st == AN_NOT_FOUND) { eof = true; break; }
            slot *s = &p.slots[p.tail % p.n];
            if (st) {
                report(path, &err);
                ++*rejected;
                rc = 1;
                if (st == AN_IO || st == AN_NOMEM) eof = true;
                continue;
            }
            if (!copy_article(s, &art)) { eof = true; rc = 1; break; }
            pthread_mutex_lock(&p.mu);
            s->state = 1;
            p.tail++;
            pthread_cond_broadcast(&p.work);
            pthread_mutex_unlock(&p.mu);
        }
        if (head == p.tail) break;
        /* consume the oldest slot when it is done */
        slot *s = &p.slots[head % p.n];
        pthread_mutex_lock(&p.mu);
        while (s->state != 3) pthread_cond_wait(&p.done, &p.mu);
        pthread_mutex_unlock(&p.mu);
        if (s->st) {
            report(path, &s->err);
            ++*rejected;
            rc = 1;
        } else {
            int k = fn(ctx, s->doc);
            if (k < 0) { rc = 2; eof = true; }
            else rc |= k;
        }
        s->state = 0;
        head++;
    }
    pthread_mutex_lock(&p.mu);
    p.closing = true;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    for (size_t i = 0; i < p.n; i++) { an_doc_free(p.slots[i].doc); an_buf_free(&p.slots[i].copy); }
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.done);
    free(p.slots);
    free(th);
    an_reader_close(r);
    return rc;
}

static int each_article(const cli *c, const an_engine *e, an_doc *doc, const char *path,
                        article_fn fn, void *ctx, long *rejected)
{
    if (c->jobs > 1) return each_article_parallel(c, e, path, fn, ctx, rejected);
    return each_article_serial(c, e, doc, path, fn, ctx, rejected);
}

/* extract's per-article step: the record (or view) on standard output, or the events
 * into the in-memory store that --export prints at the end. */
typedef struct extract_state { const cli *c; an_buf out; } extract_state;

static int print_article(void *ctx, const an_doc *doc)
{
    extract_state *x = ctx;
    an_error err = { 0 };
    if (x->c->export_store) {
        an_store_result res;
        if (an_store_add(x->c->export_store, doc, &res, &err)) {
            fprintf(stderr, "annalist: %s\n", err.message);
            return -1;
        }
        return 0;
    }
    x->out.n = 0;
    an_status st = x->c->view_set ? an_view_write(doc, x->c->view, &x->out)
                                  : an_record_write_json(doc, &x->c->opt, &x->out);
    /* a view of an article without events writes nothing, and has no buffer yet */
    if (st || (x->out.n && fwrite(x->out.p, 1, x->out.n, stdout) != x->out.n)) {
        fprintf(stderr, "annalist: cannot write output\n");
        return -1;
    }
    return 0;
}

/* The options extract and run share: -j, --lang, --date, --format, --data and the
 * TABARI dictionary options. Returns how many arguments it took (1 or 2), 0 when a is
 * not one of them, -1 after reporting a usage error. */
static int common_option(cli *c, const char *a, const char *val)
{
    if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
        if (!val || (c->jobs = atoi(val)) < 1 || c->jobs > 256) { usage_error("%s wants a number from 1 to 256", a); return -1; }
        return 2;
    }
    static const char *const valued[] = { "--lang", "--date", "--format", "--data", "--dict-format", "--project",
                                          "--verbs", "--actors", "--agents", "--discards", NULL };
    int k = 0;
    while (valued[k] && strcmp(a, valued[k])) k++;
    if (!valued[k]) return 0;
    if (!val) { usage_error("%s needs a value", a); return -1; }
    switch (k) {
    case 0: c->opt.lang = val; break;
    case 1:
        if (strlen(val) != 10 || val[4] != '-' || val[7] != '-') { usage_error("--date wants YYYY-MM-DD, not '%s'", val); return -1; }
        c->opt.date = val;
        break;
    case 2:
        if (an_format_parse(val, &c->format)) { usage_error("unknown format '%s'", val); return -1; }
        break;
    case 3: c->opt.data_dir = val; break;
    case 4:
        if (strcmp(val, "tabari") && strcmp(val, "annalist")) { usage_error("--dict-format is tabari or annalist, not '%s'", val); return -1; }
        break;
    case 5: c->opt.tabari_project = val; break;
    case 6: c->opt.tabari_verbs = val; break;
    case 7: c->opt.tabari_actors = val; break;
    case 8: c->opt.tabari_agents = val; break;
    default: c->opt.tabari_discards = val; break;
    }
    return 2;
}

/* Opens the engine for a command, reporting a failure. */
static an_engine *open_engine(const cli *c)
{
    an_engine *e = NULL;
    an_error err = { 0 };
    if (an_engine_open(&e, &c->opt, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        return NULL;
    }
    return e;
}

static int cmd_extract(int argc, char **argv)
{
    cli c = { 0 };
    c.format = AN_FORMAT_AUTO;
    int nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int took = common_option(&c, a, val);
        if (took < 0) { free(files); return 2; }
        if (took) { i += took - 1; continue; }
        if (!strcmp(a, "--view") || !strcmp(a, "--export")) {
            if (!val) { free(files); return usage_error("%s needs a value", a); }
            i++;
            if (!strcmp(a, "--view")) {
                if (an_view_parse(val, &c.view)) { free(files); return usage_error("unknown view '%s'", val); }
                c.view_set = true;
            } else {
                if (strcmp(val, "gdelt") && strcmp(val, "plover") && strcmp(val, "csv")) { free(files); return usage_error("unknown export '%s' (gdelt, plover, csv)", val); }
                c.export_format = val;
            }
        } else if (!strcmp(a, "--with-text")) {
            c.opt.with_text = true;
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return usage_error("unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) files[nfiles++] = "-";

    an_engine *e = open_engine(&c);
    if (!e) { free(files); return 2; }
    an_error err = { 0 };
    an_doc *doc = NULL;
    extract_state x = { &c, { 0 } };
    long rejected = 0;
    int rc = 0;
    if (an_doc_new(&doc)) rc = 1;
    if (c.export_format && an_store_open(&c.export_store, ":memory:", &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        rc = 1;
    }
    for (int i = 0; i < nfiles && doc && (!c.export_format || c.export_store) && rc < 2; i++)
        rc |= each_article(&c, e, doc, files[i], print_article, &x, &rejected);
    if (rc > 1) rc = 1;
    if (c.export_store) {
        if (an_store_commit(c.export_store, &err) || an_store_export(c.export_store, c.export_format, "-", &err)) {
            fprintf(stderr, "annalist: %s\n", err.message);
            rc = 1;
        }
        an_store_close(c.export_store);
    }
    an_buf_free(&x.out);
    an_doc_free(doc);
    an_engine_close(e);
    free(files);
    return rc;
}

/* ---- run: the main job ---- */

typedef struct run_state {
    an_store *store;
    long read, added, duplicates, copies, near, rejected, events_new, events_merged, batch, in_batch;
    int failed;
} run_state;

static int store_article(void *ctx, const an_doc *doc)
{
    run_state *rs = ctx;
    an_store_result res;
    an_error err = { 0 };
    rs->read++;
    if (an_store_add(rs->store, doc, &res, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        return -1;
    }
    rs->added += res.added;
    rs->duplicates += res.duplicate;
    rs->copies += res.copy;
    rs->near += res.near_duplicate;
    rs->events_new += res.events_new;
    rs->events_merged += res.events_merged;
    if (++rs->in_batch >= rs->batch) {
        rs->in_batch = 0;
        if (an_store_commit(rs->store, &err)) {
            fprintf(stderr, "annalist: %s\n", err.message);
            return -1;
        }
    }
    return 0;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Runs one path: a file, or every file below a directory in name order. */
static int run_path(const cli *c, const an_engine *e, an_doc *doc, const char *path, run_state *rs, int depth)
{
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (depth > 32) return 0;
        DIR *d = opendir(path);
        if (!d) { fprintf(stderr, "annalist: %s: cannot read directory\n", path); rs->rejected++; return 1; }
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.') continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                char **nn = realloc(names, cap * sizeof *names);
                if (!nn) break;
                names = nn;
            }
            names[n++] = strdup(de->d_name);
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_names);
        int rc = 0;
        for (size_t i = 0; i < n; i++) {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, names[i]);
            if (!(rc & 2)) rc |= run_path(c, e, doc, sub, rs, depth + 1);
            free(names[i]);
        }
        free(names);
        return rc;
    }
    return each_article(c, e, doc, path, store_article, rs, &rs->rejected);
}

static int cmd_run(int argc, char **argv)
{
    cli c = { 0 };
    c.format = AN_FORMAT_AUTO;
    const char *db = "annalist.db";
    long batch = 256;
    int nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int took = common_option(&c, a, val);
        if (took < 0) { free(files); return 2; }
        if (took) { i += took - 1; continue; }
        if (!strcmp(a, "--db") || !strcmp(a, "--batch")) {
            if (!val) { free(files); return usage_error("%s needs a value", a); }
            i++;
            if (!strcmp(a, "--db")) db = val;
            else if ((batch = strtol(val, NULL, 10)) <= 0) { free(files); return usage_error("--batch wants a positive number, not '%s'", val); }
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return usage_error("unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) files[nfiles++] = "-";
    an_engine *e = open_engine(&c);
    if (!e) { free(files); return 2; }
    an_error err = { 0 };
    run_state rs = { 0 };
    rs.batch = batch;
    if (an_store_open(&rs.store, db, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        an_engine_close(e);
        free(files);
        return 1;
    }
    an_doc *doc = NULL;
    int rc = an_doc_new(&doc) ? 1 : 0;
    for (int i = 0; i < nfiles && doc && !(rc & 2); i++) rc |= run_path(&c, e, doc, files[i], &rs, 0);
    if (!(rc & 2) && an_store_commit(rs.store, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        rc = 2;
    }
    if (rc & 2) rc = 1;   /* 2 stops the run (a store error); 1 is the exit code for both */
    printf("articles: %ld read, %ld new (%ld of known stories), %ld duplicate, %ld copies, %ld rejected\n",
           rs.read + rs.rejected, rs.added, rs.near, rs.duplicates, rs.copies, rs.rejected);
    printf("events: %ld new, %ld merged into stored events\n", rs.events_new, rs.events_merged);
    an_buf out = { 0 };
    if (an_store_summary(rs.store, &out, &err) == AN_OK) fputs(out.p ? out.p : "", stdout);
    an_buf_free(&out);
    an_doc_free(doc);
    an_store_close(rs.store);
    an_engine_close(e);
    free(files);
    return rc;
}

static int cmd_query(int argc, char **argv)
{
    const char *db = "annalist.db";
    an_out_format fmt = isatty(1) ? AN_OUT_TABLE : AN_OUT_JSONL;
    an_query *q = NULL;
    an_error err = { 0 };
    if (an_query_new(&q)) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strncmp(a, "--", 2) != 0 || !val) { an_query_free(q); return usage_error("bad query argument '%s' (filters are --name value)", a); }
        i++;
        if (!strcmp(a, "--db")) db = val;
        else if (!strcmp(a, "--format")) {
            if (an_out_format_parse(val, &fmt)) { an_query_free(q); return usage_error("unknown format '%s' (table, jsonl, csv)", val); }
        } else if (an_query_set(q, a + 2, val, &err)) {
            fprintf(stderr, "annalist: %s\n", err.message);
            an_query_free(q);
            return 2;
        }
    }
    an_store *s = NULL;
    int rc = 0;
    if (access(db, F_OK) != 0) { fprintf(stderr, "annalist: %s: no such store (create it with annalist run)\n", db); rc = 1; }
    else if (an_store_open(&s, db, &err) || an_store_query(s, q, fmt, stdout, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        rc = err.status == AN_USAGE ? 2 : 1;
    }
    an_store_close(s);
    an_query_free(q);
    return rc;
}

static int cmd_export(int argc, char **argv)
{
    const char *db = "annalist.db", *format = NULL, *prefix = "annalist";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!val) return usage_error("bad export argument '%s'", a);
        i++;
        if (!strcmp(a, "--db")) db = val;
        else if (!strcmp(a, "--format")) format = val;
        else if (!strcmp(a, "--out")) prefix = val;
        else return usage_error("unknown option '%s'", a);
    }
    if (!format) return usage_error("%s", "export needs --format gdelt|plover|csv");
    an_store *s = NULL;
    an_error err = { 0 };
    int rc = 0;
    if (access(db, F_OK) != 0) { fprintf(stderr, "annalist: %s: no such store\n", db); return 1; }
    if (an_store_open(&s, db, &err) || an_store_export(s, format, prefix, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        rc = err.status == AN_USAGE ? 2 : 1;
    }
    an_store_close(s);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("annalist %s\n", AN_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "extract") == 0) return cmd_extract(argc - 2, argv + 2);
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc - 2, argv + 2);
    if (strcmp(argv[1], "query") == 0) return cmd_query(argc - 2, argv + 2);
    if (strcmp(argv[1], "export") == 0) return cmd_export(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", argv[1]);
}
