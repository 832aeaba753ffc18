/* geo_eval.c — scores annalist's place finding and resolution (geoparsing) on two
 * English gold sets in shared/eval/geo, the way Gritta et al. score geoparsers
 * ("What's missing in geographical parsing?", 2018; "A Pragmatic Guide to Geoparsing
 * Evaluation", 2019):
 *
 *   detection   a predicted place mention (entity of type place, region or country)
 *               matches a gold toponym when their spans overlap; precision over
 *               predicted mentions, recall over gold toponyms;
 *   resolution  accuracy@161 km: the share of detected gold toponyms whose predicted
 *               coordinates lie within 161 km (100 miles) of the gold ones; a predicted
 *               entity without coordinates (annalist gives countries none) counts as a
 *               miss and is counted apart.
 *
 * GeoWebNews (Gritta 2019): <article><text> with <toponym> children that carry a type,
 * character offsets and gold latitude/longitude. Toponyms are the types that carry
 * coordinates (literal and associative: Literal, Mixed, Coercion, Embedded_Literal,
 * Literal_Modifier, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit); the rest
 * (Demonym, Homonym, Language, Non_Toponym, the two *_Expression types) are not
 * toponyms, and predictions on them count as false positives, reported apart.
 * LGL (Lieberman et al. 2010): <article><text> with <toponym> children: character
 * offsets and a <gaztag> with the GeoNames id and lat/lon; a toponym without a gaztag
 * counts for detection only.
 *
 * Each article's text goes through the public API (an_doc_analyze in English), and the
 * entities are read back from the JSON record (an_record_write_json) with the small
 * JSON reader below. The XML is read with a small tag scanner; offsets there count
 * Unicode code points and are turned into byte offsets.
 *
 * Usage: geo_eval [SHARED_DIR] [--json FILE] [--data DIR] [--errors]
 * SHARED_DIR defaults to ../shared; a missing data set is skipped with a message.
 */
#include "annalist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Ceilings of this program's own loops over the gold files and the records. */
#define GEO_MAX_GOLD 4096        /* gold annotations in one article */
#define GEO_MAX_PRED 8192        /* predicted place mentions in one article */
#define JSON_MAX_DEPTH 64        /* nesting the JSON skipper follows */
#define GEO_KM 161.0             /* the resolution threshold: 100 miles */

static bool show_errors;

#include "eval_common.h"


/* ---- the record's place mentions ------------------------------------------------------ */

typedef struct pred {
    uint32_t start, end;
    bool has_coord;
    double lat, lon;
    char type[16];
    char name[96];
} pred;

typedef struct preds { pred *v; size_t n; } preds;

static void add_pred(void *p, uint32_t start, uint32_t end)
{
    preds *out = p;
    if (out->n < GEO_MAX_PRED) out->v[out->n++] = (pred){ .start = start, .end = end };
}

/* Reads one entity object and appends its mentions when it is a place. */
static void read_entity(jr *r, preds *out, an_buf *key, an_buf *val)
{
    pred proto = { 0 };
    bool has_lat = false, has_lon = false;
    size_t first = out->n;
    if (!j_eat(r, '{')) { r->bad = true; return; }
    if (j_eat(r, '}')) return;
    do {
        if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return; }
        if (key_is(key, "type") || key_is(key, "name")) {
            j_ws(r);
            if (r->p < r->end && *r->p == '"') {
                j_string(r, val);
                char *dst = key_is(key, "type") ? proto.type : proto.name;
                size_t cap = key_is(key, "type") ? sizeof proto.type : sizeof proto.name;
                size_t l = val->n < cap - 1 ? val->n : cap - 1;
                memcpy(dst, val->p, l);
                dst[l] = 0;
            } else j_skip(r, 1);
        } else if (key_is(key, "lat")) proto.lat = j_number(r, &has_lat);
        else if (key_is(key, "lon")) proto.lon = j_number(r, &has_lon);
        else if (key_is(key, "mentions")) {
            j_mentions(r, key, add_pred, out);
            if (r->bad) return;
        } else j_skip(r, 1);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, '}')) r->bad = true;
    bool place = strcmp(proto.type, "place") == 0 || strcmp(proto.type, "region") == 0
                 || strcmp(proto.type, "country") == 0;
    if (!place) { out->n = first; return; }
    for (size_t i = first; i < out->n; i++) {
        pred *p = &out->v[i];
        p->has_coord = has_lat && has_lon;
        p->lat = proto.lat;
        p->lon = proto.lon;
        memcpy(p->type, proto.type, sizeof p->type);
        memcpy(p->name, proto.name, sizeof p->name);
    }
}

