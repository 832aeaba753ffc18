/* time.c — temporal expressions: find dates in an article and normalise them.
 *
 * Place in the pipeline: context layer. After the text layer has the article's text and
 * the reader its publication date, this finds "am 9. November", "last week", "вчора" and
 * gives each a TimeML TIMEX3 value ("2024-11-09", "2024-W45"), which the event records
 * carry as their date. It depends on core only (its own small tokenizer and folding).
 *
 * Algorithm: the rule-based design of HeidelTime (Strötgen & Gertz 2010), with the rules
 * as data. lang/LANG/time.txt lists words by class with a value (month 11: November,
 * листопада) and patterns: sequences of literal words, classes and digit shapes, with a
 * type (date, rel, ago, duration …). The text is cut into words, digit runs and single
 * marks, each looked up once in a hash of the language's words. At every token that can
 * start a pattern (a bit mask per pattern says which), the patterns are matched with
 * backtracking over optional elements; a token keeps its longest match, and of
 * overlapping matches the longest wins (ties: the pattern first in the file).
 *
 * One resolver turns the values a match bound (year, month, day, weekday, unit, rel …)
 * into a value. News counts from the anchor: a weekday is the last one on or before it,
 * a yearless month the last one unless it lies at most three months ahead; a future-
 * tense word nearby ("will", "wird") turns both forward. Anaphoric patterns ("zwei Tage
 * später", "the following day") count from the last date the text named. Narratives
 * (histories) count everything from that last date, but a year far from it is taken
 * for a digression unless it heads a line or the next date confirms it. Calendar
 * arithmetic is on day numbers (days since 1970-01-01, proleptic Gregorian); weeks are
 * ISO 8601 weeks.
 */
#include "context/time.h"
#include "text/text.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- classes and slots -------------------------------------------------------------- */

/* A slot holds one value a pattern bound. Digit shapes bind day, month, year, hour,
 * minute or num; the word classes of time.txt bind the slot of class_slot below. */
#define SLOT_MAP(X)                                                                  \
    X(MONTH) X(WEEKDAY) X(NUM) X(ORD) X(UNIT) X(REL) X(DAYREL) X(SEASON) X(PART)       \
    X(DAYPART) X(REF) X(DECADE) X(SET) X(FUTURE) X(LINK) X(AMPM) X(ZONE) X(ABBR) X(LIT)      \
    X(DAY) X(YEAR) X(HOUR) X(MINUTE)

enum {
#define X_ENUM(name) S_##name,
    SLOT_MAP(X_ENUM)
#undef X_ENUM
    S_COUNT
};

/* Word classes as time.txt names them, and the slot each binds. Several classes may
 * bind one slot, so that patterns can tell "May" from "Jan." or "day" from "days". */
static const struct { const char *name; uint8_t slot; } classes[] = {
    { "month", S_MONTH }, { "monthabbr", S_MONTH }, { "weekday", S_WEEKDAY },
    { "weekdayabbr", S_WEEKDAY }, { "num", S_NUM }, { "ord", S_ORD }, { "unit", S_UNIT },
    { "units", S_UNIT }, { "unitpart", S_UNIT }, { "rel", S_REL }, { "anarel", S_REL }, { "dayrel", S_DAYREL }, { "season", S_SEASON },
    { "part", S_PART }, { "daypart", S_DAYPART }, { "ref", S_REF }, { "decade", S_DECADE },
    { "set", S_SET }, { "future", S_FUTURE }, { "link", S_LINK }, { "ampm", S_AMPM },
    { "zone", S_ZONE }, { "abbr", S_ABBR },
};
#define N_CLASSES (sizeof classes / sizeof classes[0])
#define CLASS_LIT 255    /* entries that only mark a word some pattern spells out */

/* Units, seasons, dayparts and references are stored as small numbers. */
enum { U_NONE, U_D, U_W, U_M, U_Y, U_DE, U_CE, U_Q, U_H, U_MIN, U_S, U_WE, U_COUNT };
static const char *const unit_names[] = { "", "D", "W", "M", "Y", "DE", "CE", "Q", "H",
                                          "MIN", "S", "WE" };
static const char *const season_names[] = { "", "SP", "SU", "FA", "WI" };
static const char *const daypart_names[] = { "", "MO", "MI", "AF", "EV", "NI", "DT" };
static const char *const part_names[] = { "", "START", "MID", "END" };
static const char *const ref_names[] = { "", "PRESENT_REF", "PAST_REF", "FUTURE_REF" };

#define NUM_UNKNOWN (-1)   /* "several", "einige": the amount is X in the value */

/* ---- the loaded data ------------------------------------------------------------------ */

typedef struct word_entry {
    uint8_t cls;            /* slot */
    int32_t value;
    const char *exact;      /* non-NULL: the token must be exactly these bytes */
    uint32_t exact_n;
    int32_t next;           /* next entry of the same key, -1 at the end */
} word_entry;

enum { E_LIT, E_CLASS, E_DIGITS };
enum { D_DAY, D_MON, D_YEAR, D_ANYYEAR, D_NUM, D_HOUR, D_MIN, D_YY };
static const char *const digit_names[] = { "day", "mon", "year", "anyyear", "num", "hour",
                                           "min", "yy" };
enum { EF_OPT = 1, EF_GLUE = 2, EF_CTX = 4 };

/* One alternative of an element: a literal word, a class or a digit shape. */
typedef struct alt {
    uint8_t kind, what;          /* what: class for E_CLASS, D_* for E_DIGITS */
    bool has_value;              /* E_CLASS written "Unit:WE": only words of that value */
    int32_t value;
    const char *lit;             /* E_LIT: folded, NUL-terminated */
    uint32_t lit_n;
} alt;

typedef struct element {
    uint8_t flags, n_alts;
    alt *alts;
} element;

/* T_NONE matches text that is not a temporal expression though it looks like one
 * ("22-year-old"), so that no other pattern takes it. */
enum { T_DATE, T_REL, T_AGO, T_LATER, T_DURATION, T_SET, T_REF, T_TIME, T_CENTURY,
       T_DECADE, T_NONE, T_COUNT };
static const char *const type_names[] = { "date", "rel", "ago", "later", "duration", "set",
                                          "ref", "time", "century", "decade", "none" };
/* Pattern flags: years before Christ; the reference a ref pattern stands for. */
/* Pattern flags: years before Christ; the reference a ref pattern stands for;
 * anaphoric: counts from the last date the text named ("two days later"), not the
 * anchor. */
enum { PF_BC = 1, PF_PRESENT = 2, PF_PAST = 4, PF_FUTURE = 8, PF_ANAPHORIC = 16 };
static const char *const flag_names[] = { "bc", "present", "past", "future", "anaphoric" };

typedef struct pattern {
    uint8_t type, flags, n;
    uint64_t first;              /* FIRST_* bits of what the pattern can start with */
    element e[AN_TIME_MAX_ELEMS];
} pattern;

/* A token's and a pattern's start as bits: bit c for class c, and these two. A pattern
 * is tried at a token only when the bits meet. */
#define FIRST_DIGITS (1ull << 62)
#define FIRST_LIT (1ull << 63)

typedef struct lang_data {
    char code[4];
    bool apostrophe;             /* ' and ’ between letters stay inside the word */
    AN_VEC(word_entry) entries;
    AN_VEC(pattern) patterns;
    /* open addressing: key → first entry; keys live in the arena */
    const char **keys;
    uint32_t *key_len;
    int32_t *heads;
    uint32_t cap, used;
} lang_data;

#define N_LANGS 4
static const char *const lang_codes[N_LANGS] = { "de", "en", "uk", "ru" };

struct an_time_lexicon {
    an_arena arena;
    lang_data langs[N_LANGS];
};

/* ---- UTF-8 and case folding ------------------------------------------------------------ */

/* Decoding and encoding are the text layer's (utf8.c). Lower case for the scripts of our four languages (Latin-1, Latin Extended-A,
 * Cyrillic); ё folds to е and the apostrophes ’ ʼ to ', as Russian and Ukrainian text
 * writes them either way. */
static uint32_t fold_cp(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0x80) return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149)
        return ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
                   ? (c & 1 ? c + 1 : c) : (c | 1);
    if (c >= 0x410 && c <= 0x42F) c += 32;
    else if (c >= 0x400 && c <= 0x40F) c += 80;
    else if (c >= 0x460 && c <= 0x4FF && !(c & 1)) c += 1;
    if (c == 0x451) return 0x435;   /* ё → е */
    if (c == 0x2019 || c == 0x2BC) return '\'';
    return c;
}

