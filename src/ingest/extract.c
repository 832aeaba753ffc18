/* extract.c — main-text extraction: the node tree of html.c in, the article's own text
 * (title, paragraphs, list items, subheadings, quotes in reading order) and the page's
 * metadata out. Everything after this step reads only that text.
 *
 * Algorithm (linear in the number of nodes; every pass is a loop over the node array,
 * which is in document order, so "bottom-up" is a reverse loop):
 *  1. Segmentation. A walk cuts the text into blocks at block-level elements; each block
 *     keeps its owner element, visible characters, characters inside links, commas, and
 *     the source runs it was decoded from.
 *  2. Aggregates. Block statistics are summed into every ancestor.
 *  3. Boilerplate marks. An element is boilerplate by its tag (nav, footer, aside,
 *     header, figure), role, hidden state, class/id words (nav, menu, share, social,
 *     comment, related, teaser, promo, cookie, newsletter, subscribe, ad …, matched on
 *     camelCase/dash-split words and on long stems inside compounds), or as a list of
 *     links. A mark is ignored when the element holds most of the page's paragraph text,
 *     so a "content has-ads" wrapper is not thrown away.
 *  4. Container. Priority: the element whose text best matches JSON-LD articleBody
 *     (token F1 >= 0.7), then itemprop=articleBody, then a Readability-style score: each
 *     paragraph adds 1 + commas + length/100 (at most 3) to its parent, half to the
 *     grandparent and a third per level further up; class words add ±25, and the score
 *     is scaled by 1 − link density. Siblings of the winner that score near it, or are
 *     paragraphs of plain prose, join it.
 *  5. Emission. Blocks of the container are written out unless they lie in a marked
 *     element (below the container), are link-only, start with a cue phrase from
 *     lang/boilerplate.txt ("Lesen Sie auch", "Read more", "Читайте також" …; a cue that
 *     is only a label also drops the link list or link paragraphs that follow it), or
 *     repeat the title. Dropped spans are recorded with their kind.
 * Metadata comes from <meta>, <link rel=canonical>, JSON-LD (a small tolerant JSON
 * reader), <time datetime>, a dateline near the top, and the URL. */
#include "ingest/html.h"
#include <stdlib.h>
#include <stdio.h>

/* ---- small text helpers ------------------------------------------------------------------- */

static unsigned char lower_ascii(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static bool is_alnum_ascii(unsigned char c) { return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

static bool span_ieq(an_span s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.n != n) return false;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii((unsigned char)s.p[i]) != (unsigned char)lit[i]) return false;
    return true;
}

/* Does the space-separated token list s contain `word` (case-insensitive)? */
static bool span_has_word(an_span s, const char *word)
{
    size_t n = strlen(word), i = 0;
    while (i < s.n) {
        while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t' || s.p[i] == '\n')) i++;
        size_t j = i;
        while (j < s.n && s.p[j] != ' ' && s.p[j] != '\t' && s.p[j] != '\n') j++;
        if (j - i == n) {
            size_t k = 0;
            while (k < n && lower_ascii((unsigned char)s.p[i + k]) == lower_ascii((unsigned char)word[k])) k++;
            if (k == n) return true;
        }
        i = j;
    }
    return false;
}

/* Case-insensitive ASCII substring search. */
static bool span_icontains(an_span s, const char *lit)
{
    size_t n = strlen(lit);
    if (n == 0) return true;
    for (size_t i = 0; i + n <= s.n; i++) {
        size_t k = 0;
        while (k < n && lower_ascii((unsigned char)s.p[i + k]) == (unsigned char)lit[k]) k++;
        if (k == n) return true;
    }
    return false;
}

static uint32_t utf8_next(const unsigned char *p, size_t n, size_t *len)
{
    unsigned c = p[0];
    if (c < 0x80 || n < 2) { *len = 1; return c; }
    if (c < 0xE0) { *len = 2; return ((c & 31u) << 6) | (p[1] & 63u); }
    if (c < 0xF0 || n < 4) {
        if (n < 3) { *len = 1; return 0xFFFD; }
        *len = 3;
        return ((c & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u);
    }
    *len = 4;
    return ((c & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u);
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | cp >> 6); o[1] = (char)(0x80 | (cp & 63)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 63));
        o[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63)); o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

static uint32_t fold_cp(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0x80) return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c == 0x490) return 0x491;
    if (c == 0x401 || c == 0x451) return 0x435;    /* ё → е */
    if (c == 0x2019 || c == 0x2018 || c == 0x2BC) return '\'';
    return c;
}

an_status an_html_fold(const char *p, size_t n, an_buf *out)
{
    if (an_buf_reserve(out, n + 4)) return AN_NOMEM;
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        size_t len;
        uint32_t c = utf8_next(u + i, n - i, &len);
        if (c == 0x451 || c == 0x401) c = 0x435;
        c = fold_cp(c);
        char tmp[4];
        size_t k = put_utf8(tmp, c);
        if (an_buf_reserve(out, k)) return AN_NOMEM;
        memcpy(out->p + out->n, tmp, k);
        out->n += k;
        i += len;
    }
    out->p[out->n] = 0;
    return AN_OK;
}

/* Word characters, as \w in Unicode regular expressions, closely enough: letters and
 * digits of any script; general punctuation, symbols and spaces are not. */
static bool is_word_cp(uint32_t c)
{
    if (c < 0x80) return is_alnum_ascii((unsigned char)c) || c == '_';
    if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA || c == 0xB2 || c == 0xB3 || c == 0xB9 ||
                         (c >= 0xBC && c <= 0xBE);
    if (c == 0xD7 || c == 0xF7) return false;
    if (c >= 0x2000 && c <= 0x2BFF) return c >= 0x2070 && c <= 0x209F;   /* punctuation, symbols */
    if (c >= 0x3000 && c <= 0x303F) return false;
    if (c >= 0xFE30 && c <= 0xFE6F) return false;
    if (c >= 0xFF00 && c <= 0xFF0F) return false;
    if (c >= 0x1F000 && c <= 0x1FAFF) return false;   /* emoji */
    if (c == 0xFFFD || c == 0xFEFF) return false;
    return true;
}

/* ---- cue phrases (lang/boilerplate.txt) --------------------------------------------------- */

typedef struct cue {
    an_boilerplate_kind kind;
    uint32_t off, n;        /* folded phrase in the cue pool */
} cue;

struct an_html_cues {
    cue *items;
    size_t n;
    char *pool;
};

static bool kind_parse(const char *p, size_t n, an_boilerplate_kind *k)
{
    static const char *const names[] = { "related_links", "navigation", "footer", "caption", "advert", "other" };
    for (int i = 0; i < 6; i++)
        if (strlen(names[i]) == n && memcmp(names[i], p, n) == 0) { *k = (an_boilerplate_kind)i; return true; }
    return false;
}

const char *an_boilerplate_kind_name(an_boilerplate_kind k)
{
    static const char *const names[] = { "related_links", "navigation", "footer", "caption", "advert", "other" };
    return (unsigned)k < 6 ? names[k] : "other";
}

const char *an_date_source_name(an_date_source s)
{
    static const char *const names[] = { "none", "input", "meta", "jsonld", "text", "url" };
    return (unsigned)s < 6 ? names[s] : "none";
}

an_status an_html_cues_parse(const char *p, size_t n, an_html_cues **out, an_error *err)
{
    *out = NULL;
    an_html_cues *c = calloc(1, sizeof *c);
    an_buf pool = { 0 };
    size_t cap = 0;
    uint64_t line = 0;
    if (!c) goto nomem;
    size_t i = 0;
    while (i < n) {
        line++;
        const char *nl = memchr(p + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - p) : n;
        const char *s = p + i;
        size_t len = e - i;
        size_t line_start = i;
        i = nl ? e + 1 : n;
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
        size_t k = 0;
        while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k == len || s[k] == '#') continue;
        /* KIND LANG PHRASE */
        size_t f0 = k;
        while (k < len && s[k] != ' ' && s[k] != '\t') k++;
        an_boilerplate_kind kind;
        if (!kind_parse(s + f0, k - f0, &kind)) {
            an_error_set(err, AN_BAD_DICT, line_start, line, "boilerplate cues line %llu: unknown kind '%.*s'",
                         (unsigned long long)line, (int)(k - f0 > 40 ? 40 : k - f0), s + f0);
            goto fail;
        }
        while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
        size_t l0 = k;
        while (k < len && s[k] != ' ' && s[k] != '\t') k++;
        if (k - l0 < 2 || k - l0 > 3) {
            an_error_set(err, AN_BAD_DICT, line_start, line, "boilerplate cues line %llu: expected a language code",
                         (unsigned long long)line);
            goto fail;
        }
        while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k == len) {
            an_error_set(err, AN_BAD_DICT, line_start, line, "boilerplate cues line %llu: missing phrase",
                         (unsigned long long)line);
            goto fail;
        }
        if (c->n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            cue *q = realloc(c->items, nc * sizeof *q);
            if (!q) goto nomem;
            c->items = q;
            cap = nc;
        }
        uint32_t off = (uint32_t)pool.n;
        if (an_html_fold(s + k, len - k, &pool)) goto nomem;
        c->items[c->n++] = (cue){ kind, off, (uint32_t)(pool.n - off) };
    }
    c->pool = pool.p;
    *out = c;
    return AN_OK;
nomem:
    an_error_set(err, AN_NOMEM, 0, line, "out of memory reading boilerplate cues");
fail:
    an_buf_free(&pool);
    if (c) free(c->items);
    free(c);
    return err ? err->status : AN_NOMEM;
}

an_status an_html_cues_load(const char *path, an_html_cues **out, an_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        an_error_set(err, AN_IO, 0, 0, "cannot open %s", path);
        return AN_IO;
    }
    an_buf b = { 0 };
    char chunk[8192];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (an_buf_append(&b, chunk, k)) {
            fclose(f);
            an_buf_free(&b);
            an_error_set(err, AN_NOMEM, 0, 0, "out of memory reading %s", path);
            return AN_NOMEM;
        }
    }
    fclose(f);
    an_status st = an_html_cues_parse(b.p ? b.p : "", b.n, out, err);
    an_buf_free(&b);
    return st;
}

void an_html_cues_free(an_html_cues *c)
{
    if (!c) return;
    free(c->items);
    free(c->pool);
    free(c);
}

size_t an_html_cues_count(const an_html_cues *c) { return c ? c->n : 0; }

/* ---- blocks ------------------------------------------------------------------------------ */

enum {
    BF_HEADING = 1, BF_LI = 2, BF_PRE = 4, BF_QUOTE = 8, BF_CELL = 16, BF_P = 32
};

