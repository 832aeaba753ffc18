/* time_eval.c — scores src/context/time.c on the two temporal-expression gold sets in
 * shared/eval/time, the way TempEval-3 (UzZaman et al. 2013) scores TIMEX3:
 *
 *   detection  strict (same span) and relaxed (spans overlap) precision, recall, F1;
 *   value      accuracy of the normalised value on the relaxed matches, and value F1
 *              (a system expression counts when it overlaps a gold one with the same
 *              value; precision over system expressions, recall over gold ones).
 *
 * TempEval-3 platinum: English news in TimeML (*.tml); the text is the <TEXT> element
 * with its tags removed, the anchor the document creation time (DCT), which is not
 * scored. WikiWarsDE: German Wikipedia histories (in/NAME.sgm, gold in key/NAME.key.apf.xml as
 * byte offsets into the tag-free file), read in narrative mode; the DATETIME header is
 * not scored. Both are read with a small tag scanner.
 *
 * Usage: time_eval [SHARED_DIR] [--lang DIR] [--json FILE] [--errors]
 * SHARED_DIR defaults to ../shared; a missing data set is skipped with a message.
 */
#include "context/time.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "eval_common.h"

#define MAX_TIMEX 8192

typedef struct gold { uint32_t start, end; char value[32]; } gold;

typedef struct score {
    size_t docs, n_gold, n_sys;
    size_t strict_sys, strict_gold, relaxed_sys, relaxed_gold;
    size_t value_pairs, value_ok;      /* one-to-one relaxed matches; same value */
} score;

static bool show_errors;

/* out = a b c (any may be ""); paths that do not fit are cut, and then not found. */
static void join(char *out, size_t cap, const char *a, const char *b, const char *c)
{
    size_t n = 0;
    for (const char *p = a; *p && n + 1 < cap; p++) out[n++] = *p;
    for (const char *p = b; *p && n + 1 < cap; p++) out[n++] = *p;
    for (const char *p = c; *p && n + 1 < cap; p++) out[n++] = *p;
    out[n] = 0;
}


/* The value of attribute name="…" in the tag tag[0..n), or "". When the attribute
 * repeats, the last one counts: WikiWarsDE's APF files write an expression's anchor
 * value as a first VAL before its own. */
static void attr(const char *tag, size_t n, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    out[0] = 0;
    for (size_t i = 0; i + nl + 2 <= n; i++) {
        if ((i == 0 || tag[i - 1] == ' ' || tag[i - 1] == '\t' || tag[i - 1] == '\n')
            && memcmp(tag + i, name, nl) == 0 && tag[i + nl] == '=' && tag[i + nl + 1] == '"') {
            size_t s = i + nl + 2, e = s;
            while (e < n && tag[e] != '"') e++;
            size_t l = e - s < cap - 1 ? e - s : cap - 1;
            memcpy(out, tag + s, l);
            out[l] = 0;
        }
    }
}

static bool tag_is(const char *tag, size_t n, const char *name)
{
    size_t l = strlen(name);
    return n > l && memcmp(tag + 1, name, l) == 0
           && (tag[l + 1] == '>' || tag[l + 1] == ' ' || tag[l + 1] == '\n' || tag[l + 1] == '/');
}

static bool parse_date(const char *v, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    return sscanf(v, "%4d-%2d-%2d", y, m, d) == 3;
}