static bool is_space_cp(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || (c >= 0x2000 && c <= 0x200B)
           || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Letters: everything that is not ASCII punctuation, space, a digit or a code point of
 * the punctuation and symbol blocks. */
static bool is_letter_cp(uint32_t c)
{
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7) return false;
    if (c >= 0x2000 && c <= 0x2BFF) return false;
    if (c >= 0x3000 && c <= 0x303F) return false;
    if (c == 0xFFFD || c == 0xFEFF) return false;
    return true;
}

static bool is_apostrophe_cp(uint32_t c) { return c == '\'' || c == 0x2019 || c == 0x2BC; }

/* Appends the folded form of p[0..n) to out (at most cap bytes); returns its length. */
static size_t fold_into(const char *p, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += an_utf8_decode((const unsigned char *)p + i, n - i, &c);
        char tmp[4];
        size_t l = an_utf8_encode(fold_cp(c), tmp);
        if (k + l > cap) break;
        memcpy(out + k, tmp, l);
        k += l;
    }
    return k;
}

/* ---- calendar ---------------------------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d: count days in 400-year
 * eras of a calendar that starts on 1 March, so the leap day is the era's last day. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (m + 9) % 12;                       /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1 Monday … 7 Sunday; 1970-01-01 was a Thursday. */
static int iso_weekday(int64_t days)
{
    int64_t r = (days + 3) % 7;
    return (int)(r < 0 ? r + 7 : r) + 1;
}

