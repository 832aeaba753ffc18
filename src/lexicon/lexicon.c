/* lexicon.c — loading the curated actor lexicon (data/actors/NAME.txt, data/roles.txt;
 * format in data/README.md) into an index of aliases.
 *
 * Each alias is tokenized and folded exactly as article text is, and indexed under its
 * first token's base form and stem (stem.c). The index is an open-addressing table from
 * key to a chain of postings. Loading is linear in the size of the files.
 *
 * The loader is also the lexicon's checker: a malformed line stops it with file:line,
 * and once the curated files are in, their aliases, Wikidata ids, names and country
 * codes are sorted to find the ones given twice (warnings, lx->warnings). */
#include "index.h"
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>


/* The files the loader reads besides data/actors/NAME.txt, in its order; of each pair of
 * countries and gazetteer files the first that exists. */
static const char *const word_files[] = { "data/roles.txt", "data/anaphors.txt", "data/place_stopwords.txt", "data/place_cues.txt",
                                           "data/definites.txt", "data/possessives.txt" };
static const char *const country_files[] = { "build/countries.tsv", "countries.tsv" };
static const char *const gazetteer_files[] = { "build/gazetteer.tsv", "gazetteer.tsv" };

/* Where a curated actor or alias was written, for the warnings. */
typedef struct origin { uint32_t file, line; } origin;

/* The block being read: the lines of its keys, 0 when not seen yet. */
#define BLOCK_CODES 32
typedef struct block {
    size_t at, type, country, wikidata, adj, coord, n_codes;
    size_t code_line[BLOCK_CODES];
} block;

struct loader {
    an_lexicon *lx;
    lx_index *ix;
    const char *path;
    int32_t cur;                /* current actor index, -1 before the first block */
    bool roles;
    an_buf scratch;
    an_error *err;
    an_textlang tl;
    block blk;
    /* curated files only: where each actor (by index) and alias (by index) stands */
    an_arena tmp;
    AN_VEC(origin) actor_at;
    AN_VEC(origin) alias_at;
    char *files[AN_LEXICON_MAX_FILES + 3];
    uint32_t n_files;
};

static uint32_t pool_add(an_lexicon *lx, const char *p, size_t n)
{
    uint32_t off = lx->pool.n;
    while (lx->pool.cap - lx->pool.n < n + 1)
        if (!an_vec_grow(&lx->arena, (void **)&lx->pool.items, &lx->pool.cap, 1)) return UINT32_MAX;
    memcpy(lx->pool.items + off, p, n);
    lx->pool.items[off + n] = 0;
    lx->pool.n += (uint32_t)n + 1;
    return off;
}

static uint32_t slot_find(const an_lexicon *lx, const lx_index *ix, const char *p, size_t n)
{
    uint32_t i = (uint32_t)an_hash64(p, n) & ix->mask;
    while (ix->slots[i]) {
        if (ix->slot_len[i] == n && memcmp(lx->pool.items + ix->slot_key[i], p, n) == 0) return i;
        i = (i + 1) & ix->mask;
    }
    return i;
}

static an_status index_grow(an_lexicon *lx, lx_index *ix)
{
    uint32_t cap = ix->slots ? (ix->mask + 1) * 2 : 1024;
    uint32_t *slots = calloc(cap, sizeof *slots), *keys = calloc(cap, sizeof *keys);
    uint16_t *lens = calloc(cap, sizeof *lens);
    if (!slots || !keys || !lens) { free(slots); free(keys); free(lens); return AN_NOMEM; }
    lx_index old = *ix;
    ix->slots = slots; ix->slot_key = keys; ix->slot_len = lens; ix->mask = cap - 1;
    for (uint32_t i = 0; old.slots && i <= old.mask; i++) {
        if (!old.slots[i]) continue;
        uint32_t j = slot_find(lx, ix, lx->pool.items + old.slot_key[i], old.slot_len[i]);
        ix->slots[j] = old.slots[i]; ix->slot_key[j] = old.slot_key[i]; ix->slot_len[j] = old.slot_len[i];
    }
    free(old.slots); free(old.slot_key); free(old.slot_len);
    return AN_OK;
}

static an_status index_add(an_lexicon *lx, lx_index *ix, uint32_t key_off, size_t n, uint32_t alias)
{
    if (!ix->slots || (ix->used + 1) * 2 > ix->mask + 1)
        if (index_grow(lx, ix)) return AN_NOMEM;
    uint32_t s = slot_find(lx, ix, lx->pool.items + key_off, n);
    /* the same alias under base form and stem only once: the two are added one after
     * the other, so the chain head is the only posting to compare (chains of common
     * first words like "san" are long, and walking them made loading quadratic) */
    if (ix->slots[s] && ix->post_alias.items[ix->slots[s] - 1] == alias) return AN_OK;
    uint32_t *a = AN_VEC_PUSH(&lx->arena, &ix->post_alias);
    uint32_t *nx = AN_VEC_PUSH(&lx->arena, &ix->post_next);
    uint8_t *second = AN_VEC_PUSH(&lx->arena, &ix->post_second);
    if (!a || !nx || !second) return AN_NOMEM;
    const an_alias *al = &lx->aliases.items[alias];
    /* the alias tokens live in lx->index for both indexes */
    *second = al->n_keys > 1 ? (uint8_t)lx->pool.items[lx->index->toks.items[al->keys + 1].off] : 0;
    *a = alias;
    *nx = ix->slots[s];
    if (!ix->slots[s]) {
        ix->used++;
        ix->slot_key[s] = key_off;
        ix->slot_len[s] = (uint16_t)n;
    }
    ix->slots[s] = ix->post_alias.n;
    return AN_OK;
}

