/* index.h — the alias index inside the lexicon, shared by the loader (lexicon.c) and
 * the snapshot (snapshot.c). Plain arrays and pool offsets, no pointers between them,
 * so that a snapshot can be mapped from disk as it is. */
#ifndef AN_LEXICON_INDEX_H
#define AN_LEXICON_INDEX_H

#include "lexicon.h"

/* One token of an alias: its folded key in the pool, and the length of its stem. */
typedef struct alias_tok { uint32_t off; uint16_t len, stem; } alias_tok;

struct lx_index {
    AN_VEC(alias_tok) toks;     /* the tokens of every alias (lx->index only) */
    AN_VEC(uint32_t) post_alias;
    AN_VEC(uint32_t) post_next;
    /* per posting, the first byte of its alias's second token (0: a one-token alias).
     * A second token matches only a word that begins with the same byte, so the matcher
     * passes over most of a long chain ("The …", "North …", "New …") on this byte. */
    AN_VEC(uint8_t) post_second;
    uint32_t *slots;            /* posting index + 1 of the chain head, keyed by string */
    uint32_t *slot_key;         /* pool offset of the key string */
    uint16_t *slot_len;
    uint32_t mask, used;
};
typedef struct lx_index lx_index;

/* A number that changes when any file the text loader reads changes (name, size,
 * modification time), or when one appears or goes. */
uint64_t an_lexicon_sources_stamp(const char *data_dir);

/* The snapshot at data_dir/build/lexicon.bin, when it exists, is whole, and was written
 * from sources with this stamp; AN_NOT_FOUND otherwise (the caller loads the text). */
an_status an_lexicon_snapshot_open(an_lexicon **out, const char *data_dir, uint64_t stamp);

/* The matcher's accessors, inline: they run once per posting. */
static inline void lx_posting(const lx_index *ix, uint32_t p, uint32_t *alias, uint32_t *next, unsigned char *second)
{
    *alias = ix->post_alias.items[p - 1];
    *next = ix->post_next.items[p - 1];
    *second = ix->post_second.items[p - 1];
}

static inline const alias_tok *lx_alias_tok(const an_lexicon *lx, uint32_t i) { return &lx->index->toks.items[i]; }

#endif
