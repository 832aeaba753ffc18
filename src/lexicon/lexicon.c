/* lexicon.c — loading the curated actor lexicon (data/actors/NAME.txt, data/roles.txt;
 * format in data/README.md) into an index of aliases.
 *
 * Each alias is tokenized and folded exactly as article text is, and indexed under its
 * first token's base form and stem (stem.c). The index is an open-addressing table from
 * key to a chain of postings. Loading is linear in the size of the files. */
#include "lexicon.h"
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct alias_tok { uint32_t off; uint16_t len, stem; } alias_tok;

/* Internal index state lives beside the public struct. */
struct lx_index {
    AN_VEC(alias_tok) toks;
    AN_VEC(uint32_t) post_alias;
    AN_VEC(uint32_t) post_next;
    uint32_t *slots;            /* posting index + 1 of the chain head, keyed by string */
    uint32_t *slot_key;         /* pool offset of the key string */
    uint16_t *slot_len;
    uint32_t mask, used;
};
typedef struct lx_index lx_index;

struct loader {
    an_lexicon *lx;
    lx_index *ix;
    const char *path;
    int32_t cur;                /* current actor index, -1 before the first block */
    bool roles;
    an_buf scratch;
    an_error *err;
    an_textlang tl;
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

static lx_index *index_of(const an_lexicon *lx) { return lx->index; }

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
    if (!a || !nx) return AN_NOMEM;
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

static int fail(struct loader *L, size_t lineno, const char *what)
{
    an_error_set(L->err, AN_BAD_DICT, 0, lineno, "%s:%zu: %s", L->path, lineno, what);
    return AN_BAD_DICT;
}

struct tok_collect { an_lexicon *lx; lx_index *ix; const char *lang; uint16_t n; bool no_stem; };

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
    return AN_OK;
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
    al->actor = (uint32_t)L->cur;
    al->flags = (uint16_t)(flags | (letters && letters <= 3 && uppers == letters ? AN_ALIAS_CAPS : 0));
    al->keys = L->ix->toks.n;
    /* A Latin-script place name is indexed as written: the text may add an ending
     * ("Moskaus"), but cutting the name's own ending ("Dere" → "der") would make
     * function words into places. Cyrillic names keep their stems for case endings. */
    struct tok_collect c = { lx, L->ix, lang, 0, (flags & AN_ALIAS_PLACE) && strcmp(lang, "ru") != 0 };
    an_tokenizer_out out = { collect_tok, &c };
    snprintf(L->tl.code, sizeof L->tl.code, "%s", lang);
    an_status st = an_tokenize(p, 0, (uint32_t)n, &L->tl, &out, &L->scratch);
    if (st) return st;
    if (!c.n) { lx->aliases.n--; return fail(L, lineno, "alias has no words"); }
    al = &lx->aliases.items[alias_ix];
    al->n_keys = c.n;
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

static an_status load_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    struct loader *L = ctx;
    an_lexicon *lx = L->lx;
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    if (i == n || p[i] == '#') return AN_OK;
    if (p[i] == '@') {
        i++;
        while (i < n && p[i] == ' ') i++;
        size_t e = n;
        while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
        if (e == i) return fail(L, lineno, "'@' without a name");
        an_actor *a = AN_VEC_PUSH(&lx->arena, &lx->actors);
        if (!a) return AN_NOMEM;
        a->name = pool_add(lx, p + i, e - i);
        a->lat = a->lon = NAN;
        a->first_code = lx->codes.n;
        a->type = L->roles ? AN_ENT_ROLE : AN_ENT_PERSON;
        L->cur = (int32_t)lx->actors.n - 1;
        if (L->roles) {   /* a role block's name is its code, then optionally "abroad" */
            if (e - i > 7 && memcmp(p + e - 7, " abroad", 7) == 0) {
                a->abroad = true;
                for (e -= 7; e > i && p[e - 1] == ' '; e--) {}
                a->name = pool_add(lx, p + i, e - i);
            }
            an_actor_code *c = AN_VEC_PUSH(&lx->arena, &lx->codes);
            if (!c || !valid_code(p + i, e - i)) return c ? fail(L, lineno, "role name must be a code like MIL") : AN_NOMEM;
            snprintf(c->code, sizeof c->code, "%.*s", (int)(e - i), p + i);
            if (a->abroad && an_strset_add(&lx->abroad_roles, p + i, e - i)) return AN_NOMEM;
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
    an_actor *a = &lx->actors.items[L->cur];
    if (an_span_eq(key, "type")) {
        static const char *const types[] = { "person", "organization", "country", "region", "place", "group" };
        int t = -1;
        for (int k = 0; k < 6; k++)
            if (an_span_eq((an_span){ v, vn }, types[k])) t = k;
        if (t < 0) return fail(L, lineno, "unknown type (person, organization, country, region, place, group)");
        a->type = (uint8_t)t;
    } else if (an_span_eq(key, "country")) {
        if (!(vn == 1 && v[0] == '-') && !(vn == 3 && valid_code(v, 3))) return fail(L, lineno, "country must be ISO alpha-3 or '-'");
        snprintf(a->country, sizeof a->country, "%.*s", (int)(vn == 3 ? 3 : 0), v);
    } else if (an_span_eq(key, "wikidata")) {
        if (!(vn == 1 && v[0] == '-') && !(vn >= 2 && vn < sizeof a->wikidata && v[0] == 'Q')) return fail(L, lineno, "wikidata must be Q… or '-'");
        snprintf(a->wikidata, sizeof a->wikidata, "%.*s", (int)(v[0] == 'Q' ? vn : 0), v);
    } else if (an_span_eq(key, "code")) {
        size_t cn = 0;
        while (cn < vn && v[cn] != ' ' && v[cn] != '\t') cn++;
        if (!valid_code(v, cn)) return fail(L, lineno, "code must be a CAMEO actor code (A-Z, 0-9, 3 to 15 characters)");
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
            if (!dots) return fail(L, lineno, "date range must be FROM..TO");
            size_t fn = (size_t)(dots - (v + r)), tn = vn - (size_t)(dots + 2 - v);
            c->from = fn ? parse_date(v + r, fn) : 0;
            c->to = tn ? parse_date(dots + 2, tn) : 0;
            if (c->from < 0 || c->to < 0) return fail(L, lineno, "dates must be YYYY-MM-DD");
        }
        a->n_codes++;
    } else if (an_span_eq(key, "note")) {
        /* free text */
    } else {
        bool adj = key.n == 6 && memcmp(key.p, "adj.", 4) == 0;
        an_span lang = adj ? (an_span){ key.p + 4, 2 } : key;
        if (!(lang.n == 2 && (an_span_eq(lang, "de") || an_span_eq(lang, "en") || an_span_eq(lang, "uk") || an_span_eq(lang, "ru"))))
            return fail(L, lineno, "unknown key (type, country, wikidata, code, en, de, uk, ru, adj.XX, note)");
        char lc[3] = { lang.p[0], lang.p[1], 0 };
        size_t s = 0;
        for (size_t k = 0; k <= vn; k++) {
            if (k == vn || v[k] == ';') {
                an_status st = add_alias(L, v + s, k - s, lc, adj ? AN_ALIAS_ADJ : 0, lineno);
                if (st) return st;
                s = k + 1;
            }
        }
    }
    return AN_OK;
}

static an_status load_file(struct loader *L, const char *path, bool roles)
{
    L->path = path;
    L->cur = -1;
    L->roles = roles;
    return an_read_lines(path, load_line, L, L->err);
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
    if (k != 9) return fail(L, lineno, "a gazetteer line has 9 tab-separated fields");
    an_lexicon *lx = L->lx;
    an_actor *a = AN_VEC_PUSH(&lx->arena, &lx->actors);
    if (!a) return AN_NOMEM;
    a->name = pool_add(lx, f[1], fl[1]);
    a->type = AN_ENT_PLACE;
    snprintf(a->country, sizeof a->country, "%.*s", (int)(fl[2] == 3 ? 3 : 0), f[2]);
    char num[32];
    snprintf(num, sizeof num, "%.*s", (int)(fl[0] < 31 ? fl[0] : 31), f[0]);
    a->geonames = (uint32_t)strtoul(num, NULL, 10);
    snprintf(num, sizeof num, "%.*s", (int)(fl[4] < 31 ? fl[4] : 31), f[4]);
    a->lat = strtof(num, NULL);
    snprintf(num, sizeof num, "%.*s", (int)(fl[5] < 31 ? fl[5] : 31), f[5]);
    a->lon = strtof(num, NULL);
    snprintf(num, sizeof num, "%.*s", (int)(fl[6] < 31 ? fl[6] : 31), f[6]);
    a->population = (uint32_t)strtoul(num, NULL, 10);
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
        an_status st = add_alias(L, v + st0, i - st0, cyr ? "ru" : "de", AN_ALIAS_PLACE, lineno);
        if (st) return st;
        st0 = i + 1;
    }
    return AN_OK;
}

