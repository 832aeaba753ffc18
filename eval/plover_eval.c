/* plover_eval.c — scores annalist's English event coder on the PLOVER gold standard
 * records (shared/eval/plover/PLOVER_GSR_CAMEO.txt, OEDA 2016: sentences from the CAMEO
 * manual, each coded by hand with one PLOVER event type, its source and its target).
 * This set was never used while writing or tuning the coder: its figures are external.
 *
 *   plover_eval [SHARED_DIR] [--json FILE] [--fail FILE] [--data DIR]
 *
 * The file is a JSON array; its first record documents the file and is skipped, as is
 * every record whose "language" is not "en". Each English record's "text" is analysed as
 * one article of its own through the public API, in English, with the record's "date"
 * as the article date; the events of its JSON record are read back with the pull reader
 * of eval_common.h. A produced event's type is its "plover": {"event": ...}.
 *
 * Gold "source" and "target" are lists of {actorText, code, sector} (a target may also
 * be absent, null or ""). Actors compare by the three-letter country or IGO/NGO prefix of
 * the code: the gold actor matches a produced one when the first three letters agree,
 * any gold actor of the list against the produced event's actor.
 *
 * Code differences between the 2016 gold and annalist's CAMEO codes (data/actors) are
 * mapped on the gold side, in code_map below, and nowhere else:
 *   JAP -> JPN   Japan: the gold's old CAMEO-style code; annalist uses the ISO code
 *   ITL -> ITA   Italy: likewise
 *   VTN -> VNM   Vietnam: a slip in one gold record ("Vietnamese-led forces")
 *   ROU -> ROM   Romania: the gold uses ISO; CAMEO (and GDELT, and annalist) keep ROM
 *   TLS -> TMP   East Timor: likewise, CAMEO's TMP
 * Left as they are: ISM ("Muslim hackers", no CAMEO prefix annalist gives), and the
 * gold's IGO on non-governmental bodies (Amnesty International, the Red Cross), which
 * annalist codes NGO; both count as misses, as the gold has them.
 *
 * Event types: the gold names the 2016 draft of PLOVER, which still kept four CAMEO cue
 * categories that the PLOVER manual in shared/eval/plover (draft 0.8, 2021, Table 7.1)
 * folds into others; annalist gives the 2021 types. The gold side is mapped, in
 * type_map below, as that table says:
 *   DEMAND -> REQUEST   (CAMEO 10)          DISAPPROVE  -> ACCUSE (CAMEO 11)
 *   INVESTIGATE -> ACCUSE (CAMEO 09)        FIGHT       -> ASSAULT (CAMEO 19)
 * The other 14 gold types are spelled as in 2021. (a) is also printed unmapped.
 *
 * Figures, over English records:
 *   (a) type         records where some produced event has the gold PLOVER type;
 *   (b) +source      ... and that same event has a gold source prefix (over records
 *                    with a gold source);
 *   (c) +target      ... and also a gold target prefix (over records with a gold source
 *                    and a gold target);
 *   (d) type precision  produced events of the record's gold type / all produced events
 *                    (a sentence may hold other real events, so this is a lower bound);
 *   (e) no event     records where nothing was produced.
 * Per gold type the same (a)–(c), and the most frequent gold -> produced type confusions
 * (each distinct produced type of a record that misses the gold type counts once;
 * "(no type)" is an event of CAMEO 01 or 02, statements and appeals, which PLOVER drops).
 * --fail writes one line per record not fully matched: id, gold, produced events, and
 * which of (a)–(c) held. SHARED_DIR defaults to ../shared; without the file the program
 * says so and exits 0.
 */
#include "annalist.h"

#include <stdlib.h>
#include <string.h>

/* Ceilings of this program's own loops over the gold and the records. */
#define PE_MAX_ACTORS 8          /* gold actors kept per side of a record */
#define PE_MAX_EVENTS 64         /* produced events kept per record */
#define PE_MAX_TYPES 32          /* distinct gold event types in the per-type table */

#include "eval_common.h"

/* Gold code prefix -> annalist's code prefix (see the header comment). */
static const struct { const char *gold, *annalist; } code_map[] = {
    { "JAP", "JPN" }, { "ITL", "ITA" }, { "VTN", "VNM" }, { "ROU", "ROM" }, { "TLS", "TMP" },
};

/* Gold (2016) event type -> the 2021 type annalist gives (see the header comment). */
static const struct { const char *gold, *annalist; } type_map[] = {
    { "DEMAND", "REQUEST" }, { "DISAPPROVE", "ACCUSE" }, { "INVESTIGATE", "ACCUSE" }, { "FIGHT", "ASSAULT" },
};

