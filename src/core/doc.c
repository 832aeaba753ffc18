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

static uint32_t entity_hash(uint32_t actor, const char *key)
{
    return actor != UINT32_MAX ? actor * 2654435761u : (uint32_t)an_hash64(key, strlen(key)) | 1u;
}

static bool entity_is(const an_entity *e, uint32_t actor, const char *key)
{
    return actor != UINT32_MAX ? e->actor == actor : (e->actor == UINT32_MAX && strcmp(e->key, key) == 0);
}

uint32_t an_doc_entity_find(const an_doc *d, uint32_t actor, const char *key)
{
    if (!d->entity_slots) return UINT32_MAX;
    for (uint32_t i = entity_hash(actor, key) & d->entity_mask; d->entity_slots[i]; i = (i + 1) & d->entity_mask)
        if (entity_is(&d->entities.items[d->entity_slots[i] - 1], actor, key)) return d->entity_slots[i] - 1;
    return UINT32_MAX;
}

static void entity_slot_put(uint32_t *slots, uint32_t mask, const an_entity *e, uint32_t i)
{
    uint32_t s = entity_hash(e->actor, e->key) & mask;
    while (slots[s]) s = (s + 1) & mask;
    slots[s] = i + 1;
}

an_status an_doc_entity_index(an_doc *d, uint32_t i)
{
    /* at most half full; the old table stays in the arena (the sizes sum to twice the last) */
    if (!d->entity_slots || (i + 1) * 2 > d->entity_mask + 1) {
        uint32_t cap = d->entity_slots ? (d->entity_mask + 1) * 2 : 64;
        uint32_t *slots = an_arena_alloc(&d->arena, cap * sizeof *slots);
        if (!slots) return AN_NOMEM;
        memset(slots, 0, cap * sizeof *slots);
        for (uint32_t k = 0; k < i; k++) entity_slot_put(slots, cap - 1, &d->entities.items[k], k);
        d->entity_slots = slots;
        d->entity_mask = cap - 1;
    }
    entity_slot_put(d->entity_slots, d->entity_mask, &d->entities.items[i], i);
    return AN_OK;
}

uint32_t an_doc_code_entity(an_doc *d, const char *code)
{
    char key[sizeof d->entities.items[0].key];
    snprintf(key, sizeof key, "%s", code);
    uint32_t found = an_doc_entity_find(d, UINT32_MAX, key);
    if (found != UINT32_MAX) return found;
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
    return an_doc_entity_index(d, d->entities.n - 1) ? UINT32_MAX : d->entities.n - 1;
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

bool an_doc_token_possessive(const an_doc *d, uint32_t t)
{
    an_span k = an_doc_token_key(d, &d->tokens.items[t]);
    return (k.n > 2 && memcmp(k.p + k.n - 2, "'s", 2) == 0) || (k.n > 4 && memcmp(k.p + k.n - 4, "\u2019s", 4) == 0);
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