static void iso_week(int64_t days, int *wy, int *wk)
{
    int64_t thursday = days - (iso_weekday(days) - 1) + 3;
    int y, m, d;
    civil_from_days(thursday, &y, &m, &d);
    *wy = y;
    *wk = (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}

static int days_in_month(int y, int m)
{
    static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    return dm[m - 1];
}

/* ---- loading ----------------------------------------------------------------------------- */

static uint64_t key_hash(const char *k, size_t n) { return an_hash64(k, n); }

static int32_t *hash_slot(lang_data *L, const char *k, size_t n, bool *found)
{
    uint32_t mask = L->cap - 1, i = (uint32_t)key_hash(k, n) & mask;
    while (L->keys[i]) {
        if (L->key_len[i] == n && memcmp(L->keys[i], k, n) == 0) { *found = true; return &L->heads[i]; }
        i = (i + 1) & mask;
    }
    *found = false;
    return &L->heads[i];
}

static int32_t hash_get(const lang_data *L, const char *k, size_t n)
{
    if (!L->cap) return -1;
    uint32_t mask = L->cap - 1, i = (uint32_t)key_hash(k, n) & mask;
    while (L->keys[i]) {
        if (L->key_len[i] == n && memcmp(L->keys[i], k, n) == 0) return L->heads[i];
        i = (i + 1) & mask;
    }
    return -1;
}

static an_status hash_grow(an_arena *a, lang_data *L)
{
    uint32_t nc = L->cap ? L->cap * 2 : 1024;
    const char **keys = an_arena_alloc(a, nc * sizeof *keys);
    uint32_t *lens = an_arena_alloc(a, nc * sizeof *lens);
    int32_t *heads = an_arena_alloc(a, nc * sizeof *heads);
    if (!keys || !lens || !heads) return AN_NOMEM;
    memset(keys, 0, nc * sizeof *keys);
    const char **ok = L->keys;
    uint32_t *ol = L->key_len, oc = L->cap;
    int32_t *oh = L->heads;
    L->keys = keys, L->key_len = lens, L->heads = heads, L->cap = nc;
    for (uint32_t i = 0; i < oc; i++) {
        if (!ok[i]) continue;
        uint32_t j = (uint32_t)key_hash(ok[i], ol[i]) & (nc - 1);
        while (keys[j]) j = (j + 1) & (nc - 1);
        keys[j] = ok[i], lens[j] = ol[i], heads[j] = oh[i];
    }
    return AN_OK;
}

/* Adds a word (as written in the file) to class cls with value. A word that starts
 * with '!' must match the text exactly; others match case-insensitively. */
static an_status add_word(an_arena *a, lang_data *L, const char *w, size_t wn, uint8_t cls,
                          int32_t value)
{
    const char *exact = NULL;
    uint32_t exact_n = 0;
    if (wn > 1 && w[0] == '!') {
        w++, wn--;
        exact = an_arena_strdup(a, w, wn);
        exact_n = (uint32_t)wn;
        if (!exact) return AN_NOMEM;
    }
    char key[AN_MAX_TOKEN_KEY];
    size_t kn = fold_into(w, wn, key, sizeof key);
    if ((L->used + 1) * 2 > L->cap && hash_grow(a, L)) return AN_NOMEM;
    bool found;
    int32_t *head = hash_slot(L, key, kn, &found);
    word_entry *e = AN_VEC_PUSH(a, &L->entries);
    if (!e) return AN_NOMEM;
    e->cls = cls, e->value = value, e->exact = exact, e->exact_n = exact_n;
    int32_t idx = (int32_t)(L->entries.n - 1);
    if (found) {
        /* append, so that entries keep file order */
        int32_t i = *head;
        while (L->entries.items[i].next >= 0) i = L->entries.items[i].next;
        L->entries.items[i].next = idx;
        e->next = -1;
    } else {
        const char *k = an_arena_strdup(a, key, kn);
        if (!k) return AN_NOMEM;
        uint32_t slot = (uint32_t)(head - L->heads);
        L->keys[slot] = k;
        L->key_len[slot] = (uint32_t)kn;
        *head = idx;
        e->next = -1;
        L->used++;
    }
    return AN_OK;
}

static int name_index(const char *const *names, size_t count, const char *s, size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0) return (int)i;
    return -1;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Parses a class value: a number for most classes, a code for the others. */
static bool parse_value(int cls, const char *s, size_t n, int32_t *out)
{
    int i = -1;
    switch (cls) {
    case S_UNIT: case S_SET: i = name_index(unit_names, COUNT(unit_names), s, n); break;
    case S_SEASON: i = name_index(season_names, COUNT(season_names), s, n); break;
    case S_DAYPART: i = name_index(daypart_names, COUNT(daypart_names), s, n); break;
    case S_PART: i = name_index(part_names, COUNT(part_names), s, n); break;
    case S_REF: i = name_index(ref_names, COUNT(ref_names), s, n); break;
    case S_NUM:
        if (n == 1 && s[0] == 'X') { *out = NUM_UNKNOWN; return true; }
        break;
    default: break;
    }
    if (i > 0) { *out = i; return true; }
    if (i == 0) return false;
    if (cls == S_UNIT || cls == S_SET || cls == S_SEASON || cls == S_DAYPART || cls == S_PART
        || cls == S_REF)
        return false;
    long v = 0;
    size_t k = 0;
    bool neg = false;
    if (k < n && (s[k] == '-' || s[k] == '+')) neg = s[k++] == '-';
    if (k == n) return false;
    for (; k < n; k++) {
        if (s[k] < '0' || s[k] > '9' || v > 100000000) return false;
        v = v * 10 + (s[k] - '0');
    }
    *out = (int32_t)(neg ? -v : v);
    return true;
}

typedef struct line_reader {
    const char *path;
    unsigned line;
    an_error *err;
} line_reader;

static an_status bad(line_reader *lr, const char *what, const char *s, size_t n)
{
    an_error_set(lr->err, AN_BAD_DICT, 0, lr->line, "%s:%u: %s '%.*s'", lr->path, lr->line,
                 what, (int)(n > 60 ? 60 : n), s);
    return AN_BAD_DICT;
}

/* Splits the next whitespace-separated field off [*p, end). */
static bool next_field(const char **p, const char *end, const char **f, size_t *fn)
{
    const char *s = *p;
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    if (s >= end) return false;
    const char *e = s;
    while (e < end && *e != ' ' && *e != '\t') e++;
    *f = s, *fn = (size_t)(e - s), *p = e;
    return true;
}

static int class_index(const char *s, size_t n)
{
    for (size_t i = 0; i < N_CLASSES; i++)
        if (strlen(classes[i].name) == n && memcmp(classes[i].name, s, n) == 0) return (int)i;
    return -1;
}

/* One alternative of a pattern element: "#day", "Month" (a class, capitalised) or a
 * literal word. */
static an_status parse_alt(an_arena *a, lang_data *L, line_reader *lr, const char *f,
                           size_t fn, alt *al)
{
    if (fn > 1 && f[0] == '#') {
        int i = name_index(digit_names, COUNT(digit_names), f + 1, fn - 1);
        if (i < 0) return bad(lr, "unknown digit shape", f, fn);
        al->kind = E_DIGITS, al->what = (uint8_t)i;
        return AN_OK;
    }
    if (f[0] >= 'A' && f[0] <= 'Z' && fn > 1) {
        char low[32];
        size_t cn = 0;
        while (cn < fn && f[cn] != ':') cn++;
        if (cn >= sizeof low) return bad(lr, "unknown class", f, fn);
        for (size_t i = 0; i < cn; i++) low[i] = (f[i] >= 'A' && f[i] <= 'Z') ? (char)(f[i] + 32) : f[i];
        int c = class_index(low, cn);
        if (c < 0) return bad(lr, "unknown class", f, fn);
        al->kind = E_CLASS, al->what = (uint8_t)c;
        if (cn < fn) {
            if (!parse_value(classes[c].slot, f + cn + 1, fn - cn - 1, &al->value))
                return bad(lr, "bad value", f, fn);
            al->has_value = true;
        }
        return AN_OK;
    }
    char key[AN_MAX_TOKEN_KEY];
    size_t kn = fold_into(f, fn, key, sizeof key);
    al->kind = E_LIT;
    al->lit = an_arena_strdup(a, key, kn);
    al->lit_n = (uint32_t)kn;
    if (!al->lit) return AN_NOMEM;
    /* so that a token that may start a pattern is found by its one lookup */
    for (int32_t e = hash_get(L, key, kn); e >= 0; e = L->entries.items[e].next)
        if (L->entries.items[e].cls == CLASS_LIT) return AN_OK;
    return add_word(a, L, key, kn, CLASS_LIT, 0);
}

/* A pattern element: alternatives separated by '|', with the marks '=' (glued to the
 * previous token), '?' (optional) and '(…)' (context). */
static an_status parse_element(an_arena *a, lang_data *L, line_reader *lr, const char *f,
                               size_t fn, element *el)
{
    memset(el, 0, sizeof *el);
    if (fn > 1 && f[0] == '=') el->flags |= EF_GLUE, f++, fn--;
    if (fn > 1 && f[fn - 1] == '?') el->flags |= EF_OPT, fn--;
    if (fn > 2 && f[0] == '(' && f[fn - 1] == ')') el->flags |= EF_CTX, f++, fn -= 2;
    size_t n_alts = 1;
    for (size_t i = 0; i < fn; i++) n_alts += f[i] == '|';
    if (n_alts > 255) return bad(lr, "too many alternatives", f, fn);
    el->alts = an_arena_alloc(a, n_alts * sizeof *el->alts);
    if (!el->alts) return AN_NOMEM;
    memset(el->alts, 0, n_alts * sizeof *el->alts);
    size_t s = 0;
    for (size_t i = 0; i <= fn; i++) {
        if (i < fn && f[i] != '|') continue;
        if (i == s) return bad(lr, "empty alternative", f, fn);
        an_status st = parse_alt(a, L, lr, f + s, i - s, &el->alts[el->n_alts]);
        if (st) return st;
        el->n_alts++;
        s = i + 1;
    }
    return AN_OK;
}

static an_status parse_line(an_arena *a, lang_data *L, line_reader *lr, const char *p,
                            const char *end)
{
    const char *f;
    size_t fn;
    if (!next_field(&p, end, &f, &fn)) return AN_OK;
    if (fn == 6 && memcmp(f, "option", 6) == 0) {
        if (!next_field(&p, end, &f, &fn)) return bad(lr, "option without a name", "", 0);
        if (fn == 10 && memcmp(f, "apostrophe", 10) == 0) { L->apostrophe = true; return AN_OK; }
        return bad(lr, "unknown option", f, fn);
    }
    if (fn == 7 && memcmp(f, "pattern", 7) == 0) {
        if (L->patterns.n >= AN_TIME_MAX_PATTERNS) return bad(lr, "too many patterns", f, fn);
        pattern *pt = AN_VEC_PUSH(a, &L->patterns);
        if (!pt) return AN_NOMEM;
        if (!next_field(&p, end, &f, &fn)) return bad(lr, "pattern without a type", "", 0);
        size_t tn = 0;
        while (tn < fn && f[tn] != '+') tn++;
        int t = name_index(type_names, COUNT(type_names), f, tn);
        if (t < 0) return bad(lr, "unknown pattern type", f, fn);
        pt->type = (uint8_t)t;
        for (size_t s = tn; s < fn;) {
            size_t e = s + 1;
            while (e < fn && f[e] != '+') e++;
            int fl = name_index(flag_names, COUNT(flag_names), f + s + 1, e - s - 1);
            if (fl < 0) return bad(lr, "unknown pattern flag", f + s + 1, e - s - 1);
            pt->flags |= (uint8_t)(1u << fl);
            s = e;
        }
        unsigned n_opt = 0;
        while (next_field(&p, end, &f, &fn)) {
            if (pt->n >= AN_TIME_MAX_ELEMS) return bad(lr, "too many elements", f, fn);
            an_status st = parse_element(a, L, lr, f, fn, &pt->e[pt->n]);
            if (st) return st;
            n_opt += (pt->e[pt->n].flags & EF_OPT) != 0;
            pt->n++;
        }
        if (!pt->n) return bad(lr, "empty pattern", "", 0);
        for (unsigned k = 0; k < pt->n; k++) {
            for (unsigned a2 = 0; a2 < pt->e[k].n_alts; a2++) {
                const alt *al = &pt->e[k].alts[a2];
                pt->first |= al->kind == E_LIT ? FIRST_LIT : al->kind == E_DIGITS ? FIRST_DIGITS
                             : 1ull << al->what;
            }
            if (!(pt->e[k].flags & EF_OPT)) break;
        }
        if (n_opt > AN_TIME_MAX_OPTIONAL) return bad(lr, "too many optional elements", "", 0);
        /* context elements only at either end */
        unsigned i = 0, j = pt->n;
        while (i < j && (pt->e[i].flags & EF_CTX)) i++;
        while (j > i && (pt->e[j - 1].flags & EF_CTX)) j--;
        if (i == j) return bad(lr, "pattern of context only", "", 0);
        for (unsigned k = i; k < j; k++)
            if (pt->e[k].flags & EF_CTX) return bad(lr, "context element inside a pattern", "", 0);
        return AN_OK;
    }
    int cls = class_index(f, fn);
    if (cls < 0) return bad(lr, "unknown class", f, fn);
    const char *v;
    size_t vn;
    int32_t value;
    if (!next_field(&p, end, &v, &vn)) return bad(lr, "class without a value", f, fn);
    if (!parse_value(classes[cls].slot, v, vn, &value)) return bad(lr, "bad value", v, vn);
    bool any = false;
    while (next_field(&p, end, &f, &fn)) {
        an_status st = add_word(a, L, f, fn, (uint8_t)cls, value);
        if (st) return st;
        any = true;
    }
    if (!any) return bad(lr, "class line without words", v, vn);
    return AN_OK;
}

static an_status load_file(an_arena *a, lang_data *L, const char *path, an_error *err, bool *found)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT) { *found = false; return AN_OK; }
        an_error_set(err, AN_IO, 0, 0, "%s: cannot open", path);
        return AN_IO;
    }
    *found = true;
    line_reader lr = { path, 0, err };
    char line[AN_TIME_MAX_LINE + 2];
    an_status st = AN_OK;
    while (fgets(line, sizeof line, fp)) {
        lr.line++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') n--;
        else if (!feof(fp)) { st = bad(&lr, "line too long", line, 40); goto done; }
        if (n && line[n - 1] == '\r') n--;
        size_t c = 0;
        /* '#' starts a comment at the start of a line or after a space (not "#day") */
        for (; c < n; c++)
            if (line[c] == '#' && (c == 0 || line[c - 1] == ' ' || line[c - 1] == '\t')
                && !(c + 1 < n && line[c + 1] >= 'a' && line[c + 1] <= 'z'))
                break;
        if ((st = parse_line(a, L, &lr, line, line + c))) goto done;
    }
    if (ferror(fp)) {
        an_error_set(err, AN_IO, 0, lr.line, "%s: read error", path);
        st = AN_IO;
    }
done:
    fclose(fp);
    return st;
}

