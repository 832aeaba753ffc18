/* segment.c — sentence segmentation for German, English, Ukrainian and Russian.
 *
 * Two passes over the text, both linear:
 *  1. Lines. A blank line or a line break is a hard boundary, except that a line
 *     continues the previous one when it starts with a lower-case letter and the previous
 *     line does not end in terminal punctuation (soft-wrapped prose). Headlines without a
 *     final period, "Lesen Sie auch" and list items thus stand alone.
 *  2. Inside a block, '.', '!', '?' and '…' (with any closing quotes or brackets after
 *     them) end a sentence when white space and then a non-lower-case character follow,
 *     unless the period ends an abbreviation from lang/<code>/abbrev.txt ("Dr.",
 *     "ст."), a single letter (the initial "W.", the "z." of "z. B."), or an ordinal before a word from
 *     lang/<code>/ordinal.txt ("am 9. November"). Digits around a period ("11.000",
 *     "9.11.2024") never split, since no white space follows the period.
 * A unit longer than AN_MAX_SENTENCE_BYTES is cut at white space so that later stages
 * stay linear on text without punctuation. */
#include "text.h"

static bool is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x201C ||
           c == 0x00BB || c == 0x00AB || c == 0x2019 || c == 0x2018 || c == 0x203A;
}

static bool is_terminal(uint32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

static uint32_t cp_at(const char *t, size_t n, size_t i, size_t *len)
{
    uint32_t c;
    *len = an_utf8_decode((const unsigned char *)t + i, n - i, &c);
    return c;
}

/* The code point that ends at byte `end` (end > start). */
static uint32_t cp_before(const char *t, size_t start, size_t end, size_t *len)
{
    size_t b = end - 1;
    while (b > start && ((unsigned char)t[b] & 0xC0) == 0x80 && end - b < 4) b--;
    uint32_t c;
    size_t l = an_utf8_decode((const unsigned char *)t + b, end - b, &c);
    if (b + l != end) { *len = 1; return 0xFFFD; }
    *len = l;
    return c;
}

static bool is_ws(const char *t, size_t n, size_t i, size_t *len)
{
    return an_cp_is_space(cp_at(t, n, i, len));
}

static size_t skip_ws(const char *t, size_t n, size_t i, size_t end)
{
    size_t len;
    while (i < end && is_ws(t, n, i, &len)) i += len;
    return i;
}

/* Does the period at t[dot] end an abbreviation, an initial or an ordinal? */
static bool period_is_inner(const char *t, size_t n, size_t bstart, size_t dot, size_t next,
                            size_t bend, const an_textlang *tl, an_buf *scratch)
{
    /* the word before the period */
    size_t ws = dot, len;
    while (ws > bstart) {
        uint32_t c = cp_before(t, bstart, ws, &len);
        if (an_cp_is_space(c)) break;
        ws -= len;
    }
    /* drop an opening quote or bracket */
    while (ws < dot) {
        uint32_t c = cp_at(t, n, ws, &len);
        if (c == '(' || c == '[' || c == '"' || c == 0x201E || c == 0x201C || c == 0x00AB ||
            c == 0x00BB || c == '\'')
            ws += len;
        else
            break;
    }
    if (ws == dot) return false;
    /* an initial ("W. Putin") or one part of an abbreviation ("z. B.", "т. е."):
     * a single letter */
    uint32_t c0 = cp_at(t, n, ws, &len);
    if (ws + len == dot && an_cp_is_letter(c0)) return true;
    /* abbreviations, possibly spread over up to three chunks: "z. B.", "т. е." */
    if (tl) {
        size_t cs = ws;
        for (int chunks = 0; chunks < 3; chunks++) {
            scratch->n = 0;
            if (an_fold_append(t + cs, dot + 1 - cs, scratch)) return false;
            size_t w = 0;
            for (size_t k = 0; k < scratch->n; k++)
                if (scratch->p[k] != ' ' && scratch->p[k] != '\t') scratch->p[w++] = scratch->p[k];
            if (an_strset_has(&tl->abbrev, scratch->p, w)) return true;
            /* extend to the previous chunk */
            size_t b = cs;
            while (b > bstart && an_cp_is_space(cp_before(t, bstart, b, &len))) b -= len;
            if (b == bstart || b == cs) break;
            size_t pe = b;
            while (b > bstart && !an_cp_is_space(cp_before(t, bstart, b, &len))) b -= len;
            if (pe - b > 6) break;   /* abbreviation parts are short */
            cs = b;
        }
        /* an ordinal: 1-3 digits, then a word from the ordinal list */
        bool digits = dot - ws <= 3;
        for (size_t k = ws; k < dot && digits; k++) digits = t[k] >= '0' && t[k] <= '9';
        if (digits && tl->ordinal.count) {
            size_t we = next;
            while (we < bend) {
                uint32_t c = cp_at(t, n, we, &len);
                if (!an_cp_is_letter(c)) break;
                we += len;
            }
            scratch->n = 0;
            if (we > next && !an_fold_append(t + next, we - next, scratch) &&
                an_strset_has(&tl->ordinal, scratch->p, scratch->n))
                return true;
        }
    }
    return false;
}

static an_status emit_trimmed(const char *t, size_t n, size_t s, size_t e,
                              an_status (*emit)(void *, an_unit), void *ctx)
{
    size_t len;
    s = skip_ws(t, n, s, e);
    while (e > s) {
        uint32_t c = cp_before(t, s, e, &len);
        if (!an_cp_is_space(c)) break;
        e -= len;
    }
    while (e > s) {
        size_t cut = e;
        if (e - s > AN_MAX_SENTENCE_BYTES) {
            cut = s + AN_MAX_SENTENCE_BYTES;
            size_t k = cut;
            while (k > s + AN_MAX_SENTENCE_BYTES / 2 && t[k] != ' ') k--;
            if (t[k] == ' ') cut = k;
            else
                while (cut > s && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
        }
        an_status st = emit(ctx, (an_unit){ (uint32_t)s, (uint32_t)cut });
        if (st) return st;
        s = skip_ws(t, n, cut, e);
    }
    return AN_OK;
}

static an_status segment_block(const char *t, size_t n, size_t bs, size_t be,
                               const an_textlang *tl, an_status (*emit)(void *, an_unit),
                               void *ctx, an_buf *scratch)
{
    size_t start = bs, i = bs, len;
    while (i < be) {
        uint32_t c = cp_at(t, n, i, &len);
        if (!is_terminal(c)) { i += len; continue; }
        size_t dot = i;
        bool lone_period = c == '.';
        i += len;
        while (i < be) {
            uint32_t d = cp_at(t, n, i, &len);
            if (!is_terminal(d)) break;
            lone_period = false;
            i += len;
        }
        while (i < be) {
            uint32_t d = cp_at(t, n, i, &len);
            if (!is_closer(d)) break;
            i += len;
        }
        size_t end = i;
        if (i < be && !is_ws(t, n, i, &len)) continue;
        size_t next = skip_ws(t, n, i, be);
        if (next >= be) break;
        uint32_t nc = cp_at(t, n, next, &len);
        if (an_cp_is_lower(nc)) continue;
        if (lone_period && period_is_inner(t, n, start, dot, next, be, tl, scratch)) continue;
        an_status st = emit_trimmed(t, n, start, end, emit, ctx);
        if (st) return st;
        start = next;
        i = next;
    }
    return emit_trimmed(t, n, start, be, emit, ctx);
}

an_status an_segment(const char *t, size_t n, const an_textlang *tl,
                     an_status (*emit)(void *, an_unit), void *ctx)
{
    an_buf scratch = { 0 };
    an_status st = AN_OK;
    size_t block_start = SIZE_MAX, prev_end = 0;
    size_t ls = 0;
    while (ls <= n && ls < n) {
        size_t le = ls;
        while (le < n && t[le] != '\n') le++;
        size_t cs = skip_ws(t, n, ls, le), ce = le, len;
        while (ce > cs && an_cp_is_space(cp_before(t, cs, ce, &len))) ce -= len;
        if (cs == ce) {                      /* blank line: paragraph break */
            if (block_start != SIZE_MAX) {
                st = segment_block(t, n, block_start, prev_end, tl, emit, ctx, &scratch);
                if (st) goto done;
                block_start = SIZE_MAX;
            }
        } else {
            bool joins = false;
            if (block_start != SIZE_MAX) {
                uint32_t first = cp_at(t, n, cs, &len);
                uint32_t last = cp_before(t, block_start, prev_end, &len);
                joins = an_cp_is_lower(first) && !is_terminal(last) && !is_closer(last) &&
                        last != ':';
            }
            if (!joins && block_start != SIZE_MAX) {
                st = segment_block(t, n, block_start, prev_end, tl, emit, ctx, &scratch);
                if (st) goto done;
                block_start = SIZE_MAX;
            }
            if (block_start == SIZE_MAX) block_start = cs;
            prev_end = ce;
        }
        ls = le + 1;
    }
    if (block_start != SIZE_MAX) st = segment_block(t, n, block_start, prev_end, tl, emit, ctx, &scratch);
done:
    an_buf_free(&scratch);
    return st;
}
