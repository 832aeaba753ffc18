/* tabari_eval.c — scores annalist's TABARI/PETRARCH coder on the peers' own suites.
 *
 *   tabari_eval [SHARED_DIR] [--json FILE] [--fail FILE] [--verbose]
 *
 * (a) TABARI validation suite: the records of Validate.text up to FINAL-01 are coded
 *     with the dictionaries of Validate.project, and checked as TABARI's V)alidate
 *     does (events in order, {---} {###} {+++} for no event, discard, complex; -{ stops
 *     the check; {OPTION: ...} records change options). Records with no check block or
 *     a date TABARI rejects are not scored.
 * (b) PETRARCH unit tests (PETR.UnitTest.records.xml) with the PETR.Validate
 *     dictionaries, text only (the parse trees are ignored): a record passes when the
 *     set of coded (source, target, code) equals the expected set. Categories outside
 *     the file's <Include> list and records that test parse-tree errors are not scored.
 * (c) Load time and memory of the full Phoenix dictionaries, and coding throughput on
 *     the Validate texts and the GigaWord sample.
 * Skips with a message when SHARED_DIR (default ../shared) is absent.
 */
#define AN_TABARI_INTERNAL
#include "code/tabari.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include "eval_common.h"



static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* ---- (a) TABARI validation ---------------------------------------------------------------- */

typedef struct record { char date[16], id[96], idline[128]; char *text; } record;

/* Records: a line starting with a digit opens one; its text runs to a blank line. */
static int parse_records(char *buf, record **out)
{
    int n = 0, cap = 64;
    record *r = malloc((size_t)cap * sizeof *r);
    char *p = buf;
    while (*p) {
        char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (is_digit(*p)) {
            if (n == cap) { cap *= 2; r = realloc(r, (size_t)cap * sizeof *r); }
            record *rc = &r[n++];
            memset(rc, 0, sizeof *rc);
            size_t hl = len < sizeof rc->idline - 1 ? len : sizeof rc->idline - 1;
            char head[128];
            memcpy(head, p, hl);
            head[hl] = 0;
            while (hl && (head[hl - 1] == '\r' || head[hl - 1] == ' ')) head[--hl] = 0;
            memcpy(rc->idline, head, hl + 1);
            size_t k = 0;
            while (head[k] && head[k] != ' ' && head[k] != '\t') k++;
            const char *id = head + k;
            while (*id == ' ' || *id == '\t') id++;
            snprintf(rc->id, sizeof rc->id, "%s", id);
            /* text lines, joined with blanks */
            size_t tcap = 256, tn = 0;
            rc->text = malloc(tcap);
            p = e ? e + 1 : p + len;
            for (;;) {
                char *e2 = strchr(p, '\n');
                size_t l2 = e2 ? (size_t)(e2 - p) : strlen(p);
                size_t l3 = l2;
                while (l3 && (p[l3 - 1] == '\r')) l3--;
                bool blank = true;
                for (size_t i = 0; i < l3; i++) if (p[i] != ' ' && p[i] != '\t') blank = false;
                if (blank || !*p) { p = e2 ? e2 + 1 : p + l2; break; }
                if (tn + l3 + 2 > tcap) { while (tn + l3 + 2 > tcap) tcap *= 2; rc->text = realloc(rc->text, tcap); }
                memcpy(rc->text + tn, p, l3);
                tn += l3;
                if (tn && rc->text[tn - 1] != ' ') rc->text[tn++] = ' ';
                p = e2 ? e2 + 1 : p + l2;
                if (!e2) break;
            }
            rc->text[tn] = 0;
            continue;
        }
        p = e ? e + 1 : p + len;
    }
    *out = r;
    return n;
}

enum { V_PASS, V_FAIL, V_OPTION, V_NOCHECK };