an_status an_time_lexicon_load(an_time_lexicon **out, const char *lang_dir, an_error *err)
{
    *out = NULL;
    an_time_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) return AN_NOMEM;
    an_status st = AN_OK;
    bool any = false;
    for (int i = 0; i < N_LANGS; i++) {
        lang_data *L = &lx->langs[i];
        memcpy(L->code, lang_codes[i], 3);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/time.txt", lang_dir, lang_codes[i]);
        bool found = false;
        if ((st = load_file(&lx->arena, L, path, err, &found))) goto fail;
        any |= found;
    }
    if (!any) {
        an_error_set(err, AN_NOT_FOUND, 0, 0, "%s: no */time.txt", lang_dir);
        st = AN_NOT_FOUND;
        goto fail;
    }
    *out = lx;
    return AN_OK;
fail:
    an_time_lexicon_free(lx);
    return st;
}

void an_time_lexicon_free(an_time_lexicon *lx)
{
    if (!lx) return;
    an_arena_free(&lx->arena);
    free(lx);
}

/* ---- tokens ------------------------------------------------------------------------------- */

enum { K_WORD, K_NUM, K_PUNCT };
enum { TF_SPACE = 1, TF_UPPER = 2, TF_NEWLINE = 4 };

typedef struct tok {
    uint32_t start, end;
    uint32_t key, key_n;     /* folded key in the key pool */
    int32_t entry;           /* first lexicon entry, -1 none */
    int32_t num;             /* K_NUM: value (capped), digits in ndig */
    uint8_t kind, flags, ndig;
} tok;

typedef struct tokens {
    tok *t;
    size_t n, cap;
    char *keys;
    size_t keys_n, keys_cap;
} tokens;

static bool tok_push(tokens *ts, tok t, const char *key, size_t kn)
{
    if (ts->n == ts->cap) {
        size_t nc = ts->cap ? ts->cap * 2 : 256;
        tok *p = realloc(ts->t, nc * sizeof *p);
        if (!p) return false;
        ts->t = p, ts->cap = nc;
    }
    if (ts->keys_n + kn > ts->keys_cap) {
        size_t nc = ts->keys_cap ? ts->keys_cap * 2 : 4096;
        while (nc < ts->keys_n + kn) nc *= 2;
        char *p = realloc(ts->keys, nc);
        if (!p) return false;
        ts->keys = p, ts->keys_cap = nc;
    }
    memcpy(ts->keys + ts->keys_n, key, kn);
    t.key = (uint32_t)ts->keys_n;
    t.key_n = (uint32_t)kn;
    ts->keys_n += kn;
    ts->t[ts->n++] = t;
    return true;
}

/* Cuts text into words (letters), digit runs and single punctuation marks, and looks
 * every token up in the language's words. Returns false when out of memory. */
static bool tokenize(const lang_data *L, const char *text, size_t n, tokens *ts)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    bool space = true, newline = true;
    char key[AN_MAX_TOKEN_KEY];
    while (i < n && ts->n < AN_MAX_TOKENS) {
        uint32_t c;
        size_t l = an_utf8_decode(s + i, n - i, &c);
        if (is_space_cp(c)) {
            space = true;
            newline |= c == '\n';
            i += l;
            continue;
        }
        tok t = { .start = (uint32_t)i, .entry = -1,
                  .flags = (uint8_t)((space ? TF_SPACE : 0) | (newline ? TF_NEWLINE : 0)) };
        size_t kn = 0;
        if (c >= '0' && c <= '9') {
            size_t j = i;
            int64_t v = 0;
            while (j < n && s[j] >= '0' && s[j] <= '9') {
                if (v < 100000000) v = v * 10 + (s[j] - '0');
                j++;
            }
            t.kind = K_NUM;
            t.num = (int32_t)v;
            t.ndig = (uint8_t)(j - i > 255 ? 255 : j - i);
            t.end = (uint32_t)j;
            kn = fold_into(text + i, j - i, key, sizeof key);
        } else if (is_letter_cp(c)) {
            size_t j = i;
            t.kind = K_WORD;
            if (fold_cp(c) != c) t.flags |= TF_UPPER;
            while (j < n) {
                uint32_t d;
                size_t dl = an_utf8_decode(s + j, n - j, &d);
                if (is_letter_cp(d)) { j += dl; continue; }
                if (L->apostrophe && is_apostrophe_cp(d) && j + dl < n) {
                    uint32_t e;
                    an_utf8_decode(s + j + dl, n - j - dl, &e);
                    if (is_letter_cp(e)) { j += dl; continue; }
                }
                break;
            }
            t.end = (uint32_t)j;
            kn = fold_into(text + i, j - i, key, sizeof key);
        } else {
            t.kind = K_PUNCT;
            t.end = (uint32_t)(i + l);
            kn = fold_into(text + i, l, key, sizeof key);
        }
        t.entry = hash_get(L, key, kn);
        if (!tok_push(ts, t, key, kn)) return false;
        i = t.end;
        space = newline = false;
    }
    return true;
}

/* ---- matching ---------------------------------------------------------------------------- */

typedef struct bind {
    int32_t v[S_COUNT];
    uint32_t has;            /* bit per slot */
    int32_t first, last;     /* tokens of the expression (context excluded) */
} bind;

typedef struct matcher {
    const lang_data *L;
    const pattern *p;
    const tokens *ts;
    const char *text;
    size_t best_end;
    bind best;
    bind cur;                /* the bindings of the path being tried */
    bool found;
} matcher;

static bool tok_is_n(const tokens *ts, size_t i, const char *s, size_t n)
{
    return i < ts->n && ts->t[i].key_n == n && ts->keys[ts->t[i].key] == s[0]
           && memcmp(ts->keys + ts->t[i].key, s, n) == 0;
}

/* Whether token i is the literal s (a string constant). */
#define tok_is(ts, i, s) tok_is_n((ts), (i), (s), sizeof(s) - 1)

/* A digit run that is a number of its own, not a part of "1.939", "2,000" or "2,5":
 * digits glued to a comma and digits, or to a period and a group of three. A period
 * between groups of other lengths is a date's ("9.11.2024"). */
static bool standalone_number(const tokens *ts, size_t i)
{
    const tok *t = ts->t;
    if (i >= 2 && !(t[i].flags & TF_SPACE) && !(t[i - 1].flags & TF_SPACE) && t[i - 2].kind == K_NUM
        && (tok_is(ts, i - 1, ",") || (tok_is(ts, i - 1, ".") && t[i].ndig == 3)))
        return false;
    if (i + 2 < ts->n && !(t[i + 1].flags & TF_SPACE) && !(t[i + 2].flags & TF_SPACE)
        && t[i + 2].kind == K_NUM
        && (tok_is(ts, i + 1, ",") || (tok_is(ts, i + 1, ".") && t[i + 2].ndig == 3)))
        return false;
    return true;
}

/* Digits glued to letters are a code, not a year ("1908x1752", "B1908"), unless the
 * letters are a word of the patterns ("1990s", "1930er"). */
static bool in_word(const tokens *ts, size_t i)
{
    const tok *t = ts->t;
    if (i > 0 && !(t[i].flags & TF_SPACE) && t[i - 1].kind == K_WORD) return true;
    return i + 1 < ts->n && !(t[i + 1].flags & TF_SPACE) && t[i + 1].kind == K_WORD
           && t[i + 1].entry < 0;
}

static bool take_digits(const tokens *ts, size_t i, int what, int32_t *v)
{
    const tok *t = &ts->t[i];
    if (t->kind != K_NUM) return false;
    int32_t x = t->num;
    switch (what) {
    case D_DAY: if (t->ndig > 2 || x < 1 || x > 31) return false; break;
    case D_MON: if (t->ndig > 2 || x < 1 || x > 12) return false; break;
    case D_YEAR:
        if (t->ndig != 4 || x < 1000 || x > 2199 || !standalone_number(ts, i) || in_word(ts, i))
            return false;
        break;
    case D_ANYYEAR:
        if (t->ndig > 4 || x < 1 || !standalone_number(ts, i) || in_word(ts, i)) return false;
        break;
    case D_NUM: if (t->ndig > 7 || !standalone_number(ts, i)) return false; break;
    case D_HOUR: if (t->ndig > 2 || x > 24) return false; break;
    case D_MIN: if (t->ndig != 2 || x > 59) return false; break;
    case D_YY:
        if (t->ndig != 2) return false;
        x += x < 40 ? 2000 : 1900;
        break;
    default: return false;
    }
    *v = x;
    return true;
}