static const char *gold_type(const char *event)
{
    for (size_t i = 0; i < sizeof type_map / sizeof *type_map; i++)
        if (strcmp(event, type_map[i].gold) == 0) return type_map[i].annalist;
    return event;
}

typedef struct gold_rec {
    char id[64], event[24], date[16], lang[8];
    an_buf text;
    char src[PE_MAX_ACTORS][4], tgt[PE_MAX_ACTORS][4];
    int nsrc, ntgt;
} gold_rec;

typedef struct produced {
    char type[24];                  /* "" when the event has no PLOVER type */
    char src[32], tgt[32];          /* full codes, "" when absent */
} produced;

typedef struct type_row { char type[24]; int records, a, b, b_n, c, c_n; } type_row;

typedef struct score {
    int records, with_src, with_tgt;
    int a, b, c, no_event;
    int a_unmapped;                 /* (a) with the gold's 2016 type names taken literally */
    int produced, produced_typed_right;
    int errors;                     /* records the library refused or whose JSON we could not read */
    type_row types[PE_MAX_TYPES];
    int ntypes;
    tally confusion;
} score;

static void copy_buf(char *dst, size_t cap, const an_buf *b)
{
    size_t n = b->n < cap - 1 ? b->n : cap - 1;
    if (n) memcpy(dst, b->p, n);
    dst[n] = 0;
}

/* The three-letter prefix of a code, upper-cased; "" when shorter. */
static void code_prefix(const char *code, char out[4])
{
    out[0] = 0;
    if (strlen(code) < 3) return;
    for (int i = 0; i < 3; i++) out[i] = code[i] >= 'a' && code[i] <= 'z' ? (char)(code[i] - 32) : code[i];
    out[3] = 0;
}

/* A gold code's prefix, in annalist's spelling through code_map. */
static void gold_prefix(const char *code, char out[4])
{
    code_prefix(code, out);
    for (size_t i = 0; i < sizeof code_map / sizeof *code_map; i++)
        if (strcmp(out, code_map[i].gold) == 0) { memcpy(out, code_map[i].annalist, 4); return; }
}

/* ---- the gold file --------------------------------------------------------------------- */

/* Reads a string value, or null (then out is empty); skips anything else. */
static void read_str(jr *r, an_buf *out)
{
    j_ws(r);
    out->n = 0;
    if (r->p < r->end && *r->p == '"') j_string(r, out);
    else j_skip(r, 1);
}

/* Reads an actor list ([{"code": ...}, ...], or null, or a string) into prefixes. */
static void read_actors(jr *r, an_buf *key, an_buf *val, char (*out)[4], int *n)
{
    *n = 0;
    j_ws(r);
    if (r->p >= r->end || *r->p != '[') { j_skip(r, 1); return; }
    r->p++;
    if (j_eat(r, ']')) return;
    do {
        if (!j_eat(r, '{')) { r->bad = true; return; }
        char code[32] = "";
        if (!j_eat(r, '}')) do {
            if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return; }
            if (key_is(key, "code")) {
                read_str(r, val);
                copy_buf(code, sizeof code, val);
            } else j_skip(r, 1);
        } while (!r->bad && j_eat(r, ','));
        if (!r->bad && !j_eat(r, '}')) { r->bad = true; return; }
        char p[4];
        gold_prefix(code, p);
        if (p[0] && *n < PE_MAX_ACTORS) memcpy(out[(*n)++], p, 4);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, ']')) r->bad = true;
}

/* Reads the next record object of the array into g. */
static bool read_gold(jr *r, gold_rec *g, an_buf *key, an_buf *val)
{
    g->id[0] = g->event[0] = g->date[0] = g->lang[0] = 0;
    g->text.n = 0;
    g->nsrc = g->ntgt = 0;
    if (!j_eat(r, '{')) { r->bad = true; return false; }
    if (!j_eat(r, '}')) do {
        if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return false; }
        if (key_is(key, "id")) { read_str(r, val); copy_buf(g->id, sizeof g->id, val); }
        else if (key_is(key, "event")) { read_str(r, val); copy_buf(g->event, sizeof g->event, val); }
        else if (key_is(key, "date")) { read_str(r, val); copy_buf(g->date, sizeof g->date, val); }
        else if (key_is(key, "language")) { read_str(r, val); copy_buf(g->lang, sizeof g->lang, val); }
        else if (key_is(key, "text")) read_str(r, &g->text);
        else if (key_is(key, "source")) read_actors(r, key, val, g->src, &g->nsrc);
        else if (key_is(key, "target")) read_actors(r, key, val, g->tgt, &g->ntgt);
        else j_skip(r, 1);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, '}')) r->bad = true;
    return !r->bad;
}