/* The place mentions of one JSON record. Returns false on a malformed record. */
static bool read_places(const char *json, size_t n, preds *out)
{
    jr r = { json, json + n, false };
    an_buf key = { 0 }, val = { 0 };
    out->n = 0;
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

/* ---- the gold files -------------------------------------------------------------------- */

typedef struct gold {
    uint32_t start, end;        /* bytes in the article's text */
    bool toponym;               /* scored; else an annotation that is not a toponym */
    bool has_coord;
    double lat, lon;
    char kind[24];              /* GeoWebNews type, or LGL feature class */
} gold;

typedef struct article {
    an_buf text;
    gold *g;
    size_t ng;
    size_t bad_offsets;         /* gold annotations dropped: offsets outside the text */
    size_t phrase_differs;      /* kept annotations whose span text is not their phrase */
} article;

/* The next element <name ...>content</name> in [p, end): its content, or false. An
 * empty element <name/> gives empty content. */
static bool element(const char *p, const char *end, const char *name,
                    const char **cs, const char **ce, const char **after)
{
    size_t nl = strlen(name);
    for (const char *q = p; q + nl + 2 <= end; q++) {
        q = memchr(q, '<', (size_t)(end - q));
        if (!q || q + nl + 2 > end) return false;
        if (memcmp(q + 1, name, nl) != 0) continue;
        char c = q[1 + nl];
        if (c != '>' && c != ' ' && c != '/' && c != '\t' && c != '\n') continue;
        const char *gt = memchr(q, '>', (size_t)(end - q));
        if (!gt) return false;
        if (gt[-1] == '/') { *cs = *ce = gt + 1; *after = gt + 1; return true; }
        const char *s = gt + 1, *e = s;
        /* the end tag, stepping over CDATA sections that might hold '<' */
        while (e < end) {
            const char *lt = memchr(e, '<', (size_t)(end - e));
            if (!lt) return false;
            if ((size_t)(end - lt) >= 9 && memcmp(lt, "<![CDATA[", 9) == 0) {
                const char *z = lt + 9;
                while (z + 3 <= end && memcmp(z, "]]>", 3) != 0) z++;
                e = z + 3;
                continue;
            }
            if (lt + 2 + nl < end && lt[1] == '/' && memcmp(lt + 2, name, nl) == 0 && lt[2 + nl] == '>') {
                *cs = s;
                *ce = lt;
                *after = lt + 3 + nl;
                return true;
            }
            if (lt + 1 + nl < end && memcmp(lt + 1, name, nl) == 0
                && (lt[1 + nl] == '>' || lt[1 + nl] == ' ')) return false;  /* unclosed */
            e = lt + 1;
        }
        return false;
    }
    return false;
}

/* Appends XML character data: entities decoded, CDATA copied as it is. When map is
 * given, map[k] receives the byte offset of the k-th code point (and one past the end),
 * so that it holds at least as many slots as the content has bytes plus one. */
static size_t xml_text(const char *s, const char *e, an_buf *out, uint32_t *map)
{
    size_t ncp = 0;
    bool cdata = false;
    while (s < e) {
        if (!cdata && (size_t)(e - s) >= 9 && memcmp(s, "<![CDATA[", 9) == 0) { cdata = true; s += 9; continue; }
        if (cdata && (size_t)(e - s) >= 3 && memcmp(s, "]]>", 3) == 0) { cdata = false; s += 3; continue; }
        if (map) map[ncp] = (uint32_t)out->n;
        if (!cdata && *s == '&') {
            const char *semi = memchr(s, ';', (size_t)(e - s) < 12 ? (size_t)(e - s) : 12);
            if (semi) {
                size_t l = (size_t)(semi - s - 1);
                const char *nm = s + 1;
                uint32_t cp = 0;
                bool ok = true;
                if (l == 3 && memcmp(nm, "amp", 3) == 0) cp = '&';
                else if (l == 2 && memcmp(nm, "lt", 2) == 0) cp = '<';
                else if (l == 2 && memcmp(nm, "gt", 2) == 0) cp = '>';
                else if (l == 4 && memcmp(nm, "quot", 4) == 0) cp = '"';
                else if (l == 4 && memcmp(nm, "apos", 4) == 0) cp = '\'';
                else if (l >= 2 && nm[0] == '#') {
                    bool hex = nm[1] == 'x' || nm[1] == 'X';
                    for (size_t k = hex ? 2 : 1; k < l && ok; k++) {
                        int d = hex ? hex_digit(nm[k]) : (nm[k] >= '0' && nm[k] <= '9' ? nm[k] - '0' : -1);
                        if (d < 0) ok = false;
                        else cp = cp * (hex ? 16 : 10) + (uint32_t)d;
                    }
                } else ok = false;
                if (ok) {
                    put_utf8(out, cp);
                    ncp++;
                    s = semi + 1;
                    continue;
                }
            }
        }
        /* one code point as it is */
        unsigned char c = (unsigned char)*s;
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (l > (size_t)(e - s)) l = (size_t)(e - s);
        an_buf_append(out, s, l);
        s += l;
        ncp++;
    }
    if (map) map[ncp] = (uint32_t)out->n;
    return ncp;
}

static bool parse_uint(const char *s, const char *e, uint32_t *v)
{
    uint64_t x = 0;
    while (s < e && (*s == ' ' || *s == '\n' || *s == '\t')) s++;
    if (s >= e || *s < '0' || *s > '9') return false;     /* GeoWebNews has a few negative offsets */
    for (; s < e && *s >= '0' && *s <= '9'; s++) x = x * 10 + (uint64_t)(*s - '0');
    *v = (uint32_t)(x > UINT32_MAX ? UINT32_MAX : x);
    return true;
}

static bool parse_double(const char *s, const char *e, double *v)
{
    char tmp[64];
    size_t n = (size_t)(e - s) < sizeof tmp - 1 ? (size_t)(e - s) : sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *stop;
    *v = strtod(tmp, &stop);
    return stop != tmp;
}

/* The GeoWebNews types that name a place (literal or associative) and carry
 * coordinates; the others are annotated but are not toponyms. */
static bool gwn_toponym_type(const char *t)
{
    static const char *const types[] = {
        "Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier",
        "Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(t, types[i]) == 0) return true;
    return false;
}

/* Reads every article of GeoWebNews (lgl false) or LGL (lgl true). */
static size_t load_articles(const char *buf, size_t n, bool lgl, article **out)
{
    size_t na = 0, cap = 0;
    article *a = NULL;
    const char *p = buf, *end = buf + n, *as, *ae, *after;
    an_buf scratch = { 0 };
    while (element(p, end, "article", &as, &ae, &after)) {
        p = after;
        const char *ts, *te, *tafter;
        if (!element(as, ae, "text", &ts, &te, &tafter)) continue;
        if (na == cap) {
            cap = cap ? cap * 2 : 256;
            article *q = realloc(a, cap * sizeof *a);
            if (!q) break;
            a = q;
        }
        article *ar = &a[na];
        memset(ar, 0, sizeof *ar);
        uint32_t *map = malloc(((size_t)(te - ts) + 2) * sizeof *map);
        if (!map) break;
        size_t ncp = xml_text(ts, te, &ar->text, map);
        ar->g = calloc(GEO_MAX_GOLD, sizeof *ar->g);
        if (!ar->g) { free(map); break; }
        const char *ls, *le, *lafter;
        const char *q = as;
        while (ar->ng < GEO_MAX_GOLD && element(q, ae, "toponym", &ls, &le, &lafter)) {
            q = lafter;
            gold g = { 0 };
            const char *s, *e, *x;
            uint32_t cs = 0, ce = 0;
            if (!element(ls, le, "start", &s, &e, &x) || !parse_uint(s, e, &cs)
                || !element(ls, le, "end", &s, &e, &x) || !parse_uint(s, e, &ce)
                || ce > ncp || cs >= ce) {
                ar->bad_offsets++;
                continue;
            }
            g.start = map[cs];
            g.end = map[ce];
            if (element(ls, le, lgl ? "phrase" : "extractedName", &s, &e, &x)) {
                scratch.n = 0;
                xml_text(s, e, &scratch, NULL);
                if (scratch.n != g.end - g.start || memcmp(scratch.p, ar->text.p + g.start, scratch.n) != 0)
                    ar->phrase_differs++;
            }
            if (lgl) {
                const char *gs, *ge;
                g.toponym = true;
                snprintf(g.kind, sizeof g.kind, "no gaztag");
                if (element(ls, le, "gaztag", &gs, &ge, &x)) {
                    g.has_coord = element(gs, ge, "lat", &s, &e, &x) && parse_double(s, e, &g.lat)
                                  && element(gs, ge, "lon", &s, &e, &x) && parse_double(s, e, &g.lon);
                    if (element(gs, ge, "fclass", &s, &e, &x)) {
                        scratch.n = 0;
                        xml_text(s, e, &scratch, NULL);
                        snprintf(g.kind, sizeof g.kind, "class %.*s", (int)scratch.n, scratch.p);
                    }
                }
            } else {
                if (element(ls, le, "type", &s, &e, &x)) {
                    scratch.n = 0;
                    xml_text(s, e, &scratch, NULL);
                    snprintf(g.kind, sizeof g.kind, "%.*s", (int)scratch.n, scratch.p);
                }
                g.toponym = gwn_toponym_type(g.kind);
                g.has_coord = element(ls, le, "latitude", &s, &e, &x) && parse_double(s, e, &g.lat)
                              && element(ls, le, "longitude", &s, &e, &x) && parse_double(s, e, &g.lon);
            }
            ar->g[ar->ng++] = g;
        }
        free(map);
        na++;
    }
    an_buf_free(&scratch);
    *out = a;
    return na;
}

/* ---- scoring ------------------------------------------------------------------------ */

/* Great-circle distance in km (haversine, mean Earth radius). */
static double km_between(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2)
               + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371.0088 * asin(sqrt(h < 1 ? h : 1));
}

#define MAX_KINDS 24

typedef struct kind_row { char kind[24]; size_t gold, found, resolved, correct; } kind_row;

typedef struct score {
    size_t articles, failed, gold, gold_found, pred, pred_ok, pred_on_nontoponym;
    size_t bad_offsets, phrase_differs, gold_coord;
    size_t gold_found_c, pred_c, pred_ok_c;             /* the same, entities with coordinates only */
    size_t resolvable, no_coord, with_coord, within;     /* over detected gold with coordinates */
    double seconds;
    double *err_km;
    size_t n_err;
    kind_row kinds[MAX_KINDS];
    size_t n_kinds;
    tally fp, fn, wrong;
} score;

static kind_row *kind_of(score *s, const char *k)
{
    for (size_t i = 0; i < s->n_kinds; i++)
        if (strcmp(s->kinds[i].kind, k) == 0) return &s->kinds[i];
    if (s->n_kinds == MAX_KINDS) return NULL;
    kind_row *r = &s->kinds[s->n_kinds++];
    memset(r, 0, sizeof *r);
    snprintf(r->kind, sizeof r->kind, "%s", k);
    return r;
}

static bool overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) { return a0 < b1 && b0 < a1; }

