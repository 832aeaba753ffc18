/* html.c — the HTML tokenizer and tree builder: UTF-8 page (from charset.c) in, a node
 * tree for the extractor (extract.c) out.
 *
 * One forward pass over the bytes, in the spirit of the WHATWG tokenizer but keeping
 * only what extraction needs: start and end tags with ~20 attribute names, text runs,
 * and raw-text elements (script, style, title, textarea …) whose content is one text
 * node. Comments, doctypes, processing instructions and CDATA are skipped. The tree
 * builder keeps a stack of open elements and applies the common implied-end rules of
 * the HTML standard's tree construction: a block start tag closes an open <p>; <li>,
 * <dd>/<dt>, <tr>, <td>/<th>, <option> close their open predecessor; an end tag closes
 * the nearest open element of its name, never searching past a table cell or similar
 * scope boundary, and is ignored when none is open (an O(1) check with per-tag counts).
 * The stack is capped at AN_HTML_MAX_DEPTH: deeper elements are attached to the deepest
 * open one, so run time is linear even for 100,000 nested tags, and a 10 MB attribute
 * is one memchr. Text keeps its raw bytes; character references are decoded when the
 * extractor copies text out (an_html_text_append). */
#include "ingest/html.h"
#include <stdlib.h>

/* ---- tag table ---------------------------------------------------------------------- */

static const char *const tag_names[AN_TAG_COUNT] = {
    "",
#define AN_X_TAG(t) #t,
    AN_HTML_TAGS(AN_X_TAG)
#undef AN_X_TAG
    "?",
};

enum { V = AN_TF_VOID, R = AN_TF_RAW, B = AN_TF_BLOCK, P = AN_TF_CLOSES_P, S = AN_TF_SKIP,
       C = AN_TF_SCOPE, H = AN_TF_HEADING };

static unsigned tag_flags_of(an_tag t)
{
    switch (t) {
    case AN_TAG_address: case AN_TAG_article: case AN_TAG_aside: case AN_TAG_blockquote:
    case AN_TAG_center: case AN_TAG_details: case AN_TAG_dialog: case AN_TAG_dir:
    case AN_TAG_div: case AN_TAG_dl: case AN_TAG_fieldset: case AN_TAG_figcaption:
    case AN_TAG_figure: case AN_TAG_footer: case AN_TAG_form: case AN_TAG_header:
    case AN_TAG_hgroup: case AN_TAG_main: case AN_TAG_menu: case AN_TAG_nav: case AN_TAG_ol:
    case AN_TAG_p: case AN_TAG_pre: case AN_TAG_section: case AN_TAG_summary: case AN_TAG_ul:
    case AN_TAG_li: case AN_TAG_dd: case AN_TAG_dt:
        return B | P;
    case AN_TAG_h1: case AN_TAG_h2: case AN_TAG_h3: case AN_TAG_h4: case AN_TAG_h5: case AN_TAG_h6:
        return B | P | H;
    case AN_TAG_table: return B | P | C;
    case AN_TAG_hr: return V | B | P;
    case AN_TAG_xmp: return R | B | P;
    case AN_TAG_plaintext: return R | B | P;
    case AN_TAG_body: case AN_TAG_legend: case AN_TAG_tbody: case AN_TAG_thead:
    case AN_TAG_tfoot: case AN_TAG_tr: case AN_TAG_head:
        return B;
    case AN_TAG_html: case AN_TAG_td: case AN_TAG_th: case AN_TAG_caption: return B | C;
    case AN_TAG_area: case AN_TAG_base: case AN_TAG_br: case AN_TAG_col: case AN_TAG_img:
    case AN_TAG_link: case AN_TAG_meta: case AN_TAG_param: case AN_TAG_source:
    case AN_TAG_track: case AN_TAG_wbr:
        return V;
    case AN_TAG_embed: case AN_TAG_input: return V | S;
    case AN_TAG_script: case AN_TAG_style: case AN_TAG_textarea: case AN_TAG_iframe:
    case AN_TAG_noembed: case AN_TAG_noframes: case AN_TAG_noscript:
        return R | S;
    case AN_TAG_title: return R;
    case AN_TAG_button: case AN_TAG_object: case AN_TAG_template: return S | C;
    case AN_TAG_marquee: return C;
    case AN_TAG_audio: case AN_TAG_canvas: case AN_TAG_math: case AN_TAG_option:
    case AN_TAG_select: case AN_TAG_svg: case AN_TAG_video: case AN_TAG_map:
    case AN_TAG_optgroup: case AN_TAG_frameset: case AN_TAG_frame:
        return S;
    default: return 0;
    }
}

