/* langid.c — language identification of UTF-8 text (text layer; used to pick the
 * language of an article when its record does not say).
 *
 * Algorithm: a multinomial naive Bayes classifier (Cavnar & Trenkle's n-gram idea,
 * scored as log-probabilities like langid.py or lingua). The text is cut into words
 * (maximal runs of letters of one script, apostrophes inside allowed), folded to lower
 * case. Each word gives its character 1..5-grams, padded with a space on either side, and
 * itself as a word feature. The script decides the candidate classes first: Arabic
 * letters can only be Arabic; Cyrillic words are scored against ru uk be bg kk sr, Latin
 * words against de en fr es it pl nl tr and Serbian in Latin script. Each feature is
 * looked up in the script's hash table (langid_model.h, made by tools/gen_langid.py),
 * whose slot holds a fingerprint of the feature and, per class, how far that class's
 * log-probability lies below the best class's, in 4-bit steps. The class with the least
 * total penalty wins. A long text stops being read once the answer is decided.
 *
 * The letter classes, case folding, word cutting and hashing here must match the
 * generator's exactly; it documents the same rules.
 */
#include "text/langid.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "text/langid_model.h"

enum { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC, SCRIPT_COUNT };

/* The answerable languages; a candidate set is a bit mask over this list. */
static const char lang_codes[][3] = {
    "de", "en", "uk", "ru", "fr", "es", "it", "pl", "nl", "ar", "tr", "be", "bg", "kk", "sr"
};
#define N_LANGS (sizeof lang_codes / sizeof lang_codes[0])
#define LANG_AR 9u
#define MAX_CLASSES 16u

/* One script's classes and feature table. A slot is fingerprint << qbits | the classes'
 * 4-bit penalties (class c in bits 4c..4c+3); 0 is an empty slot. */
typedef struct table {
    const uint64_t *slots;
    uint32_t mask;          /* slots - 1 */
    uint32_t max_probe;     /* longest probe sequence in the table */
    uint32_t n_classes;
    const uint8_t *class_lang;   /* index into lang_codes per class */
} table;

static const table latin_table = {
    an_langid_latin_slots, (1u << AN_LANGID_LATIN_BITS) - 1, AN_LANGID_LATIN_PROBE,
    sizeof an_langid_latin_lang, an_langid_latin_lang
};
static const table cyrillic_table = {
    an_langid_cyrillic_slots, (1u << AN_LANGID_CYRILLIC_BITS) - 1, AN_LANGID_CYRILLIC_PROBE,
    sizeof an_langid_cyrillic_lang, an_langid_cyrillic_lang
};

/* Weight of a feature kind: [0] whole word, [n] character n-gram. */
static const uint32_t feature_weight[6] = AN_LANGID_WEIGHTS;

typedef struct scorer {
    const table *t;
    uint32_t pen[MAX_CLASSES];
    bool allowed[MAX_CLASSES];
} scorer;

/* ---- characters ----------------------------------------------------------------- */

static int script_of(uint32_t cp)
{
    if (cp < 0x80) return ((cp | 0x20) - 'a' < 26u) ? SCRIPT_LATIN : SCRIPT_NONE;
    if (cp >= 0xC0 && cp <= 0x24F) return (cp == 0xD7 || cp == 0xF7) ? SCRIPT_NONE : SCRIPT_LATIN;
    if (cp >= 0x1E00 && cp <= 0x1EFF) return SCRIPT_LATIN;
    if ((cp >= 0x400 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x52F)) return SCRIPT_CYRILLIC;
    if ((cp >= 0x620 && cp <= 0x64A) || (cp >= 0x66E && cp <= 0x6D3) || cp == 0x6D5 ||
        (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC))
        return SCRIPT_ARABIC;
    return SCRIPT_NONE;
}

/* Combining marks, Arabic vowel signs, Cyrillic titlo and the soft hyphen: invisible
 * inside a word (a stress mark must not split "мо́ре"). */
static bool is_mark(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
           cp == 0xAD || (cp >= 0x483 && cp <= 0x489);
}

static bool is_apostrophe(uint32_t cp) { return cp == 0x27 || cp == 0x2019 || cp == 0x2BC; }

/* Simple lower-casing of the Latin and Cyrillic blocks the model knows; Turkish İ folds
 * to i, dotless ı stays. */
static uint32_t fold(uint32_t cp)
{
    if (cp - 0x41 < 26u) return cp + 32;
    if (cp < 0xC0) return cp;
    if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 32;
    if (cp == 0x130) return 0x69;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp | 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp + 1 : cp;
    if (cp == 0x178) return 0xFF;
    if (cp >= 0x1E00 && cp <= 0x1EFF) return cp | 1;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
    if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) || (cp >= 0x4D0 && cp <= 0x52F))
        return cp | 1;
    if (cp == 0x4C0) return 0x4CF;
    if (cp >= 0x4C1 && cp <= 0x4CE) return (cp & 1) ? cp + 1 : cp;
    return cp;
}

