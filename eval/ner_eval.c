/* ner_eval.c — scores annalist's entity finding (lexicon and gazetteer matching, not a
 * statistical NER) against two named-entity gold sets in shared/eval/ner:
 *
 * (a) BSNLP 2021 shared task (Slavic NER; Ukrainian and Russian documents only): each
 *     raw document (four header lines: id, language, date, URL; then title and text) is
 *     analysed in its language, and our mentions are scored the way BSNLP scores
 *     recognition, by surface forms per document ("relaxed exact"): the gold is the set
 *     of distinct (form, type) of the annotation file, ours the set of distinct (mention
 *     text, type) over the record's entities, forms compared after case folding and
 *     white-space collapsing. Types map person->PER, place/region/country->LOC,
 *     organization->ORG; groups (country + role noun: "russische Soldaten", "die Polizei
 *     in Istanbul") are descriptions, not names, and are not scored; gold EVT and PRO are never produced and are left out of
 *     recall. Cross-lingual linking: for each BSNLP cross-lingual id (per topic) with
 *     gold forms in both languages, whether one of our entities (same Wikidata id, else
 *     same canonical name) is found on its forms in a Ukrainian and a Russian document.
 * (b) GermEval 2014 (German NER, test file): each sentence is rebuilt from its tokens
 *     with a light detokeniser, analysed in German, and our mentions are mapped onto the
 *     tokens they overlap. Outer-level LOC, PER and ORG spans (not *deriv, *part, OTH)
 *     are scored like CoNLL, exact (same tokens, same type) and overlapping (a shared
 *     token, same type); predictions on the deriv and part spans are counted apart.
 *
 * Records are read back from an_record_write_json with the small JSON reader below.
 *
 * Usage: ner_eval [SHARED_DIR] [--json FILE] [--data DIR] [--errors]
 * SHARED_DIR defaults to ../shared; a missing data set is skipped with a message.
 */
#include "annalist.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Ceilings of this program's own loops over the gold files and the records. */
#define NER_MAX_MENTIONS 16384   /* mentions read from one record */
#define NER_MAX_ENTITIES 4096    /* entities read from one record */
#define NER_MAX_FORMS 4096       /* gold or predicted forms of one BSNLP document */
#define NER_MAX_FILES 4096       /* files in one BSNLP directory */
#define NER_MAX_TOKENS 2048      /* tokens of one GermEval sentence */
#define JSON_MAX_DEPTH 64        /* nesting the JSON skipper follows */

static bool show_errors;

#include "eval_common.h"




#define MAX_KINDS 24

/* ---- the record's entities and mentions ----------------------------------------------- */

enum { TY_NONE, TY_PER, TY_LOC, TY_ORG, TY_COUNT };
static const char *const type_names[TY_COUNT] = { "-", "PER", "LOC", "ORG" };

/* Our entity types on the gold sets' three classes. */
static uint8_t map_type(const char *t)
{
    if (strcmp(t, "person") == 0) return TY_PER;
    if (strcmp(t, "place") == 0 || strcmp(t, "region") == 0 || strcmp(t, "country") == 0) return TY_LOC;
    if (strcmp(t, "organization") == 0) return TY_ORG;
    return TY_NONE;     /* a group is a description ("russische Soldaten", "die Polizei"), not a name */
}

static uint8_t gold_type(const char *t, size_t n)
{
    if (n == 3 && memcmp(t, "PER", 3) == 0) return TY_PER;
    if (n == 3 && memcmp(t, "LOC", 3) == 0) return TY_LOC;
    if (n == 3 && memcmp(t, "ORG", 3) == 0) return TY_ORG;
    return TY_NONE;
}

typedef struct mention { uint32_t start, end, entity; uint8_t type; } mention;
/* key: the Wikidata id, else "name:" and the canonical name, to link across documents */
typedef struct entity { char key[128]; char type[16]; } entity;
typedef struct record { mention *m; size_t nm; entity *e; size_t ne; } record;

static void add_mention(void *p, uint32_t start, uint32_t end)
{
    record *out = p;
    if (out->nm < NER_MAX_MENTIONS) out->m[out->nm++] = (mention){ .start = start, .end = end };
}

static void copy_str(char *dst, size_t cap, const char *p, size_t n)
{
    if (n > cap - 1) n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = 0;
}

