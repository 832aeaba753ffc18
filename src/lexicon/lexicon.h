/* lexicon.h — internal interface of the actor and place lexicon and its matcher.
 * Depends on core and text. */
#ifndef AN_LEXICON_H
#define AN_LEXICON_H

#include "core/doc.h"
#include "text/text.h"

typedef enum { AN_ENT_PERSON, AN_ENT_ORGANIZATION, AN_ENT_COUNTRY, AN_ENT_REGION,
               AN_ENT_PLACE, AN_ENT_GROUP, AN_ENT_ROLE,
               AN_ENT_ANAPHOR /* data/anaphors.txt: a noun that refers back ("the group"); its
                                 code is the kind, COUNTRY or ORGANIZATION */ } an_entity_type;

/* One actor, place or role noun of the lexicon. Codes with date ranges are in
 * lx->codes[first_code .. first_code + n_codes). */
typedef struct an_actor {
    uint32_t name;              /* offset in the pool, NUL-terminated */
    uint8_t type;               /* an_entity_type */
    char country[4];
    char wikidata[16];
    uint32_t geonames;
    float lat, lon;             /* NAN when not a place */
    uint32_t population;
    uint32_t first_code, n_codes;
    bool abroad;                /* a role that acts abroad (MIL): a place does not give its country */
    bool irregular;             /* an irregular force (REB, UAF, CRM): see data/roles.txt `irregular` */
    bool capital;               /* a country's capital (GeoNames PPLC): acting, it is the government */
    bool gazetteer;             /* from build/gazetteer.tsv: among names alike, ranks by population */
} an_actor;

typedef struct an_actor_code {
    char code[16];
    int32_t from, to;           /* yyyymmdd; 0 = open */
} an_actor_code;

/* Alias flags */
enum { AN_ALIAS_CAPS = 1,      /* matches only when written in capitals ("EU", "US") */
       AN_ALIAS_ADJ = 2,        /* an adjective stem: "russisch-" */
       AN_ALIAS_PLACE = 4,      /* a gazetteer name: matches only capitalised text */
       AN_ALIAS_NOUN = 8,       /* a German alias written capitalised: in German text it
                                   matches capitalised words only ("Sprecher", not "sprechen") */
       AN_ALIAS_NAME = 128 };   /* a gazetteer place's own name, not a variant or former one
                                   (Engels was once "Pokrovsk") */
/* Bits 4-6 of an alias's flags: the language of its line (1 en, 2 de, 3 uk, 4 ru, 0 any).
 * The alias's own stem ("Sender" → "send") matches only text in that language. */
#define AN_ALIAS_LANG_SHIFT 4
enum { AN_ALIAS_LANG_EN = 1, AN_ALIAS_LANG_DE = 2 };
int an_alias_lang_code(const char *lang);

typedef struct an_alias {
    uint32_t actor;
    uint32_t keys;              /* offset in the pool: n_keys NUL-terminated stems */
    uint16_t n_keys, flags;
    uint32_t next;              /* next alias with the same first stem, +1; 0 ends */
} an_alias;

typedef struct an_lexicon {
    AN_VEC(an_actor) actors;
    AN_VEC(an_actor_code) codes;
    AN_VEC(an_alias) aliases;
    AN_VEC(char) pool;
    struct lx_index *index;     /* alias keys → postings (lexicon.c); holds every alias token */
    struct lx_index *places;    /* the same for gazetteer names, consulted for capitalised words */
    an_arena arena;             /* holds the vectors */
    /* What the loader found doubtful in the curated files, one "file:line: warning: …"
     * line each: an alias naming two actors, a Wikidata id or canonical name given
     * twice, two countries with one code, codes whose date ranges overlap. The build
     * prints them (tools/lexicon_check.c); annalist itself stays silent. */
    an_buf warnings;
    uint32_t n_warnings;        /* including those past AN_LEXICON_MAX_WARNINGS, not kept */
    uint64_t stamp;             /* of the sources it was loaded from (index.h) */
    void *map;                  /* a mapped snapshot the arrays point into, or NULL */
    size_t map_bytes;
    an_strset place_stop;       /* data/place_stopwords.txt: never place names */
    an_strset region_before, region_after;   /* data/place_cues.txt */
    an_strset place_at;         /* words after which a small place's name is a place ("in", "bei") */
    an_strset place_to;         /* words before a destination ("to", "nach"): not where a role is from */
    an_strset place_post;       /* posts of a force ("base", "checkpoint"): "an army base" is the place's army */
    an_strset abroad_roles;     /* role codes marked `abroad` in data/roles.txt ("MIL") */
    an_strset irregular_roles;  /* role codes marked `irregular` ("REB", "UAF") */
    an_strset definite;         /* data/definites.txt: "die", "these": a role noun after one refers back */
    an_strset possessive;       /* data/possessives.txt: "its", "ihre": a role noun after one is its owner's */
    an_strset state_roles;      /* role codes marked `state` in data/roles.txt: they act for their state */
    /* countries whose CAMEO code differs from their ISO alpha-3, filled at load */
    struct { char iso[4], cameo[4]; } cameo_of[AN_COUNTRY_CODES_MAX];
    uint32_t n_cameo_of;
} an_lexicon;