/* ---- the record's events ---------------------------------------------------------------- */

/* An object or null: its string field `field` into out ("" when absent). The source's
 * and target's {"code": …}, the {"event": …} of "plover". */
static void read_field(jr *r, an_buf *key, an_buf *val, const char *field, char *out, size_t cap)
{
    out[0] = 0;
    j_ws(r);
    if (r->p >= r->end || *r->p != '{') { j_skip(r, 2); return; }
    r->p++;
    if (j_eat(r, '}')) return;
    do {
        if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return; }
        if (key_is(key, field)) { read_str(r, val); copy_buf(out, cap, val); }
        else j_skip(r, 3);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, '}')) r->bad = true;
}

static void read_event(jr *r, an_buf *key, an_buf *val, produced *ev)
{
    memset(ev, 0, sizeof *ev);
    if (!j_eat(r, '{')) { r->bad = true; return; }
    if (j_eat(r, '}')) return;
    do {
        if (!j_string(r, key) || !j_eat(r, ':')) { r->bad = true; return; }
        if (key_is(key, "source")) read_field(r, key, val, "code", ev->src, sizeof ev->src);
        else if (key_is(key, "target")) read_field(r, key, val, "code", ev->tgt, sizeof ev->tgt);
        else if (key_is(key, "plover")) read_field(r, key, val, "event", ev->type, sizeof ev->type);
        else j_skip(r, 2);
    } while (!r->bad && j_eat(r, ','));
    if (!r->bad && !j_eat(r, '}')) r->bad = true;
}

/* The events of one JSON record (at most PE_MAX_EVENTS); their number, -1 when malformed. */
static int read_events(const char *json, size_t n, produced *out)
{
    jr r = { json, json + n, false };
    an_buf key = { 0 }, val = { 0 };
    int k = 0;
    if (!j_eat(&r, '{')) return -1;
    if (!j_eat(&r, '}')) do {
        if (!j_string(&r, &key) || !j_eat(&r, ':')) { r.bad = true; break; }
        if (!key_is(&key, "events")) { j_skip(&r, 0); continue; }
        if (!j_eat(&r, '[')) { r.bad = true; break; }
        if (j_eat(&r, ']')) continue;
        do {
            produced ev;
            read_event(&r, &key, &val, &ev);
            if (!r.bad && k < PE_MAX_EVENTS) out[k++] = ev;
        } while (!r.bad && j_eat(&r, ','));
        if (!r.bad && !j_eat(&r, ']')) r.bad = true;
    } while (!r.bad && j_eat(&r, ','));
    an_buf_free(&key);
    an_buf_free(&val);
    return r.bad ? -1 : k;
}

/* ---- scoring ------------------------------------------------------------------------------ */

/* Whether the code's prefix is among the gold prefixes. */
static bool prefix_in(const char *code, const char (*gold)[4], int n)
{
    char p[4];
    code_prefix(code, p);
    if (!p[0]) return false;
    for (int i = 0; i < n; i++)
        if (strcmp(p, gold[i]) == 0) return true;
    return false;
}

static type_row *type_row_for(score *s, const char *type)
{
    for (int i = 0; i < s->ntypes; i++)
        if (strcmp(s->types[i].type, type) == 0) return &s->types[i];
    if (s->ntypes == PE_MAX_TYPES) return NULL;
    type_row *t = &s->types[s->ntypes++];
    memset(t, 0, sizeof *t);
    snprintf(t->type, sizeof t->type, "%s", type);
    return t;
}

static void put_actors(FILE *f, const char (*a)[4], int n)
{
    if (!n) fputc('-', f);
    for (int i = 0; i < n; i++) fprintf(f, "%s%s", i ? "+" : "", a[i]);
}