static an_status failf(struct loader *L, size_t lineno, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static an_status failf(struct loader *L, size_t lineno, const char *fmt, ...)
{
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    an_error_set(L->err, AN_BAD_DICT, 0, lineno, "%s:%zu: %s", L->path, lineno, what);
    return AN_BAD_DICT;
}
static an_status fail(struct loader *L, size_t lineno, const char *what)
{
    return failf(L, lineno, "%s", what);
}

static void warnf(an_lexicon *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(an_lexicon *lx, const char *fmt, ...)
{
    if (lx->n_warnings++ >= AN_LEXICON_MAX_WARNINGS) return;
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (k < 0) return;
    if ((size_t)k >= sizeof line) k = (int)sizeof line - 1;
    if (an_buf_append(&lx->warnings, line, (size_t)k) || an_buf_append(&lx->warnings, "\n", 1))
        lx->n_warnings--;
}

struct tok_collect { an_lexicon *lx; lx_index *ix; const char *lang; uint32_t n, words; bool no_stem; };

static an_status collect_tok(void *ctx, const an_token *t, const char *key, size_t n)
{
    (void)t;
    struct tok_collect *c = ctx;
    alias_tok *at = AN_VEC_PUSH(&c->lx->arena, &c->ix->toks);
    uint32_t off = pool_add(c->lx, key, n);
    if (!at || off == UINT32_MAX) return AN_NOMEM;
    at->off = off;
    at->len = (uint16_t)n;
    at->stem = (uint16_t)(t->kind == AN_TOK_WORD && !c->no_stem ? an_stem_length(key, n, c->lang) : n);
    c->n++;
    c->words += t->kind == AN_TOK_WORD || t->kind == AN_TOK_NUMBER;
    return AN_OK;
}

int an_alias_lang_code(const char *lang)
{
    static const char *const codes[] = { "en", "de", "uk", "ru" };
    for (int i = 0; i < 4; i++)
        if (lang[0] == codes[i][0] && lang[1] == codes[i][1]) return i + 1;
    return 0;
}

static an_status add_alias(struct loader *L, const char *p, size_t n, const char *lang,
                           uint16_t flags, size_t lineno)
{
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    while (n && (*p == ' ' || *p == '\t')) { p++; n--; }
    if (!n) return AN_OK;
    bool adj = flags & AN_ALIAS_ADJ;
    if (adj && p[n - 1] == '-') n--;
    if (!n) return fail(L, lineno, "empty alias");
    /* capitals only: a short alias written all in capitals ("EU", "US", "ЗСУ") */
    size_t letters = 0, uppers = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += an_utf8_decode((const unsigned char *)p + i, n - i, &cp);
        if (an_cp_is_letter(cp)) { letters++; uppers += an_cp_is_upper(cp); }
    }
    an_lexicon *lx = L->lx;
    an_alias *al = AN_VEC_PUSH(&lx->arena, &lx->aliases);
    if (!al) return AN_NOMEM;
    uint32_t alias_ix = lx->aliases.n - 1;
    if (!(flags & AN_ALIAS_PLACE)) {
        origin *o = AN_VEC_PUSH(&L->tmp, &L->alias_at);
        if (!o) return AN_NOMEM;
        *o = (origin){ L->n_files - 1, (uint32_t)lineno };
    }
    al->actor = (uint32_t)L->cur;
    al->flags = (uint16_t)(flags | (letters && letters <= 3 && uppers == letters ? AN_ALIAS_CAPS : 0));
    if (!(flags & AN_ALIAS_PLACE)) al->flags |= (uint16_t)(an_alias_lang_code(lang) << AN_ALIAS_LANG_SHIFT);
    if (!(flags & (AN_ALIAS_PLACE | AN_ALIAS_ADJ)) && lang[0] == 'd' && lang[1] == 'e' && uppers && n) {
        uint32_t cp;
        an_utf8_decode((const unsigned char *)p, n, &cp);
        if (an_cp_is_upper(cp)) al->flags |= AN_ALIAS_NOUN;
    }
    al->keys = L->ix->toks.n;
    /* A Latin-script place name is indexed as written: the text may add an ending
     * ("Moskaus"), but cutting the name's own ending ("Dere" → "der") would make
     * function words into places. Cyrillic names keep their stems for case endings. */
    struct tok_collect c = { lx, L->ix, lang, 0, 0, (flags & AN_ALIAS_PLACE) && strcmp(lang, "ru") != 0 };
    an_tokenizer_out out = { collect_tok, &c };
    snprintf(L->tl.code, sizeof L->tl.code, "%s", lang);
    an_status st = an_tokenize(p, 0, (uint32_t)n, &L->tl, &out, &L->scratch);
    if (st) return st;
    /* a curated alias of punctuation alone would match every comma */
    if (!c.n || (!c.words && !(flags & AN_ALIAS_PLACE))) {
        lx->aliases.n--;
        return failf(L, lineno, "alias \"%.*s\" has no words", (int)(n > 60 ? 60 : n), p);
    }
    if (c.n > UINT16_MAX) return failf(L, lineno, "alias of %u words is too long", c.n);
    al = &lx->aliases.items[alias_ix];
    al->n_keys = (uint16_t)c.n;
    alias_tok *first = &L->ix->toks.items[al->keys];
    /* gazetteer names go to their own index: the matcher consults it for capitalised
     * words only, so that "des", "la" or "san" do not walk chains of place names */
    lx_index *target = (flags & AN_ALIAS_PLACE) ? lx->places : L->ix;
    st = index_add(lx, target, first->off, first->len, alias_ix);
    if (!st && first->stem != first->len) st = index_add(lx, target, first->off, first->stem, alias_ix);
    return st;
}

static int32_t parse_date(const char *p, size_t n)
{
    if (n != 10 || p[4] != '-' || p[7] != '-') return -1;
    int32_t v = 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7) continue;
        if (p[i] < '0' || p[i] > '9') return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static bool valid_code(const char *p, size_t n)
{
    if (n < 3 || n > 15) return false;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9'))) return false;
    return true;
}

static void report_bad_byte(void *ctx, size_t offset)
{
    size_t *first = ctx;
    if (*first == SIZE_MAX) *first = offset;
}

/* The end of a block: an actor needs its four keys, demonyms belong to countries, and
 * two codes whose date ranges overlap by more than a day are a conflict (the first
 * listed wins in an_actor_code_on). */
static an_status end_block(struct loader *L)
{
    block *b = &L->blk;
    if (L->cur < 0 || L->roles || !b->at) return AN_OK;
    an_lexicon *lx = L->lx;
    const an_actor *a = &lx->actors.items[L->cur];
    /* an entry without a code is found but never acts: it is listed so that the place or
     * country inside its name is not taken ("Sea of Japan", "Dynamo Kyiv") */
    const char *missing = !b->type ? "type" : !b->country ? "country" : !b->wikidata ? "wikidata" : NULL;
    if (missing)
        return failf(L, b->at, "\"%s\" has no %s line (an entry needs type, country and wikidata)",
                     an_actor_name(lx, a), missing);
    if (b->adj && a->type != AN_ENT_COUNTRY)
        return failf(L, b->adj, "adjective stems (adj.XX) belong to countries, and \"%s\" is not one",
                     an_actor_name(lx, a));
    for (uint32_t i = 0; i < a->n_codes && i < BLOCK_CODES; i++)
        for (uint32_t j = i + 1; j < a->n_codes && j < BLOCK_CODES; j++) {
            const an_actor_code *x = &lx->codes.items[a->first_code + i], *y = &lx->codes.items[a->first_code + j];
            if ((!x->from && !x->to) || (!y->from && !y->to) || strcmp(x->code, y->code) == 0) continue;
            int32_t from = x->from > y->from ? x->from : y->from;
            int32_t to = !x->to ? y->to : !y->to ? x->to : (x->to < y->to ? x->to : y->to);
            /* ranges that share only their boundary day are a handover, as written
             * throughout data/actors (the old office ends the day the new one begins) */
            if (!to || from < to)
                warnf(lx, "%s:%zu: warning: codes %s and %s (line %zu) of \"%s\" both hold on %04d-%02d-%02d",
                      L->path, b->code_line[j], y->code, x->code, b->code_line[i], an_actor_name(lx, a),
                      from / 10000, from / 100 % 100, from % 100 ? from % 100 : 1);
        }
    return AN_OK;
}

/* A value line's key given a second time in one block. */
static an_status once(struct loader *L, size_t *seen, const char *key, size_t lineno)
{
    if (*seen) return failf(L, lineno, "'%s' given twice in one block (first at line %zu)", key, *seen);
    *seen = lineno;
    return AN_OK;
}

static an_status load_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    struct loader *L = ctx;
    an_lexicon *lx = L->lx;
    size_t bad = SIZE_MAX;
    if (an_utf8_scan(p, n, report_bad_byte, &bad, 1))
        return failf(L, lineno, "invalid UTF-8 at byte %zu of the line", bad + 1);
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    if (i == n || p[i] == '#') return AN_OK;
    if (p[i] == '@') {
        an_status est = end_block(L);
        if (est) return est;
        i++;
        while (i < n && p[i] == ' ') i++;
        size_t e = n;
        while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
        if (e == i) return fail(L, lineno, "'@' without a name");
        an_actor *a = AN_VEC_PUSH(&lx->arena, &lx->actors);
        origin *o = AN_VEC_PUSH(&L->tmp, &L->actor_at);
        if (!a || !o) return AN_NOMEM;
        *o = (origin){ L->n_files - 1, (uint32_t)lineno };
        a->name = pool_add(lx, p + i, e - i);
        a->lat = a->lon = NAN;
        a->first_code = lx->codes.n;
        a->type = L->roles ? AN_ENT_ROLE : AN_ENT_PERSON;
        L->cur = (int32_t)lx->actors.n - 1;
        memset(&L->blk, 0, sizeof L->blk);
        L->blk.at = lineno;
        if (L->roles) {   /* a role block's name is its code, then its flags: "abroad", "irregular", "state" */
            size_t ce = i;
            while (ce < e && p[ce] != ' ') ce++;
            bool state = false;
            for (size_t f = ce; f < e;) {
                while (f < e && p[f] == ' ') f++;
                size_t fe = f;
                while (fe < e && p[fe] != ' ') fe++;
                if (fe - f == 6 && memcmp(p + f, "abroad", 6) == 0) a->abroad = true;
                else if (fe - f == 9 && memcmp(p + f, "irregular", 9) == 0) a->irregular = true;
                else if (fe - f == 5 && memcmp(p + f, "state", 5) == 0) state = true;
                else if (fe - f == 7 && memcmp(p + f, "anaphor", 7) == 0) a->type = AN_ENT_ANAPHOR;
                else if (fe > f)
                    return failf(L, lineno, "unknown role flag \"%.*s\" (known: abroad, irregular, state, anaphor)", (int)(fe - f > 40 ? 40 : fe - f), p + f);
                f = fe;
            }
            e = ce;
            a->name = pool_add(lx, p + i, e - i);
            an_actor_code *c = AN_VEC_PUSH(&lx->arena, &lx->codes);
            if (!c) return AN_NOMEM;
            if (!valid_code(p + i, e - i))
                return failf(L, lineno, "role name \"%.*s\" must be a code like MIL", (int)(e - i > 40 ? 40 : e - i), p + i);
            snprintf(c->code, sizeof c->code, "%.*s", (int)(e - i), p + i);
            if (a->abroad && an_strset_add(&lx->abroad_roles, p + i, e - i)) return AN_NOMEM;
            if (a->irregular && an_strset_add(&lx->irregular_roles, p + i, e - i)) return AN_NOMEM;
            if (state && an_strset_add(&lx->state_roles, p + i, e - i)) return AN_NOMEM;
            lx->actors.items[L->cur].n_codes = 1;
        }
        return AN_OK;
    }
    if (L->cur < 0) return fail(L, lineno, "line outside a block (blocks start with '@ Name')");
    size_t ks = i;
    while (i < n && p[i] != ' ' && p[i] != '\t') i++;
    size_t ke = i;
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    const char *v = p + i;
    size_t vn = n - i;
    /* a trailing comment */
    for (size_t k = 0; k + 1 < vn; k++)
        if ((v[k] == ' ' || v[k] == '\t') && v[k + 1] == '#') { vn = k; break; }
    while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t')) vn--;
    an_span key = { p + ks, ke - ks };
    int kn = (int)(key.n > 30 ? 30 : key.n), shown = (int)(vn > 60 ? 60 : vn);
    an_actor *a = &lx->actors.items[L->cur];
    bool lang_key = key.n == 2 && (an_span_eq(key, "de") || an_span_eq(key, "en") || an_span_eq(key, "uk") ||
                                   an_span_eq(key, "ru"));
    if (L->roles && !lang_key)
        return failf(L, lineno, "unknown key '%.*s' in a role block (en, de, uk, ru)", kn, key.p);
    if (!vn && !lang_key) return failf(L, lineno, "'%.*s' without a value", kn, key.p);
    an_status st = AN_OK;
    if (an_span_eq(key, "type")) {
        static const char *const types[] = { "person", "organization", "country", "region", "place", "group" };
        int t = -1;
        for (int k = 0; k < 6; k++)
            if (an_span_eq((an_span){ v, vn }, types[k])) t = k;
        if (t < 0) return failf(L, lineno, "unknown type \"%.*s\" (person, organization, country, region, place, group)", shown, v);
        if ((st = once(L, &L->blk.type, "type", lineno))) return st;
        a->type = (uint8_t)t;
    } else if (an_span_eq(key, "country")) {
        if (!(vn == 1 && v[0] == '-') && !(vn == 3 && valid_code(v, 3)))
            return failf(L, lineno, "country \"%.*s\" must be ISO alpha-3 or '-'", shown, v);
        if ((st = once(L, &L->blk.country, "country", lineno))) return st;
        snprintf(a->country, sizeof a->country, "%.*s", (int)(vn == 3 ? 3 : 0), v);
    } else if (an_span_eq(key, "wikidata")) {
        bool digits = vn >= 2 && v[0] == 'Q';
        for (size_t k = 1; digits && k < vn; k++) digits = v[k] >= '0' && v[k] <= '9';
        if (!(vn == 1 && v[0] == '-') && !(digits && vn < sizeof a->wikidata))
            return failf(L, lineno, "wikidata \"%.*s\" must be Q and digits, or '-'", shown, v);
        if ((st = once(L, &L->blk.wikidata, "wikidata", lineno))) return st;
        snprintf(a->wikidata, sizeof a->wikidata, "%.*s", (int)(v[0] == 'Q' ? vn : 0), v);
    } else if (an_span_eq(key, "code")) {
        size_t cn = 0;
        while (cn < vn && v[cn] != ' ' && v[cn] != '\t') cn++;
        if (!valid_code(v, cn))
            return failf(L, lineno, "code \"%.*s\" must be a CAMEO actor code (A-Z, 0-9, 3 to 15 characters)", (int)(cn > 40 ? 40 : cn), v);
        an_actor_code *c = AN_VEC_PUSH(&lx->arena, &lx->codes);
        if (!c) return AN_NOMEM;
        a = &lx->actors.items[L->cur];
        snprintf(c->code, sizeof c->code, "%.*s", (int)cn, v);
        size_t r = cn;
        while (r < vn && (v[r] == ' ' || v[r] == '\t')) r++;
        if (r < vn) {
            const char *dots = NULL;
            for (size_t k = r; k + 1 < vn; k++)
                if (v[k] == '.' && v[k + 1] == '.') { dots = v + k; break; }
            if (!dots) return failf(L, lineno, "date range \"%.*s\" must be FROM..TO", (int)(vn - r > 40 ? 40 : vn - r), v + r);
            size_t fn = (size_t)(dots - (v + r)), tn = vn - (size_t)(dots + 2 - v);
            c->from = fn ? parse_date(v + r, fn) : 0;
            c->to = tn ? parse_date(dots + 2, tn) : 0;
            if (c->from < 0 || c->to < 0) return fail(L, lineno, "dates must be YYYY-MM-DD");
            if (!fn && !tn) return fail(L, lineno, "a date range needs a start or an end");
            if (c->from && c->to && c->from > c->to) return fail(L, lineno, "the range ends before it starts");
        }
        if (a->n_codes < BLOCK_CODES) L->blk.code_line[a->n_codes] = lineno;
        a->n_codes++;
    } else if (an_span_eq(key, "coord")) {
        /* "LAT LON": where a curated place is, for the records' locations (a sea has no
         * gazetteer line) */
        char buf[64], *end;
        snprintf(buf, sizeof buf, "%.*s", (int)(vn < sizeof buf ? vn : sizeof buf - 1), v);
        double lat = strtod(buf, &end), lon = strtod(end, &end);
        while (*end == ' ' || *end == '\t') end++;
        if (end == buf || *end || !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
            return failf(L, lineno, "coord \"%.*s\" must be two decimals, latitude and longitude on the globe", shown, v);
        if ((st = once(L, &L->blk.coord, "coord", lineno))) return st;
        a->lat = (float)lat;
        a->lon = (float)lon;
    } else if (an_span_eq(key, "note")) {
        /* free text */
    } else {
        bool adj = key.n == 6 && memcmp(key.p, "adj.", 4) == 0;
        an_span lang = adj ? (an_span){ key.p + 4, 2 } : key;
        if (!(lang.n == 2 && (an_span_eq(lang, "de") || an_span_eq(lang, "en") || an_span_eq(lang, "uk") || an_span_eq(lang, "ru"))))
            return failf(L, lineno, "unknown key '%.*s' (type, country, wikidata, code, coord, en, de, uk, ru, adj.XX, note)", kn, key.p);
        if (adj && !L->blk.adj) L->blk.adj = lineno;
        char lc[3] = { lang.p[0], lang.p[1], 0 };
        size_t s = 0;
        for (size_t k = 0; k <= vn; k++) {
            if (k == vn || v[k] == ';') {
                st = add_alias(L, v + s, k - s, lc, adj ? AN_ALIAS_ADJ : 0, lineno);
                if (st && st != AN_BAD_DICT)
                    an_error_set(L->err, st, 0, lineno, "%s:%zu: %s", L->path, lineno, an_status_message(st));
                if (st) return st;
                s = k + 1;
            }
        }
    }
    return AN_OK;
}

static an_status load_file(struct loader *L, const char *path, bool roles)
{
    if (L->n_files >= AN_LEXICON_MAX_FILES + 3) {
        an_error_set(L->err, AN_LIMIT, 0, 0, "%s: more than %u lexicon files", path, AN_LEXICON_MAX_FILES);
        return AN_LIMIT;
    }
    char *copy = strdup(path);
    if (!copy) return AN_NOMEM;
    L->files[L->n_files++] = copy;
    L->path = copy;
    L->cur = -1;
    L->roles = roles;
    memset(&L->blk, 0, sizeof L->blk);
    an_status st = an_read_lines(path, load_line, L, L->err);
    return st ? st : end_block(L);
}

/* One gazetteer line: geonames name country admin1 lat lon population feature aliases */
static an_status gazetteer_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    struct loader *L = ctx;
    if (!n || p[0] == '#') return AN_OK;
    const char *f[9];
    size_t fl[9], k = 0, s = 0;
    for (size_t i = 0; i <= n && k < 9; i++)
        if (i == n || p[i] == '\t') { f[k] = p + s; fl[k++] = i - s; s = i + 1; }
    if (k != 9 || s <= n) return failf(L, lineno, "a gazetteer line has 9 tab-separated fields, not %zu", k + (s <= n));
    an_lexicon *lx = L->lx;
    an_actor *a = AN_VEC_PUSH(&lx->arena, &lx->actors);
    if (!a) return AN_NOMEM;
    a->name = pool_add(lx, f[1], fl[1]);
    /* feature ADM1: a first-level region (tools/gen_gazetteer.py), which acts through no
     * code and is reported as a region, like "Region Kursk" (match.c) */
    a->type = fl[7] == 4 && memcmp(f[7], "ADM1", 4) == 0 ? AN_ENT_REGION : AN_ENT_PLACE;
    a->gazetteer = true;
    snprintf(a->country, sizeof a->country, "%.*s", (int)(fl[2] == 3 ? 3 : 0), f[2]);
    /* numbers: the whole field must parse, and coordinates must lie on the globe */
    static const char *const what[] = { "GeoNames id", "", "", "", "latitude", "longitude", "population" };
    double val[7];
    for (int j = 0; j < 7; j++) {
        if (!what[j][0]) continue;
        char num[32], *end;
        if (!fl[j] || fl[j] > 31) return failf(L, lineno, "%s \"%.*s\" is not a number", what[j], (int)(fl[j] > 31 ? 31 : fl[j]), f[j]);
        snprintf(num, sizeof num, "%.*s", (int)fl[j], f[j]);
        val[j] = strtod(num, &end);
        if (*end || (j != 4 && j != 5 && (val[j] < 0 || val[j] > UINT32_MAX)))
            return failf(L, lineno, "%s \"%s\" is not a number", what[j], num);
    }
    if (val[4] < -90 || val[4] > 90 || val[5] < -180 || val[5] > 180)
        return failf(L, lineno, "coordinates %g, %g are off the globe", val[4], val[5]);
    a->geonames = (uint32_t)val[0];
    a->lat = (float)val[4];
    a->lon = (float)val[5];
    a->population = (uint32_t)val[6];
    a->capital = fl[7] == 4 && memcmp(f[7], "PPLC", 4) == 0;
    a->first_code = lx->codes.n;
    L->cur = (int32_t)lx->actors.n - 1;
    const char *v = f[8];
    size_t vn = fl[8], st0 = 0;
    for (size_t i = 0; i <= vn; i++) {
        if (i < vn && v[i] != '|') continue;
        bool cyr = false;
        for (size_t j = st0; j < i; j++) cyr |= (unsigned char)v[j] == 0xD0 || (unsigned char)v[j] == 0xD1;
        L->scratch.n = 0;
        if (an_fold_append(v + st0, i - st0, &L->scratch)) return AN_NOMEM;
        if (an_strset_has(&lx->place_stop, L->scratch.p, L->scratch.n)) { st0 = i + 1; continue; }
        bool own = i - st0 == fl[1] && memcmp(v + st0, f[1], fl[1]) == 0;
        an_status st = add_alias(L, v + st0, i - st0, cyr ? "ru" : "de", AN_ALIAS_PLACE | (own ? AN_ALIAS_NAME : 0), lineno);
        if (st) return st;
        st0 = i + 1;
    }
    return AN_OK;
}