/* Decodes one code point at p[0..n), n > 0; invalid or truncated sequences, overlongs
 * and surrogates give U+FFFD and consume one byte. */
static size_t decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    if (c < 0x80) { *cp = c; return 1; }
    *cp = 0xFFFD;
    if (c < 0xC2 || c > 0xF4) return 1;
    size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < len) return 1;
    uint32_t v = c & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 1;
        v = v << 6 | (p[i] & 0x3Fu);
    }
    if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
        (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
        return 1;
    *cp = v;
    return len;
}

/* ---- features ------------------------------------------------------------------- */

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull
#define WORD_TAG 0x110000u   /* not a code point: marks the whole-word feature */

static inline uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline void add_feature(scorer *s, uint64_t h, uint32_t weight)
{
    const table *t = s->t;
    uint32_t qbits = 4 * t->n_classes;
    uint64_t fp = h >> qbits;
    uint32_t i = (uint32_t)h & t->mask;
    for (uint32_t k = 0; k <= t->max_probe; k++) {
        uint64_t slot = t->slots[i];
        if (slot == 0) return;
        if (slot >> qbits == fp) {
            for (uint32_t c = 0; c < t->n_classes; c++)
                s->pen[c] += (uint32_t)(slot >> (4 * c) & 15u) * weight;
            return;
        }
        i = (i + 1) & t->mask;
    }
}

/* Scores one folded word of n code points (n <= AN_LANGID_MAX_WORD_CPS). */
static void score_word(scorer *s, const uint32_t *w, size_t n)
{
    uint32_t seq[AN_LANGID_MAX_WORD_CPS + 2];
    size_t len = n + 2;
    seq[0] = ' ';
    memcpy(seq + 1, w, n * sizeof *w);
    seq[n + 1] = ' ';

    uint64_t h = (FNV_OFFSET ^ WORD_TAG) * FNV_PRIME;
    for (size_t i = 0; i < n; i++) h = (h ^ w[i]) * FNV_PRIME;
    add_feature(s, fmix64(h), feature_weight[0]);

    for (size_t i = 0; i < len; i++) {
        h = FNV_OFFSET;
        for (size_t k = 0; k < 5 && i + k < len; k++) {
            h = (h ^ seq[i + k]) * FNV_PRIME;
            if (k == 0 && seq[i] == ' ') continue;
            add_feature(s, fmix64(h), feature_weight[k + 1]);
        }
    }
}

/* Lowest penalty among allowed classes, and the runner-up's margin over it. */
static uint32_t best_class(const scorer *s, uint32_t *margin)
{
    uint32_t best = MAX_CLASSES, second = UINT32_MAX;
    for (uint32_t c = 0; c < s->t->n_classes; c++) {
        if (!s->allowed[c]) continue;
        if (best == MAX_CLASSES || s->pen[c] < s->pen[best]) {
            if (best != MAX_CLASSES) second = s->pen[best];
            best = c;
        } else if (s->pen[c] < second) {
            second = s->pen[c];
        }
    }
    if (margin) *margin = best == MAX_CLASSES ? 0 : second == UINT32_MAX ? UINT32_MAX : second - s->pen[best];
    return best;
}

/* ---- candidates ----------------------------------------------------------------- */

static an_status parse_candidates(const char *list, uint32_t *mask)
{
    if (!list) { *mask = (1u << N_LANGS) - 1; return AN_OK; }
    *mask = 0;
    const char *q = list;
    for (;;) {
        while (*q == ',' || *q == ' ') q++;
        if (!*q) break;
        const char *e = q;
        while (*e && *e != ',' && *e != ' ') e++;
        if (e - q != 2) return AN_USAGE;
        uint32_t k = 0;
        char a = (char)(q[0] | 0x20), b = (char)(q[1] | 0x20);
        while (k < N_LANGS && !(lang_codes[k][0] == a && lang_codes[k][1] == b)) k++;
        if (k == N_LANGS) return AN_USAGE;
        *mask |= 1u << k;
        q = e;
    }
    return *mask ? AN_OK : AN_USAGE;
}

static void set_result(an_langid_result *out, const char *code, float confidence)
{
    memcpy(out->lang, code, strlen(code) + 1);
    out->confidence = confidence;
}

/* ---- detection ------------------------------------------------------------------ */