/* Matches system output against gold: one-to-one, in text order. */
static void score_doc(score *s, const char *name, const char *text, const gold *g, size_t ng,
                      const an_timex *t, size_t nt)
{
    bool *used = calloc(nt ? nt : 1, 1);
    if (!used) return;
    s->docs++;
    s->n_gold += ng;
    s->n_sys += nt;
    for (size_t i = 0; i < ng; i++) {
        bool strict = false, relaxed = false;
        for (size_t j = 0; j < nt; j++) {
            if (t[j].start < g[i].end && g[i].start < t[j].end) relaxed = true;
            if (t[j].start == g[i].start && t[j].end == g[i].end) strict = true;
        }
        s->strict_gold += strict;
        s->relaxed_gold += relaxed;
        size_t j = 0;
        for (; j < nt; j++)
            if (!used[j] && t[j].start < g[i].end && g[i].start < t[j].end) break;
        if (j < nt) {
            used[j] = true;
            s->value_pairs++;
            bool ok = strcmp(t[j].value, g[i].value) == 0;
            s->value_ok += ok;
            if (show_errors && !ok)
                printf("  value %s: \"%.*s\" gold %s, got \"%.*s\" %s\n", name,
                       (int)(g[i].end - g[i].start), text + g[i].start, g[i].value,
                       (int)(t[j].end - t[j].start), text + t[j].start, t[j].value);
        } else if (show_errors) {
            printf("  missed %s: \"%.*s\" %s\n", name, (int)(g[i].end - g[i].start),
                   text + g[i].start, g[i].value);
        }
    }
    for (size_t j = 0; j < nt; j++) {
        bool strict = false, relaxed = false;
        for (size_t i = 0; i < ng; i++) {
            if (t[j].start < g[i].end && g[i].start < t[j].end) relaxed = true;
            if (t[j].start == g[i].start && t[j].end == g[i].end) strict = true;
        }
        s->strict_sys += strict;
        s->relaxed_sys += relaxed;
        if (show_errors && !relaxed)
            printf("  spurious %s: \"%.*s\" %s\n", name, (int)(t[j].end - t[j].start),
                   text + t[j].start, t[j].value);
    }
    free(used);
}

/* ---- TempEval-3 platinum ------------------------------------------------------------ */

static int eval_te3(const an_time_lexicon *lx, const char *dir, score *s)
{
    DIR *dp = opendir(dir);
    if (!dp) return -1;
    struct dirent *de;
    static an_timex out[MAX_TIMEX];
    static gold g[MAX_TIMEX];
    char **names = NULL;
    size_t nn = 0;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".tml") != 0) continue;
        char **p = realloc(names, (nn + 1) * sizeof *names);
        if (!p) break;
        names = p;
        names[nn++] = strdup(de->d_name);
    }
    closedir(dp);
    for (size_t f = 0; f < nn; f++) {
        char path[4096];
        join(path, sizeof path, dir, "/", names[f]);
        size_t n;
        char *src = read_file(path, &n);
        if (!src) continue;
        char *text = malloc(n + 1);
        size_t tn = 0, ng = 0;
        int y = 0, m = 0, d = 0;
        bool in_text = false;
        uint32_t open_start = 0;
        char open_value[32] = "";
        bool open = false;
        for (size_t i = 0; i < n;) {
            if (src[i] == '<') {
                size_t e = i;
                while (e < n && src[e] != '>') e++;
                const char *tag = src + i;
                size_t tl = e - i + 1;
                if (tag_is(tag, tl, "TEXT")) in_text = true;
                else if (tag_is(tag, tl, "/TEXT")) in_text = false;
                else if (tag_is(tag, tl, "TIMEX3")) {
                    char fn[64], v[32];
                    attr(tag, tl, "functionInDocument", fn, sizeof fn);
                    attr(tag, tl, "value", v, sizeof v);
                    if (strcmp(fn, "CREATION_TIME") == 0) parse_date(v, &y, &m, &d);
                    if (in_text) { open = true; open_start = (uint32_t)tn; snprintf(open_value, sizeof open_value, "%s", v); }
                } else if (tag_is(tag, tl, "/TIMEX3") && in_text && open) {
                    open = false;
                    if (ng < MAX_TIMEX) {
                        g[ng].start = open_start;
                        g[ng].end = (uint32_t)tn;
                        snprintf(g[ng].value, sizeof g[ng].value, "%s", open_value);
                        ng++;
                    }
                }
                i = e + 1;
                continue;
            }
            if (in_text) {
                /* the five XML entities, so that the text is what a reader sees */
                static const struct { const char *e; char c; } ent[] = {
                    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' } };
                bool done = false;
                for (size_t k = 0; k < 5 && src[i] == '&'; k++) {
                    size_t el = strlen(ent[k].e);
                    if (i + el <= n && memcmp(src + i, ent[k].e, el) == 0) {
                        text[tn++] = ent[k].c;
                        i += el;
                        done = true;
                        break;
                    }
                }
                if (done) continue;
                text[tn++] = src[i];
            }
            i++;
        }
        text[tn] = 0;
        an_time_options opt = { .all_types = true, .keep_unresolved = true };
        size_t nt = an_time_find_ex(lx, "en", text, tn, y, m, d, &opt, out, MAX_TIMEX);
        score_doc(s, names[f], text, g, ng, out, nt);
        free(text);
        free(src);
    }
    for (size_t f = 0; f < nn; f++) free(names[f]);
    free(names);
    return 0;
}