/* Reads one entity object: its key and type, and appends its mentions. */
static void read_entity(jr *r, record *out, an_buf *key, an_buf *val)
{
    entity ent = { 0 };
    char name[112] = "";
    size_t first = out->nm;
    if (!j_eat(r, '{')) { r->bad = true; return; }
    if (j_eat(r, '}')) return;
    do {
        if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return; }
        if (key_is(key, "type") || key_is(key, "name") || key_is(key, "wikidata")) {
            j_ws(r);
            if (r->p < r->end && *r->p == '"') {
                j_string(r, val);
                if (key_is(key, "type")) copy_str(ent.type, sizeof ent.type, val->p, val->n);
                else if (key_is(key, "name")) copy_str(name, sizeof name, val->p, val->n);
                else copy_str(ent.key, sizeof ent.key, val->p, val->n);
            } else j_skip(r, 1);
        } else if (key_is(key, "mentions")) {
            j_mentions(r, key, add_mention, out);
            if (r->bad) return;
        } else j_skip(r, 1);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, '}')) r->bad = true;
    if (out->ne >= NER_MAX_ENTITIES) { out->nm = first; return; }
    if (!ent.key[0]) snprintf(ent.key, sizeof ent.key, "name:%s", name);
    uint8_t ty = map_type(ent.type);
    for (size_t i = first; i < out->nm; i++) {
        out->m[i].entity = (uint32_t)out->ne;
        out->m[i].type = ty;
    }
    out->e[out->ne++] = ent;
}

/* The entities of one JSON record. Returns false on a malformed record. */
static bool read_record(const char *json, size_t n, record *out)
{
    jr r = { json, json + n, false };
    an_buf key = { 0 }, val = { 0 };
    out->nm = out->ne = 0;
    if (!j_eat(&r, '{')) return false;
    if (!j_eat(&r, '}')) do {
        if (!j_string(&r, &key) || !j_eat(&r, ':')) break;
        if (key_is(&key, "entities")) {
            if (!j_eat(&r, '[')) { r.bad = true; break; }
            if (j_eat(&r, ']')) continue;
            do read_entity(&r, out, &key, &val);
            while (!r.bad && j_eat(&r, ','));
            if (!r.bad && !j_eat(&r, ']')) r.bad = true;
        } else j_skip(&r, 0);
    } while (!r.bad && j_eat(&r, ','));
    an_buf_free(&key);
    an_buf_free(&val);
    return !r.bad;
}

/* Analyses one text in `lang` and reads its record back; adds the time spent in the
 * library to *seconds. Returns false when the article or its record failed. */
static bool analyze(const an_engine *e, an_doc *doc, an_buf *json, const char *text, size_t n,
                    const char *lang, record *rec, double *seconds)
{
    an_article art = { 0 };
    an_options opt = { 0 };
    an_error err = { 0 };
    art.text = (an_span){ text ? text : "", n };
    art.lang = (an_span){ lang, strlen(lang) };
    an_doc_reset(doc);
    double t0 = now();
    an_status st = an_doc_analyze(doc, e, &art, &err);
    json->n = 0;
    if (!st) st = an_record_write_json(doc, &opt, json);
    *seconds += now() - t0;
    rec->nm = rec->ne = 0;
    return !st && read_record(json->p, json->n, rec);
}

/* Case-folded form with white space collapsed and trimmed, into out. */
static void fold_form(const char *p, size_t n, an_buf *tmp, an_buf *out)
{
    tmp->n = 0;
    out->n = 0;
    an_text_fold(p, n, tmp);
    bool space = false;
    for (size_t i = 0; i < tmp->n; i++) {
        unsigned char c = (unsigned char)tmp->p[i];
        bool ws = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (c == 0xC2 && i + 1 < tmp->n && (unsigned char)tmp->p[i + 1] == 0xA0) { ws = true; i++; }
        if (ws) { space = out->n > 0; continue; }
        if (space) an_buf_append(out, " ", 1);
        space = false;
        an_buf_append(out, &tmp->p[i], 1);
    }
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0; }
static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

/* ---- (a) BSNLP 2021 ---------------------------------------------------------------------- */

/* A form of one document: folded text in the document's pool, its type, and (gold)
 * the cross-lingual id or (ours) the entity key. */
typedef struct form { size_t off, len; uint8_t type; char link[128]; } form;

typedef struct form_set { form *v; size_t n; an_buf pool; } form_set;

static const char *form_text(const form_set *s, const form *f) { return s->pool.p + f->off; }

static form *form_find(form_set *s, const char *p, size_t n, int type)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].len == n && (type < 0 || s->v[i].type == type)
            && memcmp(s->pool.p + s->v[i].off, p, n) == 0) return &s->v[i];
    return NULL;
}

/* Adds (p, type) unless it is there already; returns the form or NULL when full. */
static form *form_add(form_set *s, const char *p, size_t n, uint8_t type)
{
    form *f = form_find(s, p, n, type);
    if (f) return f;
    if (s->n >= NER_MAX_FORMS) return NULL;
    f = &s->v[s->n++];
    memset(f, 0, sizeof *f);
    f->off = s->pool.n;
    f->len = n;
    f->type = type;
    an_buf_append(&s->pool, p, n);
    an_buf_append(&s->pool, "", 1);
    return f;
}

enum { L_UK, L_RU, L_COUNT };
static const char *const lang_names[L_COUNT] = { "uk", "ru" };

typedef struct counts { size_t gold, sys, hit; } counts;

/* One gold form with a cross-lingual id, and the entity we found on it ("" if none). */
typedef struct xlink { char id[160]; uint8_t lang, type; char key[128]; } xlink;