/* TABARI's checkEvents over one record's text and coding. */
static int check_tabari(an_tabari *t, const char *text, const an_tabari_result *res,
                        const an_tabari_event *ev, size_t nev, const char *date, char *why, size_t wn)
{
    const char *psa = strstr(text, "/*");
    if (!psa) return V_NOCHECK;
    psa = strchr(psa + 2, '{');
    if (!psa) return V_NOCHECK;
    const char *ps = strstr(psa, "OPTION:");
    if (ps) {
        while (ps) {
            const char *e = strchr(ps + 8, '}');
            size_t n = e ? (size_t)(e - (ps + 8)) : strlen(ps + 8);
            an_error err;
            an_tabari_set_option(t, ps + 8, n, &err);
            ps = strstr(ps + 8, "OPTION:");
        }
        return V_OPTION;
    }
    if (res->outcome != AN_TABARI_CODED) {
        if (psa > text && psa[-1] == '-') return V_PASS;
        if ((res->outcome == AN_TABARI_NO_EVENT || res->outcome == AN_TABARI_TOO_SHORT) && strstr(psa, "---"))
            return V_PASS;
        if (res->outcome == AN_TABARI_DISCARD && strstr(psa, "###")) return V_PASS;
        if (res->outcome == AN_TABARI_COMPLEX && strstr(psa, "+++")) return V_PASS;
        static const char *names[] = { "coded", "no event", "only null events", "discard", "complex", "too short" };
        snprintf(why, wn, "got %s", names[res->outcome]);
        return V_FAIL;
    }
    char s[256];
    const char *d = res->shifted ? res->date : date;
    if (t->has_time && t->opt.time_shift) {
        const char *b = strchr(psa, '}');
        if (!b) { snprintf(why, wn, "no date in check"); return V_FAIL; }
        while (*b && !is_digit(*b)) b++;
        char dig[16];
        int k = 0;
        while (*b && k < 14 && is_digit(*b)) dig[k++] = *b++;
        dig[k] = 0;
        snprintf(s, sizeof s, "%.15s\t%.31s\t%.31s\t%.15s\t", d, ev[0].source, ev[0].target, ev[0].code);
        if (!k || !strstr(s, dig)) { snprintf(why, wn, "date %s, want %s", d, dig); return V_FAIL; }
    }
    for (size_t k = 0; k < nev; k++) {
        snprintf(s, sizeof s, "%.15s\t%.31s\t%.31s\t%.15s\t", d, ev[k].source, ev[k].target, ev[k].code);
        psa = strchr(psa, '{');
        if (!psa) { snprintf(why, wn, "more events than expected: %.31s/%.31s/%.15s", ev[k].source, ev[k].target, ev[k].code); return V_FAIL; }
        psa++;
        if (psa[-2] == '-') return V_PASS;
        const char *p = strchr(s, '\t') + 1;
        while (*psa == ' ') psa++;
        for (int f = 0; f < 3; f++) {
            while (*p && *p == *psa) { p++; psa++; }
            if (*p != '\t' || (*psa != ' ' && *psa != '/' && *psa != '}')) {
                snprintf(why, wn, "event %zu is %.31s/%.31s/%.15s", k + 1, ev[k].source, ev[k].target, ev[k].code);
                return V_FAIL;
            }
            while (*psa == ' ' || *psa == '/' || *psa == '}') psa++;
            p++;
        }
    }
    if (strchr(psa, '{')) {
        snprintf(why, wn, "fewer events than expected (%zu)", nev);
        return V_FAIL;
    }
    return V_PASS;
}

