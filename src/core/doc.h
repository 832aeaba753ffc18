/* doc.h — the document: one article's text and everything the pipeline finds in it,
 * all in one arena. Every stage reads and appends to it; an_doc_reset frees it at once. */
#ifndef AN_DOC_H
#define AN_DOC_H

#include "core.h"

typedef enum { AN_DATE_NONE, AN_DATE_INPUT, AN_DATE_META, AN_DATE_JSONLD, AN_DATE_TEXT,
               AN_DATE_URL } an_date_source;

/* An entity of the document: a lexicon actor, or a composite of a country and a role
 * ("nordkoreanische Soldaten" → PRKMIL). Strings borrow from the engine's lexicon or
 * the arena. */
typedef struct an_entity {
    const char *name, *wikidata;
    char code[16], country[4];
    char key[16];               /* what identifies a composite: its code, or R<geonames> */
    uint8_t type;               /* an_entity_type (lexicon.h) */
    uint32_t actor;             /* lexicon actor index, UINT32_MAX for composites */
    uint32_t geonames;
    float lat, lon;             /* NAN when not a place */
    uint32_t n_mentions;
} an_entity;

typedef struct an_mention {
    uint32_t start, end;        /* bytes in the text */
    uint32_t tok_start, tok_end;/* tokens [tok_start, tok_end) */
    uint32_t sentence;          /* index into units */
    uint32_t entity;
    uint8_t flags;              /* AN_MENTION_* */
} an_mention;

enum { AN_MENTION_ADJ = 1,      /* a demonym adjective ("russische") */
       AN_MENTION_COREF = 2 };  /* resolved from a role noun or pronoun */

typedef enum { AN_MOD_ASSERTED, AN_MOD_REPORTED, AN_MOD_HYPOTHETICAL, AN_MOD_INTENDED,
               AN_MOD_DEMANDED, AN_MOD_DENIED } an_modality;

#define AN_EVENT_EVIDENCE 8     /* mentions kept per event; further ones are counted */

typedef struct an_evidence { uint32_t sentence, start, end, rule_line; } an_evidence;

/* An event: who did what to whom, with its context and the text that says so. */
typedef struct an_event {
    char cameo[5];
    uint8_t quad_class;
    double goldstein;
    const char *plover, *plover_mode;   /* from the engine's CAMEO table; "" when none */
    uint32_t source, target;            /* entity index, UINT32_MAX: none */
    uint32_t source_mention, target_mention;
    uint32_t sentence, clause_start, clause_end, trigger;   /* tokens */
    bool negated;
    bool reporting;                     /* coded from a reporting verb ("said"): the context of others */
    uint8_t modality;                   /* an_modality */
    uint8_t frame;                      /* an_modality a governing verb gives its complement
                                           ("denied that …", "demanded that …"), else asserted */
    uint32_t reported_by;               /* entity index, UINT32_MAX: none */
    double quantity;                    /* NAN: none */
    const char *quantity_unit;
    char date[24];                      /* "2024-10", "2024-W45", "" = article date */
    uint8_t date_precision;             /* 0 day, 1 week, 2 month, 3 year, 4 article */
    uint32_t date_start, date_end;      /* surface text in bytes; equal when none */
    uint32_t location;                  /* entity index of a place, UINT32_MAX: none */
    uint32_t n_evidence, more_evidence;
    an_evidence evidence[AN_EVENT_EVIDENCE];
} an_event;

struct an_doc {
    an_arena arena;
    an_span id, url, site, title, author, lang, date;   /* arena copies or empty */
    an_date_source date_source;
    float lang_confidence;
    an_span text;                                       /* the article text (arena) */
    AN_VEC(an_sentence) units;       /* every sentence unit, boilerplate ones included */
    AN_VEC(uint8_t) unit_is_boilerplate;
    AN_VEC(an_token) tokens;
    AN_VEC(char) keys;               /* folded token keys, back to back */
    AN_VEC(an_boilerplate) boilerplate;
    AN_VEC(an_entity) entities;
    uint32_t *entity_slots;          /* hash index over entities (doc.c): entity + 1, 0 empty */
    uint32_t entity_mask;
    AN_VEC(an_mention) mentions;    /* in text order */
    struct an_lemma_cache *lemmas;   /* each word's lemma candidates, built on first use (code/morph.c) */
    AN_VEC(an_event) events;
    AN_VEC(an_warning) warnings;
    uint32_t warnings_dropped;
};

/* Adds a warning; past AN_MAX_WARNINGS only counts it. `message` must outlive the doc
 * (a static string) or be arena-allocated. */
void an_doc_warn(an_doc *d, an_status code, uint32_t start, const char *message);

/* The entity of lexicon actor `actor`, or when actor is UINT32_MAX the composite whose
 * key is `key`; UINT32_MAX when there is none. A hash lookup: a text naming thousands of
 * distinct actors costs no scan of the entities per mention. */
uint32_t an_doc_entity_find(const an_doc *d, uint32_t actor, const char *key);
/* Adds entity i (just pushed, actor and key set) to that index. */
an_status an_doc_entity_index(an_doc *d, uint32_t i);

/* The entity that stands for an actor code alone (a dictionary coder's actors), found
 * or created; UINT32_MAX when out of memory. */
uint32_t an_doc_code_entity(an_doc *d, const char *code);

/* Copies a span into the arena; returns an empty span when out of memory. */
an_span an_doc_copy(an_doc *d, an_span s);
/* Does token t end in an English possessive ("Russia's", "Syria’s")? */
bool an_doc_token_possessive(const an_doc *d, uint32_t t);

#endif