/* Word lists: every word of data/place_stopwords.txt or data/definites.txt, or the
 * "before"/"after"/"at"/"to"/"post" lines of data/place_cues.txt, folded into the lexicon's sets. */
struct words_ctx { an_lexicon *lx; bool cues; an_buf b; const char *path; an_error *err; an_strset *plain; };
static an_status words_line(void *vctx, const char *p, size_t n, size_t lineno)
{
    struct words_ctx *c = vctx;
    an_strset *set = c->plain;
    size_t i = 0;
    bool first = true;
    while (i < n) {
        while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
        if (i >= n || p[i] == '#') break;
        size_t s = i;
        while (i < n && p[i] != ' ' && p[i] != '\t') i++;
        if (c->cues && first) {
            first = false;
            an_span kind = { p + s, i - s };
            set = an_span_eq(kind, "before") ? &c->lx->region_before : an_span_eq(kind, "after") ? &c->lx->region_after :
                  an_span_eq(kind, "at") ? &c->lx->place_at : an_span_eq(kind, "to") ? &c->lx->place_to :
                  an_span_eq(kind, "post") ? &c->lx->place_post : NULL;
            if (!set) {
                an_error_set(c->err, AN_BAD_DICT, 0, lineno, "%s:%zu: a cue line starts with 'before', 'after', 'at', 'to' or 'post', not \"%.*s\"",
                             c->path, lineno, (int)(i - s > 30 ? 30 : i - s), p + s);
                return AN_BAD_DICT;
            }
            continue;
        }
        c->b.n = 0;
        if (an_fold_append(p + s, i - s, &c->b) || an_strset_add(set, c->b.p, c->b.n)) return AN_NOMEM;
    }
    return AN_OK;
}