/* A date TABARI accepts (validateDate) or rejects (record skipped). */
static bool date_ok(const char *line, bool yyyy, char *out)
{
    size_t n = yyyy ? 8 : 6;
    for (size_t i = 0; i < n; i++) if (!is_digit(line[i])) return false;
    memcpy(out, line, n);
    out[n] = 0;
    int y = 0;
    for (size_t i = 0; i < n - 4; i++) y = y * 10 + (line[i] - '0');
    int m = (line[n - 4] - '0') * 10 + line[n - 3] - '0';
    int d = (line[n - 2] - '0') * 10 + line[n - 1] - '0';
    if (yyyy && (y < 1850 || y > 2030)) return false;
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

typedef struct score { int scored, passed; double secs; } score;

static int run_tabari(const char *dir, FILE *failf, bool verbose, score *sc, char ***texts, int *ntexts)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/eval/tabari/Validate.project", dir);
    an_tabari *t;
    an_error err;
    if (an_tabari_load_project(&t, path, 0, &err)) {
        fprintf(stderr, "tabari_eval: %s\n", err.message);
        return 1;
    }
    snprintf(path, sizeof path, "%s/eval/tabari/Validate.text", dir);
    size_t n;
    char *buf = read_file(path, &n);
    if (!buf) { fprintf(stderr, "tabari_eval: cannot read %s\n", path); an_tabari_free(t); return 1; }
    record *rs;
    int nr = parse_records(buf, &rs);
    an_tabari_story story;
    memset(&story, 0, sizeof story);
    *texts = calloc((size_t)nr, sizeof **texts);
    *ntexts = 0;
    memset(sc, 0, sizeof *sc);
    int opts = 0, nocheck = 0, baddate = 0;
    double t0 = now();
    for (int i = 0; i < nr; i++) {
        record *r = &rs[i];
        if (!strcmp(r->id, "FINAL-01")) break;
        char date[16];
        if (!date_ok(r->idline, t->opt.yyyy, date)) { baddate++; continue; }
        (*texts)[(*ntexts)++] = strdup(r->text);
        an_tabari_event ev[64];
        an_tabari_result res;
        const char *rid = r->idline + (t->opt.yyyy ? 8 : 6);
        size_t ne = an_tabari_code_ex(t, r->text, strlen(r->text), date, rid, &story, ev, 64, &res);
        if (ne > 64) ne = 64;
        char why[200] = "";
        int v = check_tabari(t, r->text, &res, ev, ne, date, why, sizeof why);
        if (v == V_OPTION) { opts++; continue; }
        if (v == V_NOCHECK) { nocheck++; continue; }
        sc->scored++;
        if (v == V_PASS) sc->passed++;
        else {
            if (failf) fprintf(failf, "tabari\t%s\t%s\n", r->id, why);
            if (verbose) fprintf(stderr, "FAIL %s: %s\n", r->id, why);
        }
    }
    sc->secs = now() - t0;
    printf("tabari: %d/%d records coded exactly (%.1f%%); %d option records, %d without a check, %d bad dates\n",
           sc->passed, sc->scored, sc->scored ? 100.0 * sc->passed / sc->scored : 0.0, opts, nocheck, baddate);
    for (int i = 0; i < nr; i++) free(rs[i].text);
    free(rs);
    free(buf);
    an_tabari_free(t);
    return 0;
}

/* ---- (b) PETRARCH unit tests ------------------------------------------------------------------ */

static const char *attr(const char *tag, const char *end, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *p = tag; p + nl < end; p++) {
        if (strncmp(p, name, nl) || (p > tag && p[-1] != ' ' && p[-1] != '\t')) continue;
        const char *q = p + nl;
        while (*q == ' ') q++;
        if (*q != '=') continue;
        q++;
        while (*q == ' ') q++;
        char quote = *q;
        if (quote != '"' && quote != '\'') continue;
        const char *e = strchr(q + 1, quote);
        if (!e || e > end) return NULL;
        size_t n = (size_t)(e - q - 1);
        if (n >= cap) n = cap - 1;
        memcpy(out, q + 1, n);
        out[n] = 0;
        return out;
    }
    return NULL;
}

typedef struct triple { char s[32], t[32], c[16]; } triple;

static int cmp_triple(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (!c) c = strcmp(x->t, y->t);
    if (!c) c = strcmp(x->c, y->c);
    return c;
}

static int uniq(triple *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_triple);
    int o = 0;
    for (int i = 0; i < n; i++) if (!o || cmp_triple(&v[o - 1], &v[i])) v[o++] = v[i];
    return o;
}

static void strip_quotes(char *s)
{
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
        memmove(s, s + 1, n - 2);
        s[n - 2] = 0;
    }
}