static void short_text(char *out, size_t cap, const an_buf *t, uint32_t s, uint32_t e)
{
    size_t l = e > s && e <= t->n ? e - s : 0;
    if (l > cap - 1) l = cap - 1;
    for (size_t i = 0; i < l; i++) out[i] = t->p[s + i] == '\n' ? ' ' : t->p[s + i];
    out[l] = 0;
}

static void score_article(score *s, const article *a, const preds *p)
{
    char buf[256], txt[96];
    for (size_t i = 0; i < a->ng; i++) {
        const gold *g = &a->g[i];
        if (!g->toponym) continue;
        s->gold++;
        s->gold_coord += g->has_coord;
        kind_row *kr = kind_of(s, g->kind);
        if (kr) kr->gold++;
        const pred *best = NULL;
        uint32_t best_ov = 0;
        bool found_c = false;
        for (size_t j = 0; j < p->n; j++) {
            const pred *q = &p->v[j];
            if (!overlap(g->start, g->end, q->start, q->end)) continue;
            found_c |= q->has_coord;
            uint32_t lo = g->start > q->start ? g->start : q->start;
            uint32_t hi = g->end < q->end ? g->end : q->end;
            if (!best || hi - lo > best_ov) { best = q; best_ov = hi - lo; }
        }
        short_text(txt, sizeof txt, &a->text, g->start, g->end);
        if (!best) {
            tally_add(&s->fn, txt);
            continue;
        }
        s->gold_found++;
        s->gold_found_c += found_c;
        if (kr) kr->found++;
        if (!g->has_coord) continue;
        s->resolvable++;
        if (kr) kr->resolved++;
        if (!best->has_coord) {
            s->no_coord++;
            snprintf(buf, sizeof buf, "%s -> %s [%s, no coordinates]", txt, best->name, best->type);
            tally_add(&s->wrong, buf);
            continue;
        }
        s->with_coord++;
        double km = km_between(g->lat, g->lon, best->lat, best->lon);
        s->err_km[s->n_err++] = km;
        if (km <= GEO_KM) {
            s->within++;
            if (kr) kr->correct++;
        } else {
            snprintf(buf, sizeof buf, "%s -> %s [%.0f km]", txt, best->name, km);
            tally_add(&s->wrong, buf);
        }
    }
    for (size_t j = 0; j < p->n; j++) {
        const pred *q = &p->v[j];
        s->pred++;
        bool ok = false, other = false;
        for (size_t i = 0; i < a->ng; i++) {
            if (!overlap(a->g[i].start, a->g[i].end, q->start, q->end)) continue;
            if (a->g[i].toponym) ok = true;
            else other = true;
        }
        s->pred_c += q->has_coord;
        if (ok) { s->pred_ok++; s->pred_ok_c += q->has_coord; continue; }
        if (other) s->pred_on_nontoponym++;
        short_text(txt, sizeof txt, &a->text, q->start, q->end);
        snprintf(buf, sizeof buf, "%s [%s]", txt, q->type);
        tally_add(&s->fp, buf);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0; }

/* Runs the engine over every article of one file; returns false when the file is
 * absent. */
static bool eval_file(const an_engine *e, const char *path, bool lgl, score *s)
{
    size_t n;
    char *buf = read_file(path, &n);
    if (!buf) return false;
    article *arts = NULL;
    size_t na = load_articles(buf, n, lgl, &arts);
    free(buf);
    memset(s, 0, sizeof *s);
    size_t total_gold = 0;
    for (size_t i = 0; i < na; i++) total_gold += arts[i].ng;
    s->err_km = malloc((total_gold + 1) * sizeof *s->err_km);
    preds p = { malloc(GEO_MAX_PRED * sizeof(pred)), 0 };
    an_doc *doc = NULL;
    an_buf json = { 0 };
    an_options opt = { 0 };
    if (!s->err_km || !p.v || an_doc_new(&doc)) { fprintf(stderr, "geo_eval: out of memory\n"); exit(1); }
    for (size_t i = 0; i < na; i++) {
        an_article art = { 0 };
        art.text = (an_span){ arts[i].text.p ? arts[i].text.p : "", arts[i].text.n };
        art.lang = AN_SPAN_LIT("en");
        an_error err = { 0 };
        double t0 = now();
        an_status st = an_doc_analyze(doc, e, &art, &err);
        json.n = 0;
        if (!st) st = an_record_write_json(doc, &opt, &json);
        s->seconds += now() - t0;
        s->articles++;
        p.n = 0;
        if (st || !read_places(json.p, json.n, &p)) {
            s->failed++;
            p.n = 0;
        }
        score_article(s, &arts[i], &p);
        s->bad_offsets += arts[i].bad_offsets;
        s->phrase_differs += arts[i].phrase_differs;
        an_doc_reset(doc);
    }
    an_doc_free(doc);
    an_buf_free(&json);
    free(p.v);
    for (size_t i = 0; i < na; i++) { an_buf_free(&arts[i].text); free(arts[i].g); }
    free(arts);
    qsort(s->err_km, s->n_err, sizeof *s->err_km, cmp_double);
    return true;
}

static void print_score(const char *name, score *s, double goal)
{
    double P = ratio(s->pred_ok, s->pred), R = ratio(s->gold_found, s->gold);
    double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
    printf("%s: %zu articles (%zu failed), %.1f articles/s\n", name, s->articles, s->failed,
           s->seconds > 0 ? (double)s->articles / s->seconds : 0);
    printf("  detection   gold %5zu  predicted %5zu  P %.3f  R %.3f  F1 %.3f   (FP on non-toponym annotations: %zu)\n",
           s->gold, s->pred, P, R, F, s->pred_on_nontoponym);
    printf("  (entities with coordinates only: predicted %5zu  P %.3f  R %.3f)\n",
           s->pred_c, ratio(s->pred_ok_c, s->pred_c), ratio(s->gold_found_c, s->gold));
    printf("  resolution  detected with gold coords %zu: acc@161km %.3f   (no predicted coords %zu; of those with coords %.3f within; median error %.0f km)\n",
           s->resolvable, ratio(s->within, s->resolvable), s->no_coord, ratio(s->within, s->with_coord),
           s->n_err ? s->err_km[s->n_err / 2] : 0.0);
    if (goal > 0) printf("  goal: acc@161km >= %.2f\n", goal);
    printf("  gold coordinates from the file: %zu of %zu toponyms carry them\n", s->gold_coord, s->gold);
    printf("  bound: acc@161km %.3f if every detected toponym without predicted coordinates were resolved right\n",
           ratio(s->within + s->no_coord, s->resolvable));
    printf("  %-22s %6s %7s %9s\n", "gold kind", "gold", "recall", "acc@161");
    for (size_t i = 0; i < s->n_kinds; i++) {
        const kind_row *k = &s->kinds[i];
        char acc[16] = "-";
        if (k->resolved) snprintf(acc, sizeof acc, "%.3f", ratio(k->correct, k->resolved));
        printf("  %-22s %6zu %7.3f %9s\n", k->kind, k->gold, ratio(k->found, k->gold), acc);
    }
    if (s->bad_offsets || s->phrase_differs)
        printf("  gold check: %zu annotations dropped (offsets outside the text), %zu whose span differs from their phrase\n",
               s->bad_offsets, s->phrase_differs);
    if (show_errors) {
        tally_print(&s->fp, "most frequent false positives", 40);
        tally_print(&s->fn, "most frequent missed toponyms", 40);
        tally_print(&s->wrong, "most frequent wrong resolutions", 40);
    }
}

static void json_score(FILE *j, const char *name, const score *s, bool last)
{
    double P = ratio(s->pred_ok, s->pred), R = ratio(s->gold_found, s->gold);
    fprintf(j, "  \"%s\": {\"articles\": %zu, \"failed\": %zu, \"articles_per_s\": %.1f, "
               "\"gold_toponyms\": %zu, \"predicted\": %zu, \"precision\": %.4f, \"recall\": %.4f, "
               "\"f1\": %.4f, \"resolvable\": %zu, \"acc_161km\": %.4f, \"no_coordinates\": %zu, "
               "\"acc_161km_with_coordinates\": %.4f, \"median_error_km\": %.1f, "
               "\"precision_coord_only\": %.4f, \"recall_coord_only\": %.4f}%s\n",
            name, s->articles, s->failed, s->seconds > 0 ? (double)s->articles / s->seconds : 0,
            s->gold, s->pred, P, R, P + R > 0 ? 2 * P * R / (P + R) : 0, s->resolvable,
            ratio(s->within, s->resolvable), s->no_coord, ratio(s->within, s->with_coord),
            s->n_err ? s->err_km[s->n_err / 2] : 0.0, ratio(s->pred_ok_c, s->pred_c),
            ratio(s->gold_found_c, s->gold), last ? "" : ",");
}

static void score_free(score *s)
{
    free(s->err_km);
    tally_free(&s->fp);
    tally_free(&s->fn);
    tally_free(&s->wrong);
}

int main(int argc, char **argv)
{
    eval_args a;
    if (!eval_args_parse(argc, argv, "geo_eval", "json data errors", "[SHARED_DIR] [--json FILE] [--data DIR] [--errors]", &a))
        return 2;
    const char *shared = a.shared, *json = a.json, *data = a.data;
    show_errors = a.errors;
    char gwn_path[4096], lgl_path[4096];
    snprintf(gwn_path, sizeof gwn_path, "%s/eval/geo/GeoWebNews.xml", shared);
    snprintf(lgl_path, sizeof lgl_path, "%s/eval/geo/lgl.xml", shared);
    FILE *f1 = fopen(gwn_path, "rb"), *f2 = fopen(lgl_path, "rb");
    bool have_gwn = f1 != NULL, have_lgl = f2 != NULL;
    if (f1) fclose(f1);
    if (f2) fclose(f2);
    if (!have_gwn && !have_lgl) {
        printf("geo_eval: skipped: no %s/eval/geo/GeoWebNews.xml or lgl.xml\n", shared);
        return 0;
    }

    an_options opt = { .data_dir = data, .lang = "en", .date = "2024-11-09" };
    an_engine *e = NULL;
    an_error err = { 0 };
    double t0 = now();
    if (an_engine_open(&e, &opt, &err)) {
        fprintf(stderr, "geo_eval: %s\n", err.message[0] ? err.message : an_status_message(err.status));
        return 1;
    }
    double load_s = now() - t0;
    printf("engine loaded in %.2f s; a predicted mention is an entity of type place, region or country\n", load_s);

    score gwn, lgl;
    if (have_gwn) {
        eval_file(e, gwn_path, false, &gwn);
        print_score("GeoWebNews", &gwn, 0.85);
    } else printf("GeoWebNews: skipped (no %s)\n", gwn_path);
    if (have_lgl) {
        eval_file(e, lgl_path, true, &lgl);
        print_score("LGL", &lgl, 0);
    } else printf("LGL: skipped (no %s)\n", lgl_path);
    an_engine_close(e);

    if (json) {
        FILE *j = fopen(json, "w");
        if (!j) {
            fprintf(stderr, "geo_eval: cannot write %s\n", json);
            return 1;
        }
        fprintf(j, "{\n  \"engine_load_s\": %.2f,\n", load_s);
        if (have_gwn) json_score(j, "geowebnews", &gwn, !have_lgl);
        if (have_lgl) json_score(j, "lgl", &lgl, true);
        fprintf(j, "}\n");
        fclose(j);
    }
    if (have_gwn) score_free(&gwn);
    if (have_lgl) score_free(&lgl);
    return 0;
}