static an_status load_words(an_lexicon *lx, const char *data_dir, const char *file, an_strset *plain,
                            an_error *err)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/data/%s", data_dir, file);
    FILE *f = fopen(path, "rb");
    if (!f) return AN_OK;
    fclose(f);
    struct words_ctx c = { lx, strcmp(file, "place_cues.txt") == 0, { 0 }, path, err, plain };
    an_status st = an_read_lines(path, words_line, &c, err);
    an_buf_free(&c.b);
    return st;
}

/* build/countries.tsv (tools/gen_gazetteer.py): "ISO3 lat lon" lines give the curated
 * country actors their coordinates, so that a country named as a place can be located. */
struct country_ctx { an_lexicon *lx; const char *path; an_error *err; };
static an_status country_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    struct country_ctx *cc = ctx;
    an_lexicon *lx = cc->lx;
    char line[128];
    if (!n || p[0] == '#') return AN_OK;
    char code[8];
    float lat, lon;
    int used = 0;
    if (n < sizeof line) {
        memcpy(line, p, n);
        line[n] = 0;
    }
    if (n >= sizeof line || sscanf(line, "%7s %f %f%n", code, &lat, &lon, &used) != 3 || (size_t)used != n ||
        strlen(code) != 3 || !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
        an_error_set(cc->err, AN_BAD_DICT, 0, lineno, "%s:%zu: a country line is \"ISO3 <tab> latitude <tab> longitude\"",
                     cc->path, lineno);
        return AN_BAD_DICT;
    }
    for (uint32_t i = 0; i < lx->actors.n; i++) {
        an_actor *a = &lx->actors.items[i];
        if (a->type == AN_ENT_COUNTRY && strcmp(a->country, code) == 0) { a->lat = lat; a->lon = lon; }
    }
    return AN_OK;
}