unsigned an_html_tag_flags(an_tag t)
{
    return (unsigned)t < AN_TAG_COUNT ? tag_flags_of(t) : 0;
}

const char *an_html_tag_name(an_tag t) { return (unsigned)t < AN_TAG_COUNT ? tag_names[t] : "?"; }

/* Known tag by lower-cased name: binary search over the tag enum, whose X-macro list is
 * in strcmp order (test_html checks this). */
static an_tag tag_lookup(const char *name, size_t n)
{
    int lo = 1, hi = AN_TAG_UNKNOWN - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const char *s = tag_names[mid];
        size_t l = strlen(s);
        /* memcmp on lengths: a name may contain NUL bytes */
        int c = memcmp(s, name, l < n ? l : n);
        if (c == 0) c = (l > n) - (l < n);
        if (c == 0) return (an_tag)mid;
        if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return AN_TAG_UNKNOWN;
}

static const char *const attr_names[AN_ATTR_COUNT] = {
    "",
#define AN_X_ATTR(id, s) s,
    AN_HTML_ATTRS(AN_X_ATTR)
#undef AN_X_ATTR
};

static an_attr attr_lookup(const char *name, size_t n)
{
    for (int a = 1; a < AN_ATTR_COUNT; a++)
        if (strlen(attr_names[a]) == n && memcmp(attr_names[a], name, n) == 0) return (an_attr)a;
    return AN_ATTR_NONE;
}

/* ---- byte classes ------------------------------------------------------------------- */

static bool is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
static bool is_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* ---- tree builder --------------------------------------------------------------------- */

typedef struct builder {
    an_html_doc *doc;
    uint32_t stack[AN_HTML_MAX_DEPTH];
    uint32_t depth;                 /* stack[0] is the root */
    uint32_t open_count[AN_TAG_COUNT];
    bool failed;                    /* out of memory */
} builder;

static uint32_t new_node(builder *b, uint8_t kind, uint8_t tag, uint32_t start, uint32_t end)
{
    an_html_doc *d = b->doc;
    /* the last slot is kept for the text after the limit */
    if (d->n_nodes >= AN_HTML_MAX_NODES - (kind == AN_NODE_ELEMENT)) {
        d->node_limited = true;
        return 0;
    }
    if (d->n_nodes == d->cap_nodes) {
        uint32_t nc = d->cap_nodes ? d->cap_nodes * 2 : 1024;
        an_html_node *p = realloc(d->nodes, (size_t)nc * sizeof *p);
        if (!p) { b->failed = true; return 0; }
        d->nodes = p;
        d->cap_nodes = nc;
    }
    uint32_t id = d->n_nodes++;
    an_html_node *x = &d->nodes[id];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->tag = tag;
    x->start = start;
    x->end = end;
    uint32_t parent = b->stack[b->depth - 1];
    x->parent = parent;
    an_html_node *pa = &d->nodes[parent];
    if (pa->last_child) d->nodes[pa->last_child].next = id; else pa->first_child = id;
    pa->last_child = id;
    return id;
}

static void pop(builder *b, uint32_t at)
{
    uint32_t id = b->stack[--b->depth];
    an_html_node *x = &b->doc->nodes[id];
    b->open_count[x->tag]--;
    if (x->end < at) x->end = at;
}

static void push(builder *b, uint32_t id)
{
    an_html_node *x = &b->doc->nodes[id];
    if (b->depth >= AN_HTML_MAX_DEPTH) {
        b->doc->depth_limited = true;
        return;
    }
    b->stack[b->depth++] = id;
    b->open_count[x->tag]++;
}

static uint8_t top_tag(const builder *b) { return b->doc->nodes[b->stack[b->depth - 1]].tag; }

/* Index in the stack of the nearest open `tag` (with `hash` for unknown tags), searching
 * down from the top and stopping at an element whose flags include `barrier` or whose
 * tag is one of stop1/stop2. Returns 0 when not found (slot 0 is the root). */