static int run_petrarch(const char *dir, FILE *failf, bool verbose, score *sc)
{
    char v[1024], a[1024], g[1024], d[1024], path[1024];
    snprintf(v, sizeof v, "%s/eval/petrarch/PETR.Validate.verbs.txt", dir);
    snprintf(a, sizeof a, "%s/eval/petrarch/PETR.Validate.actors.txt", dir);
    snprintf(g, sizeof g, "%s/eval/petrarch/PETR.Validate.agents.txt", dir);
    snprintf(d, sizeof d, "%s/eval/petrarch/PETR.Validate.discards.txt", dir);
    an_tabari_files f;
    memset(&f, 0, sizeof f);
    f.verbs[0] = v;
    f.actors[0] = a;
    f.agents[0] = g;
    f.discards[0] = d;
    f.flags = AN_TABARI_LENIENT;
    an_tabari *t;
    an_error err;
    if (an_tabari_load(&t, &f, &err)) { fprintf(stderr, "tabari_eval: %s\n", err.message); return 1; }
    if (an_tabari_skipped(t) && verbose)
        fprintf(stderr, "petrarch dictionaries: %zu entries skipped, first: %s\n", an_tabari_skipped(t),
                an_tabari_warning(t)->message);
    snprintf(path, sizeof path, "%s/eval/petrarch/PETR.UnitTest.records.xml", dir);
    size_t n;
    char *buf = read_file(path, &n);
    if (!buf) { fprintf(stderr, "tabari_eval: cannot read %s\n", path); an_tabari_free(t); return 1; }
    char include[512] = "";
    const char *inc = strstr(buf, "<Include>");
    if (inc) {
        const char *e = strstr(inc, "</Include>");
        if (e) snprintf(include, sizeof include, " %.*s ", (int)(e - inc - 9), inc + 9);
    }
    memset(sc, 0, sizeof *sc);
    int notrun = 0;
    double t0 = now();
    const char *p = buf, *last_end = buf;
    while ((p = strstr(p, "<Sentence "))) {
        const char *te = strchr(p, '>');
        const char *end = strstr(p, "</Sentence>");
        if (!te || !end) break;
        char date[32] = "", id[96] = "", cat[64] = "";
        attr(p, te, "date", date, sizeof date);
        attr(p, te, "id", id, sizeof id);
        attr(p, te, "category", cat, sizeof cat);
        triple want[32];
        int nw = 0;
        bool noevents = false, error = false, parse_error = false;
        for (const char *q = te; (q = strstr(q, "<EventCoding")) && q < end; q++) {
            const char *qe = strchr(q, '>');
            char tmp[64];
            if (attr(q, qe, "noevents", tmp, sizeof tmp)) noevents = true;
            else if (attr(q, qe, "error", tmp, sizeof tmp)) {
                error = true;
                if (strstr(tmp, "parse")) parse_error = true;
            } else if (nw < 32) {
                attr(q, qe, "sourcecode", want[nw].s, sizeof want[nw].s);
                attr(q, qe, "targetcode", want[nw].t, sizeof want[nw].t);
                attr(q, qe, "eventcode", want[nw].c, sizeof want[nw].c);
                strip_quotes(want[nw].s);
                strip_quotes(want[nw].t);
                strip_quotes(want[nw].c);
                nw++;
            }
        }
        const char *tx = strstr(te, "<Text>");
        /* <Config option="require_dyad" value="..."> between this sentence and the last */
        for (const char *c = last_end; c && (c = strstr(c, "<Config")) && c < p; c++) {
            const char *ce = strchr(c, '>');
            char opt[64], val[16];
            if (ce && attr(c, ce, "option", opt, sizeof opt) && !strcmp(opt, "require_dyad") &&
                attr(c, ce, "value", val, sizeof val)) {
                bool on = val[0] == 't' || val[0] == 'T';
                an_tabari_set_option(t, on ? "SET: DYAD = TRUE" : "SET: DYAD = FALSE", on ? 17 : 18, &err);
            }
        }
        last_end = end;
        char cats[80];
        snprintf(cats, sizeof cats, " %s ", cat);
        if (!tx || tx > end || (include[0] && !strstr(include, cats)) || parse_error) {
            notrun++;
            p = end;
            continue;
        }
        tx += 6;
        const char *txe = strstr(tx, "</Text>");
        an_tabari_event ev[64];
        an_tabari_result res;
        size_t ne = an_tabari_code_ex(t, tx, (size_t)(txe - tx), date, NULL, NULL, ev, 64, &res);
        if (ne > 64) ne = 64;
        triple got[64];
        for (size_t k = 0; k < ne; k++) {
            memcpy(got[k].s, ev[k].source, sizeof got[k].s);
            memcpy(got[k].t, ev[k].target, sizeof got[k].t);
            memcpy(got[k].c, ev[k].code, sizeof got[k].c);
        }
        int ng = uniq(got, (int)ne);
        nw = uniq(want, nw);
        bool ok;
        if (noevents || error) ok = ng == 0;
        else {
            ok = ng == nw;
            for (int k = 0; ok && k < nw; k++) ok = !cmp_triple(&got[k], &want[k]);
        }
        sc->scored++;
        if (ok) sc->passed++;
        else {
            char why[300];
            int o = snprintf(why, sizeof why, "got");
            for (int k = 0; k < ng && o < 250; k++) o += snprintf(why + o, sizeof why - (size_t)o, " %.31s/%.31s/%.15s", got[k].s, got[k].t, got[k].c);
            if (!ng) o += snprintf(why + o, sizeof why - (size_t)o, " nothing");
            o += snprintf(why + o, sizeof why - (size_t)o, "; want");
            for (int k = 0; k < nw && o < 290; k++) o += snprintf(why + o, sizeof why - (size_t)o, " %.31s/%.31s/%.15s", want[k].s, want[k].t, want[k].c);
            if (noevents || error) snprintf(why + o, sizeof why - (size_t)o, " nothing");
            if (failf) fprintf(failf, "petrarch\t%s\t%s\n", id, why);
            if (verbose) fprintf(stderr, "FAIL %s: %s\n", id, why);
        }
        p = end;
    }
    sc->secs = now() - t0;
    printf("petrarch: %d/%d unit records coded exactly (%.1f%%); %d not run (category not included or parse-tree test)\n",
           sc->passed, sc->scored, sc->scored ? 100.0 * sc->passed / sc->scored : 0.0, notrun);
    free(buf);
    an_tabari_free(t);
    return 0;
}