static an_status load_country_coords(an_lexicon *lx, const char *data_dir, an_error *err)
{
    for (int i = 0; i < 2; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", data_dir, country_files[i]);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fclose(f);
        struct country_ctx cc = { lx, path, err };
        return an_read_lines(path, country_line, &cc, err);
    }
    return AN_OK;
}

/* ---- duplicates and conflicts among the curated entries ---- */

typedef struct dup_key { const char *p; uint32_t n, item; } dup_key;

static int cmp_dup(const void *a, const void *b)
{
    const dup_key *x = a, *y = b;
    int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
    if (c) return c;
    if (x->n != y->n) return x->n < y->n ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

static bool dup_same(const dup_key *x, const dup_key *y)
{
    return x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

/* Sorts keys and calls report(L, later, first) for each item whose key an earlier
 * item of another actor has; actor_of maps an item to its actor. */
static void report_dups(struct loader *L, dup_key *k, size_t n, uint32_t (*actor_of)(const an_lexicon *, uint32_t),
                        void (*report)(struct loader *, const dup_key *, const dup_key *))
{
    qsort(k, n, sizeof *k, cmp_dup);
    for (size_t g = 0, e; g < n; g = e) {
        for (e = g + 1; e < n && dup_same(&k[g], &k[e]); e++) {}
        for (size_t j = g + 1; j < e; j++) {
            uint32_t aj = actor_of(L->lx, k[j].item);
            bool seen = false;
            for (size_t m = g; m < j && !seen; m++) seen = actor_of(L->lx, k[m].item) == aj;
            if (!seen) report(L, &k[j], &k[g]);
        }
    }
}

static uint32_t actor_itself(const an_lexicon *lx, uint32_t i) { (void)lx; return i; }
static uint32_t actor_of_alias(const an_lexicon *lx, uint32_t i) { return lx->aliases.items[i].actor; }

static const char *file_of(const struct loader *L, origin o) { return L->files[o.file]; }

static void report_alias(struct loader *L, const dup_key *later, const dup_key *first)
{
    an_lexicon *lx = L->lx;
    const an_actor *a = &lx->actors.items[actor_of_alias(lx, later->item)];
    const an_actor *b = &lx->actors.items[actor_of_alias(lx, first->item)];
    origin oa = L->alias_at.items[later->item], ob = L->alias_at.items[first->item];
    const char *ca = an_actor_code_on(lx, a, 0), *cb = an_actor_code_on(lx, b, 0);
    bool adj = later->n && later->p[0] == '\x01';
    char codes[64];
    if (strcmp(ca, cb) == 0) snprintf(codes, sizeof codes, "with the same code %s", ca);
    else snprintf(codes, sizeof codes, "with different codes (%s, %s)", ca, cb);
    warnf(lx, "%s:%u: warning: %s \"%.*s\" names both \"%s\" and \"%s\" (%s:%u), %s", file_of(L, oa), oa.line,
          adj ? "adjective" : "alias", (int)(later->n - adj), later->p + adj, an_actor_name(lx, a),
          an_actor_name(lx, b), file_of(L, ob), ob.line, codes);
}

static void report_actor(struct loader *L, const dup_key *later, const dup_key *first, const char *what)
{
    origin oa = L->actor_at.items[later->item], ob = L->actor_at.items[first->item];
    warnf(L->lx, "%s:%u: warning: %s %.*s of \"%s\" is also that of \"%s\" (%s:%u)", file_of(L, oa), oa.line, what,
          (int)later->n, later->p, an_actor_name(L->lx, &L->lx->actors.items[later->item]),
          an_actor_name(L->lx, &L->lx->actors.items[first->item]), file_of(L, ob), ob.line);
}
static void report_wikidata(struct loader *L, const dup_key *x, const dup_key *y) { report_actor(L, x, y, "Wikidata id"); }
static void report_country(struct loader *L, const dup_key *x, const dup_key *y) { report_actor(L, x, y, "country code"); }
static void report_name(struct loader *L, const dup_key *x, const dup_key *y) { report_actor(L, x, y, "canonical name"); }

/* Runs once the curated files are loaded (before the gazetteer, whose places share
 * names by nature): aliases compared as the matcher sees them, folded token by token. */
static an_status find_duplicates(struct loader *L)
{
    an_lexicon *lx = L->lx;
    uint32_t n_alias = L->alias_at.n, n_actor = L->actor_at.n;
    size_t cap = n_alias > n_actor ? n_alias : n_actor;
    dup_key *k = malloc((cap + 1) * sizeof *k);
    size_t *off = malloc((n_alias + 1) * sizeof *off);
    an_buf keys = { 0 };
    an_status st = (k && off) ? AN_OK : AN_NOMEM;
    for (uint32_t i = 0; !st && i < n_alias; i++) {
        const an_alias *al = &lx->aliases.items[i];
        off[i] = keys.n;
        if (al->flags & AN_ALIAS_ADJ) st = an_buf_append(&keys, "\x01", 1);
        for (uint32_t j = 0; !st && j < al->n_keys; j++) {
            const alias_tok *t = &L->ix->toks.items[al->keys + j];
            if (j) st = an_buf_append(&keys, " ", 1);
            if (!st) st = an_buf_append(&keys, lx->pool.items + t->off, t->len);
        }
    }
    if (!st) {
        off[n_alias] = keys.n;
        for (uint32_t i = 0; i < n_alias; i++)
            k[i] = (dup_key){ keys.p + off[i], (uint32_t)(off[i + 1] - off[i]), i };
        report_dups(L, k, n_alias, actor_of_alias, report_alias);
        size_t n = 0;
        for (uint32_t i = 0; i < n_actor; i++)
            if (lx->actors.items[i].wikidata[0])
                k[n++] = (dup_key){ lx->actors.items[i].wikidata, (uint32_t)strlen(lx->actors.items[i].wikidata), i };
        report_dups(L, k, n, actor_itself, report_wikidata);
        n = 0;
        for (uint32_t i = 0; i < n_actor; i++)
            if (lx->actors.items[i].type == AN_ENT_COUNTRY)
                k[n++] = (dup_key){ lx->actors.items[i].country, (uint32_t)strlen(lx->actors.items[i].country), i };
        report_dups(L, k, n, actor_itself, report_country);
        n = 0;
        for (uint32_t i = 0; i < n_actor; i++) {
            const char *name = an_actor_name(lx, &lx->actors.items[i]);
            k[n++] = (dup_key){ name, (uint32_t)strlen(name), i };
        }
        report_dups(L, k, n, actor_itself, report_name);
    }
    free(k);
    free(off);
    an_buf_free(&keys);
    return st;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static uint64_t stamp_file(uint64_t h, const char *path, const char *name)
{
    struct stat st;
    uint64_t v[4] = { h, 0, 0, 0 };
    if (stat(path, &st) == 0)
        v[1] = (uint64_t)st.st_size, v[2] = (uint64_t)st.st_mtim.tv_sec, v[3] = (uint64_t)st.st_mtim.tv_nsec;
    else
        v[1] = UINT64_MAX;
    h = an_hash64(v, sizeof v);
    return h ^ an_hash64(name, strlen(name)) * 31;
}

uint64_t an_lexicon_sources_stamp(const char *data_dir)
{
    char dir[4200], path[4400];
    uint64_t h = 1469598103934665603u;
    snprintf(dir, sizeof dir, "%s/data/actors", data_dir);
    DIR *d = opendir(dir);
    char *names[AN_LEXICON_MAX_FILES];
    size_t nn = 0;
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) && nn < AN_LEXICON_MAX_FILES) {
            size_t k = strlen(de->d_name);
            if (k > 4 && strcmp(de->d_name + k - 4, ".txt") == 0 && (names[nn] = strdup(de->d_name))) nn++;
        }
        closedir(d);
    }
    qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        h = stamp_file(h, path, names[i]);
        free(names[i]);
    }
    for (size_t i = 0; i < sizeof word_files / sizeof *word_files; i++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, word_files[i]);
        h = stamp_file(h, path, word_files[i]);
    }
    const char *const *pairs[2] = { country_files, gazetteer_files };
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 2; i++) {
            snprintf(path, sizeof path, "%s/%s", data_dir, pairs[p][i]);
            h = stamp_file(h, path, pairs[p][i]);
            if (access(path, R_OK) == 0) break;
        }
    return h;
}