typedef struct block {
    uint32_t owner;             /* innermost block-level element */
    uint32_t t0, t1;            /* text in the scratch buffer */
    uint32_t r0, r1;            /* runs */
    uint32_t chars, link_chars, commas;
    uint8_t flags;
} block;

/* Per-node work arrays, all indexed by node. */
typedef struct node_info {
    uint32_t chars, link_chars, good, last;   /* last: last node of the subtree */
    uint32_t hits, tokens;                    /* JSON-LD articleBody token matches */
    float score;
    uint8_t self_junk;                        /* 0, or 1 + an_boilerplate_kind */
    uint8_t junk;                             /* self or inherited */
    int8_t class_weight;                      /* -1, 0, +1 */
    uint8_t scored;
} node_info;

typedef struct ctx {
    const an_html_doc *doc;
    const an_html_options *opt;
    an_extracted *x;
    node_info *ni;
    block *blocks;
    size_t n_blocks, cap_blocks;
    an_buf scratch;             /* decoded text of all blocks */
    an_html_run *runs;          /* runs into scratch */
    size_t n_runs, cap_runs;
    an_buf tmp, tmp2;
    /* JSON-LD */
    an_buf ld_body, ld_headline, ld_date, ld_author, ld_site, ld_lang, ld_modified;
    uint64_t *ld_set;           /* open-addressing set of token hashes */
    size_t ld_set_cap, ld_tokens;
    /* container */
    uint32_t containers[64];
    size_t n_containers;
    uint32_t title_src0, title_src1;
} ctx;

static const char *node_src(const ctx *c, uint32_t i) { return c->doc->src + c->doc->nodes[i].start; }

static bool push_run(ctx *c, uint32_t t0, uint32_t t1, uint32_t s0, uint32_t s1)
{
    if (c->n_runs == c->cap_runs) {
        size_t nc = c->cap_runs ? c->cap_runs * 2 : 256;
        an_html_run *p = realloc(c->runs, nc * sizeof *p);
        if (!p) return false;
        c->runs = p;
        c->cap_runs = nc;
    }
    c->runs[c->n_runs++] = (an_html_run){ t0, t1, s0, s1 };
    return true;
}

static uint8_t block_flags_for(uint8_t tag)
{
    switch (tag) {
    case AN_TAG_h1: case AN_TAG_h2: case AN_TAG_h3: case AN_TAG_h4: case AN_TAG_h5: case AN_TAG_h6:
        return BF_HEADING;
    case AN_TAG_li: case AN_TAG_dd: case AN_TAG_dt: return BF_LI;
    case AN_TAG_pre: return BF_PRE;
    case AN_TAG_blockquote: return BF_QUOTE;
    case AN_TAG_td: case AN_TAG_th: return BF_CELL;
    case AN_TAG_p: return BF_P;
    default: return 0;
    }
}

/* The segmentation walk's state. */
typedef struct seg {
    bool open;
    block cur;
    bool space;
    uint32_t owners[AN_HTML_MAX_DEPTH + 2];
    uint32_t n_owners;
    uint32_t link_depth, pre_depth;
} seg;

static bool flush_block(ctx *c, seg *s)
{
    if (!s->open) return true;
    s->open = false;
    block *b = &s->cur;
    /* trim trailing white space and newlines */
    while (c->scratch.n > b->t0 && (c->scratch.p[c->scratch.n - 1] == ' ' || c->scratch.p[c->scratch.n - 1] == '\n'))
        c->scratch.n--;
    if (b->chars == 0 || c->scratch.n == b->t0) {
        c->scratch.n = b->t0;
        c->n_runs = b->r0;
        return true;
    }
    b->t1 = (uint32_t)c->scratch.n;
    b->r1 = (uint32_t)c->n_runs;
    for (uint32_t r = b->r0; r < b->r1; r++)
        if (c->runs[r].end > b->t1) c->runs[r].end = b->t1;
    if (c->n_blocks == c->cap_blocks) {
        size_t nc = c->cap_blocks ? c->cap_blocks * 2 : 256;
        block *p = realloc(c->blocks, nc * sizeof *p);
        if (!p) return false;
        c->blocks = p;
        c->cap_blocks = nc;
    }
    c->blocks[c->n_blocks++] = *b;
    return true;
}

static void open_block(ctx *c, seg *s)
{
    s->open = true;
    memset(&s->cur, 0, sizeof s->cur);
    uint32_t owner = s->n_owners ? s->owners[s->n_owners - 1] : 0;
    s->cur.owner = owner;
    s->cur.flags = block_flags_for(c->doc->nodes[owner].tag);
    if (s->pre_depth) s->cur.flags |= BF_PRE;
    s->cur.t0 = (uint32_t)c->scratch.n;
    s->cur.r0 = (uint32_t)c->n_runs;
    s->space = false;
}

static bool add_text_node(ctx *c, seg *s, uint32_t i)
{
    const an_html_node *x = &c->doc->nodes[i];
    if (x->end <= x->start) return true;
    if (!s->open) {
        /* skip white space between blocks without opening one */
        bool blank = true;
        for (uint32_t k = x->start; k < x->end && blank; k++) {
            unsigned char ch = (unsigned char)c->doc->src[k];
            blank = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f';
        }
        if (blank) return true;
        open_block(c, s);
    }
    size_t before = c->scratch.n;
    long vis = an_html_text_append(&c->scratch, node_src(c, i), x->end - x->start, s->pre_depth == 0, &s->space);
    if (vis < 0) return false;
    /* no space at the start of a block or a line */
    if (c->scratch.n > before && c->scratch.p[before] == ' ' &&
        (before == s->cur.t0 || c->scratch.p[before - 1] == '\n')) {
        memmove(c->scratch.p + before, c->scratch.p + before + 1, c->scratch.n - before - 1);
        c->scratch.n--;
        c->scratch.p[c->scratch.n] = 0;
    }
    if (c->scratch.n == before) return true;
    for (size_t k = before; k < c->scratch.n; k++)
        if (c->scratch.p[k] == ',') s->cur.commas++;
    s->cur.chars += (uint32_t)vis;
    if (s->link_depth) s->cur.link_chars += (uint32_t)vis;
    return push_run(c, (uint32_t)before, (uint32_t)c->scratch.n, x->start, x->end);
}

static bool is_link(const ctx *c, uint32_t i)
{
    return c->doc->nodes[i].tag == AN_TAG_a && an_html_attr_get(c->doc, i, AN_ATTR_href).p != NULL;
}

/* Elements whose content is never walked for text. */
static bool walk_skips(const ctx *c, uint32_t i)
{
    const an_html_node *x = &c->doc->nodes[i];
    if (an_html_tag_flags((an_tag)x->tag) & AN_TF_SKIP) return true;
    return x->tag == AN_TAG_head || x->tag == AN_TAG_title;
}

static void enter_element(ctx *c, seg *s, uint32_t i)
{
    const an_html_node *x = &c->doc->nodes[i];
    if (an_html_tag_flags((an_tag)x->tag) & AN_TF_BLOCK) {
        flush_block(c, s);
        if (s->n_owners < AN_HTML_MAX_DEPTH + 2) s->owners[s->n_owners++] = i;
        if (x->tag == AN_TAG_pre) s->pre_depth++;
    } else if (x->tag == AN_TAG_br) {
        if (s->open && c->scratch.n > s->cur.t0) {
            size_t n = c->scratch.n;
            while (n > s->cur.t0 && c->scratch.p[n - 1] == ' ') n--;
            c->scratch.n = n;
            bool two = n >= 2 && c->scratch.p[n - 1] == '\n' && c->scratch.p[n - 2] == '\n';
            if (!two) an_buf_append(&c->scratch, "\n", 1);
            s->space = false;
        }
    } else if (x->tag == AN_TAG_img || x->tag == AN_TAG_hr) {
        /* nothing */
    }
    if (is_link(c, i)) s->link_depth++;
}

static void leave_element(ctx *c, seg *s, uint32_t i)
{
    const an_html_node *x = &c->doc->nodes[i];
    if (an_html_tag_flags((an_tag)x->tag) & AN_TF_BLOCK) {
        flush_block(c, s);
        if (s->n_owners && s->owners[s->n_owners - 1] == i) s->n_owners--;
        if (x->tag == AN_TAG_pre && s->pre_depth) s->pre_depth--;
    }
    if (is_link(c, i) && s->link_depth) s->link_depth--;
}

static an_status segment(ctx *c)
{
    seg *s = calloc(1, sizeof *s);
    if (!s) return AN_NOMEM;
    const an_html_node *nodes = c->doc->nodes;
    uint32_t i = nodes[0].first_child;
    bool ok = true;
    while (i && ok) {
        const an_html_node *x = &nodes[i];
        bool descend = false;
        if (x->kind == AN_NODE_TEXT) {
            ok = add_text_node(c, s, i);
        } else {
            if (walk_skips(c, i)) {
                /* a skipped element still separates words */
                if (s->open) s->space = true;
            } else {
                enter_element(c, s, i);
                descend = x->first_child != 0;
                if (!descend) leave_element(c, s, i);
            }
        }
        if (descend) {
            i = x->first_child;
            continue;
        }
        while (i && !nodes[i].next) {
            i = nodes[i].parent;
            if (i) leave_element(c, s, i);
        }
        if (i) i = nodes[i].next;
    }
    if (ok) ok = flush_block(c, s);
    free(s);
    return ok ? AN_OK : AN_NOMEM;
}

/* ---- class and id words ------------------------------------------------------------------- */

typedef struct word_cue { const char *w; uint8_t n, kind; } word_cue;   /* kind: 1 + an_boilerplate_kind */
#define W(s, k) { s, sizeof(s) - 1, k }

#define K_REL (1 + AN_BP_RELATED_LINKS)
#define K_NAV (1 + AN_BP_NAVIGATION)
#define K_FOOT (1 + AN_BP_FOOTER)
#define K_CAP (1 + AN_BP_CAPTION)
#define K_AD (1 + AN_BP_ADVERT)
#define K_OTH (1 + AN_BP_OTHER)

