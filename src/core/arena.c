/* arena.c — the per-document bump allocator.
 *
 * Blocks grow geometrically (64 KiB, doubling, at least the request), so a document of
 * n bytes costs O(log n) mallocs. Reset keeps the first block: the next document of
 * ordinary size allocates nothing. */
#include "core.h"
#include <stdlib.h>

struct an_arena_block {
    an_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

#define AN_ARENA_FIRST (64u << 10)

static size_t align16(size_t n) { return (n + 15) & ~(size_t)15; }

void *an_arena_alloc(an_arena *a, size_t n)
{
    n = align16(n ? n : 1);
    an_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = b ? b->size * 2 : AN_ARENA_FIRST;
        if (size < n) size = align16(n);
        an_arena_block *nb = malloc(sizeof *nb + size);
        if (!nb) return NULL;
        nb->next = b;
        nb->size = size;
        nb->used = 0;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

void *an_arena_grow(an_arena *a, void *p, size_t old, size_t new_size)
{
    an_arena_block *b = a->head;
    size_t o = align16(old ? old : 1), nn = align16(new_size);
    if (p && b && (unsigned char *)p + o == b->data + b->used && b->size - b->used + o >= nn) {
        b->used += nn - o;
        a->total += nn - o;
        return p;
    }
    void *q = an_arena_alloc(a, new_size);
    if (q && p && old) memcpy(q, p, old);
    return q;
}

char *an_arena_strdup(an_arena *a, const char *p, size_t n)
{
    char *q = an_arena_alloc(a, n + 1);
    if (!q) return NULL;
    if (n) memcpy(q, p, n);
    q[n] = 0;
    return q;
}

int an_vec_grow(an_arena *a, void **items, uint32_t *cap, size_t size)
{
    uint32_t nc = *cap ? *cap * 2 : 16;
    if (nc < *cap) return 0;
    void *p = an_arena_grow(a, *items, (size_t)*cap * size, (size_t)nc * size);
    if (!p) return 0;
    *items = p;
    *cap = nc;
    return 1;
}

void an_arena_reset(an_arena *a)
{
    an_arena_block *b = a->head;
    if (!b) return;
    while (b->next) {
        an_arena_block *next = b->next;
        free(b);
        b = next;
    }
    /* b is now the first (smallest) block */
    b->used = 0;
    a->head = b;
    a->total = 0;
}

void an_arena_free(an_arena *a)
{
    an_arena_block *b = a->head;
    while (b) {
        an_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}