/* Collects the countries whose CAMEO code is not their ISO code (countries.txt: "code
 * ROM", "country ROU"), so that a place's ISO country can be named the CAMEO way. */
static void country_codes(an_lexicon *lx)
{
    lx->n_cameo_of = 0;
    for (uint32_t i = 0; i < lx->actors.n && lx->n_cameo_of < AN_COUNTRY_CODES_MAX; i++) {
        const an_actor *a = &lx->actors.items[i];
        if (a->type != AN_ENT_COUNTRY || !a->country[0]) continue;
        const char *code = an_actor_code_on(lx, a, 0);
        if (strlen(code) != 3 || strcmp(code, a->country) == 0) continue;
        memcpy(lx->cameo_of[lx->n_cameo_of].iso, a->country, 4);
        memcpy(lx->cameo_of[lx->n_cameo_of++].cameo, code, 4);
    }
}

const char *an_lexicon_cameo_country(const an_lexicon *lx, const char *iso)
{
    for (uint32_t i = 0; i < lx->n_cameo_of; i++)
        if (strncmp(lx->cameo_of[i].iso, iso, 3) == 0) return lx->cameo_of[i].cameo;
    return iso;
}

an_status an_lexicon_load(an_lexicon **out, const char *data_dir, an_error *err)
{
    uint64_t stamp = an_lexicon_sources_stamp(data_dir);
    if (an_lexicon_snapshot_open(out, data_dir, stamp) == AN_OK) { country_codes(*out); return AN_OK; }
    return an_lexicon_load_text(out, data_dir, err);
}