static uint32_t find_open(const builder *b, uint8_t tag, uint32_t hash, unsigned barrier,
                          uint8_t stop1, uint8_t stop2)
{
    if (!b->open_count[tag]) return 0;
    for (uint32_t k = b->depth - 1; k > 0; k--) {
        const an_html_node *x = &b->doc->nodes[b->stack[k]];
        if (x->tag == tag && (tag != AN_TAG_UNKNOWN || x->name_hash == hash)) return k;
        if ((tag_flags_of((an_tag)x->tag) & barrier) || x->tag == stop1 || x->tag == stop2) return 0;
    }
    return 0;
}

static void pop_to(builder *b, uint32_t k, uint32_t at)
{
    while (b->depth > k) pop(b, at);
}

/* Implied end tags before a start tag. */
static void close_implied(builder *b, uint8_t tag, uint32_t at)
{
    unsigned f = tag_flags_of((an_tag)tag);
    uint32_t k;
    if ((f & AN_TF_CLOSES_P) && (k = find_open(b, AN_TAG_p, 0, AN_TF_SCOPE, AN_TAG_button, 0)))
        pop_to(b, k, at);
    switch (tag) {
    case AN_TAG_li:
        if ((k = find_open(b, AN_TAG_li, 0, AN_TF_SCOPE, AN_TAG_ul, AN_TAG_ol))) pop_to(b, k, at);
        break;
    case AN_TAG_dd: case AN_TAG_dt:
        if ((k = find_open(b, AN_TAG_dd, 0, AN_TF_SCOPE, AN_TAG_dl, 0))) pop_to(b, k, at);
        if ((k = find_open(b, AN_TAG_dt, 0, AN_TF_SCOPE, AN_TAG_dl, 0))) pop_to(b, k, at);
        break;
    case AN_TAG_tr:
        if ((k = find_open(b, AN_TAG_tr, 0, 0, AN_TAG_table, 0))) pop_to(b, k, at);
        break;
    case AN_TAG_td: case AN_TAG_th:
        if ((k = find_open(b, AN_TAG_td, 0, 0, AN_TAG_tr, AN_TAG_table))) pop_to(b, k, at);
        if ((k = find_open(b, AN_TAG_th, 0, 0, AN_TAG_tr, AN_TAG_table))) pop_to(b, k, at);
        break;
    case AN_TAG_tbody: case AN_TAG_thead: case AN_TAG_tfoot:
        if ((k = find_open(b, AN_TAG_tbody, 0, 0, AN_TAG_table, 0))) pop_to(b, k, at);
        if ((k = find_open(b, AN_TAG_thead, 0, 0, AN_TAG_table, 0))) pop_to(b, k, at);
        if ((k = find_open(b, AN_TAG_tfoot, 0, 0, AN_TAG_table, 0))) pop_to(b, k, at);
        break;
    case AN_TAG_option: case AN_TAG_optgroup:
        if (top_tag(b) == AN_TAG_option) pop(b, at);
        break;
    case AN_TAG_a:
        if ((k = find_open(b, AN_TAG_a, 0, AN_TF_SCOPE, 0, 0))) pop_to(b, k, at);
        break;
    case AN_TAG_body:
        if ((k = find_open(b, AN_TAG_head, 0, 0, 0, 0))) pop_to(b, k, at);
        break;
    case AN_TAG_h1: case AN_TAG_h2: case AN_TAG_h3: case AN_TAG_h4: case AN_TAG_h5: case AN_TAG_h6:
        if (tag_flags_of((an_tag)top_tag(b)) & AN_TF_HEADING) pop(b, at);
        break;
    default:
        break;
    }
}

static void add_text(builder *b, uint32_t start, uint32_t end)
{
    if (end <= start) return;
    an_html_node *last = b->doc->n_nodes ? &b->doc->nodes[b->doc->n_nodes - 1] : NULL;
    /* a '<' that began no tag continues the text run before it */
    if (last && last->kind == AN_NODE_TEXT && last->end == start &&
        last->parent == b->stack[b->depth - 1] && b->doc->nodes[last->parent].last_child == b->doc->n_nodes - 1) {
        last->end = end;
        return;
    }
    new_node(b, AN_NODE_TEXT, AN_TAG_NONE, start, end);
}