static const int digit_slot[] = { S_DAY, S_MONTH, S_YEAR, S_YEAR, S_NUM, S_HOUR, S_MINUTE, S_YEAR };

/* Whether alternative al accepts token i; binds its value into b. */
static bool take_alt(const matcher *m, const alt *al, size_t i, bind *b)
{
    const tok *t = &m->ts->t[i];
    if (al->kind == E_LIT)
        return t->key_n == al->lit_n && m->ts->keys[t->key] == al->lit[0]
               && memcmp(m->ts->keys + t->key, al->lit, al->lit_n) == 0;
    int32_t v = 0;
    int slot;
    if (al->kind == E_DIGITS) {
        if (!take_digits(m->ts, i, al->what, &v)) return false;
        slot = digit_slot[al->what];
    } else {
        slot = classes[al->what].slot;
        bool ok = false;
        for (int32_t k = t->entry; k >= 0; k = m->L->entries.items[k].next) {
            const word_entry *w = &m->L->entries.items[k];
            if (w->cls != al->what || (al->has_value && w->value != al->value)) continue;
            if (w->exact && (t->end - t->start != w->exact_n
                             || memcmp(m->text + t->start, w->exact, w->exact_n) != 0))
                continue;
            v = w->value;
            ok = true;
            break;
        }
        if (!ok && slot == S_NUM && t->kind == K_NUM && t->ndig <= 7 && standalone_number(m->ts, i))
            v = t->num, ok = true;
        if (!ok) return false;
    }
    /* a slot bound twice keeps its first value ("Friday, March 22": the date's month) */
    if (!(b->has & (1u << slot))) {
        b->v[slot] = v;
        b->has |= 1u << slot;
    }
    return true;
}

static bool take(const matcher *m, const element *e, size_t i, bind *b)
{
    for (unsigned k = 0; k < e->n_alts; k++)
        if (take_alt(m, &e->alts[k], i, b)) return true;
    return false;
}

/* Tries element ei at token ti and the rest after it, keeping the longest full match.
 * The bindings live in m->cur and are undone on the way back, so nothing is copied
 * but the best match. */
static void match_from(matcher *m, unsigned ei, size_t ti)
{
    bind *b = &m->cur;
    if (ei == m->p->n) {
        if (b->first >= 0 && (!m->found || ti > m->best_end)) {
            m->found = true;
            m->best_end = ti;
            m->best = *b;
        }
        return;
    }
    const element *e = &m->p->e[ei];
    if (e->flags & EF_OPT) match_from(m, ei + 1, ti);
    if (ti >= m->ts->n) return;
    if ((e->flags & EF_GLUE) && ei > 0 && (m->ts->t[ti].flags & TF_SPACE)) return;
    uint32_t had = b->has;
    int32_t first = b->first, last = b->last;
    if (!take(m, e, ti, b)) return;
    if (!(e->flags & EF_CTX)) {
        if (b->first < 0) b->first = (int32_t)ti;
        b->last = (int32_t)ti;
    }
    match_from(m, ei + 1, ti + 1);
    b->has = had, b->first = first, b->last = last;
}

/* Whether token i is a day or month number ("am 9.11.") or an abbreviation (a word of
 * the classes monthabbr, weekdayabbr or abbr), so that a period after it belongs to
 * it; after "2024." the period ends the sentence. */
static bool abbreviation(const lang_data *L, const tokens *ts, size_t i)
{
    if (ts->t[i].kind == K_NUM) return ts->t[i].ndig <= 2;
    for (int32_t e = ts->t[i].entry; e >= 0; e = L->entries.items[e].next) {
        uint8_t c = L->entries.items[e].cls;
        if (c != CLASS_LIT && (classes[c].slot == S_ABBR || strstr(classes[c].name, "abbr")))
            return true;
    }
    return false;
}

typedef struct cand {
    uint32_t first, last;    /* tokens */
    uint16_t pattern;
    bind b;
} cand;

static int cand_by_length(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    uint32_t la = a->last - a->first, lb = b->last - b->first;
    if (la != lb) return la > lb ? -1 : 1;
    if (a->first != b->first) return a->first < b->first ? -1 : 1;
    return a->pattern < b->pattern ? -1 : a->pattern > b->pattern;
}

static int cand_by_start(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* ---- resolving ---------------------------------------------------------------------------- */

/* The time a relative expression counts from: the anchor in news; in narratives the
 * last date the text gave. prec is AN_TIME_DAY, _MONTH, _YEAR, or -1 when unknown. */
typedef struct reftime {
    int y, m, d;
    int prec;
} reftime;

typedef struct result {
    char value[24];
    int prec;                /* an_time_precision, -1 unresolved */
    int type;                /* an_timex_type */
    reftime date;            /* the date it names, for later anaphora; prec -1 none */
} result;

static bool has(const bind *b, int s) { return (b->has >> s) & 1u; }

/* Values are built with these two instead of snprintf: bounded, no format strings. */
static void val_s(char *v, size_t cap, const char *s)
{
    size_t l = strlen(v);
    while (*s && l + 1 < cap) v[l++] = *s++;
    v[l] = 0;
}

/* Appends v with at least width digits; negative values get a '-'. */
static void val_i(char *v, size_t cap, long x, int width)
{
    char tmp[24];
    int n = 0;
    bool neg = x < 0;
    unsigned long u = neg ? 0ul - (unsigned long)x : (unsigned long)x;
    do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u && n < 20);
    while (n < width && n < 20) tmp[n++] = '0';
    if (neg) tmp[n++] = '-';
    char out[24];
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
    val_s(v, cap, out);
}

#define VS(r, s) val_s((r)->value, sizeof (r)->value, (s))
#define VI(r, x, w) val_i((r)->value, sizeof (r)->value, (x), (w))

static void fmt_year(result *r, int y)
{
    if (y <= 0) { VS(r, "BC"); VI(r, 1 - y, 4); }
    else VI(r, y, 4);
}

/* Writes the value of the date y-m-d at precision unit (U_D, U_W, U_M, U_Y, U_DE, U_CE,
 * U_Q, U_WE) into r. */
static void put_date(result *r, int y, int m, int d, int unit)
{
    int64_t days = days_from_civil(y, m, d);
    int wy, wk;
    r->value[0] = 0;
    r->prec = AN_TIME_OTHER;
    r->date = (reftime){ y, unit == U_Y ? 0 : m, unit == U_D || unit == U_W ? d : 0,
                         unit == U_D || unit == U_W ? AN_TIME_DAY : unit == U_M ? AN_TIME_MONTH
                         : unit == U_Y ? AN_TIME_YEAR : -1 };
    switch (unit) {
    case U_D:
        fmt_year(r, y), VS(r, "-"), VI(r, m, 2), VS(r, "-"), VI(r, d, 2);
        r->prec = AN_TIME_DAY;
        break;
    case U_W: case U_WE:
        iso_week(days, &wy, &wk);
        fmt_year(r, wy), VS(r, "-W"), VI(r, wk, 2);
        if (unit == U_WE) VS(r, "-WE");
        else r->prec = AN_TIME_WEEK;
        break;
    case U_M: fmt_year(r, y), VS(r, "-"), VI(r, m, 2); r->prec = AN_TIME_MONTH; break;
    case U_Q: fmt_year(r, y), VS(r, "-Q"), VI(r, (m - 1) / 3 + 1, 1); break;
    case U_Y: fmt_year(r, y); r->prec = AN_TIME_YEAR; break;
    case U_DE:
        if (y > 0) VI(r, y / 10, 3);
        else VS(r, "BC"), VI(r, (1 - y) / 10, 3);
        break;
    case U_CE:
        if (y > 0) VI(r, (y - 1) / 100, 2);
        else VS(r, "BC"), VI(r, (1 - y - 1) / 100, 2);
        break;
    default: r->prec = -1; break;
    }
}

/* Shifts y-m-d by k units. */
static void shift(int *y, int *m, int *d, int unit, int k)
{
    int64_t days;
    int mm;
    switch (unit) {
    case U_D: case U_W: case U_WE:
        days = days_from_civil(*y, *m, *d) + (int64_t)k * (unit == U_D ? 1 : 7);
        civil_from_days(days, y, m, d);
        break;
    case U_M: case U_Q:
        mm = *y * 12 + (*m - 1) + k * (unit == U_Q ? 3 : 1);
        *y = (int)floor_div(mm, 12);
        *m = mm - *y * 12 + 1;
        if (*d > days_in_month(*y, *m)) *d = days_in_month(*y, *m);
        break;
    case U_Y: *y += k; break;
    case U_DE: *y += 10 * k; break;
    case U_CE: *y += 100 * k; break;
    default: break;
    }
}

