/* pipeline.c — one article through the whole pipeline:
 *   ingest (text as given, or main text extracted from HTML)
 *   → text layer (UTF-8 check, boilerplate lines, sentences, tokens)
 *   → analysis stages as they exist.
 * Each stage appends to the document; nothing here prints. */
#include "engine.h"
#include "ingest/html.h"
#include "text/langid.h"

/* Detection overrules a page's declared language only when this sure. */
#define AN_LANGID_OVERRULE 0.9f
#include <math.h>
#include <stdio.h>

static bool valid_date(an_span s)
{
    if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-') return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9')) return false;
    int m = (s.p[5] - '0') * 10 + (s.p[6] - '0'), d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* yyyymmdd of a valid YYYY-MM-DD span, else 0 */
static int32_t date_number(an_span s)
{
    if (!valid_date(s)) return 0;
    return (int32_t)((s.p[0] - '0') * 10000000 + (s.p[1] - '0') * 1000000 + (s.p[2] - '0') * 100000 +
                     (s.p[3] - '0') * 10000 + (s.p[5] - '0') * 1000 + (s.p[6] - '0') * 100 +
                     (s.p[8] - '0') * 10 + (s.p[9] - '0'));
}

static void report_bad_utf8(void *ctx, size_t offset)
{
    an_doc_warn(ctx, AN_BAD_UTF8, (uint32_t)offset, "invalid UTF-8 byte replaced by U+FFFD");
}

static an_status push_boilerplate(void *ctx, an_boilerplate b)
{
    an_doc *d = ctx;
    an_boilerplate *slot = AN_VEC_PUSH(&d->arena, &d->boilerplate);
    if (!slot) return AN_NOMEM;
    *slot = b;
    return AN_OK;
}

static an_status push_unit(void *ctx, an_unit u)
{
    an_doc *d = ctx;
    if (d->units.n >= AN_MAX_SENTENCES) return AN_LIMIT;
    an_sentence *s = AN_VEC_PUSH(&d->arena, &d->units);
    if (!s) return AN_NOMEM;
    s->start = u.start;
    s->end = u.end;
    return AN_OK;
}

static an_status push_token(void *ctx, const an_token *t, const char *key, size_t key_n)
{
    an_doc *d = ctx;
    if (d->tokens.n >= AN_MAX_TOKENS) return AN_LIMIT;
    an_token *slot = AN_VEC_PUSH(&d->arena, &d->tokens);
    if (!slot) return AN_NOMEM;
    *slot = *t;
    slot->key = d->keys.n;
    slot->key_len = (uint16_t)key_n;
    for (size_t i = 0; i < key_n; i++) {
        char *c = AN_VEC_PUSH(&d->arena, &d->keys);
        if (!c) return AN_NOMEM;
        *c = key[i];
    }
    return AN_OK;
}

static an_status text_layer(an_doc *d, const an_engine *e)
{
    const an_textlang *tl = an_engine_textlang(e, d->lang);
    const char *t = d->text.p;
    size_t n = d->text.n;
    size_t bad = an_utf8_scan(t, n, report_bad_utf8, d, AN_MAX_WARNINGS);
    if (bad > AN_MAX_WARNINGS) d->warnings_dropped += (uint32_t)(bad - AN_MAX_WARNINGS);

    an_status st = an_plain_boilerplate(e->cues, t, n, push_boilerplate, d);
    if (st) return st;

    st = an_segment(t, n, tl, push_unit, d);
    if (st == AN_LIMIT) an_doc_warn(d, AN_LIMIT, d->units.n ? d->units.items[d->units.n - 1].end : 0,
                                    "too many sentences; the rest of the article was skipped");
    else if (st) return st;

    an_buf scratch = { 0 };
    an_tokenizer_out out = { push_token, d };
    uint32_t bp = 0;
    for (uint32_t i = 0; i < d->units.n; i++) {
        an_sentence *s = &d->units.items[i];
        uint8_t *flag = AN_VEC_PUSH(&d->arena, &d->unit_is_boilerplate);
        if (!flag) { st = AN_NOMEM; break; }
        while (bp < d->boilerplate.n && d->boilerplate.items[bp].end <= s->start) bp++;
        *flag = bp < d->boilerplate.n && d->boilerplate.items[bp].start <= s->start;
        s->first_token = d->tokens.n;
        st = an_tokenize(t, s->start, s->end, tl, &out, &scratch);
        s->n_tokens = d->tokens.n - s->first_token;
        if (st == AN_LIMIT) {
            an_doc_warn(d, AN_LIMIT, s->start, "too many tokens; the rest of the article was not tokenized");
            st = AN_OK;
            break;
        }
        if (st) break;
    }
    an_buf_free(&scratch);
    return st;
}