/* The lexicon's word sets, in a fixed order (the snapshot stores them so). */
#define AN_LEXICON_SETS 11
static inline void an_lexicon_sets(an_lexicon *lx, an_strset *out[AN_LEXICON_SETS])
{
    out[0] = &lx->place_stop;
    out[1] = &lx->region_before;
    out[2] = &lx->region_after;
    out[3] = &lx->place_at;
    out[4] = &lx->definite;
    out[5] = &lx->abroad_roles;
    out[6] = &lx->state_roles;
    out[7] = &lx->place_to;
    out[8] = &lx->possessive;
    out[9] = &lx->place_post;
    out[10] = &lx->irregular_roles;
}

/* Loads every data/actors/NAME.txt and data/roles.txt under data_dir, then the place
 * gazetteer build/gazetteer.tsv (tools/gen_gazetteer.py) when it exists. A malformed line
 * (unknown key, bad value, a key given twice, a block without type, country, wikidata or
 * code, invalid UTF-8, a gazetteer line with bad fields) fails with AN_BAD_DICT and
 * err->message "file:line: what is wrong", err->line the line. Duplicates and conflicts
 * are not errors: they are listed in lx->warnings. */
an_status an_lexicon_load_text(an_lexicon **out, const char *data_dir, an_error *err);
/* The same lexicon, from the snapshot build/lexicon.bin under data_dir when it was
 * written from the sources as they are now (mapped, not parsed: milliseconds), else
 * from the text files as an_lexicon_load_text. The lexicon is read-only either way. */
an_status an_lexicon_load(an_lexicon **out, const char *data_dir, an_error *err);
/* Writes lx (loaded from text) as a snapshot to path, through a temporary file renamed
 * into place. AN_IO with err filled when it cannot be written. */
an_status an_lexicon_write_snapshot(const an_lexicon *lx, const char *path, an_error *err);
void an_lexicon_free(an_lexicon *lx);

/* The code that holds on date yyyymmdd (the later-starting one on a day two ranges share;
 * 0: the undated fallback, else the latest). */
const char *an_actor_code_on(const an_lexicon *lx, const an_actor *a, int32_t date);
/* The CAMEO code of the country with ISO alpha-3 code iso: "ROM" for "ROU", else iso. */
const char *an_lexicon_cameo_country(const an_lexicon *lx, const char *iso);
static inline const char *an_actor_name(const an_lexicon *lx, const an_actor *a)
{
    return lx->pool.items + a->name;
}

/* The index, for the matcher: the chain of aliases whose first token has this key
 * (0 when none). The postings and alias tokens are read inline (index.h). */
uint32_t an_lexicon_postings(const an_lexicon *lx, bool places, const char *key, size_t n);

/* Inflection: the prefix lengths of a folded word that may be its stem — the word
 * itself, then the word minus each ending of the language's list that leaves three
 * characters or more (German -s -es -n -en -e -er -ern -em; the Russian and Ukrainian
 * case endings of nouns, names and adjectives). Returns how many (at least 1). */
#define AN_STEM_MAX 8
size_t an_stem_lengths(const char *key, size_t n, const char *lang, size_t out[AN_STEM_MAX]);
/* The shortest of those: the stem an alias is indexed by. */
size_t an_stem_length(const char *key, size_t n, const char *lang);

/* Finds actor and place mentions in the document's article sentences (longest match,
 * inflection-tolerant), composes country adjectives with role nouns ("nordkoreanische
 * Soldaten" → PRKMIL), resolves role nouns and pronouns to earlier mentions, and
 * fills d->entities and d->mentions. */
an_status an_lexicon_match(const an_lexicon *lx, an_doc *d, int32_t date);

#endif