static bool add_attr(builder *b, uint8_t name, uint32_t v, uint32_t vn)
{
    an_html_doc *d = b->doc;
    if (d->n_attrs >= AN_HTML_MAX_ATTRS) {
        d->node_limited = true;
        return false;
    }
    if (d->n_attrs == d->cap_attrs) {
        uint32_t nc = d->cap_attrs ? d->cap_attrs * 2 : 1024;
        an_html_attr *p = realloc(d->attrs, (size_t)nc * sizeof *p);
        if (!p) { b->failed = true; return false; }
        d->attrs = p;
        d->cap_attrs = nc;
    }
    d->attrs[d->n_attrs++] = (an_html_attr){ v, vn, name };
    return true;
}

/* Finds the end tag </name (case-insensitive, then a space, '/' or '>') from i on;
 * returns its offset, or n when absent. */
static size_t find_raw_end(const char *s, size_t n, size_t i, const char *name)
{
    size_t len = strlen(name);
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) return n;
        i = (size_t)(lt - s);
        if (i + 2 + len <= n && s[i + 1] == '/') {
            size_t k = 0;
            while (k < len && lower((unsigned char)s[i + 2 + k]) == (unsigned char)name[k]) k++;
            if (k == len && (i + 2 + len == n || is_ws((unsigned char)s[i + 2 + len]) ||
                             s[i + 2 + len] == '>' || s[i + 2 + len] == '/'))
                return i;
        }
        i++;
    }
    return n;
}

static uint32_t hash_name(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ lower((unsigned char)p[i])) * 16777619u;
    return h;
}

/* Parses the tag at s[i] == '<' whose name starts at i+1 (or i+2 for an end tag).
 * Returns the offset after the tag, or 0 when the input ends inside it (the rest is
 * then dropped, as the standard's "EOF in tag" does). */
static size_t parse_tag(builder *b, const char *s, size_t n, size_t i)
{
    bool end_tag = s[i + 1] == '/';
    size_t k = i + 1 + end_tag;
    size_t name_start = k;
    while (k < n && !is_ws((unsigned char)s[k]) && s[k] != '>' && s[k] != '/') k++;
    size_t name_n = k - name_start;
    char lname[16];
    an_tag tag = AN_TAG_UNKNOWN;
    if (name_n < sizeof lname) {
        for (size_t j = 0; j < name_n; j++) lname[j] = (char)lower((unsigned char)s[name_start + j]);
        tag = tag_lookup(lname, name_n);
    }
    uint32_t hash = tag == AN_TAG_UNKNOWN ? hash_name(s + name_start, name_n) : 0;

    /* attributes */
    uint32_t first_attr = b->doc->n_attrs;
    uint16_t n_attr = 0;
    bool self_closing = false;
    for (;;) {
        while (k < n && (is_ws((unsigned char)s[k]) || s[k] == '/')) {
            if (s[k] == '/' && k + 1 < n && s[k + 1] == '>') self_closing = true;
            k++;
        }
        if (k >= n) return 0;
        if (s[k] == '>') { k++; break; }
        size_t an = k;
        k++;   /* an attribute name may start with '=' */
        while (k < n && !is_ws((unsigned char)s[k]) && s[k] != '>' && s[k] != '/' && s[k] != '=') k++;
        size_t an_n = k - an;
        while (k < n && is_ws((unsigned char)s[k])) k++;
        size_t v = k, vn = 0;
        if (k < n && s[k] == '=') {
            k++;
            while (k < n && is_ws((unsigned char)s[k])) k++;
            if (k >= n) return 0;
            if (s[k] == '"' || s[k] == '\'') {
                const char *q = memchr(s + k + 1, s[k], n - k - 1);
                if (!q) return 0;
                v = k + 1;
                vn = (size_t)(q - s) - v;
                k = (size_t)(q - s) + 1;
            } else {
                v = k;
                while (k < n && !is_ws((unsigned char)s[k]) && s[k] != '>') k++;
                vn = k - v;
            }
        }
        if (end_tag || an_n >= 16) continue;
        char la[16];
        for (size_t j = 0; j < an_n; j++) la[j] = (char)lower((unsigned char)s[an + j]);
        an_attr a = attr_lookup(la, an_n);
        if (a != AN_ATTR_NONE && n_attr < UINT16_MAX && add_attr(b, (uint8_t)a, (uint32_t)v, (uint32_t)vn))
            n_attr++;
    }

    if (end_tag) {
        b->doc->n_attrs = first_attr;
        if (tag == AN_TAG_br) {
            new_node(b, AN_NODE_ELEMENT, AN_TAG_br, (uint32_t)i, (uint32_t)k);
            return k;
        }
        unsigned f = tag_flags_of((an_tag)tag);
        uint32_t at;
        if (f & AN_TF_SCOPE)
            at = find_open(b, tag, hash, 0, 0, 0);
        else
            at = find_open(b, tag, hash, AN_TF_SCOPE, 0, 0);
        if (at) {
            pop_to(b, at + 1, (uint32_t)i);
            pop(b, (uint32_t)k);
        }
        return k;
    }

    if (tag == AN_TAG_html && b->doc->html) return k;   /* a second <html> adds nothing */
    close_implied(b, tag, (uint32_t)i);
    uint32_t id = new_node(b, AN_NODE_ELEMENT, tag, (uint32_t)i, (uint32_t)k);
    if (!id) {
        b->doc->n_attrs = first_attr;
        return k;
    }
    an_html_node *x = &b->doc->nodes[id];
    x->attr = first_attr;
    x->n_attr = n_attr;
    x->name_hash = hash;
    if (tag == AN_TAG_html) b->doc->html = id;
    unsigned f = tag_flags_of((an_tag)tag);
    if (f & AN_TF_VOID) return k;
    if (f & AN_TF_RAW) {
        if (self_closing && tag != AN_TAG_script && tag != AN_TAG_title) return k;
        size_t e = tag == AN_TAG_plaintext ? n : find_raw_end(s, n, k, tag_names[tag]);
        if (e > k) {
            /* the raw text is a child of the element */
            if (b->depth < AN_HTML_MAX_DEPTH) {
                b->stack[b->depth++] = id;
                b->open_count[tag]++;
                new_node(b, AN_NODE_TEXT, AN_TAG_NONE, (uint32_t)k, (uint32_t)e);
                pop(b, (uint32_t)e);
            }
        }
        size_t after = e;
        if (e < n) {
            const char *gt = memchr(s + e, '>', n - e);
            after = gt ? (size_t)(gt - s) + 1 : n;
        }
        b->doc->nodes[id].end = (uint32_t)after;
        return after;
    }
    if (self_closing && tag == AN_TAG_UNKNOWN) return k;   /* <foo/> in foreign content */
    push(b, id);
    return k;
}