/* ---- WikiWarsDE ---------------------------------------------------------------------- */

static size_t read_key(const char *path, uint32_t text_start, gold *g, size_t max)
{
    size_t n, ng = 0;
    char *src = read_file(path, &n);
    if (!src) return 0;
    char val[32] = "";
    for (size_t i = 0; i < n; i++) {
        if (src[i] != '<') continue;
        size_t e = i;
        while (e < n && src[e] != '>') e++;
        const char *tag = src + i;
        size_t tl = e - i + 1;
        if (tag_is(tag, tl, "timex2")) {
            attr(tag, tl, "VAL", val, sizeof val);
        } else if (tag_is(tag, tl, "charseq") && ng < max) {
            char a[24], b[24];
            attr(tag, tl, "START", a, sizeof a);
            attr(tag, tl, "END", b, sizeof b);
            uint32_t s = (uint32_t)strtoul(a, NULL, 10), t = (uint32_t)strtoul(b, NULL, 10) + 1;
            if (s >= text_start) {
                g[ng].start = s, g[ng].end = t;
                snprintf(g[ng].value, sizeof g[ng].value, "%s", val);
                ng++;
            }
        }
        i = e;
    }
    free(src);
    return ng;
}

static int eval_wikiwars(const an_time_lexicon *lx, const char *root, score *s)
{
    char base[4096], dir[4096];
    join(base, sizeof base, root, "", "");
    join(dir, sizeof dir, base, "/in", "");
    DIR *dp = opendir(dir);
    if (!dp) {
        /* the corpus may sit one folder down (WikiWarsDE_20110412/) */
        DIR *rp = opendir(root);
        if (!rp) return -1;
        struct dirent *de;
        while (!dp && (de = readdir(rp))) {
            if (de->d_name[0] == '.') continue;
            join(base, sizeof base, root, "/", de->d_name);
            join(dir, sizeof dir, base, "/in", "");
            dp = opendir(dir);
        }
        closedir(rp);
        if (!dp) return -1;
    }
    static an_timex out[MAX_TIMEX];
    static gold g[MAX_TIMEX];
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".sgm") != 0) continue;
        char path[8192], key[8192];
        char stem[1024];
        join(stem, sizeof stem, de->d_name, "", "");
        if (l - 4 < sizeof stem) stem[l - 4] = 0;
        join(path, sizeof path, dir, "/", de->d_name);
        join(key, sizeof key, base, "/key/", stem);
        join(key, sizeof key, key, ".key.apf.xml", "");
        size_t n;
        char *src = read_file(path, &n);
        if (!src) continue;
        char *text = malloc(n + 1);
        size_t tn = 0;
        uint32_t text_start = 0;
        bool in_dt = false;
        char dt[64] = "";
        size_t dtn = 0;
        for (size_t i = 0; i < n;) {
            if (src[i] == '<') {
                size_t e = i;
                while (e < n && src[e] != '>') e++;
                if (tag_is(src + i, e - i + 1, "TEXT")) text_start = (uint32_t)tn;
                in_dt = tag_is(src + i, e - i + 1, "DATETIME");
                i = e + 1;
                continue;
            }
            if (in_dt && dtn + 1 < sizeof dt && src[i] != ' ') dt[dtn++] = src[i], dt[dtn] = 0;
            text[tn++] = src[i++];
        }
        text[tn] = 0;
        int y, m, d;
        parse_date(dt, &y, &m, &d);
        size_t ng = read_key(key, text_start, g, MAX_TIMEX);
        an_time_options opt = { .narrative = true, .all_types = true, .keep_unresolved = true };
        size_t nt = an_time_find_ex(lx, "de", text + text_start, tn - text_start, y, m, d, &opt,
                                    out, MAX_TIMEX);
        for (size_t k = 0; k < nt; k++) out[k].start += text_start, out[k].end += text_start;
        score_doc(s, de->d_name, text, g, ng, out, nt);
        free(text);
        free(src);
    }
    closedir(dp);
    return 0;
}

/* ---- report ---------------------------------------------------------------------------- */

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }
static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

typedef struct figures { double sp, sr, sf, rp, rr, rf, acc, vp, vr, vf; } figures;

