/* plain.c — boilerplate in plain text.
 *
 * Plain text has no markup to tell the story from the "Lesen Sie auch" block after it,
 * so we go by lines: a line that is a cue phrase from lang/boilerplate.txt (after case
 * folding, with a trailing colon or dash) starts a related-links block; the block runs
 * over the lines after it that are list items, blank, or short headline-like lines, and
 * ends before the first line of running prose. The same cue followed by a headline on
 * one line ("Read also: …") is a one-line block. */
#include "ingest.h"
#include <stdio.h>
#include <stdlib.h>

struct an_cues {
    an_strset phrases;      /* folded cue phrases */
    size_t longest;
};


static an_status add_cue(void *ctx, const char *p, size_t n, size_t lineno)
{
    (void)lineno;
    struct { an_cues *c; an_buf b; } *lc = ctx;
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    if (i == n || p[i] == '#') return AN_OK;
    /* lines are KIND<TAB>LANG<TAB>PHRASE; in plain text only a related-links cue opens
     * a block (captions and notices have no line structure to go by) */
    const char *tab = memchr(p + i, '\t', n - i);
    if (tab && !((size_t)(tab - (p + i)) == 13 && memcmp(p + i, "related_links", 13) == 0)) return AN_OK;
    if (tab) {
        while (tab && (size_t)(tab - p) < n) {
            i = (size_t)(tab - p) + 1;
            tab = memchr(p + i, '\t', n - i);
        }
    }
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    size_t e = n;
    while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t' || p[e - 1] == ':')) e--;
    if (e == i) return AN_OK;
    lc->b.n = 0;
    if (an_fold_append(p + i, e - i, &lc->b)) return AN_NOMEM;
    if (lc->b.n > lc->c->longest) lc->c->longest = lc->b.n;
    return an_strset_add(&lc->c->phrases, lc->b.p, lc->b.n);
}

an_status an_cues_load(an_cues **out, const char *data_dir, an_error *err)
{
    an_cues *c = calloc(1, sizeof *c);
    if (!c) return AN_NOMEM;
    char path[4200];
    snprintf(path, sizeof path, "%s/lang/boilerplate.txt", data_dir);
    struct { an_cues *c; an_buf b; } lc = { c, { 0 } };
    an_status st = AN_OK;
    FILE *f = fopen(path, "rb");
    if (f) {
        fclose(f);
        st = an_read_lines(path, add_cue, &lc, err);
    }
    an_buf_free(&lc.b);
    if (st) { an_cues_free(c); return st; }
    *out = c;
    return AN_OK;
}

void an_cues_free(an_cues *c)
{
    if (!c) return;
    an_strset_free(&c->phrases);
    free(c);
}

static bool is_list_item(const char *p, size_t n)
{
    if (n >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ') return true;
    if (n >= 4 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xA2 || (unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
        return true;   /* • – — */
    return false;
}

/* Is the line [s,e) a cue, alone or followed by a teaser on the same line? */
static bool line_is_cue(const an_cues *c, const char *t, size_t s, size_t e, an_buf *b)
{
    size_t n = e - s;
    if (n == 0 || !c->phrases.count) return false;
    size_t look = n < c->longest + 8 ? n : c->longest + 8;
    /* try every prefix that ends at a word boundary or punctuation */
    for (size_t k = 1; k <= look; k++) {
        if (k < n) {
            char nx = t[s + k];
            if (nx != ' ' && nx != ':' && nx != '\t' && nx != '-' && nx != '.' && nx != '|') continue;
        }
        b->n = 0;
        if (an_fold_append(t + s, k, b)) return false;
        if (an_strset_has(&c->phrases, b->p, b->n)) {
            if (k == n) return true;
            size_t r = s + k;
            while (r < e && (t[r] == ' ' || t[r] == ':' || t[r] == '-' || t[r] == '.' || t[r] == '|')) r++;
            return r == e || e - s <= AN_TEASER_MAX_BYTES;
        }
    }
    return false;
}

an_status an_plain_boilerplate(const an_cues *c, const char *t, size_t n,
                               an_status (*emit)(void *, an_boilerplate), void *ctx)
{
    an_buf b = { 0 };
    an_status st = AN_OK;
    size_t ls = 0;
    while (ls < n) {
        size_t le = ls;
        while (le < n && t[le] != '\n') le++;
        size_t s = ls, e = le;
        while (s < e && (t[s] == ' ' || t[s] == '\t' || t[s] == '\r')) s++;
        while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
        if (s < e && line_is_cue(c, t, s, e, &b)) {
            size_t block_end = e, k = le < n ? le + 1 : n;
            while (k < n) {
                size_t ke = k;
                while (ke < n && t[ke] != '\n') ke++;
                size_t a = k, z = ke;
                while (a < z && (t[a] == ' ' || t[a] == '\t' || t[a] == '\r')) a++;
                while (z > a && (t[z - 1] == ' ' || t[z - 1] == '\t' || t[z - 1] == '\r')) z--;
                if (a < z) {
                    if (!is_list_item(t + a, z - a) && z - a > AN_TEASER_MAX_BYTES) break;
                    block_end = z;
                }
                k = ke < n ? ke + 1 : n;
            }
            st = emit(ctx, (an_boilerplate){ (uint32_t)s, (uint32_t)block_end, AN_BP_RELATED_LINKS });
            if (st) break;
            /* continue after the block */
            ls = block_end;
            while (ls < n && t[ls] != '\n') ls++;
            ls = ls < n ? ls + 1 : n;
            continue;
        }
        ls = le < n ? le + 1 : n;
    }
    an_buf_free(&b);
    return st;
}