/* Whole words of a class or id. */
static const word_cue neg_words[] = {
    W("nav", K_NAV), W("navbar", K_NAV), W("navigation", K_NAV), W("menu", K_NAV),
    W("breadcrumb", K_NAV), W("breadcrumbs", K_NAV), W("topbar", K_NAV), W("masthead", K_NAV),
    W("pagination", K_NAV), W("pager", K_NAV), W("skip", K_NAV), W("header", K_NAV),
    W("footer", K_FOOT), W("copyright", K_FOOT), W("colophon", K_FOOT),
    W("ad", K_AD), W("ads", K_AD), W("adv", K_AD), W("advert", K_AD), W("adslot", K_AD),
    W("adunit", K_AD), W("dfp", K_AD), W("gpt", K_AD), W("banner", K_AD), W("sponsor", K_AD),
    W("sponsored", K_AD), W("promo", K_AD), W("affiliate", K_AD), W("commercial", K_AD),
    W("anzeige", K_AD), W("werbung", K_AD),
    W("related", K_REL), W("recirc", K_REL), W("recommended", K_REL), W("teaser", K_REL),
    W("teasers", K_REL), W("popular", K_REL), W("trending", K_REL), W("readmore", K_REL),
    W("morestories", K_REL), W("also", K_REL), W("seealso", K_REL), W("outbrain", K_REL),
    W("taboola", K_REL), W("mostread", K_REL), W("linklist", K_REL),
    W("caption", K_CAP), W("figcaption", K_CAP), W("credit", K_CAP), W("credits", K_CAP),
    W("comment", K_OTH), W("comments", K_OTH), W("disqus", K_OTH), W("share", K_OTH),
    W("sharing", K_OTH), W("social", K_OTH), W("cookie", K_OTH), W("cookies", K_OTH),
    W("consent", K_OTH), W("gdpr", K_OTH), W("newsletter", K_OTH), W("subscribe", K_OTH),
    W("subscription", K_OTH), W("signup", K_OTH), W("paywall", K_OTH), W("login", K_OTH),
    W("modal", K_OTH), W("popup", K_OTH), W("sidebar", K_OTH), W("widget", K_OTH),
    W("toolbar", K_OTH), W("print", K_OTH), W("tags", K_OTH), W("taglist", K_OTH),
    W("keywords", K_OTH), W("byline", K_OTH), W("author", K_OTH), W("authors", K_OTH),
    W("bio", K_OTH), W("meta", K_OTH), W("timestamp", K_OTH), W("dateline", K_OTH),
    W("rating", K_OTH), W("poll", K_OTH), W("survey", K_OTH), W("hidden", K_OTH),
    W("hide", K_OTH), W("sr", K_OTH), W("screenreader", K_OTH), W("offscreen", K_OTH),
    W("gallery", K_OTH), W("slideshow", K_OTH), W("carousel", K_OTH), W("overlay", K_OTH),
    W("alert", K_OTH), W("notice", K_OTH), W("disclaimer", K_OTH), W("feedback", K_OTH),
    W("follow", K_OTH), W("donate", K_OTH), W("donation", K_OTH), W("video", K_OTH),
    W("embed", K_OTH), W("rail", K_OTH), W("aside", K_OTH),
    W("signin", K_OTH), W("register", K_OTH), W("membership", K_OTH),
};

/* Stems that mark a compound word ("sharebar", "socialLinks", "relatedArticles"). */
static const word_cue neg_stems[] = {
    W("comment", K_OTH), W("share", K_OTH), W("social", K_OTH), W("related", K_REL),
    W("newsletter", K_OTH), W("subscri", K_OTH), W("cookie", K_OTH), W("consent", K_OTH),
    W("sidebar", K_OTH), W("footer", K_FOOT), W("breadcrumb", K_NAV), W("promo", K_AD),
    W("sponsor", K_AD), W("advert", K_AD), W("recommend", K_REL), W("outbrain", K_REL),
    W("taboola", K_REL), W("popup", K_OTH), W("paywall", K_OTH), W("navbar", K_NAV),
    W("navigation", K_NAV), W("teaser", K_REL), W("caption", K_CAP), W("disqus", K_OTH),
    W("trending", K_REL), W("popular", K_REL), W("widget", K_OTH), W("toolbar", K_OTH),
    W("signup", K_OTH), W("byline", K_OTH), W("masthead", K_NAV), W("pagination", K_NAV),
    W("readmore", K_REL), W("morestories", K_REL), W("gallery", K_OTH), W("slideshow", K_OTH),
    W("carousel", K_OTH), W("copyright", K_FOOT), W("skiplink", K_NAV), W("menu", K_NAV),
    W("banner", K_AD), W("newsticker", K_REL), W("headlines", K_REL),
};

static const word_cue pos_words[] = {
    W("article", 0), W("articlebody", 0), W("body", 0), W("content", 0), W("entry", 0),
    W("main", 0), W("post", 0), W("story", 0), W("text", 0), W("blog", 0), W("prose", 0),
    W("richtext", 0), W("artikel", 0), W("storybody", 0), W("postbody", 0), W("paragraph", 0),
};

/* Scores one class/id word: sets *neg to a kind and *pos when positive. */
static bool word_eq(const word_cue *c, const char *w, size_t n)
{
    if (c->n != n || c->w[0] != w[0]) return false;
    for (size_t i = 1; i < n; i++)
        if (c->w[i] != w[i]) return false;
    return true;
}

static void judge_word(const char *w, size_t n, uint8_t *neg, bool *pos)
{
    if (n == 0) return;
    for (size_t i = 0; i < sizeof neg_words / sizeof neg_words[0]; i++)
        if (word_eq(&neg_words[i], w, n)) {
            if (!*neg) *neg = neg_words[i].kind;
            return;
        }
    for (size_t i = 0; i < sizeof pos_words / sizeof pos_words[0]; i++)
        if (word_eq(&pos_words[i], w, n)) {
            *pos = true;
            return;
        }
    if (n < 5) return;
    for (size_t j = 0; j + 4 <= n; j++) {
        for (size_t i = 0; i < sizeof neg_stems / sizeof neg_stems[0]; i++) {
            const word_cue *st = &neg_stems[i];
            if (st->w[0] != w[j] || st->n > n - j) continue;
            size_t k = 1;
            while (k < st->n && st->w[k] == w[j + k]) k++;
            if (k == st->n) {
                if (!*neg) *neg = st->kind;
                return;
            }
        }
    }
}

/* Splits a class or id value into words (at non-alphanumerics and lower→upper case
 * changes), lower-cased, and judges each; also judges the whole dash-joined word with
 * separators removed ("read-more" → "readmore"). */
static void judge_names(an_span v, uint8_t *neg, bool *pos)
{
    char w[48], joined[48];
    size_t wn = 0, jn = 0;
    for (size_t i = 0; i <= v.n; i++) {
        unsigned char ch = i < v.n ? (unsigned char)v.p[i] : ' ';
        bool alnum = is_alnum_ascii(ch);
        bool camel = alnum && wn && ch >= 'A' && ch <= 'Z' && i > 0 && v.p[i - 1] >= 'a' && v.p[i - 1] <= 'z';
        if (!alnum || camel) {
            if (wn && wn < sizeof w) judge_word(w, wn, neg, pos);
            wn = 0;
            if (ch == ' ' || ch == '\t' || ch == '\n' || i == v.n) {
                if (jn && jn < sizeof joined) judge_word(joined, jn, neg, pos);
                jn = 0;
            }
            if (!alnum) continue;
        }
        if (wn < sizeof w) w[wn++] = (char)lower_ascii(ch);
        if (jn < sizeof joined) joined[jn++] = (char)lower_ascii(ch);
    }
}

/* The boilerplate kind (1 + an_boilerplate_kind) an element announces by itself, 0 when
 * none; *weight gets the class/id score sign. */
static uint8_t element_cue(const ctx *c, uint32_t i, int8_t *weight)
{
    const an_html_doc *d = c->doc;
    const an_html_node *x = &d->nodes[i];
    *weight = 0;
    if (x->kind != AN_NODE_ELEMENT) return 0;
    uint8_t kind = 0;
    switch (x->tag) {
    case AN_TAG_nav: kind = K_NAV; break;
    case AN_TAG_footer: kind = K_FOOT; break;
    case AN_TAG_aside: kind = K_OTH; break;
    case AN_TAG_header: kind = K_NAV; break;
    case AN_TAG_figure: case AN_TAG_figcaption: kind = K_CAP; break;
    case AN_TAG_dialog: kind = K_OTH; break;
    case AN_TAG_menu: kind = K_NAV; break;
    case AN_TAG_html: case AN_TAG_body: return 0;
    default: break;
    }
    an_span role = an_html_attr_get(d, i, AN_ATTR_role);
    if (role.p && !kind) {
        if (span_has_word(role, "navigation") || span_has_word(role, "menu") || span_has_word(role, "menubar") ||
            span_has_word(role, "banner") || span_has_word(role, "search") || span_has_word(role, "tablist"))
            kind = K_NAV;
        else if (span_has_word(role, "contentinfo")) kind = K_FOOT;
        else if (span_has_word(role, "complementary") || span_has_word(role, "dialog") ||
                 span_has_word(role, "alertdialog") || span_has_word(role, "toolbar") || span_has_word(role, "alert"))
            kind = K_OTH;
    }
    if (!kind && an_html_attr_get(d, i, AN_ATTR_hidden).p) kind = K_OTH;
    an_span ah = an_html_attr_get(d, i, AN_ATTR_aria_hidden);
    if (!kind && ah.p && span_ieq(ah, "true")) kind = K_OTH;
    an_span style = an_html_attr_get(d, i, AN_ATTR_style);
    if (!kind && style.p && (span_icontains(style, "display:none") || span_icontains(style, "display: none") ||
                             span_icontains(style, "visibility:hidden")))
        kind = K_OTH;
    uint8_t neg = 0;
    bool pos = false;
    an_span cls = an_html_attr_get(d, i, AN_ATTR_class), id = an_html_attr_get(d, i, AN_ATTR_id);
    if (cls.p) judge_names(cls, &neg, &pos);
    if (id.p) judge_names(id, &neg, &pos);
    an_span ip = an_html_attr_get(d, i, AN_ATTR_itemprop);
    if (ip.p && (span_has_word(ip, "articleBody") || span_has_word(ip, "text"))) { pos = true; neg = 0; }
    *weight = neg ? -1 : pos ? 1 : 0;
    if (!kind) kind = neg;
    if (x->tag == AN_TAG_article || x->tag == AN_TAG_main) {
        /* an <article> is boilerplate only by an explicit class word (a teaser card) */
        return neg;
    }
    return kind;
}

/* ---- JSON-LD ------------------------------------------------------------------------------- */

enum { JCTX_TOP, JCTX_AUTHOR, JCTX_PUBLISHER, JCTX_OTHER };

typedef struct jreader {
    const char *p;
    size_t n, i;
    ctx *c;
    bool bad;
} jreader;

static void j_ws(jreader *r)
{
    while (r->i < r->n && (r->p[r->i] == ' ' || r->p[r->i] == '\n' || r->p[r->i] == '\t' || r->p[r->i] == '\r'))
        r->i++;
}