typedef struct bsnlp {
    size_t docs[L_COUNT], unpaired, failed;
    counts typed[L_COUNT][TY_COUNT];            /* per language and type */
    counts detect[L_COUNT];                     /* forms regardless of type */
    size_t gold_other;                          /* gold EVT/PRO forms, not scored */
    double seconds;
    xlink *xl;
    size_t nxl, capxl;
    size_t xl_ids, xl_covered, xl_linked;       /* PER/LOC/ORG ids in both languages */
    size_t xl_ids_all, xl_linked_all;           /* every id in both languages */
    tally fp, fn, confused;
} bsnlp;

typedef struct raw_doc { char id[96]; char *buf; size_t text_off, n; } raw_doc;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the files (or, dirs true, the subdirectories) of a directory. */
static size_t list_dir(const char *path, char ***out)
{
    DIR *d = opendir(path);
    *out = NULL;
    if (!d) return 0;
    char **v = malloc(NER_MAX_FILES * sizeof *v);
    size_t n = 0;
    struct dirent *de;
    while (v && n < NER_MAX_FILES && (de = readdir(d)))
        if (de->d_name[0] != '.') v[n++] = strdup(de->d_name);
    closedir(d);
    if (v) qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* The first line of buf (BOM, CR and spaces trimmed) into id; returns the offset of
 * the next line. */
static size_t first_line(const char *buf, size_t n, char *id, size_t cap)
{
    size_t s = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, e = s;
    while (e < n && buf[e] != '\n') e++;
    size_t next = e < n ? e + 1 : e;
    while (e > s && (buf[e - 1] == '\r' || buf[e - 1] == ' ' || buf[e - 1] == '\t')) e--;
    copy_str(id, cap, buf + s, e - s);
    return next;
}

static void xl_add(bsnlp *b, const char *topic, const char *clid, size_t cl, uint8_t lang, uint8_t type,
                   const char *key)
{
    if (b->nxl == b->capxl) {
        size_t cap = b->capxl ? b->capxl * 2 : 1024;
        xlink *v = realloc(b->xl, cap * sizeof *v);
        if (!v) return;
        b->xl = v;
        b->capxl = cap;
    }
    xlink *x = &b->xl[b->nxl++];
    snprintf(x->id, sizeof x->id, "%s/%.*s", topic, (int)cl, clid);
    x->lang = lang;
    x->type = type;
    snprintf(x->key, sizeof x->key, "%s", key);
}

/* Scores one document: gold is the annotation file's text, text the document's. */
static void bsnlp_doc(bsnlp *b, const an_engine *e, an_doc *doc, an_buf *json, record *rec,
                      const char *topic, uint8_t lang, const char *ann, size_t ann_n,
                      const char *text, size_t n)
{
    form_set gold = { 0 }, ours = { 0 };
    an_buf tmp = { 0 }, f = { 0 };
    char msg[400];
    gold.v = malloc(NER_MAX_FORMS * sizeof *gold.v);
    ours.v = malloc(NER_MAX_FORMS * sizeof *ours.v);
    if (!gold.v || !ours.v) {
        free(gold.v);
        free(ours.v);
        return;
    }
    if (!analyze(e, doc, json, text, n, lang_names[lang], rec, &b->seconds)) b->failed++;
    b->docs[lang]++;
    /* ours: distinct (folded mention text, type), each with its entity's key */
    for (size_t i = 0; i < rec->nm; i++) {
        const mention *m = &rec->m[i];
        if (m->end > n || m->start >= m->end) continue;
        fold_form(text + m->start, m->end - m->start, &tmp, &f);
        form *x = form_add(&ours, f.p, f.n, m->type);
        if (x && !x->link[0]) snprintf(x->link, sizeof x->link, "%s", rec->e[m->entity].key);
    }
    /* gold: lines form TAB lemma TAB type TAB cross-lingual id, after the id line */
    char id[96];
    size_t p = first_line(ann, ann_n, id, sizeof id);
    while (p < ann_n) {
        size_t le = p;
        while (le < ann_n && ann[le] != '\n') le++;
        size_t fe = le;
        while (fe > p && (ann[fe - 1] == '\r' || ann[fe - 1] == ' ')) fe--;
        const char *col[4];
        size_t cn[4], k = 0, s = p;
        for (size_t i = p; i <= fe && k < 4; i++)
            if (i == fe || ann[i] == '\t') { col[k] = ann + s; cn[k++] = i - s; s = i + 1; }
        p = le + 1;
        if (k < 3) continue;
        uint8_t ty = gold_type(col[2], cn[2]);
        fold_form(col[0], cn[0], &tmp, &f);
        if (!f.n) continue;
        if (ty == TY_NONE && !form_find(&gold, f.p, f.n, TY_NONE)) b->gold_other++;
        form *g = form_add(&gold, f.p, f.n, ty);
        if (!g) continue;
        if (k == 4 && cn[3]) {
            form *o = form_find(&ours, f.p, f.n, -1);
            xl_add(b, topic, col[3], cn[3], lang, ty, o ? o->link : "");
        }
    }
    /* typed: |ours_T ∩ gold_T| over |ours_T| and |gold_T|; detection ignores the type */
    for (size_t i = 0; i < gold.n; i++) {
        const form *g = &gold.v[i];
        if (g->type == TY_NONE) continue;
        b->typed[lang][g->type].gold++;
        if (form_find(&ours, form_text(&gold, g), g->len, g->type)) b->typed[lang][g->type].hit++;
        else if (show_errors) {
            const form *o = form_find(&ours, form_text(&gold, g), g->len, -1);
            if (o) {
                snprintf(msg, sizeof msg, "%s: gold %s ours %s", form_text(&gold, g), type_names[g->type],
                         type_names[o->type]);
                tally_add(&b->confused, msg);
            } else {
                snprintf(msg, sizeof msg, "%s [%s]", form_text(&gold, g), type_names[g->type]);
                tally_add(&b->fn, msg);
            }
        }
    }
    for (size_t i = 0; i < ours.n; i++) {
        const form *o = &ours.v[i];
        if (o->type == TY_NONE) continue;
        b->typed[lang][o->type].sys++;
        if (!form_find(&gold, form_text(&ours, o), o->len, o->type) && show_errors
            && !form_find(&gold, form_text(&ours, o), o->len, -1)) {
            snprintf(msg, sizeof msg, "%s [%s]", form_text(&ours, o), type_names[o->type]);
            tally_add(&b->fp, msg);
        }
    }
    /* detection: distinct forms; ours that any gold form has, gold PER/LOC/ORG we have */
    for (size_t i = 0; i < ours.n; i++) {
        const form *o = &ours.v[i];
        if (form_find(&ours, form_text(&ours, o), o->len, -1) != o) continue;   /* first of its text */
        b->detect[lang].sys++;
        if (form_find(&gold, form_text(&ours, o), o->len, -1)) b->detect[lang].hit++;
    }
    for (size_t i = 0; i < gold.n; i++) {
        const form *g = &gold.v[i];
        bool first = g->type != TY_NONE;
        for (size_t k = 0; k < i && first; k++)
            first = gold.v[k].type == TY_NONE || gold.v[k].len != g->len
                    || memcmp(form_text(&gold, &gold.v[k]), form_text(&gold, g), g->len) != 0;
        b->detect[lang].gold += first;
    }
    free(gold.v);
    free(ours.v);
    an_buf_free(&gold.pool);
    an_buf_free(&ours.pool);
    an_buf_free(&tmp);
    an_buf_free(&f);
}

static int cmp_xlink(const void *a, const void *b)
{
    return strcmp(((const xlink *)a)->id, ((const xlink *)b)->id);
}

/* Cross-lingual ids seen in both languages: covered when we found a mention in each,
 * linked when one entity key was found in both. */
static void bsnlp_links(bsnlp *b)
{
    qsort(b->xl, b->nxl, sizeof *b->xl, cmp_xlink);
    for (size_t i = 0; i < b->nxl;) {
        size_t j = i;
        while (j < b->nxl && strcmp(b->xl[j].id, b->xl[i].id) == 0) j++;
        bool in[L_COUNT] = { false }, found[L_COUNT] = { false }, linked = false, scored = false;
        for (size_t k = i; k < j; k++) {
            in[b->xl[k].lang] = true;
            if (b->xl[k].key[0]) found[b->xl[k].lang] = true;
            if (b->xl[k].type != TY_NONE) scored = true;
            for (size_t l = i; l < j && !linked; l++)
                linked = b->xl[k].key[0] && b->xl[k].lang != b->xl[l].lang
                         && strcmp(b->xl[k].key, b->xl[l].key) == 0;
        }
        if (in[L_UK] && in[L_RU]) {
            b->xl_ids_all++;
            b->xl_linked_all += linked;
            if (scored) {
                b->xl_ids++;
                b->xl_covered += found[L_UK] && found[L_RU];
                b->xl_linked += linked;
            }
        }
        i = j;
    }
}

/* Every topic directory: raw/LANG and annotated/LANG, documents paired by their id line. */
static bool eval_bsnlp(const an_engine *e, const char *root, bsnlp *b)
{
    char **topics;
    size_t nt = list_dir(root, &topics);
    if (!nt) { free(topics); return false; }
    an_doc *doc = NULL;
    an_buf json = { 0 };
    record rec = { malloc(NER_MAX_MENTIONS * sizeof(mention)), 0,
                   malloc(NER_MAX_ENTITIES * sizeof(entity)), 0 };
    if (!rec.m || !rec.e || an_doc_new(&doc)) { fprintf(stderr, "ner_eval: out of memory\n"); exit(1); }
    for (size_t t = 0; t < nt; t++) {
        for (uint8_t lang = 0; lang < L_COUNT; lang++) {
            char rdir[4096], adir[4096], path[8192];
            if ((size_t)snprintf(rdir, sizeof rdir, "%s/%s/raw/%s", root, topics[t], lang_names[lang]) >= sizeof rdir
                || (size_t)snprintf(adir, sizeof adir, "%s/%s/annotated/%s", root, topics[t], lang_names[lang]) >= sizeof adir)
                continue;                                   /* a path too long to open */
            char **anns, **raws;
            size_t na = list_dir(adir, &anns);
            size_t nr = na ? list_dir(rdir, &raws) : 0;
            raw_doc *rd = nr ? calloc(nr, sizeof *rd) : NULL;
            for (size_t i = 0; i < nr && rd; i++) {
                snprintf(path, sizeof path, "%s/%s", rdir, raws[i]);
                size_t n = 0;
                rd[i].buf = read_file(path, &n);
                if (!rd[i].buf) continue;
                size_t off = first_line(rd[i].buf, n, rd[i].id, sizeof rd[i].id);
                for (int k = 0; k < 3 && off < n; k++) {             /* language, date, URL */
                    const char *nl = memchr(rd[i].buf + off, '\n', n - off);
                    off = nl ? (size_t)(nl - rd[i].buf) + 1 : n;
                }
                rd[i].text_off = off;
                rd[i].n = n - off;
            }
            for (size_t i = 0; i < na; i++) {
                snprintf(path, sizeof path, "%s/%s", adir, anns[i]);
                size_t an = 0;
                char *ann = read_file(path, &an);
                if (!ann) continue;
                char id[96];
                first_line(ann, an, id, sizeof id);
                size_t k = 0;
                while (rd && k < nr && !(rd[k].buf && strcmp(rd[k].id, id) == 0)) k++;
                if (!rd || k == nr) b->unpaired++;
                else bsnlp_doc(b, e, doc, &json, &rec, topics[t], lang, ann, an,
                               rd[k].buf + rd[k].text_off, rd[k].n);
                free(ann);
            }
            for (size_t i = 0; i < nr && rd; i++) free(rd[i].buf);
            free(rd);
            if (na) free_list(raws, nr);
            free_list(anns, na);
        }
    }
    an_doc_free(doc);
    an_buf_free(&json);
    free(rec.m);
    free(rec.e);
    free_list(topics, nt);
    bsnlp_links(b);
    return b->docs[L_UK] + b->docs[L_RU] > 0;
}

static void counts_line(const char *label, const counts *c)
{
    double P = ratio(c->hit, c->sys), R = ratio(c->hit, c->gold);
    printf("  %-14s %6zu %6zu %7.3f %7.3f %7.3f\n", label, c->gold, c->sys, P, R, f1(P, R));
}

static void print_bsnlp(const bsnlp *b)
{
    size_t docs = b->docs[L_UK] + b->docs[L_RU];
    printf("BSNLP 2021: %zu documents (uk %zu, ru %zu; %zu annotation files without a raw document; %zu failed), %.1f docs/s\n",
           docs, b->docs[L_UK], b->docs[L_RU], b->unpaired, b->failed, b->seconds > 0 ? (double)docs / b->seconds : 0);
    printf("  distinct forms per document, case-folded; gold EVT/PRO forms not scored: %zu\n", b->gold_other);
    printf("  %-14s %6s %6s %7s %7s %7s\n", "lang type", "gold", "ours", "P", "R", "F1");
    counts all[TY_COUNT] = { 0 }, det = { 0 };
    for (int l = 0; l < L_COUNT; l++) {
        char label[32];
        for (int t = TY_PER; t < TY_COUNT; t++) {
            snprintf(label, sizeof label, "%s %s", lang_names[l], type_names[t]);
            counts_line(label, &b->typed[l][t]);
            all[t].gold += b->typed[l][t].gold;
            all[t].sys += b->typed[l][t].sys;
            all[t].hit += b->typed[l][t].hit;
        }
        snprintf(label, sizeof label, "%s any type", lang_names[l]);
        counts_line(label, &b->detect[l]);
        det.gold += b->detect[l].gold;
        det.sys += b->detect[l].sys;
        det.hit += b->detect[l].hit;
    }
    counts micro = { 0 };
    for (int t = TY_PER; t < TY_COUNT; t++) {
        char label[32];
        snprintf(label, sizeof label, "all %s", type_names[t]);
        counts_line(label, &all[t]);
        micro.gold += all[t].gold;
        micro.sys += all[t].sys;
        micro.hit += all[t].hit;
    }
    counts_line("all typed", &micro);
    counts_line("all any type", &det);
    printf("  cross-lingual ids (PER/LOC/ORG) in both uk and ru: %zu; found in both %.3f; linked to one entity %.3f"
           " (all ids incl. EVT/PRO: %zu, linked %.3f)\n",
           b->xl_ids, ratio(b->xl_covered, b->xl_ids), ratio(b->xl_linked, b->xl_ids), b->xl_ids_all,
           ratio(b->xl_linked_all, b->xl_ids_all));
    if (show_errors) {
        tally_print(&b->fp, "most frequent false positives (form in no gold type)", 40);
        tally_print(&b->confused, "most frequent type confusions", 30);
        tally_print(&b->fn, "most frequent missed forms", 40);
    }
}

static void json_counts(FILE *j, const char *name, const counts *c, bool last)
{
    double P = ratio(c->hit, c->sys), R = ratio(c->hit, c->gold);
    fprintf(j, "\"%s\": {\"gold\": %zu, \"ours\": %zu, \"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f}%s",
            name, c->gold, c->sys, P, R, f1(P, R), last ? "" : ", ");
}

static void json_bsnlp(FILE *j, const bsnlp *b)
{
    fprintf(j, "  \"bsnlp2021\": {\"docs_uk\": %zu, \"docs_ru\": %zu, \"docs_per_s\": %.1f,\n",
            b->docs[L_UK], b->docs[L_RU],
            b->seconds > 0 ? (double)(b->docs[L_UK] + b->docs[L_RU]) / b->seconds : 0);
    for (int l = 0; l < L_COUNT; l++) {
        fprintf(j, "    \"%s\": {", lang_names[l]);
        for (int t = TY_PER; t < TY_COUNT; t++) json_counts(j, type_names[t], &b->typed[l][t], false);
        json_counts(j, "any_type", &b->detect[l], true);
        fprintf(j, "},\n");
    }
    fprintf(j, "    \"crosslingual\": {\"ids\": %zu, \"found_in_both\": %.4f, \"linked\": %.4f, "
               "\"ids_all_types\": %zu, \"linked_all_types\": %.4f}},\n",
            b->xl_ids, ratio(b->xl_covered, b->xl_ids), ratio(b->xl_linked, b->xl_ids), b->xl_ids_all,
            ratio(b->xl_linked_all, b->xl_ids_all));
}

/* ---- (b) GermEval 2014 ------------------------------------------------------------------- */

typedef struct tok { uint32_t start, end; char tag[16]; } tok;
typedef struct span { uint32_t t0, t1; char label[16]; uint8_t type; } span;   /* tokens t0..t1 */

typedef struct germeval {
    size_t sentences, failed;
    size_t gold[TY_COUNT], sys[TY_COUNT], exact[TY_COUNT];
    size_t ov_sys[TY_COUNT], ov_gold[TY_COUNT];
    size_t fp_part[TY_COUNT], fp_other[TY_COUNT], fp_none[TY_COUNT];   /* non-overlapping predictions */
    double seconds;
    tally fp, fn;
} germeval;

/* Tokens that take no space before them, and after which none follows. */
static bool glue_before(const char *t)
{
    static const char *const v[] = { ",", ".", ";", ":", "!", "?", ")", "]", "%", "“" };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) if (strcmp(t, v[i]) == 0) return true;
    return false;
}