typedef struct ctx {
    const lang_data *L;
    const tokens *ts;
    const char *text;
    const an_time_options *opt;
    int ay, am, ad;          /* anchor, 0 unknown */
    reftime anchor;          /* the anchor, prec -1 when unknown */
    reftime last;            /* the last date the text named (the anchor before any) */
    reftime ref;             /* what the expression at hand counts from */
    reftime pending;         /* narratives: a far date that may start a new stretch */
    bool narrated;           /* narratives: the text has set a reference of its own */
} ctx;

static bool is_future_word(const ctx *c, size_t i)
{
    for (int32_t e = c->ts->t[i].entry; e >= 0; e = c->L->entries.items[e].next)
        if (c->L->entries.items[e].cls != CLASS_LIT
            && classes[c->L->entries.items[e].cls].slot == S_FUTURE)
            return true;
    return false;
}

/* Whether a future-tense word ("will", "wird") stands shortly before the expression in
 * its sentence, or right after it in its clause ("Am Montag wird er reisen"). */
static bool future_near(const ctx *c, size_t first, size_t last)
{
    const tokens *ts = c->ts;
    for (size_t i = last + 1, k = 0; i < ts->n && k < AN_TIME_FUTURE_AFTER; i++, k++) {
        if (ts->t[i].kind == K_PUNCT) break;
        if (is_future_word(c, i)) return true;
    }
    size_t i = first;
    for (size_t k = 0; k < AN_TIME_FUTURE_WINDOW && i > 0; k++) {
        i--;
        const tok *t = &ts->t[i];
        if (t->kind == K_PUNCT) {
            if (tok_is(ts, i, "!") || tok_is(ts, i, "?") || tok_is(ts, i, ";")) return false;
            if (tok_is(ts, i, ".") && !(i > 0 && ts->t[i - 1].kind == K_NUM)) return false;
            continue;
        }
        if (is_future_word(c, i)) return true;
    }
    return false;
}

/* The year for a month (and day) the text gave without one. News: the month's most
 * recent occurrence, unless it is at most three months ahead or a future-tense word
 * comes before; narratives: the reference year. Returns false when unknown. */
static bool pick_year(const ctx *c, int month, int day, bool future, int *y)
{
    if (c->opt->narrative) {
        if (c->ref.prec < 0) return false;
        *y = c->ref.y;
        return true;
    }
    if (!c->ay) return false;
    int delta = month - c->am;
    if (future) {
        bool ahead = delta > 0 || (delta == 0 && (day == 0 || day >= c->ad));
        *y = ahead ? c->ay : c->ay + 1;
    } else {
        *y = delta > 3 ? c->ay - 1 : c->ay;
    }
    return true;
}

/* Reference day for relative expressions; false when there is none at day precision. */
static bool ref_day(const ctx *c, int *y, int *m, int *d)
{
    if (c->ref.prec != AN_TIME_DAY) return false;
    *y = c->ref.y, *m = c->ref.m, *d = c->ref.d;
    return true;
}

/* Reference at the precision of unit: narratives may know only the year or month. */
static bool ref_for_unit(const ctx *c, int unit, int *y, int *m, int *d)
{
    if (c->ref.prec < 0) return false;
    int need = unit == U_Y || unit == U_DE || unit == U_CE ? AN_TIME_YEAR
               : unit == U_M || unit == U_Q ? AN_TIME_MONTH : AN_TIME_DAY;
    /* precisions order DAY < WEEK < MONTH < YEAR: finer is fine */
    if (c->ref.prec > need) return false;
    *y = c->ref.y, *m = c->ref.m ? c->ref.m : 1, *d = c->ref.d ? c->ref.d : 1;
    return true;
}

/* The weekday wd relative to the reference day: rel -1 the one before, +1 the one
 * after, 0 in the same ISO week, none: on or before (after when future). */
static bool resolve_weekday(const ctx *c, const bind *b, bool future, int *y, int *m, int *d)
{
    int ry, rm, rd;
    if (!ref_day(c, &ry, &rm, &rd)) return false;
    int64_t days = days_from_civil(ry, rm, rd);
    int wd = iso_weekday(days), want = b->v[S_WEEKDAY];
    int64_t out;
    if (has(b, S_REL) && b->v[S_REL] < 0) {
        int back = (wd - want + 7) % 7;
        out = days - (back ? back : 7);
    } else if (has(b, S_REL) && b->v[S_REL] > 0) {
        int fwd = (want - wd + 7) % 7;
        out = days + (fwd ? fwd : 7);
    } else if (has(b, S_REL)) {
        out = days + (want - wd);
    } else if (future) {
        out = days + (want - wd + 7) % 7;
    } else {
        out = days - (wd - want + 7) % 7;
    }
    civil_from_days(out, y, m, d);
    return true;
}

static void put_daypart(result *r, const bind *b)
{
    if (!has(b, S_DAYPART) || r->prec < 0) return;
    VS(r, "T"), VS(r, daypart_names[b->v[S_DAYPART]]);
    r->type = AN_TIMEX_TIME;
    r->prec = AN_TIME_OTHER;
}

static int bc_year(const bind *b, bool bc) { return bc ? 1 - b->v[S_YEAR] : b->v[S_YEAR]; }

static void resolve_date(ctx *c, const bind *b, bool bc, bool future, result *r)
{
    int y = 0, m = 0, d = 0;
    bool explicit_year = has(b, S_YEAR);
    if (explicit_year) y = bc_year(b, bc);
    int rel = has(b, S_REL) ? b->v[S_REL] : 0;

    if (has(b, S_DAYREL)) {
        /* "heute", "yesterday" count from the anchor, in narratives too */
        if (c->anchor.prec != AN_TIME_DAY) return;
        y = c->anchor.y, m = c->anchor.m, d = c->anchor.d;
        shift(&y, &m, &d, U_D, b->v[S_DAYREL]);
        put_date(r, y, m, d, U_D);
        put_daypart(r, b);
        return;
    }
    if (has(b, S_MONTH)) {
        m = b->v[S_MONTH];
        d = has(b, S_DAY) ? b->v[S_DAY] : 0;
        if (!explicit_year) {
            if (has(b, S_REL) && !c->opt->narrative && c->ay) {
                y = c->ay;
                if (rel < 0 && (m > c->am || (m == c->am && (!d || d >= c->ad)))) y--;
                if (rel > 0 && (m < c->am || (m == c->am && (!d || d <= c->ad)))) y++;
            } else if (!pick_year(c, m, d, future, &y)) {
                return;
            }
        }
        if (d) {
            if (d > days_in_month(y, m)) return;
            put_date(r, y, m, d, U_D);
            put_daypart(r, b);
        } else {
            put_date(r, y, m, 1, U_M);
        }
        return;
    }
    if (has(b, S_WEEKDAY)) {
        if (!resolve_weekday(c, b, future, &y, &m, &d)) return;
        put_date(r, y, m, d, U_D);
        put_daypart(r, b);
        return;
    }
    if (has(b, S_SEASON)) {
        int s = b->v[S_SEASON];
        if (!explicit_year) {
            int ry, rm, rd;
            if (!ref_for_unit(c, U_Y, &ry, &rm, &rd)) return;
            y = ry;
            if (!c->opt->narrative && c->ref.prec != AN_TIME_YEAR) {
                /* the season's last month: spring 5, summer 8, autumn 11, winter 2 (+1 year) */
                static const int end_month[] = { 0, 5, 8, 11, 14 };
                int end = end_month[s], now = rm + (s == 4 && rm <= 2 ? 12 : 0);
                if (s == 4 && rm <= 2) y--;
                if (rel < 0 && now <= end) y--;
                else if (rel > 0 && now >= end - 2) y++;
                else if (!rel && !has(b, S_REL) && !future && now < end - 2) y--;
            }
        }
        fmt_year(r, y), VS(r, "-"), VS(r, season_names[s]);
        r->prec = AN_TIME_OTHER;
        if (explicit_year) r->date = (reftime){ y, 0, 0, AN_TIME_YEAR };
        return;
    }
    if (explicit_year) {
        put_date(r, y, 1, 1, U_Y);
        return;
    }
    /* "Nacht vom 25.": a day of the reference month */
    if (has(b, S_DAY) && c->ref.prec >= 0 && c->ref.prec <= AN_TIME_MONTH && c->ref.m) {
        y = c->ref.y, m = c->ref.m, d = b->v[S_DAY];
        if (d > days_in_month(y, m)) return;
        put_date(r, y, m, d, U_D);
        put_daypart(r, b);
        return;
    }
    /* "am Abend", "that night": the reference day */
    if (has(b, S_DAYPART) && ref_day(c, &y, &m, &d)) {
        put_date(r, y, m, d, U_D);
        put_daypart(r, b);
    }
}