/* Skips a construct that starts with "<!" or "<?" or "</" + non-letter; returns the
 * offset after it. */
static size_t skip_markup(const char *s, size_t n, size_t i)
{
    if (i + 4 <= n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
        size_t k = i + 4;
        if (k < n && s[k] == '>') return k + 1;               /* <!--> */
        if (k + 1 < n && s[k] == '-' && s[k + 1] == '>') return k + 2;
        while (k < n) {
            const char *d = memchr(s + k, '-', n - k);
            if (!d) return n;
            k = (size_t)(d - s);
            if (k + 2 < n && s[k + 1] == '-' && s[k + 2] == '>') return k + 3;
            if (k + 3 < n && s[k + 1] == '-' && s[k + 2] == '!' && s[k + 3] == '>') return k + 4;
            k++;
        }
        return n;
    }
    if (i + 9 <= n && memcmp(s + i, "<![CDATA[", 9) == 0) {
        for (size_t k = i + 9; k + 3 <= n; k++)
            if (s[k] == ']' && s[k + 1] == ']' && s[k + 2] == '>') return k + 3;
        return n;
    }
    const char *gt = memchr(s + i, '>', n - i);
    return gt ? (size_t)(gt - s) + 1 : n;
}

an_status an_html_parse(const char *src, size_t n, an_html_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->src = src;
    doc->n = n;
    if (n > AN_HTML_MAX_BYTES) return AN_TOO_BIG;
    builder *b = calloc(1, sizeof *b);
    if (!b) return AN_NOMEM;
    b->doc = doc;
    /* the root */
    doc->nodes = malloc(1024 * sizeof *doc->nodes);
    if (!doc->nodes) { free(b); return AN_NOMEM; }
    doc->cap_nodes = 1024;
    doc->n_nodes = 1;
    memset(&doc->nodes[0], 0, sizeof doc->nodes[0]);
    doc->nodes[0].end = (uint32_t)n;
    b->stack[0] = 0;
    b->depth = 1;

    size_t i = 0, text = 0;
    while (i < n && !b->failed) {
        const char *lt = memchr(src + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - src);
        if (i + 1 >= n) break;
        unsigned char c = (unsigned char)src[i + 1];
        size_t next;
        if (is_alpha(c) || (c == '/' && i + 2 < n && is_alpha((unsigned char)src[i + 2]))) {
            add_text(b, (uint32_t)text, (uint32_t)i);
            next = parse_tag(b, src, n, i);
            if (doc->node_limited) { text = i; break; }
            if (!next) { text = n; i = n; break; }   /* EOF inside a tag: dropped */
        } else if (c == '!' || c == '?' || c == '/') {
            add_text(b, (uint32_t)text, (uint32_t)i);
            next = skip_markup(src, n, i);
        } else {
            i++;
            continue;   /* a literal '<' in text */
        }
        i = text = next;
    }
    /* after a limit, the rest becomes text of the deepest open element, unparsed */
    if (!b->failed && text < n) add_text(b, (uint32_t)text, (uint32_t)n);
    while (b->depth > 1) pop(b, (uint32_t)n);
    bool failed = b->failed;
    free(b);
    return failed ? AN_NOMEM : AN_OK;
}