static void score_record(score *s, const gold_rec *g, const produced *ev, int n, FILE *fail)
{
    bool a = false, b = false, c = false;
    bool has_src = g->nsrc > 0, has_tgt = g->nsrc > 0 && g->ntgt > 0;
    const char (*src)[4] = g->src, (*tgt)[4] = g->tgt;
    s->records++;
    s->with_src += has_src;
    s->with_tgt += has_tgt;
    s->produced += n;
    if (n == 0) s->no_event++;
    const char *want = gold_type(g->event);
    bool a_unmapped = false;
    for (int i = 0; i < n; i++) {
        a_unmapped |= strcmp(ev[i].type, g->event) == 0;
        if (strcmp(ev[i].type, want) != 0) continue;
        s->produced_typed_right++;
        a = true;
        if (!has_src || !prefix_in(ev[i].src, src, g->nsrc)) continue;
        b = true;
        if (has_tgt && prefix_in(ev[i].tgt, tgt, g->ntgt)) c = true;
    }
    s->a += a;
    s->a_unmapped += a_unmapped;
    s->b += b;
    s->c += c;
    type_row *t = type_row_for(s, g->event);
    if (t) {
        t->records++;
        t->a += a;
        t->b_n += has_src;
        t->b += b;
        t->c_n += has_tgt;
        t->c += c;
    }
    if (!a)
        for (int i = 0; i < n; i++) {
            bool seen = false;      /* each produced type once per record */
            for (int j = 0; j < i; j++) seen |= strcmp(ev[j].type, ev[i].type) == 0;
            if (seen) continue;
            char k[64];
            snprintf(k, sizeof k, "%s->%s", g->event, ev[i].type[0] ? ev[i].type : "(no type)");
            tally_add(&s->confusion, k);
        }
    bool full = has_tgt ? c : has_src ? b : a;
    if (!fail || full) return;
    fprintf(fail, "%s\tgold %s ", g->id, want);
    put_actors(fail, src, g->nsrc);
    fprintf(fail, " > ");
    put_actors(fail, tgt, g->ntgt);
    fprintf(fail, "\tgot");
    if (!n) fprintf(fail, " nothing");
    for (int i = 0; i < n; i++)
        fprintf(fail, "%s %s %s > %s", i ? ";" : "", ev[i].type[0] ? ev[i].type : "(no type)",
                ev[i].src[0] ? ev[i].src : "-", ev[i].tgt[0] ? ev[i].tgt : "-");
    fprintf(fail, "\t[%s%s%s]\n", a ? "type" : "type missed", a && has_src ? (b ? ", source" : ", source missed") : "",
            b && has_tgt ? (c ? ", target" : ", target missed") : "");
}

static double ratio(int a, int b) { return b ? (double)a / b : 0.0; }

static void print_score(const score *s, double seconds)
{
    printf("PLOVER gold standard, English: %d records (%d with a source, %d with a source and a target), "
           "%.1f records/s\n", s->records, s->with_src, s->with_tgt, seconds > 0 ? s->records / seconds : 0);
    printf("  (a) gold type produced            %3d/%d  %.3f\n", s->a, s->records, ratio(s->a, s->records));
    printf("      (gold 2016 type names taken literally: %d/%d  %.3f)\n", s->a_unmapped, s->records,
           ratio(s->a_unmapped, s->records));
    printf("  (b)  ... by a gold source         %3d/%d  %.3f\n", s->b, s->with_src, ratio(s->b, s->with_src));
    printf("  (c)  ... on a gold target         %3d/%d  %.3f\n", s->c, s->with_tgt, ratio(s->c, s->with_tgt));
    printf("  (d) produced events of the gold type %d/%d  %.3f\n", s->produced_typed_right, s->produced,
           ratio(s->produced_typed_right, s->produced));
    printf("  (e) records with no event         %3d/%d  %.3f\n", s->no_event, s->records,
           ratio(s->no_event, s->records));
    if (s->errors) printf("  %d records refused by the library or unreadable\n", s->errors);
    printf("  %-24s %7s %13s %13s %13s\n", "gold type (scored as)", "records", "(a) type", "(b) +source", "(c) +target");
    for (int i = 0; i < s->ntypes; i++) {
        const type_row *t = &s->types[i];
        char name[64];
        const char *as = gold_type(t->type);
        if (strcmp(as, t->type) != 0) snprintf(name, sizeof name, "%s (%s)", t->type, as);
        else snprintf(name, sizeof name, "%s", t->type);
        printf("  %-24s %7d %7d %.2f %7d %.2f %7d %.2f\n", name, t->records, t->a, ratio(t->a, t->records), t->b,
               ratio(t->b, t->b_n), t->c, ratio(t->c, t->c_n));
    }
    tally_print(&s->confusion, "top gold->produced type confusions (records missing the gold type)", 12);
}