/* Reads a JSON string at r->p[r->i] == '"' into out (when out is not NULL). */
static bool j_string(jreader *r, an_buf *out)
{
    r->i++;
    if (out) out->n = 0;
    while (r->i < r->n) {
        const char *q = r->p + r->i;
        size_t run = 0;
        while (r->i + run < r->n && q[run] != '"' && q[run] != '\\') run++;
        if (out && run && an_buf_append(out, q, run)) return false;
        r->i += run;
        if (r->i >= r->n) break;
        char ch = r->p[r->i++];
        if (ch == '"') {
            if (out && an_buf_reserve(out, 1) == AN_OK) out->p[out->n] = 0;
            return true;
        }
        if (r->i >= r->n) break;
        char e = r->p[r->i++];
        char tmp[8];
        size_t k = 1;
        switch (e) {
        case 'n': tmp[0] = '\n'; break;
        case 't': tmp[0] = ' '; break;
        case 'r': tmp[0] = ' '; break;
        case 'b': case 'f': tmp[0] = ' '; break;
        case 'u': {
            uint32_t v = 0;
            int d = 0;
            for (; d < 4 && r->i < r->n; d++, r->i++) {
                unsigned h = (unsigned char)r->p[r->i];
                v = v * 16 + (is_digit((unsigned char)h) ? h - '0' : ((h | 32) >= 'a' && (h | 32) <= 'f') ? (h | 32) - 'a' + 10 : 0);
            }
            if (v >= 0xD800 && v <= 0xDBFF && r->i + 6 <= r->n && r->p[r->i] == '\\' && r->p[r->i + 1] == 'u') {
                uint32_t lo = 0;
                for (int m = 2; m < 6; m++) {
                    unsigned h = (unsigned char)r->p[r->i + m];
                    lo = lo * 16 + (is_digit((unsigned char)h) ? h - '0' : ((h | 32) >= 'a' && (h | 32) <= 'f') ? (h | 32) - 'a' + 10 : 0);
                }
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                    r->i += 6;
                }
            }
            if (v >= 0xD800 && v <= 0xDFFF) v = 0xFFFD;
            k = put_utf8(tmp, v ? v : 0xFFFD);
            break;
        }
        default: tmp[0] = e; break;
        }
        if (out && an_buf_append(out, tmp, k)) return false;
    }
    r->bad = true;
    return false;
}

static bool key_is(const an_buf *k, const char *s) { return k->n == strlen(s) && memcmp(k->p, s, k->n) == 0; }

static void j_value(jreader *r, int jctx, const an_buf *key, unsigned depth);

static void j_store(jreader *r, int jctx, const an_buf *key)
{
    ctx *c = r->c;
    an_buf *dst = NULL;
    bool longest = false;
    if (jctx == JCTX_AUTHOR && (key_is(key, "name") || key_is(key, "author") || key_is(key, "creator")))
        dst = &c->ld_author;
    else if (jctx == JCTX_PUBLISHER && key_is(key, "name")) dst = &c->ld_site;
    else if (jctx == JCTX_TOP && (key_is(key, "author") || key_is(key, "creator"))) dst = &c->ld_author;
    else if (jctx == JCTX_TOP) {
        if (key_is(key, "articleBody")) {
            dst = &c->ld_body;
            longest = true;
        }
        else if (key_is(key, "headline")) dst = &c->ld_headline;
        else if (key_is(key, "datePublished") || key_is(key, "dateCreated") || key_is(key, "uploadDate")) dst = &c->ld_date;
        else if (key_is(key, "dateModified")) dst = &c->ld_modified;
        else if (key_is(key, "inLanguage")) dst = &c->ld_lang;
    }
    if (!dst || (dst->n && !longest)) {
        j_string(r, NULL);
        return;
    }
    an_buf *t = &c->tmp2;
    if (!j_string(r, t)) return;
    if (longest && dst->n >= t->n) return;
    dst->n = 0;
    an_buf_append(dst, t->p ? t->p : "", t->n);
}

static void j_skip_scalar(jreader *r)
{
    while (r->i < r->n) {
        char ch = r->p[r->i];
        if (ch == ',' || ch == '}' || ch == ']' || ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') return;
        r->i++;
    }
}

static void j_value(jreader *r, int jctx, const an_buf *key, unsigned depth)
{
    j_ws(r);
    if (r->i >= r->n || r->bad) { r->bad = true; return; }
    if (depth > AN_HTML_MAX_JSON_DEPTH) { r->bad = true; return; }
    char ch = r->p[r->i];
    if (ch == '"') {
        if (key) j_store(r, jctx, key);
        else j_string(r, NULL);
        return;
    }
    if (ch == '[') {
        r->i++;
        for (;;) {
            j_ws(r);
            if (r->i >= r->n) { r->bad = true; return; }
            if (r->p[r->i] == ']') { r->i++; return; }
            j_value(r, jctx, key, depth + 1);
            if (r->bad) return;
            j_ws(r);
            if (r->i < r->n && r->p[r->i] == ',') r->i++;
            else if (r->i < r->n && r->p[r->i] == ']') { r->i++; return; }
            else { r->bad = true; return; }
        }
    }
    if (ch == '{') {
        r->i++;
        an_buf k = { 0 };
        for (;;) {
            j_ws(r);
            if (r->i >= r->n) { r->bad = true; break; }
            if (r->p[r->i] == '}') { r->i++; break; }
            if (r->p[r->i] != '"' || !j_string(r, &k)) { r->bad = true; break; }
            j_ws(r);
            if (r->i >= r->n || r->p[r->i] != ':') { r->bad = true; break; }
            r->i++;
            int child = jctx;
            if (key_is(&k, "author") || key_is(&k, "creator")) child = JCTX_AUTHOR;
            else if (key_is(&k, "publisher") || key_is(&k, "sourceOrganization")) child = JCTX_PUBLISHER;
            else if (jctx == JCTX_AUTHOR || jctx == JCTX_PUBLISHER) child = JCTX_OTHER;
            else if (key_is(&k, "image") || key_is(&k, "video") || key_is(&k, "breadcrumb") ||
                     key_is(&k, "potentialAction") || key_is(&k, "comment") || key_is(&k, "review") ||
                     key_is(&k, "isPartOf") || key_is(&k, "about") || key_is(&k, "citation"))
                child = JCTX_OTHER;
            j_ws(r);
            /* a string belongs to this object; a nested value to the member's context
             * (an array of author names stays in the author context) */
            if (r->i < r->n && r->p[r->i] == '"') j_store(r, child == JCTX_AUTHOR ? JCTX_AUTHOR : jctx, &k);
            else j_value(r, child, &k, depth + 1);
            if (r->bad) break;
            j_ws(r);
            if (r->i < r->n && r->p[r->i] == ',') r->i++;
            else if (r->i < r->n && r->p[r->i] == '}') { r->i++; break; }
            else { r->bad = true; break; }
        }
        an_buf_free(&k);
        return;
    }
    j_skip_scalar(r);
}

static void read_jsonld(ctx *c, const char *p, size_t n)
{
    jreader r = { p, n, 0, c, false };
    j_ws(&r);
    /* some sites wrap the JSON in an HTML comment or CDATA */
    if (r.i + 4 <= n && memcmp(p + r.i, "<!--", 4) == 0) r.i += 4;
    j_value(&r, JCTX_TOP, NULL, 0);
}

/* ---- word tokens and the JSON-LD token set ------------------------------------------------- */

static uint64_t hash_token(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3ull;
    return h | 1;   /* never 0: 0 marks an empty slot */
}

/* Calls fn(c, hash) for each word token of p[0..n). Returns the number of tokens. */
static size_t each_token(ctx *c, const char *p, size_t n, void (*fn)(ctx *, uint64_t, void *), void *arg)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0, count = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = utf8_next(u + i, n - i, &len);
        if (!is_word_cp(cp)) { i += len; continue; }
        size_t s = i;
        while (i < n) {
            cp = utf8_next(u + i, n - i, &len);
            if (!is_word_cp(cp)) break;
            i += len;
        }
        count++;
        if (fn) fn(c, hash_token(p + s, i - s), arg);
    }
    return count;
}

static void set_insert(ctx *c, uint64_t h, void *arg)
{
    (void)arg;
    size_t mask = c->ld_set_cap - 1, k = h & mask;
    while (c->ld_set[k] && c->ld_set[k] != h) k = (k + 1) & mask;
    c->ld_set[k] = h;
}

static void set_probe(ctx *c, uint64_t h, void *arg)
{
    size_t mask = c->ld_set_cap - 1, k = h & mask;
    while (c->ld_set[k]) {
        if (c->ld_set[k] == h) { (*(uint32_t *)arg)++; return; }
        k = (k + 1) & mask;
    }
}

static bool build_ld_set(ctx *c)
{
    if (c->ld_body.n < 200) return true;
    size_t t = each_token(c, c->ld_body.p, c->ld_body.n, NULL, NULL);
    size_t cap = 64;
    while (cap < t * 2) cap *= 2;
    c->ld_set = calloc(cap, sizeof *c->ld_set);
    if (!c->ld_set) return false;
    c->ld_set_cap = cap;
    c->ld_tokens = t;
    each_token(c, c->ld_body.p, c->ld_body.n, set_insert, NULL);
    return true;
}

/* ---- dates ------------------------------------------------------------------------------------ */