/* Word lists: every word of data/place_stopwords.txt or data/definites.txt, or the
 * "before"/"after"/"at" lines of data/place_cues.txt, folded into the lexicon's sets. */
struct words_ctx { an_lexicon *lx; bool cues; an_buf b; an_error *err; const char *path; an_strset *plain; };
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
                  an_span_eq(kind, "at") ? &c->lx->place_at : NULL;
            if (!set) {
                an_error_set(c->err, AN_BAD_DICT, 0, lineno, "%s:%zu: want before, after or at, then words", c->path, lineno);
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
    struct words_ctx c = { lx, strcmp(file, "place_cues.txt") == 0, { 0 }, err, path, plain };
    an_status st = an_read_lines(path, words_line, &c, err);
    an_buf_free(&c.b);
    return st;
}

/* build/countries.tsv (tools/gen_gazetteer.py): "ISO3 lat lon" lines give the curated
 * country actors their coordinates, so that a country named as a place can be located. */
static an_status country_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    (void)lineno;
    an_lexicon *lx = ctx;
    char line[128];
    if (!n || p[0] == '#' || n >= sizeof line) return AN_OK;
    memcpy(line, p, n);
    line[n] = 0;
    char code[8];
    float lat, lon;
    if (sscanf(line, "%7s %f %f", code, &lat, &lon) != 3) return AN_OK;
    for (uint32_t i = 0; i < lx->actors.n; i++) {
        an_actor *a = &lx->actors.items[i];
        if (a->type == AN_ENT_COUNTRY && strcmp(a->country, code) == 0) { a->lat = lat; a->lon = lon; }
    }
    return AN_OK;
}