static bool glue_after(const char *t)
{
    return strcmp(t, "(") == 0 || strcmp(t, "[") == 0 || strcmp(t, "„") == 0;
}

/* Outer-level spans from BIO tags; an I- after another label opens a span too. */
static size_t bio_spans(const tok *tk, size_t nt, span *out)
{
    size_t n = 0;
    for (size_t i = 0; i < nt; i++) {
        const char *t = tk[i].tag;
        if ((t[0] != 'B' && t[0] != 'I') || t[1] != '-') continue;
        bool cont = t[0] == 'I' && n && out[n - 1].t1 + 1 == i && strcmp(out[n - 1].label, t + 2) == 0;
        if (cont) { out[n - 1].t1 = (uint32_t)i; continue; }
        span *s = &out[n++];
        s->t0 = s->t1 = (uint32_t)i;
        snprintf(s->label, sizeof s->label, "%s", t + 2);
        s->type = gold_type(s->label, strlen(s->label));
    }
    return n;
}

static void span_text(char *out, size_t cap, const an_buf *text, const tok *tk, const span *s)
{
    copy_str(out, cap, text->p + tk[s->t0].start, tk[s->t1].end - tk[s->t0].start);
}

static void germeval_sentence(germeval *g, const an_engine *e, an_doc *doc, an_buf *json, record *rec,
                              tok *tk, size_t nt, const an_buf *words, const size_t *word_off)
{
    an_buf text = { 0 };
    span *gs = malloc((nt + 1) * sizeof *gs), *ps = NULL;
    size_t ng = 0, np = 0;
    char buf[300], msg[340];
    if (!gs) goto done;
    for (size_t i = 0; i < nt; i++) {
        const char *w = words->p + word_off[i];
        if (i && !glue_before(w) && !glue_after(words->p + word_off[i - 1])) an_buf_append(&text, " ", 1);
        tk[i].start = (uint32_t)text.n;
        an_buf_puts(&text, w);
        tk[i].end = (uint32_t)text.n;
    }
    g->sentences++;
    if (!analyze(e, doc, json, text.p, text.n, "de", rec, &g->seconds)) g->failed++;
    ng = bio_spans(tk, nt, gs);
    ps = malloc((rec->nm + 1) * sizeof *ps);
    if (!ps) goto done;
    for (size_t i = 0; i < rec->nm; i++) {
        const mention *m = &rec->m[i];
        if (m->type == TY_NONE) continue;
        size_t a = 0, z;
        while (a < nt && tk[a].end <= m->start) a++;
        if (a == nt || tk[a].start >= m->end) continue;
        for (z = a; z + 1 < nt && tk[z + 1].start < m->end; z++) {}
        bool dup = false;
        for (size_t k = 0; k < np && !dup; k++)
            dup = ps[k].t0 == a && ps[k].t1 == z && ps[k].type == m->type;
        if (dup) continue;
        ps[np].t0 = (uint32_t)a;
        ps[np].t1 = (uint32_t)z;
        ps[np].type = m->type;
        snprintf(ps[np].label, sizeof ps[np].label, "%s", type_names[m->type]);
        np++;
    }
    for (size_t i = 0; i < ng; i++) {
        const span *s = &gs[i];
        if (s->type == TY_NONE) continue;
        g->gold[s->type]++;
        bool ov = false;
        for (size_t k = 0; k < np; k++) {
            if (ps[k].type != s->type || ps[k].t0 > s->t1 || s->t0 > ps[k].t1) continue;
            ov = true;
            if (ps[k].t0 == s->t0 && ps[k].t1 == s->t1) g->exact[s->type]++;
        }
        g->ov_gold[s->type] += ov;
        if (!ov && show_errors) {
            span_text(buf, sizeof buf, &text, tk, s);
            snprintf(msg, sizeof msg, "%s [%s]", buf, s->label);
            tally_add(&g->fn, msg);
        }
    }
    for (size_t k = 0; k < np; k++) {
        const span *p = &ps[k];
        g->sys[p->type]++;
        bool ov = false, part = false, other = false;
        for (size_t i = 0; i < ng; i++) {
            const span *s = &gs[i];
            if (p->t0 > s->t1 || s->t0 > p->t1) continue;
            if (s->type == p->type) ov = true;
            else if (strncmp(s->label, type_names[p->type], 3) == 0) part = true;     /* LOCderiv, PERpart … */
            else other = true;
        }
        if (ov) { g->ov_sys[p->type]++; continue; }
        if (part) g->fp_part[p->type]++;
        else if (other) g->fp_other[p->type]++;
        else g->fp_none[p->type]++;
        if (show_errors) {
            span_text(buf, sizeof buf, &text, tk, p);
            snprintf(msg, sizeof msg, "%s [%s%s]", buf, p->label, part ? " on deriv/part" : other ? " on other type" : "");
            tally_add(&g->fp, msg);
        }
    }
done:
    free(gs);
    free(ps);
    an_buf_free(&text);
}