/* ---- (c) load time and throughput ----------------------------------------------------------------- */

static double throughput(const an_tabari *t, char **texts, int n, const char *date)
{
    if (!n) return 0;
    an_tabari_event ev[64];
    size_t done = 0;
    double t0 = now(), el;
    do {
        for (int i = 0; i < n; i++) an_tabari_code(t, texts[i], strlen(texts[i]), date, ev, 64);
        done += (size_t)n;
        el = now() - t0;
    } while (el < 1.0);
    return (double)done / el;
}

int main(int argc, char **argv)
{
    const char *dir = "../shared", *json = NULL, *fail = NULL;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
        else if (!strcmp(argv[i], "--fail") && i + 1 < argc) fail = argv[++i];
        else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) verbose = true;
        else dir = argv[i];
    }
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/eval/tabari", dir);
    if (stat(path, &st) != 0) {
        printf("tabari_eval: %s not found; skipped\n", path);
        return 0;
    }
    FILE *failf = fail ? fopen(fail, "w") : NULL;
    score a, b;
    char **texts = NULL;
    int ntexts = 0;
    if (run_tabari(dir, failf, verbose, &a, &texts, &ntexts)) return 1;
    if (run_petrarch(dir, failf, verbose, &b)) return 1;
    if (failf) fclose(failf);

    /* (c) the full Phoenix dictionaries */
    char pv[1024], pa1[1024], pa2[1024], pa3[1024], pg[1024], pd[1024], pi[1024];
    snprintf(pv, sizeof pv, "%s/eval/petrarch/CAMEO.2.0.txt", dir);
    snprintf(pa1, sizeof pa1, "%s/eval/petrarch/Phoenix.Countries.actors.txt", dir);
    snprintf(pa2, sizeof pa2, "%s/eval/petrarch/Phoenix.International.actors.txt", dir);
    snprintf(pa3, sizeof pa3, "%s/eval/petrarch/Phoenix.MilNonState.actors.txt", dir);
    snprintf(pg, sizeof pg, "%s/eval/petrarch/Phoenix.agents.txt", dir);
    snprintf(pd, sizeof pd, "%s/eval/petrarch/Phoenix.discards.txt", dir);
    snprintf(pi, sizeof pi, "%s/eval/petrarch/Phoenix.IssueCoding.txt", dir);
    an_tabari_files f;
    memset(&f, 0, sizeof f);
    f.verbs[0] = pv;
    f.actors[0] = pa1;
    f.actors[1] = pa2;
    f.actors[2] = pa3;
    f.agents[0] = pg;
    f.discards[0] = pd;
    f.issues[0] = pi;
    f.flags = AN_TABARI_LENIENT;
    long rss0 = rss_kb();
    double t0 = now();
    an_tabari *ph;
    an_error err;
    if (an_tabari_load(&ph, &f, &err)) { fprintf(stderr, "tabari_eval: %s\n", err.message); return 1; }
    double load_ms = (now() - t0) * 1000.0;
    long rss1 = rss_kb();
    an_tabari_stats stt;
    an_tabari_get_stats(ph, &stt);
    printf("phoenix: loaded in %.0f ms, %.1f MB resident (+%.1f MB), %zu roots, %zu patterns, %zu entries skipped%s%s\n",
           load_ms, rss1 / 1024.0, (rss1 - rss0) / 1024.0, stt.roots, stt.patterns, an_tabari_skipped(ph),
           an_tabari_skipped(ph) ? "; first: " : "", an_tabari_skipped(ph) ? an_tabari_warning(ph)->message : "");

    /* throughput: Validate texts with the Validate dictionaries, GigaWord with Phoenix */
    snprintf(path, sizeof path, "%s/eval/tabari/Validate.project", dir);
    an_tabari *vt;
    double tp_val = 0, tp_gw = 0;
    if (an_tabari_load_project(&vt, path, 0, &err) == AN_OK) {
        tp_val = throughput(vt, texts, ntexts, "950101");
        an_tabari_free(vt);
    }
    snprintf(path, sizeof path, "%s/eval/petrarch/GigaWord.sample.PETR.xml", dir);
    size_t gn;
    char *gw = read_file(path, &gn);
    char **gtexts = NULL;
    int ng = 0;
    if (gw) {
        gtexts = calloc(gn / 16 + 1, sizeof *gtexts);
        for (char *p = gw; (p = strstr(p, "<Text>"));) {
            p += 6;
            char *e = strstr(p, "</Text>");
            if (!e) break;
            *e = 0;
            gtexts[ng++] = p;
            p = e + 1;
        }
        tp_gw = throughput(ph, gtexts, ng, "20080804");
    }
    printf("throughput: %.0f sentences/s (Validate, %d texts), %.0f sentences/s (GigaWord sample with Phoenix, %d sentences), one core\n",
           tp_val, ntexts, tp_gw, ng);
    if (json) {
        FILE *jf = fopen(json, "w");
        if (jf) {
            fprintf(jf, "{\"tabari_validate\":{\"scored\":%d,\"exact\":%d,\"pct\":%.2f},"
                        "\"petrarch_unit\":{\"scored\":%d,\"exact\":%d,\"pct\":%.2f},"
                        "\"phoenix_load_ms\":%.1f,\"phoenix_rss_mb\":%.1f,\"phoenix_skipped\":%zu,"
                        "\"throughput_validate\":%.0f,\"throughput_gigaword\":%.0f}\n",
                    a.scored, a.passed, a.scored ? 100.0 * a.passed / a.scored : 0.0, b.scored, b.passed,
                    b.scored ? 100.0 * b.passed / b.scored : 0.0, load_ms, (rss1 - rss0) / 1024.0,
                    an_tabari_skipped(ph), tp_val, tp_gw);
            fclose(jf);
        }
    }
    an_tabari_free(ph);
    free(gtexts);
    free(gw);
    for (int i = 0; i < ntexts; i++) free(texts[i]);
    free(texts);
    return 0;
}