/* Coding with the user's TABARI/PETRARCH dictionaries: each article sentence through
 * the TABARI coder (src/code/tabari*.c); its actors are codes, entities of their own. */
#define AN_TABARI_EVENTS_PER_SENTENCE 32
static an_status code_tabari(an_doc *d, const an_engine *e)
{
    char date[9] = "";
    if (d->date.n == 10) snprintf(date, sizeof date, "%.4s%.2s%.2s", d->date.p, d->date.p + 5, d->date.p + 8);
    an_tabari_event out[AN_TABARI_EVENTS_PER_SENTENCE];
    for (uint32_t s = 0; s < d->units.n; s++) {
        if (d->unit_is_boilerplate.items[s]) continue;
        const an_sentence *u = &d->units.items[s];
        size_t n = an_tabari_code(e->tabari, d->text.p + u->start, u->end - u->start, date[0] ? date : NULL,
                                  out, AN_TABARI_EVENTS_PER_SENTENCE);
        for (size_t k = 0; k < n; k++) {
            if (strlen(out[k].code) < 2 || out[k].code[0] < '0' || out[k].code[0] > '9') continue;
            an_event *ev = AN_VEC_PUSH(&d->arena, &d->events);
            if (!ev) return AN_NOMEM;
            snprintf(ev->cameo, sizeof ev->cameo, "%.4s", out[k].code);
            ev->source = out[k].source[0] ? an_doc_code_entity(d, out[k].source) : UINT32_MAX;
            ev->target = out[k].target[0] ? an_doc_code_entity(d, out[k].target) : UINT32_MAX;
            if (ev->source == UINT32_MAX) { d->events.n--; continue; }
            ev->source_mention = ev->target_mention = UINT32_MAX;
            ev->sentence = s;
            ev->clause_start = ev->trigger = u->first_token;
            ev->clause_end = u->first_token + u->n_tokens;
            ev->reported_by = ev->location = UINT32_MAX;
            ev->quantity = NAN;
            ev->date_precision = 4;
            ev->evidence[0] = (an_evidence){ s, u->start, u->end, 0 };
            ev->n_evidence = 1;
        }
    }
    return AN_OK;
}

/* HTML: the main text, its metadata, and what was dropped (extract.c). Dropped blocks
 * are not in the text; each is recorded at the text offset where it stood. */
static an_status from_html(an_doc *d, const an_engine *e, const an_article *a, an_error *err)
{
    an_extracted x;
    memset(&x, 0, sizeof x);
    char charset[64] = "";
    if (a->charset.n && a->charset.n < sizeof charset) memcpy(charset, a->charset.p, a->charset.n);
    an_html_options ho = { charset[0] ? charset : NULL, a->url, e->html_cues };
    an_status st = an_html_extract(a->html.p, a->html.n, &ho, &x, err);
    if (st) {
        an_extracted_free(&x);
        err->offset += a->offset;
        return st;
    }
    d->text = an_doc_copy(d, an_span_make(x.text.p ? x.text.p : "", x.text.n));
    d->url = an_doc_copy(d, a->url.n ? a->url : an_span_make(x.url.p, x.url.n));
    d->title = an_doc_copy(d, a->title.n ? a->title : an_span_make(x.title.p, x.title.n));
    d->site = an_doc_copy(d, an_span_make(x.site.p, x.site.n));
    d->author = an_doc_copy(d, an_span_make(x.author.p, x.author.n));
    if (!a->lang.n && x.lang.n >= 2) d->lang = an_doc_copy(d, an_span_make(x.lang.p, 2));
    if (!a->date.n && x.date[0]) {
        d->date = an_doc_copy(d, an_span_make(x.date, 10));
        d->date_source = x.date_source;
    }
    for (size_t i = 0; i < x.n_dropped; i++) {
        uint32_t at = (uint32_t)x.text.n;
        for (size_t r = 0; r < x.n_runs; r++)
            if (x.runs[r].src_start >= x.dropped[i].src_start) { at = x.runs[r].start; break; }
        an_boilerplate *b = AN_VEC_PUSH(&d->arena, &d->boilerplate);
        if (!b) { st = AN_NOMEM; break; }
        *b = (an_boilerplate){ at, at, x.dropped[i].kind };
    }
    for (size_t i = 0; i < x.n_warnings; i++) {
        char *m = an_arena_strdup(&d->arena, x.warnings[i].message, strlen(x.warnings[i].message));
        an_doc_warn(d, x.warnings[i].code, 0, m ? m : "");
    }
    an_extracted_free(&x);
    return st;
}