static void resolve_rel(ctx *c, const bind *b, bool future, result *r)
{
    int unit = has(b, S_UNIT) ? b->v[S_UNIT] : U_NONE;
    int rel = has(b, S_REL) ? b->v[S_REL] : 0;
    int y, m, d;
    if (unit == U_NONE || (unit >= U_H && unit <= U_S)) return;
    if (!ref_for_unit(c, unit, &y, &m, &d)) return;
    /* "am Wochenende" in news: the last one, unless the anchor is on it or it lies ahead */
    if (unit == U_WE && !has(b, S_REL) && !future && iso_weekday(days_from_civil(y, m, d)) < 6)
        rel = -1;
    shift(&y, &m, &d, unit, rel);
    put_date(r, y, m, d, unit);
}

static void resolve_offset(ctx *c, const bind *b, int sign, result *r)
{
    int unit = has(b, S_UNIT) ? b->v[S_UNIT] : U_NONE;
    int k = has(b, S_NUM) ? b->v[S_NUM] : 1;
    int y, m, d;
    if (unit == U_NONE || (unit >= U_H && unit <= U_S) || k == NUM_UNKNOWN) {
        if (sign < 0 && k == NUM_UNKNOWN) {
            VS(r, "PAST_REF");
            r->prec = AN_TIME_OTHER;
        }
        return;
    }
    if (!ref_for_unit(c, unit, &y, &m, &d)) return;
    shift(&y, &m, &d, unit, sign * k);
    put_date(r, y, m, d, unit == U_W ? U_D : unit);
}

static void resolve_duration(const bind *b, result *r)
{
    int unit = has(b, S_UNIT) ? b->v[S_UNIT] : U_NONE;
    if (unit == U_NONE) return;
    int k = has(b, S_NUM) ? b->v[S_NUM] : NUM_UNKNOWN;
    bool clock = unit == U_H || unit == U_MIN || unit == U_S;
    VS(r, clock ? "PT" : "P");
    /* quarters are counted in months, decades in years (as TimeML annotators do) */
    if (unit == U_Q) k = k == NUM_UNKNOWN ? k : 3 * k, unit = U_M;
    if (unit == U_DE && k != NUM_UNKNOWN) k = 10 * k, unit = U_Y;
    if (k == NUM_UNKNOWN) VS(r, "X");
    else VI(r, k, 1);
    VS(r, unit == U_MIN ? "M" : unit_names[unit]);
    r->type = AN_TIMEX_DURATION;
    r->prec = AN_TIME_OTHER;
}

static void resolve_set(const bind *b, result *r)
{
    r->type = AN_TIMEX_SET;
    r->prec = AN_TIME_OTHER;
    int u = has(b, S_SET) ? b->v[S_SET] : has(b, S_UNIT) ? b->v[S_UNIT] : U_NONE;
    if (has(b, S_DAYPART)) {
        VS(r, "XXXX-XX-XXT"), VS(r, daypart_names[b->v[S_DAYPART]]);
    } else if (has(b, S_WEEKDAY)) {
        VS(r, "XXXX-WXX-"), VI(r, b->v[S_WEEKDAY], 1);
    } else if (has(b, S_SEASON)) {
        VS(r, "XXXX-"), VS(r, season_names[b->v[S_SEASON]]);
    } else if (has(b, S_MONTH)) {
        VS(r, "XXXX-"), VI(r, b->v[S_MONTH], 2);
    } else if (u != U_NONE) {
        VS(r, u >= U_H && u <= U_S ? "PT1" : "P1"), VS(r, u == U_MIN ? "M" : unit_names[u]);
    } else {
        r->prec = -1;
    }
}

static void resolve_time(ctx *c, const bind *b, bool future, result *r)
{
    int hour = has(b, S_HOUR) ? b->v[S_HOUR] : -1;
    int minute = has(b, S_MINUTE) ? b->v[S_MINUTE] : 0;
    if (hour < 0) return;
    if (has(b, S_AMPM)) {
        if (hour > 12) return;
        hour = hour % 12 + b->v[S_AMPM];
    }
    result day = { .prec = -1 };
    bind db = *b;
    db.has &= ~(1u << S_DAYPART);
    if (has(&db, S_MONTH) || has(&db, S_WEEKDAY) || has(&db, S_DAYREL)) {
        resolve_date(c, &db, false, future, &day);
    } else {
        int y, m, d;
        if (ref_day(c, &y, &m, &d)) put_date(&day, y, m, d, U_D);
    }
    if (day.prec != AN_TIME_DAY) day.value[0] = 0, VS(&day, "XXXX-XX-XX");
    else if (has(&db, S_MONTH) || has(&db, S_WEEKDAY) || has(&db, S_DAYREL)) r->date = day.date;
    VS(r, day.value), VS(r, "T"), VI(r, hour, 2), VS(r, ":"), VI(r, minute, 2);
    r->type = AN_TIMEX_TIME;
    r->prec = AN_TIME_OTHER;
}

static void resolve(ctx *c, const pattern *p, const bind *b, size_t first, size_t last,
                    result *r)
{
    bool bc = (p->flags & PF_BC) != 0;
    bool future = future_near(c, first, last);
    r->value[0] = 0;
    r->prec = -1;
    r->type = AN_TIMEX_DATE;
    r->date.prec = -1;
    switch (p->type) {
    case T_DATE: resolve_date(c, b, bc, future, r); break;
    case T_REL:
        if (has(b, S_MONTH) || has(b, S_WEEKDAY) || has(b, S_SEASON) || has(b, S_DAYREL))
            resolve_date(c, b, bc, future, r);
        else {
            resolve_rel(c, b, future, r);
            put_daypart(r, b);
        }
        break;
    case T_AGO: resolve_offset(c, b, -1, r); break;
    case T_LATER: resolve_offset(c, b, 1, r); break;
    case T_DURATION: resolve_duration(b, r); break;
    case T_SET: resolve_set(b, r); break;
    case T_REF: {
        int ref = p->flags & PF_PRESENT ? 1 : p->flags & PF_PAST ? 2 : p->flags & PF_FUTURE ? 3
                  : has(b, S_REF) ? b->v[S_REF] : 0;
        if (ref) {
            VS(r, ref_names[ref]);
            r->prec = AN_TIME_OTHER;
        }
        break;
    }
    case T_TIME: resolve_time(c, b, future, r); break;
    case T_CENTURY: {
        int k = has(b, S_NUM) ? b->v[S_NUM] : has(b, S_ORD) ? b->v[S_ORD] : 0;
        if (k <= 0 || k > 99) break;
        if (bc) VS(r, "BC");
        VI(r, k - 1, 2);
        r->prec = AN_TIME_OTHER;
        break;
    }
    case T_DECADE: {
        int y = has(b, S_YEAR) ? b->v[S_YEAR] : has(b, S_DECADE) ? 1900 + 10 * b->v[S_DECADE] : -1;
        if (y < 0) break;
        if (bc) VS(r, "BC");
        VI(r, y / 10, 3);
        r->prec = AN_TIME_OTHER;
        break;
    }
    default: break;
    }
}

/* A yearless date right before a dated one, joined by "-", "/", "bis", "and" …, takes
 * that one's year: "Mai/Juni 1940". */