static an_status load_country_coords(an_lexicon *lx, const char *data_dir, an_error *err)
{
    const char *names[] = { "build/countries.tsv", "countries.tsv" };
    for (int i = 0; i < 2; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", data_dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fclose(f);
        return an_read_lines(path, country_line, lx, err);
    }
    return AN_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

an_status an_lexicon_load(an_lexicon **out, const char *data_dir, an_error *err)
{
    an_lexicon *lx = calloc(1, sizeof *lx);
    lx_index *ix = calloc(1, sizeof *ix), *pl = calloc(1, sizeof *pl);
    if (!lx || !ix || !pl) { free(lx); free(ix); free(pl); return AN_NOMEM; }
    lx->index = ix;
    lx->places = pl;
    struct loader L = { .lx = lx, .ix = ix, .err = err };
    char dir[4200], path[4400];
    snprintf(dir, sizeof dir, "%s/data/actors", data_dir);
    an_status st = AN_OK;
    DIR *d = opendir(dir);
    char *names[512];
    size_t nn = 0;
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) && nn < 512) {
            size_t k = strlen(de->d_name);
            if (k > 4 && strcmp(de->d_name + k - 4, ".txt") == 0) names[nn++] = strdup(de->d_name);
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
    snprintf(path, sizeof path, "%s/data/roles.txt", data_dir);
    FILE *probe = fopen(path, "rb");
    if (!st && probe) st = load_file(&L, path, true);
    if (probe) fclose(probe);
    if (!st) st = load_words(lx, data_dir, "place_stopwords.txt", &lx->place_stop, err);
    if (!st) st = load_words(lx, data_dir, "place_cues.txt", NULL, err);
    if (!st) st = load_words(lx, data_dir, "definites.txt", &lx->definite, err);
    if (!st) st = load_country_coords(lx, data_dir, err);
    const char *gaz[] = { "build/gazetteer.tsv", "gazetteer.tsv" };
    for (int g = 0; g < 2 && !st; g++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, gaz[g]);
        FILE *gf = fopen(path, "rb");
        if (!gf) continue;
        fclose(gf);
        L.path = path;
        L.roles = false;
        st = an_read_lines(path, gazetteer_line, &L, err);
        break;
    }
    an_buf_free(&L.scratch);
    if (st) { an_lexicon_free(lx); return st; }
    *out = lx;
    return AN_OK;
}

void an_lexicon_free(an_lexicon *lx)
{
    if (!lx) return;
    lx_index *both[2] = { lx->index, lx->places };
    for (int i = 0; i < 2; i++)
        if (both[i]) { free(both[i]->slots); free(both[i]->slot_key); free(both[i]->slot_len); free(both[i]); }
    an_arena_free(&lx->arena);
    an_strset_free(&lx->place_stop);
    an_strset_free(&lx->region_before);
    an_strset_free(&lx->region_after);
    an_strset_free(&lx->place_at);
    an_strset_free(&lx->definite);
    an_strset_free(&lx->abroad_roles);
    free(lx);
}

const char *an_actor_code_on(const an_lexicon *lx, const an_actor *a, int32_t date)
{
    const char *fallback = NULL, *latest = NULL;
    int32_t latest_from = -1;
    for (uint32_t i = 0; i < a->n_codes; i++) {
        const an_actor_code *c = &lx->codes.items[a->first_code + i];
        if (!c->from && !c->to) { if (!fallback) fallback = c->code; continue; }
        if (date && (!c->from || c->from <= date) && (!c->to || date <= c->to)) return c->code;
        if (c->from > latest_from) { latest_from = c->from; latest = c->code; }
    }
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

void an_lexicon_posting(const an_lexicon *lx, bool places, uint32_t p, uint32_t *alias, uint32_t *next)
{
    const lx_index *ix = places ? lx->places : lx->index;
    *alias = ix->post_alias.items[p - 1];
    *next = ix->post_next.items[p - 1];
}

void an_lexicon_alias_tok(const an_lexicon *lx, uint32_t i, const char **key, size_t *len, size_t *stem)
{
    const alias_tok *t = &index_of(lx)->toks.items[i];
    *key = lx->pool.items + t->off;
    *len = t->len;
    *stem = t->stem;
}