an_status an_langid_detect_among(const char *p, size_t n, const char *candidates,
                                 an_langid_result *out)
{
    if (!out || (!p && n)) return AN_USAGE;
    set_result(out, "und", 0.0f);
    uint32_t mask;
    an_status st = parse_candidates(candidates, &mask);
    if (st) return st;
    if (n > AN_LANGID_MAX_BYTES) n = AN_LANGID_MAX_BYTES;

    scorer sc[SCRIPT_COUNT];
    memset(sc, 0, sizeof sc);
    sc[SCRIPT_LATIN].t = &latin_table;
    sc[SCRIPT_CYRILLIC].t = &cyrillic_table;
    bool script_ok[SCRIPT_COUNT] = { false, false, false, (mask >> LANG_AR & 1u) != 0 };
    for (int k = SCRIPT_LATIN; k <= SCRIPT_CYRILLIC; k++)
        for (uint32_t c = 0; c < sc[k].t->n_classes; c++)
            if (mask >> sc[k].t->class_lang[c] & 1u) sc[k].allowed[c] = script_ok[k] = true;

    uint64_t letters[SCRIPT_COUNT] = { 0 };
    uint32_t word[AN_LANGID_MAX_WORD_CPS + 1];
    size_t wn = 0;          /* code points in word (more than the maximum: too long) */
    int wscript = SCRIPT_NONE;
    bool apostrophe = false;    /* an apostrophe after the word, pending the next letter */
    uint32_t words = 0;
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;

    for (;;) {
        uint32_t cp = 0;
        int script = SCRIPT_NONE;
        if (i < n) {
            i += decode(s + i, n - i, &cp);
            script = script_of(cp);
            if (script == SCRIPT_NONE) {
                if (is_mark(cp)) continue;
                if (is_apostrophe(cp) && wn && !apostrophe) { apostrophe = true; continue; }
            }
        }
        if (script != SCRIPT_NONE && (wn == 0 || script == wscript)) {
            letters[script]++;
            if (apostrophe && wn <= AN_LANGID_MAX_WORD_CPS) word[wn] = '\'';
            if (apostrophe) wn++;
            apostrophe = false;
            if (wn <= AN_LANGID_MAX_WORD_CPS) word[wn] = fold(cp);
            wn++;
            wscript = script;
            continue;
        }
        /* the word ends here */
        if (wn && wn <= AN_LANGID_MAX_WORD_CPS && script_ok[wscript] && sc[wscript].t) {
            score_word(&sc[wscript], word, wn);
            if ((++words & 15u) == 0) {
                int lead = letters[SCRIPT_CYRILLIC] > letters[SCRIPT_LATIN] ? SCRIPT_CYRILLIC : SCRIPT_LATIN;
                uint32_t margin;
                if (letters[lead] > letters[SCRIPT_ARABIC] && script_ok[lead] &&
                    best_class(&sc[lead], &margin) < MAX_CLASSES && margin >= AN_LANGID_DECISIVE_MARGIN)
                    break;
            }
        }
        wn = 0;
        apostrophe = false;
        if (i >= n && script == SCRIPT_NONE) break;
        if (script != SCRIPT_NONE) {     /* a letter of another script starts a word */
            letters[script]++;
            word[0] = fold(cp);
            wn = 1;
            wscript = script;
        }
    }

    uint64_t total = letters[SCRIPT_LATIN] + letters[SCRIPT_CYRILLIC] + letters[SCRIPT_ARABIC];
    if (total == 0) return AN_EMPTY;
    int win = SCRIPT_NONE;
    for (int k = SCRIPT_LATIN; k < SCRIPT_COUNT; k++)
        if (script_ok[k] && letters[k] && (win == SCRIPT_NONE || letters[k] > letters[win])) win = k;
    if (win == SCRIPT_NONE) return AN_OK;
    float share = (float)letters[win] / (float)total;
    if (win == SCRIPT_ARABIC) {
        set_result(out, lang_codes[LANG_AR], share);
        return AN_OK;
    }
    const scorer *w = &sc[win];
    uint32_t best = best_class(w, NULL);
    double sum = 0;
    for (uint32_t c = 0; c < w->t->n_classes; c++)
        if (w->allowed[c])
            sum += exp(-(double)(w->pen[c] - w->pen[best]) * AN_LANGID_CONFIDENCE_SCALE);
    set_result(out, lang_codes[w->t->class_lang[best]], (float)(share / sum));
    return AN_OK;
}

an_status an_langid_detect(const char *p, size_t n, an_langid_result *out)
{
    return an_langid_detect_among(p, n, NULL, out);
}

const char *an_langid_languages(void)
{
    return "de,en,uk,ru,fr,es,it,pl,nl,ar,tr,be,bg,kk,sr";
}