an_status an_lexicon_load_text(an_lexicon **out, const char *data_dir, an_error *err)
{
    an_lexicon *lx = calloc(1, sizeof *lx);
    lx_index *ix = calloc(1, sizeof *ix), *pl = calloc(1, sizeof *pl);
    if (!lx || !ix || !pl) { free(lx); free(ix); free(pl); return AN_NOMEM; }
    lx->index = ix;
    lx->places = pl;
    /* before reading: a file changed while loading makes the snapshot stale, not wrong */
    lx->stamp = an_lexicon_sources_stamp(data_dir);
    struct loader L = { .lx = lx, .ix = ix, .err = err };
    char dir[4200], path[4400];
    snprintf(dir, sizeof dir, "%s/data/actors", data_dir);
    an_status st = AN_OK;
    DIR *d = opendir(dir);
    char *names[AN_LEXICON_MAX_FILES];
    size_t nn = 0;
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t k = strlen(de->d_name);
            if (k <= 4 || strcmp(de->d_name + k - 4, ".txt") != 0) continue;
            if (nn == AN_LEXICON_MAX_FILES) {
                an_error_set(err, AN_LIMIT, 0, 0, "%s: more than %u lexicon files", dir, AN_LEXICON_MAX_FILES);
                st = AN_LIMIT;
                break;
            }
            if (!(names[nn] = strdup(de->d_name))) { st = AN_NOMEM; break; }
            nn++;
        }
        closedir(d);
    }
    qsort(names, nn, sizeof *names, cmp_str);   /* a stable order: ids do not depend on readdir */
    for (size_t i = 0; i < nn; i++) {
        if (!st) {
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            st = load_file(&L, path, false);
        }
        free(names[i]);
    }
    for (int w = 0; w < 2; w++) {   /* roles.txt and anaphors.txt: role blocks */
        snprintf(path, sizeof path, "%s/%s", data_dir, word_files[w]);
        FILE *probe = fopen(path, "rb");
        if (!st && probe) st = load_file(&L, path, true);
        if (probe) fclose(probe);
    }
    if (!st) st = find_duplicates(&L);
    if (!st) st = load_words(lx, data_dir, "place_stopwords.txt", &lx->place_stop, err);
    if (!st) st = load_words(lx, data_dir, "place_cues.txt", NULL, err);
    if (!st) st = load_words(lx, data_dir, "definites.txt", &lx->definite, err);
    if (!st) st = load_words(lx, data_dir, "possessives.txt", &lx->possessive, err);
    if (!st) st = load_country_coords(lx, data_dir, err);
    for (int g = 0; g < 2 && !st; g++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, gazetteer_files[g]);
        FILE *gf = fopen(path, "rb");
        if (!gf) continue;
        fclose(gf);
        L.path = path;
        L.roles = false;
        st = an_read_lines(path, gazetteer_line, &L, err);
        break;
    }
    an_buf_free(&L.scratch);
    an_arena_free(&L.tmp);
    for (uint32_t i = 0; i < L.n_files; i++) free(L.files[i]);
    if (st) { an_lexicon_free(lx); return st; }
    country_codes(lx);
    *out = lx;
    return AN_OK;
}

