/* doc.c — document lifetime and read access. */
#include "doc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

an_status an_doc_new(an_doc **out)
{
    an_doc *d = calloc(1, sizeof *d);
    if (!d) return AN_NOMEM;
    *out = d;
    return AN_OK;
}

void an_doc_reset(an_doc *d)
{
    an_arena a = d->arena;
    an_arena_reset(&a);
    memset(d, 0, sizeof *d);
    d->arena = a;
}

void an_doc_free(an_doc *d)
{
    if (!d) return;
    an_arena_free(&d->arena);
    free(d);
}

void an_doc_warn(an_doc *d, an_status code, uint32_t start, const char *message)
{
    if (d->warnings.n >= AN_MAX_WARNINGS) { d->warnings_dropped++; return; }
    an_warning *w = AN_VEC_PUSH(&d->arena, &d->warnings);
    if (!w) { d->warnings_dropped++; return; }
    w->code = code;
    w->start = start;
    w->message = message;
}

uint32_t an_doc_code_entity(an_doc *d, const char *code)
{
    for (uint32_t i = 0; i < d->entities.n; i++)
        if (d->entities.items[i].actor == UINT32_MAX && strcmp(d->entities.items[i].key, code) == 0) return i;
    an_entity *e = AN_VEC_PUSH(&d->arena, &d->entities);
    if (!e) return UINT32_MAX;
    snprintf(e->code, sizeof e->code, "%s", code);
    snprintf(e->key, sizeof e->key, "%s", code);
    snprintf(e->country, sizeof e->country, "%.3s", code);
    e->name = an_arena_strdup(&d->arena, code, strlen(code));
    e->wikidata = "";
    e->type = 5;    /* group */
    e->actor = UINT32_MAX;
    e->lat = e->lon = NAN;
    return d->entities.n - 1;
}

an_span an_doc_copy(an_doc *d, an_span s)
{
    if (!s.n) return (an_span){ "", 0 };
    char *p = an_arena_strdup(&d->arena, s.p, s.n);
    return p ? an_span_make(p, s.n) : (an_span){ "", 0 };
}

an_span an_doc_text(const an_doc *d) { return d->text; }
an_span an_doc_lang(const an_doc *d) { return d->lang; }

const an_sentence *an_doc_sentences(const an_doc *d, size_t *n)
{
    *n = d->units.n;
    return d->units.items;
}

const an_token *an_doc_tokens(const an_doc *d, size_t *n)
{
    *n = d->tokens.n;
    return d->tokens.items;
}

an_span an_doc_token_key(const an_doc *d, const an_token *t)
{
    return an_span_make(d->keys.items + t->key, t->key_len);
}

const an_boilerplate *an_doc_boilerplate(const an_doc *d, size_t *n)
{
    *n = d->boilerplate.n;
    return d->boilerplate.items;
}

const an_warning *an_doc_warnings(const an_doc *d, size_t *n)
{
    *n = d->warnings.n;
    return d->warnings.items;
}