/* The test file: "#" comment lines, then idx TAB token TAB outer TAB inner per token,
 * sentences separated by blank lines. */
static bool eval_germeval(const an_engine *e, const char *path, germeval *g)
{
    size_t n;
    char *buf = read_file(path, &n);
    if (!buf) return false;
    an_doc *doc = NULL;
    an_buf json = { 0 }, words = { 0 };
    record rec = { malloc(NER_MAX_MENTIONS * sizeof(mention)), 0,
                   malloc(NER_MAX_ENTITIES * sizeof(entity)), 0 };
    tok *tk = malloc(NER_MAX_TOKENS * sizeof *tk);
    size_t *word_off = malloc(NER_MAX_TOKENS * sizeof *word_off), nt = 0;
    if (!rec.m || !rec.e || !tk || !word_off || an_doc_new(&doc)) { fprintf(stderr, "ner_eval: out of memory\n"); exit(1); }
    for (size_t p = 0; p <= n;) {
        size_t le = p;
        while (le < n && buf[le] != '\n') le++;
        size_t fe = le;
        while (fe > p && buf[fe - 1] == '\r') fe--;
        bool blank = fe == p;
        if (blank || buf[p] == '#') {
            if (nt) germeval_sentence(g, e, doc, &json, &rec, tk, nt, &words, word_off);
            nt = 0;
            words.n = 0;
        } else if (nt < NER_MAX_TOKENS) {
            const char *col[4];
            size_t cn[4], k = 0, s = p;
            for (size_t i = p; i <= fe && k < 4; i++)
                if (i == fe || buf[i] == '\t') { col[k] = buf + s; cn[k++] = i - s; s = i + 1; }
            if (k >= 3) {
                word_off[nt] = words.n;
                an_buf_append(&words, col[1], cn[1]);
                an_buf_append(&words, "", 1);
                copy_str(tk[nt].tag, sizeof tk[nt].tag, col[2], cn[2]);
                nt++;
            }
        }
        p = le + 1;
    }
    if (nt) germeval_sentence(g, e, doc, &json, &rec, tk, nt, &words, word_off);
    an_doc_free(doc);
    an_buf_free(&json);
    an_buf_free(&words);
    free(rec.m);
    free(rec.e);
    free(tk);
    free(word_off);
    free(buf);
    return g->sentences > 0;
}