static void borrow_year(const ctx *c, cand *cs, size_t k, size_t n, const pattern *pats)
{
    cand *a = &cs[k];
    if (has(&a->b, S_YEAR) || !has(&a->b, S_MONTH) || k + 1 >= n) return;
    const cand *b = &cs[k + 1];
    if (!has(&b->b, S_YEAR) || pats[b->pattern].type != T_DATE || !has(&b->b, S_MONTH)) return;
    if (b->first <= a->last || b->first - a->last - 1 > AN_TIME_LINK_WINDOW) return;
    for (uint32_t i = a->last + 1; i < b->first; i++) {
        const tok *t = &c->ts->t[i];
        bool link = t->kind == K_PUNCT && !tok_is(c->ts, i, ".") && !tok_is(c->ts, i, ";");
        for (int32_t e = t->entry; e >= 0 && !link; e = c->L->entries.items[e].next)
            link = c->L->entries.items[e].cls != CLASS_LIT
                   && classes[c->L->entries.items[e].cls].slot == S_LINK;
        if (!link) return;
    }
    a->b.v[S_YEAR] = b->b.v[S_YEAR];
    a->b.has |= 1u << S_YEAR;
}

/* A heading: the expression ends its line, which is short and has no full stop. */
static bool is_heading(const tokens *ts, const cand *cd)
{
    if (cd->last + 1 < ts->n && !(ts->t[cd->last + 1].flags & TF_NEWLINE)) return false;
    for (uint32_t i = cd->first, k = 0; k < AN_TIME_HEADING_TOKENS; i--, k++) {
        if (ts->t[i].flags & TF_NEWLINE) return true;
        if (i == 0) return true;
        if (tok_is(ts, i - 1, ".") || tok_is(ts, i - 1, ";")) return false;
    }
    return false;
}

/* Narratives: whether a date the text gives with its year becomes the reference for the
 * dates after it. A history runs forward, so a year far from the reference is taken for
 * a digression ("die Deklaration von Paris von 1856", "bis 1881") unless it is a
 * heading, no reference was set yet, or the next dated expression confirms the jump. */
static bool follow_date(ctx *c, const cand *cd, const reftime *date)
{
    bool near = c->last.y - date->y <= AN_TIME_BACK_YEARS && date->y - c->last.y <= AN_TIME_AHEAD_YEARS;
    bool confirmed = c->pending.prec >= 0 && c->pending.y - date->y <= AN_TIME_BACK_YEARS
                     && date->y - c->pending.y <= AN_TIME_AHEAD_YEARS;
    if (!c->narrated || near || confirmed || is_heading(c->ts, cd)) {
        c->narrated = true;
        c->pending.prec = -1;
        return true;
    }
    c->pending = *date;
    return false;
}

size_t an_time_find_ex(const an_time_lexicon *lx, const char *lang, const char *text,
                       size_t n, int y, int m, int d, const an_time_options *opt,
                       an_timex *out, size_t max)
{
    static const an_time_options none = { 0 };
    if (!opt) opt = &none;
    if (!lx || !lang || !text || !max) return 0;
    const lang_data *L = NULL;
    for (int i = 0; i < N_LANGS; i++)
        if (strcmp(lx->langs[i].code, lang) == 0) L = &lx->langs[i];
    if (!L || !L->patterns.n) return 0;
    if (n > UINT32_MAX) n = UINT32_MAX;
    if (y && (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))) y = m = d = 0;

    tokens ts = { 0 };
    cand *cs = NULL;
    uint8_t *taken = NULL;
    size_t n_out = 0, nc = 0;
    if (!tokenize(L, text, n, &ts)) goto done;
    cs = malloc((ts.n ? ts.n : 1) * sizeof *cs);
    taken = calloc(ts.n ? ts.n : 1, 1);
    if (!cs || !taken) goto done;

    const uint8_t num_class = (uint8_t)class_index("num", 3);
    matcher mt = { .L = L, .ts = &ts, .text = text };
    /* every token that can start a pattern: the longest match of any pattern there */
    for (size_t i = 0; i < ts.n; i++) {
        if (ts.t[i].entry < 0 && ts.t[i].kind != K_NUM) continue;
        uint64_t starts = 0;
        if (ts.t[i].kind == K_NUM) starts |= FIRST_DIGITS | 1ull << num_class;
        for (int32_t e = ts.t[i].entry; e >= 0; e = L->entries.items[e].next)
            starts |= L->entries.items[e].cls == CLASS_LIT ? FIRST_LIT : 1ull << L->entries.items[e].cls;
        cand best = { 0 };
        bool found = false;
        size_t best_end = 0;
        for (uint32_t p = 0; p < L->patterns.n; p++) {
            if (!(L->patterns.items[p].first & starts)) continue;
            mt.p = &L->patterns.items[p];
            mt.found = false;
            mt.cur.has = 0, mt.cur.first = mt.cur.last = -1;
            match_from(&mt, 0, i);
            if (!mt.found) continue;
            uint32_t len = (uint32_t)(mt.best.last - mt.best.first);
            if (!found || len > best.last - best.first
                || (len == best.last - best.first && mt.best_end > best_end)) {
                best = (cand){ (uint32_t)mt.best.first, (uint32_t)mt.best.last, (uint16_t)p, mt.best };
                best_end = mt.best_end;
                found = true;
            }
        }
        if (!found) continue;
        /* an expression neither starts nor ends with punctuation, but for the period of
         * an abbreviation or an ordinal number ("Nov.", "v. Chr.", "am 9.11.") */
        while (best.first < best.last && ts.t[best.first].kind == K_PUNCT) best.first++;
        while (best.last > best.first && ts.t[best.last].kind == K_PUNCT
               && !(tok_is(&ts, best.last, ".") && abbreviation(L, &ts, best.last - 1)))
            best.last--;
        cs[nc++] = best;
    }
    /* of overlapping candidates the longest wins */
    qsort(cs, nc, sizeof *cs, cand_by_length);
    size_t kept = 0;
    for (size_t k = 0; k < nc; k++) {
        bool free_span = true;
        for (uint32_t i = cs[k].first; i <= cs[k].last && free_span; i++) free_span = !taken[i];
        if (!free_span) continue;
        for (uint32_t i = cs[k].first; i <= cs[k].last; i++) taken[i] = 1;
        cs[kept++] = cs[k];
    }
    nc = kept;
    qsort(cs, nc, sizeof *cs, cand_by_start);

    ctx c = { .L = L, .ts = &ts, .text = text, .opt = opt, .ay = y, .am = m, .ad = d };
    c.anchor = y ? (reftime){ y, m, d, AN_TIME_DAY } : (reftime){ 0, 0, 0, -1 };
    c.last = c.anchor;
    c.pending.prec = -1;
    for (size_t k = 0; k < nc && n_out < max; k++) {
        const pattern *p = &L->patterns.items[cs[k].pattern];
        c.ref = opt->narrative || (p->flags & PF_ANAPHORIC) ? c.last : c.anchor;
        borrow_year(&c, cs, k, nc, L->patterns.items);
        if (p->type == T_NONE) continue;
        result r;
        resolve(&c, p, &cs[k].b, cs[k].first, cs[k].last, &r);
        if (r.prec >= 0 && r.date.prec >= 0) {
            if (!opt->narrative || !has(&cs[k].b, S_YEAR) || follow_date(&c, &cs[k], &r.date))
                c.last = r.date;
        }
        /* without all_types a time of a known day is that day: "gestern Abend" */
        if (!opt->all_types && r.type == AN_TIMEX_TIME && r.date.prec == AN_TIME_DAY) {
            r.value[10] = 0;
            r.type = AN_TIMEX_DATE;
            r.prec = AN_TIME_DAY;
        }
        /* … and a weekend its week */
        size_t vl = strlen(r.value);
        if (!opt->all_types && vl > 3 && strcmp(r.value + vl - 3, "-WE") == 0) {
            r.value[vl - 3] = 0;
            r.prec = AN_TIME_WEEK;
        }
        bool resolved = r.prec >= 0 && r.value[0];
        if (!resolved && !opt->keep_unresolved) continue;
        if (!opt->all_types && (r.type != AN_TIMEX_DATE || (resolved && r.prec > AN_TIME_YEAR)))
            continue;
        an_timex *t = &out[n_out++];
        t->start = ts.t[cs[k].first].start;
        t->end = ts.t[cs[k].last].end;
        memcpy(t->value, r.value, sizeof t->value);
        if (!resolved) t->value[0] = 0;
        t->precision = resolved ? (an_time_precision)r.prec : AN_TIME_OTHER;
        t->type = (an_timex_type)r.type;
    }
done:
    free(ts.t);
    free(ts.keys);
    free(cs);
    free(taken);
    return n_out;
}

size_t an_time_find(const an_time_lexicon *lx, const char *lang, const char *text, size_t n,
                    int y, int m, int d, an_timex *out, size_t max)
{
    return an_time_find_ex(lx, lang, text, n, y, m, d, NULL, out, max);
}