static void json_score(FILE *j, const score *s, double seconds)
{
    fprintf(j, "{\n  \"records\": %d, \"with_source\": %d, \"with_target\": %d, \"records_per_s\": %.1f,\n"
               "  \"type\": %d, \"type_rate\": %.4f, \"type_unmapped\": %d, \"type_source\": %d, \"type_source_rate\": %.4f,\n"
               "  \"type_source_target\": %d, \"type_source_target_rate\": %.4f,\n"
               "  \"produced\": %d, \"produced_gold_type\": %d, \"type_precision\": %.4f,\n"
               "  \"no_event\": %d, \"no_event_rate\": %.4f, \"errors\": %d,\n  \"per_type\": {",
            s->records, s->with_src, s->with_tgt, seconds > 0 ? s->records / seconds : 0, s->a,
            ratio(s->a, s->records), s->a_unmapped, s->b, ratio(s->b, s->with_src), s->c, ratio(s->c, s->with_tgt), s->produced,
            s->produced_typed_right, ratio(s->produced_typed_right, s->produced), s->no_event,
            ratio(s->no_event, s->records), s->errors);
    for (int i = 0; i < s->ntypes; i++) {
        const type_row *t = &s->types[i];
        fprintf(j, "%s\n    \"%s\": {\"records\": %d, \"type\": %d, \"type_source\": %d, \"type_source_target\": %d}",
                i ? "," : "", t->type, t->records, t->a, t->b, t->c);
    }
    fprintf(j, "\n  }\n}\n");
}

int main(int argc, char **argv)
{
    eval_args args;
    if (!eval_args_parse(argc, argv, "plover_eval", "json fail data", "[SHARED_DIR] [--json FILE] [--fail FILE] [--data DIR]",
                         &args))
        return 2;
    char path[4096];
    snprintf(path, sizeof path, "%s/eval/plover/PLOVER_GSR_CAMEO.txt", args.shared);
    size_t len;
    char *buf = read_file(path, &len);
    if (!buf) {
        printf("plover_eval: skipped: no %s\n", path);
        return 0;
    }
    an_options opt = { .data_dir = args.data, .lang = "en" };
    an_engine *e = NULL;
    an_error err = { 0 };
    if (an_engine_open(&e, &opt, &err)) {
        fprintf(stderr, "plover_eval: %s\n", err.message[0] ? err.message : an_status_message(err.status));
        free(buf);
        return 1;
    }
    FILE *fail = NULL;
    if (args.fail && !(fail = fopen(args.fail, "w"))) {
        fprintf(stderr, "plover_eval: cannot write %s\n", args.fail);
        an_engine_close(e);
        free(buf);
        return 1;
    }

    score s;
    memset(&s, 0, sizeof s);
    gold_rec g = { 0 };
    an_buf key = { 0 }, val = { 0 }, rec = { 0 };
    produced *ev = malloc(PE_MAX_EVENTS * sizeof *ev);
    an_doc *doc = NULL;
    if (!ev || an_doc_new(&doc)) { fprintf(stderr, "plover_eval: out of memory\n"); return 1; }
    jr r = { buf, buf + len, false };
    double seconds = 0;
    int status = 0;
    if (j_eat(&r, '[') && !j_eat(&r, ']')) do {
        if (!read_gold(&r, &g, &key, &val)) break;
        if (strcmp(g.lang, "en") != 0 || !g.text.n || !g.event[0]) continue;   /* DOCUMENT, other languages */
        an_article art = { 0 };
        art.text = (an_span){ g.text.p, g.text.n };
        art.lang = AN_SPAN_LIT("en");
        art.date = (an_span){ g.date, strlen(g.date) };
        an_doc_reset(doc);
        rec.n = 0;
        double t0 = now();
        an_status st = an_doc_analyze(doc, e, &art, &err);
        if (!st) st = an_record_write_json(doc, &opt, &rec);
        seconds += now() - t0;
        int n = st ? -1 : read_events(rec.p, rec.n, ev);
        if (n < 0) { s.errors++; n = 0; }
        score_record(&s, &g, ev, n, fail);
    } while (!r.bad && j_eat(&r, ','));
    if (r.bad) {
        fprintf(stderr, "plover_eval: %s: malformed JSON near byte %zu\n", path, (size_t)(r.p - buf));
        status = 1;
    }
    print_score(&s, seconds);
    printf("  %ld MB resident at the end\n", rss_kb() / 1024);
    if (fail) {
        fclose(fail);
        printf("records not fully matched in %s\n", args.fail);
    }
    if (args.json) {
        FILE *j = fopen(args.json, "w");
        if (!j) {
            fprintf(stderr, "plover_eval: cannot write %s\n", args.json);
            status = 1;
        } else {
            json_score(j, &s, seconds);
            fclose(j);
        }
    }
    tally_free(&s.confusion);
    an_doc_free(doc);
    an_engine_close(e);
    an_buf_free(&g.text);
    an_buf_free(&key);
    an_buf_free(&val);
    an_buf_free(&rec);
    free(ev);
    free(buf);
    return status;
}