void an_html_doc_free(an_html_doc *doc)
{
    free(doc->nodes);
    free(doc->attrs);
    memset(doc, 0, sizeof *doc);
}

an_span an_html_attr_get(const an_html_doc *doc, uint32_t i, an_attr a)
{
    const an_html_node *x = &doc->nodes[i];
    for (uint32_t k = 0; k < x->n_attr; k++) {
        const an_html_attr *at = &doc->attrs[x->attr + k];
        if (at->name == a) return an_span_make(doc->src + at->value, at->value_n);
    }
    return an_span_make(NULL, 0);
}

/* ---- character references ---------------------------------------------------------------- */

/* Latin-1 names for U+00A0..U+00FF, in order. */
static const char *const latin1_names[96] = {
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy",
    "ordf", "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute",
    "micro", "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12",
    "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
    "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
    "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash",
    "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute",
    "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc",
    "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute",
    "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml",
    "yacute", "thorn", "yuml",
};

/* Other named references common in news pages. */
static const struct { const char *name; uint32_t cp; } named[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
    { "Tab", '\t' }, { "NewLine", '\n' }, { "ensp", 0x2002 }, { "emsp", 0x2003 },
    { "thinsp", 0x2009 }, { "hairsp", 0x200A }, { "zwnj", 0x200C }, { "zwj", 0x200D },
    { "lrm", 0x200E }, { "rlm", 0x200F }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
    { "horbar", 0x2015 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "rsquor", 0x2019 },
    { "sbquo", 0x201A }, { "ldquo", 0x201C }, { "rdquo", 0x201D }, { "rdquor", 0x201D },
    { "bdquo", 0x201E }, { "ldquor", 0x201E }, { "dagger", 0x2020 }, { "Dagger", 0x2021 },
    { "bull", 0x2022 }, { "bullet", 0x2022 }, { "hellip", 0x2026 }, { "mldr", 0x2026 },
    { "permil", 0x2030 }, { "prime", 0x2032 }, { "Prime", 0x2033 }, { "lsaquo", 0x2039 },
    { "rsaquo", 0x203A }, { "oline", 0x203E }, { "frasl", 0x2044 }, { "euro", 0x20AC },
    { "trade", 0x2122 }, { "TRADE", 0x2122 }, { "larr", 0x2190 }, { "uarr", 0x2191 },
    { "rarr", 0x2192 }, { "darr", 0x2193 }, { "harr", 0x2194 }, { "minus", 0x2212 },
    { "le", 0x2264 }, { "ge", 0x2265 }, { "ne", 0x2260 }, { "asymp", 0x2248 },
    { "infin", 0x221E }, { "OElig", 0x152 }, { "oelig", 0x153 }, { "Scaron", 0x160 },
    { "scaron", 0x161 }, { "Yuml", 0x178 }, { "Zcaron", 0x17D }, { "zcaron", 0x17E },
    { "fnof", 0x192 }, { "circ", 0x2C6 }, { "tilde", 0x2DC }, { "loz", 0x25CA },
    { "spades", 0x2660 }, { "clubs", 0x2663 }, { "hearts", 0x2665 }, { "diams", 0x2666 },
    { "check", 0x2713 }, { "star", 0x2606 }, { "starf", 0x2605 }, { "numero", 0x2116 },
    { "half", 0xBD }, { "centerdot", 0xB7 }, { "NonBreakingSpace", 0xA0 },
    { "Alpha", 0x391 }, { "Beta", 0x392 }, { "Gamma", 0x393 }, { "Delta", 0x394 },
    { "alpha", 0x3B1 }, { "beta", 0x3B2 }, { "gamma", 0x3B3 }, { "delta", 0x3B4 },
    { "epsilon", 0x3B5 }, { "lambda", 0x3BB }, { "mu", 0x3BC }, { "pi", 0x3C0 },
    { "sigma", 0x3C3 }, { "Omega", 0x3A9 }, { "omega", 0x3C9 }, { "colon", ':' },
    { "comma", ',' }, { "period", '.' }, { "excl", '!' }, { "quest", '?' }, { "num", '#' },
    { "dollar", '$' }, { "percnt", '%' }, { "lpar", '(' }, { "rpar", ')' }, { "ast", '*' },
    { "plus", '+' }, { "sol", '/' }, { "semi", ';' }, { "equals", '=' }, { "commat", '@' },
    { "lsqb", '[' }, { "rsqb", ']' }, { "bsol", '\\' }, { "lowbar", '_' }, { "grave", '`' },
    { "lcub", '{' }, { "rcub", '}' }, { "verbar", '|' }, { "vert", '|' }, { "hyphen", 0x2010 },
    { "dash", 0x2010 },
};

