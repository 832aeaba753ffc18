/* core.h — internal core: the per-document arena and helpers shared by every module.
 * Included by library code only; the public API is include/annalist.h. */
#ifndef AN_CORE_H
#define AN_CORE_H

#include "annalist.h"
#include "limits.h"
#include <string.h>

/* A bump allocator of chained blocks. Everything a document owns lives here and is freed
 * at once by an_arena_reset. Allocation is 16-byte aligned. Not thread-safe. */
typedef struct an_arena_block an_arena_block;
typedef struct an_arena {
    an_arena_block *head;   /* current block; older blocks follow via ->next */
    size_t total;           /* bytes handed out since the last reset */
} an_arena;

void *an_arena_alloc(an_arena *a, size_t n);
/* Grows the allocation `p` of `old` bytes to `new` bytes, in place when it is the last
 * one, else by copying. Returns NULL when out of memory (p stays valid). */
void *an_arena_grow(an_arena *a, void *p, size_t old, size_t new_size);
char *an_arena_strdup(an_arena *a, const char *p, size_t n);
void an_arena_reset(an_arena *a);   /* keeps the first block */
void an_arena_free(an_arena *a);

/* A growable array in an arena: AN_VEC(T) has items, n and cap. */
#define AN_VEC(T) struct { T *items; uint32_t n, cap; }
/* Pushes and returns a pointer to the new zeroed slot, or NULL when out of memory. */
#define AN_VEC_PUSH(arena, v)                                                        \
    (((v)->n < (v)->cap || an_vec_grow((arena), (void **)&(v)->items, &(v)->cap,     \
                                       sizeof(*(v)->items)))                          \
         ? (memset(&(v)->items[(v)->n], 0, sizeof(*(v)->items)), &(v)->items[(v)->n++]) \
         : NULL)
int an_vec_grow(an_arena *a, void **items, uint32_t *cap, size_t size);

static inline an_span an_span_make(const char *p, size_t n) { return (an_span){ p, n }; }
static inline bool an_span_eq(an_span a, const char *s) {
    size_t n = strlen(s);
    return a.n == n && memcmp(a.p, s, n) == 0;
}

/* 64-bit FNV-1a; stable across runs and machines (used for ids and content hashes). */
uint64_t an_hash64(const void *p, size_t n);

void an_error_set(an_error *err, an_status s, uint64_t offset, uint64_t line,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A set of folded strings, for abbreviations and closed word classes. Open addressing;
 * built once, read-only afterwards. */
typedef struct an_strset {
    char *pool;
    uint32_t *slots;        /* offset+1 into pool, 0 = empty; length-prefixed strings */
    uint32_t mask, count;
    size_t pool_n, pool_cap;
} an_strset;

an_status an_strset_add(an_strset *s, const char *p, size_t n);
bool an_strset_has(const an_strset *s, const char *p, size_t n);
void an_strset_free(an_strset *s);


/* Calls line(ctx, text, len, lineno) for each line of a data file (no newline;
 * CR stripped). Returns AN_IO when the file cannot be read, else what line returns
 * first that is not AN_OK. */
an_status an_read_lines(const char *path, an_status (*line)(void *, const char *, size_t, size_t),
                        void *ctx, an_error *err);

#endif