static int month_from_name(const char *p, size_t n)
{
    static const char *const names[][12] = {
        { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" },
        { "jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez" },
        { "січ", "лют", "бер", "кві", "тра", "чер", "лип", "сер", "вер", "жов", "лис", "гру" },
        { "янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек" },
    };
    an_buf f = { 0 };
    if (an_html_fold(p, n, &f)) return 0;
    int m = 0;
    for (int l = 0; l < 4 && !m; l++)
        for (int k = 0; k < 12; k++) {
            size_t len = strlen(names[l][k]);
            if (f.n >= len && memcmp(f.p, names[l][k], len) == 0) { m = k + 1; break; }
        }
    if (!m && f.n >= 4 && memcmp(f.p, "maer", 4) == 0) m = 3;
    if (!m && f.n >= 3 && memcmp(f.p, "май", strlen("май")) == 0) m = 5;
    an_buf_free(&f);
    return m;
}

static bool valid_ymd(int y, int m, int d) { return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

static int read_int(const char *p, size_t n, size_t *i, int max_digits)
{
    int v = 0, k = 0;
    while (*i < n && k < max_digits && is_digit((unsigned char)p[*i])) { v = v * 10 + (p[*i] - '0'); (*i)++; k++; }
    return k ? v : -1;
}

static bool set_date(char out[11], int y, int m, int d)
{
    if (!valid_ymd(y, m, d)) return false;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}

/* Parses a date written as ISO 8601 (2024-11-09T…), 2024/11/09, 09.11.2024,
 * "9. November 2024", "November 9, 2024", "9 листопада 2024" anywhere in p (the first
 * match wins). */
static bool parse_date(const char *p, size_t n, char out[11])
{
    for (size_t s = 0; s < n; s++) {
        if (!is_digit((unsigned char)p[s]) || (s > 0 && is_digit((unsigned char)p[s - 1]))) {
            /* month name first: "November 9, 2024" */
            if (s == 0 || !((p[s - 1] | 32) >= 'a' && (p[s - 1] | 32) <= 'z')) {
                size_t w = s;
                while (w < n && ((unsigned char)p[w] >= 0x80 || ((p[w] | 32) >= 'a' && (p[w] | 32) <= 'z'))) w++;
                if (w > s + 2 && w - s <= 24) {
                    int m = month_from_name(p + s, w - s);
                    size_t i = w;
                    while (i < n && (p[i] == ' ' || p[i] == '.')) i++;
                    int d = m ? read_int(p, n, &i, 2) : -1;
                    if (d > 0) {
                        while (i < n && (p[i] == ',' || p[i] == ' ' || p[i] == '.')) i++;
                        int y = read_int(p, n, &i, 4);
                        if (set_date(out, y, m, d)) return true;
                    }
                }
            }
            continue;
        }
        size_t i = s;
        int a = read_int(p, n, &i, 4);
        size_t da = i - s;
        if (da == 4 && i < n && (p[i] == '-' || p[i] == '/' || p[i] == '.')) {
            char sep = p[i++];
            int m = read_int(p, n, &i, 2);
            if (m > 0 && i < n && p[i] == sep) {
                i++;
                int d = read_int(p, n, &i, 2);
                if (set_date(out, a, m, d)) return true;
            }
            continue;
        }
        if (da <= 2 && i < n) {
            /* 09.11.2024 or 9. November 2024 or 9 листопада 2024 */
            size_t j = i;
            if (p[j] == '.' || p[j] == '/') {
                char sep = p[j];
                size_t k = j + 1;
                int m = read_int(p, n, &k, 2);
                if (m > 0 && k < n && p[k] == sep) {
                    k++;
                    int y = read_int(p, n, &k, 4);
                    if (y >= 0 && y < 100) y += 2000;
                    if (sep == '.' && set_date(out, y, m, a)) return true;
                    if (sep == '/' && set_date(out, y, a, m)) return true;   /* US m/d/y */
                }
                j++;
            }
            while (j < n && p[j] == ' ') j++;
            size_t w = j;
            while (w < n && ((unsigned char)p[w] >= 0x80 || ((p[w] | 32) >= 'a' && (p[w] | 32) <= 'z'))) w++;
            if (w > j + 2) {
                int m = month_from_name(p + j, w - j);
                size_t k = w;
                while (k < n && (p[k] == ' ' || p[k] == ',' || p[k] == '.')) k++;
                int y = m ? read_int(p, n, &k, 4) : -1;
                if (m && set_date(out, y, m, a)) return true;
            }
        }
    }
    return false;
}

/* A date in a URL path: /2024/11/09/, /2024-11-09, /20241109/. */
static bool date_from_url(const char *p, size_t n, char out[11])
{
    for (size_t s = 0; s + 8 <= n; s++) {
        if (p[s] != '/' && p[s] != '-' && p[s] != '_') continue;
        size_t i = s + 1;
        int y = read_int(p, n, &i, 4);
        if (i - s - 1 != 4) continue;
        if (i < n && (p[i] == '/' || p[i] == '-')) {
            char sep = p[i++];
            int m = read_int(p, n, &i, 2);
            if (m > 0 && i < n && p[i] == sep) {
                i++;
                int d = read_int(p, n, &i, 2);
                if (set_date(out, y, m, d)) return true;
            }
        } else if (i + 4 <= n && is_digit((unsigned char)p[i])) {
            int m = (p[i] - '0') * 10 + (p[i + 1] - '0');
            size_t k = i + 2;
            int d = read_int(p, n, &k, 2);
            if (k == i + 4 && (k == n || !is_digit((unsigned char)p[k])) && set_date(out, y, m, d)) return true;
        }
    }
    return false;
}

/* ---- metadata ----------------------------------------------------------------------------------- */

static void warn(an_extracted *x, an_status code, const char *fmt, const char *a, const char *b)
{
    if (x->n_warnings >= AN_HTML_MAX_WARNINGS) return;
    an_html_warning *w = &x->warnings[x->n_warnings++];
    w->code = code;
    snprintf(w->message, sizeof w->message, fmt, a, b);
}

static bool set_buf_from_attr(an_buf *dst, an_span raw)
{
    if (!raw.p) return false;
    if (an_html_attr_text(raw, dst)) return false;
    return dst->n > 0;
}

static void set_lang(an_buf *dst, const char *p, size_t n)
{
    dst->n = 0;
    size_t k = 0;
    while (k < n && (p[k] == ' ' || p[k] == '"')) k++;
    char l[4];
    size_t m = 0;
    while (k < n && m < 3 && ((p[k] | 32) >= 'a' && (p[k] | 32) <= 'z')) l[m++] = (char)lower_ascii((unsigned char)p[k++]);
    if (m >= 2 && m <= 3 && (k == n || p[k] == '-' || p[k] == '_' || p[k] == ' ' || p[k] == ',' || p[k] == ';'))
        an_buf_append(dst, l, m);
}

typedef struct meta_found {
    an_span og_title, tw_title, og_url, og_site, author, art_author, date_meta, og_locale, content_lang,
        canonical, app_name, date_itemprop;
    uint32_t og_title_node, title_node, h1_node;
} meta_found;

static bool is_date_meta_name(an_span k)
{
    static const char *const names[] = {
        "article:published_time", "og:published_time", "og:article:published_time", "published_time",
        "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
        "dcterms.created", "dcterms.date", "dcterms.issued", "sailthru.date", "parsely-pub-date",
        "article.published", "datepublished", "original-publish-date", "article:published",
        "cxenseparse:recs:publishtime", "release_date", "displaydate", "dc.date.created",
        "last-modified-date", "og:updated_time", "article:modified_time",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (span_ieq(k, names[i])) return true;
    return false;
}

/* Priority of a date meta name: published beats modified. */
static int date_meta_rank(an_span k)
{
    if (span_icontains(k, "modified") || span_icontains(k, "updated")) return 1;
    return 2;
}

static void scan_metadata(ctx *c, meta_found *m)
{
    const an_html_doc *d = c->doc;
    memset(m, 0, sizeof *m);
    int date_rank = 0;
    for (uint32_t i = 1; i < d->n_nodes; i++) {
        const an_html_node *x = &d->nodes[i];
        if (x->kind != AN_NODE_ELEMENT) continue;
        switch (x->tag) {
        case AN_TAG_meta: {
            an_span key = an_html_attr_get(d, i, AN_ATTR_property);
            if (!key.p) key = an_html_attr_get(d, i, AN_ATTR_name);
            an_span itemprop = an_html_attr_get(d, i, AN_ATTR_itemprop);
            an_span val = an_html_attr_get(d, i, AN_ATTR_content);
            an_span equiv = an_html_attr_get(d, i, AN_ATTR_http_equiv);
            if (!val.p) break;
            if (itemprop.p && span_ieq(itemprop, "datePublished") && !m->date_itemprop.p) m->date_itemprop = val;
            if (equiv.p && span_ieq(equiv, "content-language")) m->content_lang = val;
            if (!key.p) break;
            if (span_ieq(key, "og:title") && !m->og_title.p) { m->og_title = val; m->og_title_node = i; }
            else if (span_ieq(key, "twitter:title") && !m->tw_title.p) m->tw_title = val;
            else if (span_ieq(key, "og:url") && !m->og_url.p) m->og_url = val;
            else if (span_ieq(key, "og:site_name") && !m->og_site.p) m->og_site = val;
            else if (span_ieq(key, "application-name") && !m->app_name.p) m->app_name = val;
            else if ((span_ieq(key, "author") || span_ieq(key, "dc.creator") || span_ieq(key, "byl")) && !m->author.p)
                m->author = val;
            else if (span_ieq(key, "article:author") && !m->art_author.p) m->art_author = val;
            else if (span_ieq(key, "og:locale") && !m->og_locale.p) m->og_locale = val;
            else if ((span_ieq(key, "language") || span_ieq(key, "content-language")) && !m->content_lang.p)
                m->content_lang = val;
            else if (is_date_meta_name(key)) {
                int r = date_meta_rank(key);
                if (r > date_rank) { date_rank = r; m->date_meta = val; }
            }
            break;
        }
        case AN_TAG_link: {
            an_span rel = an_html_attr_get(d, i, AN_ATTR_rel);
            an_span href = an_html_attr_get(d, i, AN_ATTR_href);
            if (rel.p && href.p && span_has_word(rel, "canonical") && !m->canonical.p) m->canonical = href;
            break;
        }
        case AN_TAG_title:
            if (!m->title_node) {
                /* not an <svg><title> */
                bool in_svg = false;
                for (uint32_t a = x->parent; a; a = d->nodes[a].parent)
                    if (d->nodes[a].tag == AN_TAG_svg) { in_svg = true; break; }
                if (!in_svg) m->title_node = i;
            }
            break;
        case AN_TAG_script: {
            an_span type = an_html_attr_get(d, i, AN_ATTR_type);
            if (type.p && span_icontains(type, "ld+json") && x->first_child) {
                const an_html_node *t = &d->nodes[x->first_child];
                read_jsonld(c, d->src + t->start, t->end - t->start);
            }
            break;
        }
        case AN_TAG_time: {
            an_span ip = an_html_attr_get(d, i, AN_ATTR_itemprop);
            an_span dt = an_html_attr_get(d, i, AN_ATTR_datetime);
            if (ip.p && dt.p && span_ieq(ip, "datePublished") && !m->date_itemprop.p) m->date_itemprop = dt;
            break;
        }
        case AN_TAG_h1:
            if (!m->h1_node) m->h1_node = i;
            break;
        default:
            break;
        }
    }
}

/* Text of an element's subtree, decoded and collapsed, into out. */
static void element_text(const ctx *c, uint32_t i, an_buf *out)
{
    const an_html_doc *d = c->doc;
    out->n = 0;
    if (an_buf_reserve(out, 1)) return;
    out->p[0] = 0;
    bool sp = false;
    uint32_t last = c->ni[i].last;
    for (uint32_t k = i + 1; k <= last && k < d->n_nodes; k++) {
        const an_html_node *x = &d->nodes[k];
        if (x->kind != AN_NODE_TEXT) continue;
        uint8_t ptag = d->nodes[x->parent].tag;
        if (ptag == AN_TAG_script || ptag == AN_TAG_style) continue;
        if (an_html_text_append(out, d->src + x->start, x->end - x->start, true, &sp) < 0) return;
        if (out->n > 4096) break;
    }
    if (out->n && out->p[0] == ' ') {
        memmove(out->p, out->p + 1, out->n);
        out->n--;
    }
}

/* Removes a " | Site" or " - Site" tail from a <title>: keeps the longest part. */
static void clean_title(an_buf *t)
{
    static const char *const seps[] = { " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · " };
    for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
        const char *sep = seps[s];
        size_t k = strlen(sep);
        size_t best0 = 0, best1 = t->n, start = 0;
        size_t longest = 0;
        bool found = false;
        for (size_t i = 0; i + k <= t->n; i++) {
            if (memcmp(t->p + i, sep, k) != 0) continue;
            found = true;
            if (i - start > longest) { longest = i - start; best0 = start; best1 = i; }
            start = i + k;
            i += k - 1;
        }
        if (!found) continue;
        if (t->n - start > longest) { best0 = start; best1 = t->n; }
        memmove(t->p, t->p + best0, best1 - best0);
        t->n = best1 - best0;
        t->p[t->n] = 0;
        return;
    }
}

/* Case-insensitive containment of needle in hay (both UTF-8), via folding. */
static bool text_contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    an_buf a = { 0 }, b = { 0 };
    bool r = false;
    if (an_html_fold(hay, hn, &a) == AN_OK && an_html_fold(needle, nn, &b) == AN_OK && b.n && b.n <= a.n) {
        for (size_t i = 0; i + b.n <= a.n; i++)
            if (memcmp(a.p + i, b.p, b.n) == 0) { r = true; break; }
    }
    an_buf_free(&a);
    an_buf_free(&b);
    return r;
}

static void choose_title(ctx *c, const meta_found *m)
{
    an_extracted *x = c->x;
    an_buf h1 = { 0 }, t = { 0 };
    if (m->h1_node) element_text(c, m->h1_node, &h1);
    if (m->title_node && c->doc->nodes[m->title_node].first_child) {
        const an_html_node *tn = &c->doc->nodes[c->doc->nodes[m->title_node].first_child];
        set_buf_from_attr(&t, an_span_make(c->doc->src + tn->start, tn->end - tn->start));
    }
    an_buf og = { 0 };
    if (m->og_title.p) set_buf_from_attr(&og, m->og_title);
    else if (m->tw_title.p) set_buf_from_attr(&og, m->tw_title);
    else if (c->ld_headline.n) set_buf_from_attr(&og, an_span_make(c->ld_headline.p, c->ld_headline.n));
    const an_buf *pick = NULL;
    if (h1.n >= 8 && ((og.n && text_contains(og.p, og.n, h1.p, h1.n)) || (t.n && text_contains(t.p, t.n, h1.p, h1.n)))) {
        pick = &h1;
        c->title_src0 = c->doc->nodes[m->h1_node].start;
        c->title_src1 = c->doc->nodes[m->h1_node].end;
    } else if (og.n) {
        pick = &og;
        if (m->og_title.p) {
            c->title_src0 = (uint32_t)(m->og_title.p - c->doc->src);
            c->title_src1 = c->title_src0 + (uint32_t)m->og_title.n;
        }
    } else if (t.n) {
        clean_title(&t);
        pick = &t;
        c->title_src0 = c->doc->nodes[m->title_node].start;
        c->title_src1 = c->doc->nodes[m->title_node].end;
    } else if (h1.n) {
        pick = &h1;
        c->title_src0 = c->doc->nodes[m->h1_node].start;
        c->title_src1 = c->doc->nodes[m->h1_node].end;
    }
    if (pick) {
        /* one line */
        for (size_t i = 0; i < pick->n; i++)
            if (pick->p[i] == '\n') pick->p[i] = ' ';
        an_buf_append(&x->title, pick->p, pick->n);
    }
    an_buf_free(&h1);
    an_buf_free(&t);
    an_buf_free(&og);
}

static void choose_metadata(ctx *c, const meta_found *m)
{
    an_extracted *x = c->x;
    const an_html_doc *d = c->doc;
    choose_title(c, m);

    /* url */
    if (!set_buf_from_attr(&x->url, m->canonical) && !set_buf_from_attr(&x->url, m->og_url) && c->opt->url.n)
        an_buf_append(&x->url, c->opt->url.p, c->opt->url.n);
    /* site */
    if (!set_buf_from_attr(&x->site, m->og_site)) {
        if (c->ld_site.n) set_buf_from_attr(&x->site, an_span_make(c->ld_site.p, c->ld_site.n));
        else set_buf_from_attr(&x->site, m->app_name);
    }
    /* author */
    if (!set_buf_from_attr(&x->author, m->author)) {
        if (m->art_author.p && !span_icontains(m->art_author, "http")) set_buf_from_attr(&x->author, m->art_author);
        else if (c->ld_author.n) set_buf_from_attr(&x->author, an_span_make(c->ld_author.p, c->ld_author.n));
    }
    /* lang */
    an_span hl = d->html ? an_html_attr_get(d, d->html, AN_ATTR_lang) : an_span_make(NULL, 0);
    if (!hl.p && d->html) hl = an_html_attr_get(d, d->html, AN_ATTR_xml_lang);
    if (hl.p) set_lang(&x->lang, hl.p, hl.n);
    if (!x->lang.n && m->og_locale.p) set_lang(&x->lang, m->og_locale.p, m->og_locale.n);
    if (!x->lang.n && m->content_lang.p) set_lang(&x->lang, m->content_lang.p, m->content_lang.n);
    if (!x->lang.n && c->ld_lang.n) set_lang(&x->lang, c->ld_lang.p, c->ld_lang.n);

    /* date: meta, then JSON-LD, then <time datetime> or a dateline, then the URL */
    if (m->date_meta.p && parse_date(m->date_meta.p, m->date_meta.n, x->date)) x->date_source = AN_DATE_META;
    else if (m->date_itemprop.p && parse_date(m->date_itemprop.p, m->date_itemprop.n, x->date)) x->date_source = AN_DATE_META;
    else if (c->ld_date.n && parse_date(c->ld_date.p, c->ld_date.n, x->date)) x->date_source = AN_DATE_JSONLD;
    if (!x->date_source) {
        for (uint32_t i = 1; i < d->n_nodes && !x->date_source; i++) {
            if (d->nodes[i].tag != AN_TAG_time) continue;
            an_span dt = an_html_attr_get(d, i, AN_ATTR_datetime);
            if (dt.p && parse_date(dt.p, dt.n, x->date)) x->date_source = AN_DATE_TEXT;
        }
    }
    if (!x->date_source) {
        /* a short line near the top that is a date ("09.11.2024, 14:35") */
        size_t seen = 0;
        for (size_t b = 0; b < c->n_blocks && seen < 40 && !x->date_source; b++) {
            const block *bl = &c->blocks[b];
            if (c->ni[bl->owner].junk == K_NAV) continue;
            seen++;
            if (bl->chars > 60) continue;
            if (parse_date(c->scratch.p + bl->t0, bl->t1 - bl->t0, x->date)) x->date_source = AN_DATE_TEXT;
        }
    }
    if (!x->date_source) {
        if ((x->url.n && date_from_url(x->url.p, x->url.n, x->date)) ||
            (c->opt->url.n && date_from_url(c->opt->url.p, c->opt->url.n, x->date)))
            x->date_source = AN_DATE_URL;
    }
    if (!x->date_source) x->date[0] = 0;
}

/* ---- aggregates, marks and the container ---------------------------------------------------------- */

static float link_density(const node_info *n) { return n->chars ? (float)n->link_chars / (float)n->chars : 0.0f; }

static bool block_good(const block *b)
{
    return !(b->flags & BF_HEADING) && b->chars >= 60 && b->link_chars * 10 < b->chars * 3;
}

static void aggregate(ctx *c)
{
    const an_html_doc *d = c->doc;
    node_info *ni = c->ni;
    for (uint32_t i = 0; i < d->n_nodes; i++) ni[i].last = i;
    for (size_t b = 0; b < c->n_blocks; b++) {
        const block *bl = &c->blocks[b];
        node_info *o = &ni[bl->owner];
        o->chars += bl->chars;
        o->link_chars += bl->link_chars;
        if (block_good(bl)) o->good += bl->chars;
        if (c->ld_set) {
            uint32_t hits = 0;
            size_t t = each_token(c, c->scratch.p + bl->t0, bl->t1 - bl->t0, set_probe, &hits);
            o->hits += hits;
            o->tokens += (uint32_t)t;
        }
    }
    for (uint32_t i = d->n_nodes; i-- > 1;) {
        node_info *p = &ni[d->nodes[i].parent], *s = &ni[i];
        p->chars += s->chars;
        p->link_chars += s->link_chars;
        p->good += s->good;
        p->hits += s->hits;
        p->tokens += s->tokens;
        if (s->last > p->last) p->last = s->last;
    }
}

static bool is_list_tag(uint8_t t) { return t == AN_TAG_ul || t == AN_TAG_ol || t == AN_TAG_menu || t == AN_TAG_dl; }

static void mark_boilerplate(ctx *c)
{
    const an_html_doc *d = c->doc;
    node_info *ni = c->ni;
    uint32_t total_good = ni[0].good;
    for (uint32_t i = 1; i < d->n_nodes; i++) {
        const an_html_node *x = &d->nodes[i];
        if (x->kind != AN_NODE_ELEMENT) continue;
        int8_t w = 0;
        uint8_t k = element_cue(c, i, &w);
        ni[i].class_weight = w;
        /* a list that is mostly links: a menu, or related links */
        if (!k && is_list_tag(x->tag) && ni[i].chars > 0 && link_density(&ni[i]) >= 0.6f) k = K_REL;
        /* never throw away most of the page's prose on a cue */
        if (k && total_good && ni[i].good * 2 > total_good) k = 0;
        ni[i].self_junk = k;
    }
    for (uint32_t i = 1; i < d->n_nodes; i++) {
        uint8_t pj = ni[d->nodes[i].parent].junk;
        ni[i].junk = pj ? pj : ni[i].self_junk;
    }
}

static bool is_para_tag(uint8_t t)
{
    return t == AN_TAG_p || t == AN_TAG_pre || t == AN_TAG_blockquote || t == AN_TAG_li || t == AN_TAG_td ||
           t == AN_TAG_dd || t == AN_TAG_h2 || t == AN_TAG_h3 || t == AN_TAG_h4;
}

static float tag_prior(uint8_t t)
{
    switch (t) {
    case AN_TAG_div: case AN_TAG_article: case AN_TAG_main: case AN_TAG_section: return 5;
    case AN_TAG_pre: case AN_TAG_td: case AN_TAG_blockquote: return 3;
    case AN_TAG_address: case AN_TAG_ol: case AN_TAG_ul: case AN_TAG_dl: case AN_TAG_dd: case AN_TAG_dt:
    case AN_TAG_li: case AN_TAG_form: return -3;
    case AN_TAG_h1: case AN_TAG_h2: case AN_TAG_h3: case AN_TAG_h4: case AN_TAG_h5: case AN_TAG_h6:
    case AN_TAG_th: return -5;
    default: return 0;
    }
}

static float final_score(const ctx *c, uint32_t i)
{
    const node_info *n = &c->ni[i];
    /* a class word counts ±25, but a positive word cannot lift a node above what its
     * own paragraphs earned */
    float cls = n->class_weight < 0 ? -25.0f : n->class_weight > 0 ? (n->score < 25.0f ? n->score : 25.0f) : 0;
    float s = n->score + tag_prior(c->doc->nodes[i].tag) + cls;
    return s * (1.0f - link_density(n));
}

static void score_blocks(ctx *c)
{
    const an_html_doc *d = c->doc;
    node_info *ni = c->ni;
    for (size_t b = 0; b < c->n_blocks; b++) {
        const block *bl = &c->blocks[b];
        if (ni[bl->owner].junk || bl->chars < 25 || bl->owner == 0) continue;
        if ((bl->flags & BF_HEADING) || ((bl->flags & BF_LI) && bl->chars < 80)) continue;
        if (bl->link_chars * 2 > bl->chars) continue;
        float s = 1.0f + (float)bl->commas + (bl->chars / 100 > 3 ? 3.0f : (float)(bl->chars / 100));
        uint32_t a = is_para_tag(d->nodes[bl->owner].tag) || (bl->flags & BF_P) ? d->nodes[bl->owner].parent : bl->owner;
        for (int level = 0; a && level < 5; level++, a = d->nodes[a].parent) {
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            ni[a].score += s / div;
            ni[a].scored = 1;
        }
    }
}

static bool has_itemprop_body(const ctx *c, uint32_t i)
{
    an_span ip = an_html_attr_get(c->doc, i, AN_ATTR_itemprop);
    return ip.p && span_has_word(ip, "articleBody");
}

static bool same_class(const ctx *c, uint32_t a, uint32_t b)
{
    an_span x = an_html_attr_get(c->doc, a, AN_ATTR_class), y = an_html_attr_get(c->doc, b, AN_ATTR_class);
    return x.p && y.p && x.n && x.n == y.n && memcmp(x.p, y.p, x.n) == 0;
}

static void add_container(ctx *c, uint32_t i)
{
    if (c->n_containers < sizeof c->containers / sizeof c->containers[0]) c->containers[c->n_containers++] = i;
}

/* Readability-style choice: the best-scoring element and the siblings that belong with
 * it. Fills the container list; returns false when nothing scored. */
static bool choose_by_score(ctx *c)
{
    const an_html_doc *d = c->doc;
    node_info *ni = c->ni;
    score_blocks(c);
    uint32_t top = 0;
    float top_s = 0;
    for (uint32_t i = 1; i < d->n_nodes; i++) {
        if (!ni[i].scored || ni[i].junk) continue;
        float s = final_score(c, i);
        if (s > top_s) { top_s = s; top = i; }
    }
    if (!top) return false;
    /* climb while the parent holds no more text */
    while (d->nodes[top].parent && ni[d->nodes[top].parent].chars == ni[top].chars &&
           d->nodes[d->nodes[top].parent].tag != AN_TAG_body)
        top = d->nodes[top].parent;
    uint32_t parent = d->nodes[top].parent;
    if (!parent) {
        add_container(c, top);
        return true;
    }
    float threshold = top_s * 0.2f > 10.0f ? top_s * 0.2f : 10.0f;
    for (uint32_t s = d->nodes[parent].first_child; s; s = d->nodes[s].next) {
        if (s == top) { add_container(c, s); continue; }
        if (d->nodes[s].kind != AN_NODE_ELEMENT || ni[s].junk || !ni[s].chars) continue;
        float bonus = same_class(c, s, top) ? top_s * 0.2f : 0;
        bool take = ni[s].scored && final_score(c, s) + bonus >= threshold;
        if (!take && d->nodes[s].tag == AN_TAG_p) {
            float ld = link_density(&ni[s]);
            if (ni[s].chars > 80 && ld < 0.25f) take = true;
            else if (ni[s].chars <= 80 && ld == 0 && ni[s].chars > 0) take = true;
        }
        if (take) add_container(c, s);
    }
    return true;
}

static uint32_t containers_good(const ctx *c)
{
    uint32_t g = 0;
    for (size_t k = 0; k < c->n_containers; k++) g += c->ni[c->containers[k]].good;
    return g;
}

static void choose_container(ctx *c)
{
    const an_html_doc *d = c->doc;
    node_info *ni = c->ni;
    c->n_containers = 0;

    /* the score's choice, against which the markup's hints are checked: a hint that
     * covers much less prose is a summary or a truncated copy */
    bool scored = choose_by_score(c);
    uint32_t score_good = scored ? containers_good(c) : 0;
    uint32_t saved[sizeof c->containers / sizeof c->containers[0]];
    size_t n_saved = c->n_containers;
    memcpy(saved, c->containers, n_saved * sizeof saved[0]);

    /* 1. the element whose text matches JSON-LD articleBody */
    if (c->ld_set && c->ld_tokens >= 30) {
        uint32_t best = 0;
        float best_f = 0;
        for (uint32_t i = 1; i < d->n_nodes; i++) {
            if (d->nodes[i].kind != AN_NODE_ELEMENT || !ni[i].tokens) continue;
            uint32_t hits = ni[i].hits < c->ld_tokens ? ni[i].hits : (uint32_t)c->ld_tokens;
            float f = 2.0f * (float)hits / (float)(ni[i].tokens + c->ld_tokens);
            if (f > best_f + 1e-4f) { best_f = f; best = i; }
        }
        if (best && best_f >= 0.7f && ni[best].good * 3 >= score_good) {
            c->n_containers = 0;
            add_container(c, best);
            return;
        }
    }
    /* 2. itemprop=articleBody: the outermost ones, preferring those outside boilerplate */
    for (int pass = 0; pass < 2; pass++) {
        c->n_containers = 0;
        uint32_t good = 0, chars = 0;
        for (uint32_t i = 1; i < d->n_nodes; i++) {
            if (d->nodes[i].kind != AN_NODE_ELEMENT || !has_itemprop_body(c, i)) continue;
            if (!ni[i].chars || (pass == 0 && ni[i].junk)) continue;
            /* the same body twice (a hidden copy, an AMP duplicate) counts once */
            bool dup = false;
            for (size_t k = 0; k < c->n_containers && !dup; k++)
                dup = ni[c->containers[k]].chars == ni[i].chars && ni[c->containers[k]].tokens == ni[i].tokens;
            if (dup) {
                i = ni[i].last;
                continue;
            }
            add_container(c, i);
            good += ni[i].good;
            chars += ni[i].chars;
            i = ni[i].last;   /* skip its subtree */
        }
        if (c->n_containers && chars >= 200 && good * 3 >= score_good) return;
    }
    /* 3. the score */
    c->n_containers = n_saved;
    memcpy(c->containers, saved, n_saved * sizeof saved[0]);
    if (!scored) {
        /* no paragraph anywhere: take the body, or the root */
        uint32_t body = 0;
        for (uint32_t i = 1; i < d->n_nodes && !body; i++)
            if (d->nodes[i].tag == AN_TAG_body) body = i;
        add_container(c, body);
    }
}

/* ---- emission -------------------------------------------------------------------------------------- */

static bool record_drop(an_extracted *x, an_boilerplate_kind kind, uint32_t s0, uint32_t s1, size_t *cap)
{
    if (x->n_dropped >= AN_HTML_MAX_BOILERPLATE || s1 <= s0) return true;
    if (x->n_dropped == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        an_html_dropped *p = realloc(x->dropped, nc * sizeof *p);
        if (!p) return false;
        x->dropped = p;
        *cap = nc;
    }
    x->dropped[x->n_dropped++] = (an_html_dropped){ kind, s0, s1 };
    return true;
}

/* The container that holds node o, or -1. */
static int container_of(const ctx *c, uint32_t o)
{
    for (size_t k = 0; k < c->n_containers; k++) {
        uint32_t ci = c->containers[k];
        if (o >= ci && o <= c->ni[ci].last) return (int)k;
    }
    return -1;
}

/* The boilerplate mark of o or an ancestor strictly below container ci (0 when none),
 * and the marked element in *at. */
static uint8_t junk_below(const ctx *c, uint32_t o, uint32_t ci, uint32_t *at)
{
    for (uint32_t a = o; a && a != ci; a = c->doc->nodes[a].parent)
        if (c->ni[a].self_junk) { *at = a; return c->ni[a].self_junk; }
    return 0;
}

/* Matches a cue phrase at the start of the block's text (after leading punctuation).
 * Returns the cue or NULL. */
static const cue *match_cue(ctx *c, const block *bl)
{
    const an_html_cues *cues = c->opt->cues;
    if (!cues || !cues->n) return NULL;
    size_t n = bl->t1 - bl->t0;
    if (n > 240) n = 240;
    an_buf *f = &c->tmp;
    f->n = 0;
    if (an_html_fold(c->scratch.p + bl->t0, n, f)) return NULL;
    const unsigned char *u = (const unsigned char *)f->p;
    size_t s = 0;
    while (s < f->n) {
        size_t len;
        uint32_t cp = utf8_next(u + s, f->n - s, &len);
        if (is_word_cp(cp)) break;
        s += len;
    }
    for (size_t k = 0; k < cues->n; k++) {
        const cue *q = &cues->items[k];
        if (f->n - s < q->n || memcmp(f->p + s, cues->pool + q->off, q->n) != 0) continue;
        size_t e = s + q->n;
        if (e < f->n) {
            size_t len;
            uint32_t cp = utf8_next(u + e, f->n - e, &len);
            if (is_word_cp(cp) && is_word_cp((unsigned char)cues->pool[q->off + q->n - 1])) continue;
        }
        return q;
    }
    return NULL;
}

/* Folded equality of a block with the title. */
static bool block_is_title(ctx *c, const block *bl)
{
    an_extracted *x = c->x;
    if (!x->title.n) return false;
    size_t n = bl->t1 - bl->t0;
    if (n + 8 < x->title.n || n > x->title.n + 8) return false;
    return text_contains(x->title.p, x->title.n, c->scratch.p + bl->t0, n) ||
           text_contains(c->scratch.p + bl->t0, n, x->title.p, x->title.n);
}

static an_status emit(ctx *c)
{
    an_extracted *x = c->x;
    const an_html_doc *d = c->doc;
    size_t run_cap = 0, drop_cap = 0;
    an_buf *out = &x->text;

    /* title */
    if (x->title.n) {
        if (an_buf_append(out, x->title.p, x->title.n)) return AN_NOMEM;
        if (c->title_src1 > c->title_src0) {
            run_cap = 16;
            x->runs = malloc(run_cap * sizeof *x->runs);
            if (!x->runs) return AN_NOMEM;
            x->runs[x->n_runs++] = (an_html_run){ 0, (uint32_t)out->n, c->title_src0, c->title_src1 };
        }
        if (an_buf_append(out, "\n\n", 2)) return AN_NOMEM;
    }
    x->body_start = out->n;

    /* top-level boilerplate elements, for the record */
    for (uint32_t i = 1; i < d->n_nodes; i++) {
        if (!c->ni[i].self_junk || c->ni[d->nodes[i].parent].junk || !c->ni[i].chars) continue;
        an_boilerplate_kind k = (an_boilerplate_kind)(c->ni[i].self_junk - 1);
        if (k == AN_BP_RELATED_LINKS && container_of(c, i) < 0 && is_list_tag(d->nodes[i].tag)) k = AN_BP_NAVIGATION;
        if (!record_drop(x, k, d->nodes[i].start, d->nodes[i].end, &drop_cap)) return AN_NOMEM;
    }

    int follow_links = 0;       /* blocks after a related-links label still to drop */
    uint32_t follow_list = 0;   /* the list that follows such a label */
    bool first = true;
    for (size_t b = 0; b < c->n_blocks; b++) {
        const block *bl = &c->blocks[b];
        int k = container_of(c, bl->owner);
        if (k < 0) continue;
        uint32_t at = 0;
        uint32_t s0 = c->runs[bl->r0].src_start, s1 = c->runs[bl->r1 - 1].src_end;
        if (junk_below(c, bl->owner, c->containers[k], &at)) {
            /* inside a marked element: already recorded when top-level, else record */
            if (c->ni[d->nodes[at].parent].junk && c->ni[at].self_junk &&
                !record_drop(x, (an_boilerplate_kind)(c->ni[at].self_junk - 1), s0, s1, &drop_cap))
                return AN_NOMEM;
            continue;
        }
        float ld = bl->chars ? (float)bl->link_chars / (float)bl->chars : 0;
        /* continuation of a related-links block */
        if (follow_links > 0) {
            bool in_list = false;
            for (uint32_t a = bl->owner; a && !in_list; a = d->nodes[a].parent)
                if (follow_list && a == follow_list) in_list = true;
            uint32_t list = 0;
            for (uint32_t a = bl->owner; a; a = d->nodes[a].parent)
                if (is_list_tag(d->nodes[a].tag)) { list = a; break; }
            if (!follow_list && list && (bl->flags & BF_LI)) { follow_list = list; in_list = true; }
            if (in_list || ld >= 0.5f) {
                if (!record_drop(x, AN_BP_RELATED_LINKS, s0, s1, &drop_cap)) return AN_NOMEM;
                if (!in_list) follow_links--;
                continue;
            }
            follow_links = 0;
            follow_list = 0;
        }
        const cue *q = (bl->chars < 400 || ld > 0.5f) ? match_cue(c, bl) : NULL;
        if (q) {
            bool drop = false;
            size_t rest = bl->chars > q->n ? bl->chars - q->n / 2 : 0;   /* folded bytes ≈ 2 per letter */
            if (q->kind == AN_BP_RELATED_LINKS) {
                drop = ld >= 0.3f || rest < 160 || (bl->flags & BF_HEADING);
                if (drop && (bl->link_chars == 0 || rest < 30)) { follow_links = 12; follow_list = 0; }
            } else {
                drop = rest < 120;
            }
            if (drop) {
                if (!record_drop(x, q->kind, s0, s1, &drop_cap)) return AN_NOMEM;
                continue;
            }
        }
        /* link-only paragraphs and link lists inside the article */
        if (ld >= 0.7f && bl->chars < 300 && !(bl->flags & (BF_HEADING | BF_CELL))) {
            if (!record_drop(x, AN_BP_RELATED_LINKS, s0, s1, &drop_cap)) return AN_NOMEM;
            continue;
        }
        if ((bl->flags & BF_HEADING) && block_is_title(c, bl)) continue;

        /* write the block */
        if (!first && an_buf_append(out, "\n\n", 2)) return AN_NOMEM;
        first = false;
        size_t base = out->n;
        if (an_buf_append(out, c->scratch.p + bl->t0, bl->t1 - bl->t0)) return AN_NOMEM;
        for (uint32_t r = bl->r0; r < bl->r1; r++) {
            const an_html_run *rr = &c->runs[r];
            if (rr->end <= rr->start) continue;
            if (x->n_runs == run_cap) {
                size_t nc = run_cap ? run_cap * 2 : 64;
                an_html_run *p = realloc(x->runs, nc * sizeof *p);
                if (!p) return AN_NOMEM;
                x->runs = p;
                run_cap = nc;
            }
            x->runs[x->n_runs++] = (an_html_run){ (uint32_t)(base + rr->start - bl->t0),
                                                  (uint32_t)(base + rr->end - bl->t0), rr->src_start, rr->src_end };
        }
    }
    /* no body found: drop the dangling separator after the title */
    if (first && x->title.n) {
        out->n = x->title.n;
        out->p[out->n] = 0;
        x->body_start = out->n;
    }
    return AN_OK;
}

static int cmp_dropped(const void *a, const void *b)
{
    const an_html_dropped *x = a, *y = b;
    return x->src_start < y->src_start ? -1 : x->src_start > y->src_start ? 1 : 0;
}

/* ---- entry point -------------------------------------------------------------------------------------- */

an_status an_html_extract(const char *html, size_t n, const an_html_options *opt,
                          an_extracted *out, an_error *err)
{
    static const an_html_options no_opt = { 0 };
    if (!opt) opt = &no_opt;
    memset(out, 0, sizeof *out);
    ctx c = { 0 };
    c.opt = opt;
    c.x = out;
    an_html_doc doc;
    memset(&doc, 0, sizeof doc);
    an_status st = AN_OK;
    if (n > AN_HTML_MAX_BYTES) {
        an_error_set(err, AN_TOO_BIG, 0, 0, "HTML page of %zu bytes exceeds %u", n, AN_HTML_MAX_BYTES);
        return AN_TOO_BIG;
    }
    const char *src;
    size_t src_n;
    st = an_charset_decode(html ? html : "", html ? n : 0, opt->charset_hint, &out->source, &src, &src_n, &out->charset);
    if (st) goto fail;
    if (out->charset.source == AN_CHARSET_SNIFF && out->charset.declared[0])
        warn(out, AN_BAD_CHARSET, "declared charset %s does not fit the bytes; read as %s", out->charset.declared,
             out->charset.name);
    else if (out->charset.source == AN_CHARSET_SNIFF)
        warn(out, AN_BAD_CHARSET, "no charset declared%s; detected %s", "", out->charset.name);
    if (out->charset.invalid) {
        char num[32];
        snprintf(num, sizeof num, "%zu", out->charset.invalid);
        warn(out, AN_BAD_UTF8, "%s invalid byte sequences replaced by U+FFFD%s", num, "");
    }
    /* offsets index the UTF-8 page; when no conversion was needed that is the input
     * itself, BOM included (it reads as U+FEFF, which text decoding drops) */
    if (!out->charset.converted) {
        src = html ? html : "";
        src_n = html ? n : 0;
    }
    st = an_html_parse(src, src_n, &doc);
    if (st) goto fail;
    if (doc.depth_limited) warn(out, AN_LIMIT, "elements nested deeper than %s were flattened%s", "256", "");
    if (doc.node_limited) warn(out, AN_LIMIT, "more elements than the node limit; the rest was read as text%s%s", "", "");
    c.doc = &doc;
    c.ni = calloc(doc.n_nodes, sizeof *c.ni);
    if (!c.ni) { st = AN_NOMEM; goto fail; }

    st = segment(&c);
    if (st) goto fail;
    meta_found m;
    scan_metadata(&c, &m);
    if (!build_ld_set(&c)) { st = AN_NOMEM; goto fail; }
    aggregate(&c);
    mark_boilerplate(&c);
    choose_metadata(&c, &m);
    choose_container(&c);
    st = emit(&c);
    if (st) goto fail;
    if (out->n_dropped > 1) qsort(out->dropped, out->n_dropped, sizeof *out->dropped, cmp_dropped);
    if (!out->text.n) {
        st = AN_EMPTY;
        an_error_set(err, AN_EMPTY, 0, 0, "the page has no text");
        goto done;
    }
    goto done;
fail:
    an_error_set(err, st, 0, 0, "HTML extraction: %s", an_status_message(st));
done:
    an_html_doc_free(&doc);
    free(c.ni);
    free(c.blocks);
    free(c.runs);
    free(c.ld_set);
    an_buf_free(&c.scratch);
    an_buf_free(&c.tmp);
    an_buf_free(&c.tmp2);
    an_buf_free(&c.ld_body);
    an_buf_free(&c.ld_headline);
    an_buf_free(&c.ld_date);
    an_buf_free(&c.ld_author);
    an_buf_free(&c.ld_site);
    an_buf_free(&c.ld_lang);
    an_buf_free(&c.ld_modified);
    if (!out->text.p && an_buf_reserve(&out->text, 1) == AN_OK) out->text.p[0] = 0;
    return st;
}

void an_extracted_free(an_extracted *x)
{
    an_buf_free(&x->text);
    an_buf_free(&x->source);
    an_buf_free(&x->title);
    an_buf_free(&x->url);
    an_buf_free(&x->site);
    an_buf_free(&x->author);
    an_buf_free(&x->lang);
    free(x->runs);
    free(x->dropped);
    memset(x, 0, sizeof *x);
}