an_status an_doc_analyze(an_doc *d, const an_engine *e, const an_article *a, an_error *err)
{
    an_doc_reset(d);
    if (a->html.n && !a->text.n) {
        an_status hs = from_html(d, e, a, err);
        if (hs) return hs;
    } else {
        d->text = an_doc_copy(d, a->text);
        d->url = an_doc_copy(d, a->url);
        d->title = an_doc_copy(d, a->title);
    }

    if (a->id.n) d->id = an_doc_copy(d, a->id);
    else {
        char hex[17];
        /* the content hash of what the reader gave: the page for HTML, else the text */
        an_span src = a->text.n ? a->text : a->html;
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)an_hash64(src.p, src.n));
        d->id = an_doc_copy(d, an_span_make(hex, 16));
    }

    /* language: the input's or --lang as given; a page's markup checked by detection
     * (a site template often declares one language for all); else detected */
    an_langid_result li = { "und", 0 };
    if (!a->lang.n && !e->opt.lang) an_langid_detect(d->text.p, d->text.n, &li);
    if (a->lang.n) { d->lang = an_doc_copy(d, a->lang); d->lang_confidence = 1; }
    else if (e->opt.lang) { d->lang = an_doc_copy(d, an_span_make(e->opt.lang, strlen(e->opt.lang))); d->lang_confidence = 1; }
    else if (d->lang.n && (li.confidence < AN_LANGID_OVERRULE || (d->lang.n >= 2 && memcmp(d->lang.p, li.lang, 2) == 0))) {
        d->lang_confidence = li.confidence > 0.5f ? li.confidence : 0.5f;
    } else if (strcmp(li.lang, "und") != 0) {
        if (d->lang.n) an_doc_warn(d, AN_USAGE, 0, "the page declares another language than its text is in; the text's is used");
        d->lang = an_doc_copy(d, an_span_make(li.lang, strlen(li.lang)));
        d->lang_confidence = li.confidence;
    } else if (!d->lang.n) d->lang = an_span_make("und", 3);

    if (d->date.n) {
        /* from the page's metadata */
    } else if (a->date.n >= 10 && valid_date(an_span_make(a->date.p, 10))) {
        d->date = an_doc_copy(d, an_span_make(a->date.p, 10));
        d->date_source = AN_DATE_INPUT;
    } else {
        if (a->date.n) an_doc_warn(d, AN_BAD_DATE, 0, "the input's date is not YYYY-MM-DD; ignored");
        if (a->fallback_date.n == 10 && valid_date(a->fallback_date)) {
            d->date = an_doc_copy(d, a->fallback_date);
            d->date_source = AN_DATE_INPUT;
        } else if (e->opt.date && valid_date(an_span_make(e->opt.date, strlen(e->opt.date)))) {
            d->date = an_doc_copy(d, an_span_make(e->opt.date, 10));
            d->date_source = AN_DATE_INPUT;
        }
    }

    an_status st = text_layer(d, e);
    if (!st) st = an_lexicon_match(e->lexicon, d, date_number(d->date));
    if (!st) st = e->tabari ? code_tabari(d, e) : an_code_doc(an_engine_codelang(e, d->lang), e->lexicon, &e->cameo, d);
    if (!st) st = an_context_doc(an_engine_codelang(e, d->lang), e->lexicon, e->time, d);
    if (!st) an_events_merge(d);
    for (uint32_t i = 0; !st && i < d->events.n; i++) {
        an_event *ev = &d->events.items[i];
        const an_cameo_info *ci = an_cameo_lookup(&e->cameo, ev->cameo);
        ev->quad_class = (uint8_t)an_cameo_quad(ev->cameo);
        ev->goldstein = ci ? ci->goldstein : 0;
        ev->plover = ci ? ci->plover : "";
        ev->plover_mode = ci ? ci->mode : "";
    }
    if (st) {
        an_error_set(err, st, a->offset, 0, "%s", an_status_message(st));
        return st;
    }
    return AN_OK;
}