static figures compute(const score *s)
{
    figures f;
    f.sp = ratio(s->strict_sys, s->n_sys), f.sr = ratio(s->strict_gold, s->n_gold);
    f.rp = ratio(s->relaxed_sys, s->n_sys), f.rr = ratio(s->relaxed_gold, s->n_gold);
    f.sf = f1(f.sp, f.sr), f.rf = f1(f.rp, f.rr);
    f.acc = ratio(s->value_ok, s->value_pairs);
    f.vp = ratio(s->value_ok, s->n_sys), f.vr = ratio(s->value_ok, s->n_gold);
    f.vf = f1(f.vp, f.vr);
    return f;
}

static void print_row(const char *name, const score *s)
{
    figures f = compute(s);
    printf("%-20s %4zu %5zu %5zu  %5.3f %5.3f %5.3f  %5.3f %5.3f %5.3f  %5.3f  %5.3f\n", name,
           s->docs, s->n_gold, s->n_sys, f.sp, f.sr, f.sf, f.rp, f.rr, f.rf, f.acc, f.vf);
}

static void json_row(FILE *j, const char *name, const score *s, bool last)
{
    figures f = compute(s);
    fprintf(j, "  \"%s\": {\"docs\": %zu, \"gold\": %zu, \"system\": %zu, "
               "\"strict\": {\"p\": %.4f, \"r\": %.4f, \"f1\": %.4f}, "
               "\"relaxed\": {\"p\": %.4f, \"r\": %.4f, \"f1\": %.4f}, "
               "\"value_accuracy\": %.4f, \"value_f1\": %.4f}%s\n",
            name, s->docs, s->n_gold, s->n_sys, f.sp, f.sr, f.sf, f.rp, f.rr, f.rf, f.acc, f.vf,
            last ? "" : ",");
}

int main(int argc, char **argv)
{
    const char *shared = "../shared", *json = NULL, *lang = "lang";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) json = argv[++i];
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) lang = argv[++i];
        else if (strcmp(argv[i], "--errors") == 0) show_errors = true;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: time_eval [SHARED_DIR] [--lang DIR] [--json FILE] [--errors]\n");
            return 2;
        } else shared = argv[i];
    }
    an_time_lexicon *lx;
    an_error err = { 0 };
    if (an_time_lexicon_load(&lx, lang, &err)) {
        fprintf(stderr, "time_eval: %s\n", err.message);
        return 1;
    }
    char te3[4096], ww[4096];
    join(te3, sizeof te3, shared, "/eval/time/TempEval3-platinum", "");
    join(ww, sizeof ww, shared, "/eval/time/WikiWarsDE", "");
    score s_te3 = { 0 }, s_ww = { 0 };
    bool have_te3 = eval_te3(lx, te3, &s_te3) == 0;
    bool have_ww = eval_wikiwars(lx, ww, &s_ww) == 0;
    if (!have_te3) printf("time_eval: %s absent, skipped\n", te3);
    if (!have_ww) printf("time_eval: %s absent, skipped\n", ww);
    if (have_te3 || have_ww) {
        printf("%-20s %4s %5s %5s  %-17s  %-17s  %5s  %5s\n", "", "", "", "", "strict", "relaxed",
               "value", "value");
        printf("%-20s %4s %5s %5s  %5s %5s %5s  %5s %5s %5s  %5s  %5s\n", "data set", "docs",
               "gold", "sys", "P", "R", "F1", "P", "R", "F1", "acc", "F1");
        if (have_te3) print_row("TempEval-3 platinum", &s_te3);
        if (have_ww) print_row("WikiWarsDE", &s_ww);
        if (have_te3)
            printf("(HeidelTime on TempEval-3 platinum, as published: relaxed F1 about 0.90, "
                   "value F1 about 0.78)\n");
    }
    if (json) {
        FILE *j = fopen(json, "w");
        if (!j) {
            fprintf(stderr, "time_eval: cannot write %s\n", json);
            an_time_lexicon_free(lx);
            return 1;
        }
        fprintf(j, "{\n");
        if (have_te3) json_row(j, "tempeval3_platinum", &s_te3, !have_ww);
        if (have_ww) json_row(j, "wikiwarsde", &s_ww, true);
        fprintf(j, "}\n");
        fclose(j);
    }
    an_time_lexicon_free(lx);
    return 0;
}