static void print_germeval(const germeval *g)
{
    printf("GermEval 2014 test: %zu sentences (%zu failed), %.1f sentences/s; outer spans, tokens\n",
           g->sentences, g->failed, g->seconds > 0 ? (double)g->sentences / g->seconds : 0);
    printf("  %-4s %6s %6s | %-19s | %-19s | %s\n", "type", "gold", "ours", "exact  P     R    F1",
           "overlap P     R    F1", "unmatched ours on deriv/part, other type, nothing");
    for (int t = TY_PER; t < TY_COUNT; t++) {
        double ep = ratio(g->exact[t], g->sys[t]), er = ratio(g->exact[t], g->gold[t]);
        double op = ratio(g->ov_sys[t], g->sys[t]), orr = ratio(g->ov_gold[t], g->gold[t]);
        printf("  %-4s %6zu %6zu | %5.3f %5.3f %5.3f | %5.3f %5.3f %5.3f | %zu, %zu, %zu\n", type_names[t],
               g->gold[t], g->sys[t], ep, er, f1(ep, er), op, orr, f1(op, orr), g->fp_part[t], g->fp_other[t],
               g->fp_none[t]);
    }
    if (show_errors) {
        tally_print(&g->fp, "most frequent false positives", 50);
        tally_print(&g->fn, "most frequent missed spans", 50);
    }
}