/* Names that browsers accept without the final ';' in text. */
static bool legacy_no_semicolon(const char *name, size_t n)
{
    static const char *const legacy[] = { "amp", "lt", "gt", "quot", "nbsp", "copy", "reg",
                                          "AMP", "LT", "GT", "QUOT", "COPY", "REG" };
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        if (strlen(legacy[i]) == n && memcmp(legacy[i], name, n) == 0) return true;
    return false;
}

static uint32_t named_lookup(const char *name, size_t n)
{
    if (n == 0 || n > 20) return 0;
    for (int i = 0; i < 96; i++)
        if (strlen(latin1_names[i]) == n && memcmp(latin1_names[i], name, n) == 0) return 0xA0 + (uint32_t)i;
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && memcmp(named[i].name, name, n) == 0) return named[i].cp;
    /* upper-case legacy forms */
    if (n <= 4) {
        char l[5];
        for (size_t i = 0; i < n; i++) l[i] = (char)lower((unsigned char)name[i]);
        if ((n == 3 && memcmp(l, "amp", 3) == 0)) return '&';
        if ((n == 2 && memcmp(l, "lt", 2) == 0)) return '<';
        if ((n == 2 && memcmp(l, "gt", 2) == 0)) return '>';
        if ((n == 4 && memcmp(l, "quot", 4) == 0)) return '"';
        if ((n == 4 && memcmp(l, "copy", 4) == 0)) return 0xA9;
        if ((n == 3 && memcmp(l, "reg", 3) == 0)) return 0xAE;
    }
    return 0;
}