void an_lexicon_free(an_lexicon *lx)
{
    if (!lx) return;
    lx_index *both[2] = { lx->index, lx->places };
    for (int i = 0; i < 2; i++) {
        if (both[i] && !lx->map) { free(both[i]->slots); free(both[i]->slot_key); free(both[i]->slot_len); }
        free(both[i]);
    }
    an_strset *sets[AN_LEXICON_SETS];
    an_lexicon_sets(lx, sets);
    if (lx->map) {   /* the arrays and word sets point into the mapping */
        munmap(lx->map, lx->map_bytes);
        for (int k = 0; k < AN_LEXICON_SETS; k++) memset(sets[k], 0, sizeof *sets[k]);
    }
    an_arena_free(&lx->arena);
    an_buf_free(&lx->warnings);
    for (int k = 0; k < AN_LEXICON_SETS; k++) an_strset_free(sets[k]);
    free(lx);
}

const char *an_actor_code_on(const an_lexicon *lx, const an_actor *a, int32_t date)
{
    const char *fallback = NULL, *latest = NULL, *on = NULL;
    int32_t latest_from = -1, on_from = -1;
    for (uint32_t i = 0; i < a->n_codes; i++) {
        const an_actor_code *c = &lx->codes.items[a->first_code + i];
        if (!c->from && !c->to) { if (!fallback) fallback = c->code; continue; }
        /* on a day two ranges share (an inauguration), the one that starts wins */
        if (date && (!c->from || c->from <= date) && (!c->to || date <= c->to) && c->from > on_from) {
            on = c->code;
            on_from = c->from;
        }
        if (c->from > latest_from) { latest_from = c->from; latest = c->code; }
    }
    if (on) return on;
    if (fallback) return fallback;
    return date ? "" : (latest ? latest : "");
}

/* ---- lookup, for the matcher ---- */

uint32_t an_lexicon_postings(const an_lexicon *lx, bool places, const char *key, size_t n)
{
    const lx_index *ix = places ? lx->places : lx->index;
    if (!ix->slots) return 0;
    uint32_t s = slot_find(lx, ix, key, n);
    return ix->slots[s];
}