static void json_germeval(FILE *j, const germeval *g)
{
    fprintf(j, "  \"germeval2014\": {\"sentences\": %zu, \"sentences_per_s\": %.1f",
            g->sentences, g->seconds > 0 ? (double)g->sentences / g->seconds : 0);
    for (int t = TY_PER; t < TY_COUNT; t++) {
        double ep = ratio(g->exact[t], g->sys[t]), er = ratio(g->exact[t], g->gold[t]);
        double op = ratio(g->ov_sys[t], g->sys[t]), orr = ratio(g->ov_gold[t], g->gold[t]);
        fprintf(j, ",\n    \"%s\": {\"gold\": %zu, \"ours\": %zu, \"exact_precision\": %.4f, \"exact_recall\": %.4f, "
                   "\"exact_f1\": %.4f, \"overlap_precision\": %.4f, \"overlap_recall\": %.4f, \"overlap_f1\": %.4f}",
                type_names[t], g->gold[t], g->sys[t], ep, er, f1(ep, er), op, orr, f1(op, orr));
    }
    fprintf(j, "},\n");
}

int main(int argc, char **argv)
{
    eval_args a;
    if (!eval_args_parse(argc, argv, "ner_eval", "json data errors", "[SHARED_DIR] [--json FILE] [--data DIR] [--errors]", &a))
        return 2;
    const char *shared = a.shared, *json = a.json, *data = a.data;
    show_errors = a.errors;
    char bsnlp_dir[4096], ge_path[4096];
    snprintf(bsnlp_dir, sizeof bsnlp_dir, "%s/eval/ner/bsnlp2021", shared);
    snprintf(ge_path, sizeof ge_path, "%s/eval/ner/germeval2014/NER-de-test.tsv", shared);
    DIR *d = opendir(bsnlp_dir);
    FILE *f = fopen(ge_path, "rb");
    bool have_bsnlp = d != NULL, have_ge = f != NULL;
    if (d) closedir(d);
    if (f) fclose(f);
    if (!have_bsnlp && !have_ge) {
        printf("ner_eval: skipped: no %s/eval/ner/bsnlp2021 or germeval2014\n", shared);
        return 0;
    }

    an_options opt = { .data_dir = data, .date = "2024-11-09" };
    an_engine *e = NULL;
    an_error err = { 0 };
    double t0 = now();
    if (an_engine_open(&e, &opt, &err)) {
        fprintf(stderr, "ner_eval: %s\n", err.message[0] ? err.message : an_status_message(err.status));
        return 1;
    }
    double load_s = now() - t0;
    printf("engine loaded in %.2f s; types: person->PER, place/region/country->LOC, organization/group->ORG\n", load_s);

    static bsnlp b;
    static germeval g;
    if (have_bsnlp) have_bsnlp = eval_bsnlp(e, bsnlp_dir, &b);
    if (have_bsnlp) print_bsnlp(&b);
    else printf("BSNLP 2021: skipped (no uk/ru documents in %s)\n", bsnlp_dir);
    if (have_ge) have_ge = eval_germeval(e, ge_path, &g);
    if (have_ge) print_germeval(&g);
    else printf("GermEval 2014: skipped (no %s)\n", ge_path);
    an_engine_close(e);

    int rc = 0;
    if (json) {
        FILE *j = fopen(json, "w");
        if (!j) {
            fprintf(stderr, "ner_eval: cannot write %s\n", json);
            rc = 1;
        } else {
            fprintf(j, "{\n");
            if (have_bsnlp) json_bsnlp(j, &b);
            if (have_ge) json_germeval(j, &g);
            fprintf(j, "  \"engine_load_s\": %.2f\n}\n", load_s);
            fclose(j);
        }
    }
    free(b.xl);
    tally_free(&b.fp);
    tally_free(&b.fn);
    tally_free(&b.confused);
    tally_free(&g.fp);
    tally_free(&g.fn);
    return rc;
}