/* windows-1252 meanings of numeric references &#128; … &#159; (HTML standard). */
static const uint16_t c1_remap[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

/* Decodes the reference at p[0] == '&'. Returns its length (0 when it is not one) and
 * the code point in *cp. */
static size_t decode_ref(const char *p, size_t n, uint32_t *cp)
{
    if (n < 3) return 0;
    if (p[1] == '#') {
        size_t k = 2;
        bool hex = k < n && (p[k] == 'x' || p[k] == 'X');
        if (hex) k++;
        size_t d0 = k;
        uint32_t v = 0;
        while (k < n) {
            unsigned c = (unsigned char)p[k], dv;
            if (c >= '0' && c <= '9') dv = c - '0';
            else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f') dv = (c | 32) - 'a' + 10;
            else break;
            if (v < 0x110000) v = v * (hex ? 16 : 10) + dv;
            k++;
        }
        if (k == d0) return 0;
        if (k < n && p[k] == ';') k++;
        if (v == 0 || v >= 0x110000 || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        else if (v >= 0x80 && v <= 0x9F) v = c1_remap[v - 0x80];
        *cp = v;
        return k;
    }
    size_t k = 1;
    while (k < n && k < 24 && (is_alpha((unsigned char)p[k]) || (p[k] >= '0' && p[k] <= '9'))) k++;
    size_t name_n = k - 1;
    if (!name_n) return 0;
    bool semi = k < n && p[k] == ';';
    uint32_t v = named_lookup(p + 1, name_n);
    if (v && (semi || legacy_no_semicolon(p + 1, name_n))) {
        *cp = v;
        return k + semi;
    }
    return 0;
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

/* Decodes one UTF-8 sequence at p; returns its length and *cp (U+FFFD, length 1, when
 * invalid). */
static size_t get_utf8(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c < 0xE0 && n >= 2 && (p[1] & 0xC0) == 0x80) {
        *cp = ((c & 31u) << 6) | (p[1] & 63u);
        return 2;
    }
    if (c >= 0xE0 && c < 0xF0 && n >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        uint32_t v = ((c & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u);
        if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) { *cp = v; return 3; }
    }
    if (c >= 0xF0 && c < 0xF5 && n >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
        uint32_t v = ((c & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u);
        if (v >= 0x10000 && v < 0x110000) { *cp = v; return 4; }
    }
    *cp = 0xFFFD;
    return 1;
}

/* What a code point is in extracted text. */
enum { CP_VISIBLE, CP_SPACE, CP_DROP, CP_NEWLINE };

static int cp_class(uint32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == 0xA0 || cp == 0x2007 ||
        cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000 || cp == 0x1680 ||
        cp == 0x205F)
        return CP_SPACE;
    if (cp == '\n') return CP_NEWLINE;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD || cp == 0x200B ||
        cp == 0xFEFF || cp == 0x2060 || cp == 0x200E || cp == 0x200F)
        return CP_DROP;
    return CP_VISIBLE;
}

long an_html_text_append(an_buf *out, const char *p, size_t n, bool collapse, bool *space)
{
    /* worst case: each input byte becomes U+FFFD (3 bytes); a reference is never longer
     * than its expansion's 4 bytes per 2 input bytes */
    if (an_buf_reserve(out, n * 3 + 2)) return -1;
    char *o = out->p + out->n;
    const unsigned char *u = (const unsigned char *)p;
    long visible = 0;
    bool sp = *space;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        uint32_t cp;
        size_t len;
        if (c >= 0x21 && c < 0x80 && c != '&') {
            /* plain ASCII */
            if (sp && collapse) { *o++ = ' '; sp = false; }
            *o++ = (char)c;
            visible++;
            i++;
            continue;
        }
        if (c == '&') {
            len = decode_ref(p + i, n - i, &cp);
            if (!len) { cp = '&'; len = 1; }
        } else {
            len = get_utf8(u + i, n - i, &cp);
        }
        i += len;
        int cls = cp_class(cp);
        if (!collapse) {
            if (cp == '\r') continue;
            if (cls == CP_DROP) continue;
            if (cls == CP_SPACE) cp = cp == '\t' ? '\t' : ' ';
            o += put_utf8(o, cp);
            if (cls == CP_VISIBLE) visible++;
            continue;
        }
        if (cls == CP_SPACE || cls == CP_NEWLINE) { sp = true; continue; }
        if (cls == CP_DROP) continue;
        if (sp) { *o++ = ' '; sp = false; }
        o += put_utf8(o, cp);
        visible++;
    }
    out->n = (size_t)(o - out->p);
    out->p[out->n] = 0;
    *space = sp;
    return visible;
}

an_status an_html_attr_text(an_span raw, an_buf *out)
{
    out->n = 0;
    bool sp = false;
    if (an_buf_reserve(out, 1)) return AN_NOMEM;
    out->p[0] = 0;
    while (raw.n && (*raw.p == ' ' || *raw.p == '\n' || *raw.p == '\t' || *raw.p == '\r')) {
        raw.p++;
        raw.n--;
    }
    if (an_html_text_append(out, raw.p, raw.n, true, &sp) < 0) return AN_NOMEM;
    if (out->n && out->p[0] == ' ') {
        memmove(out->p, out->p + 1, out->n);
        out->n--;
    }
    return AN_OK;
}
