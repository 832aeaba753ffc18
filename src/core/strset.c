/* strset.c — a set of byte strings with open addressing, for closed word lists
 * (abbreviations, function words). Strings are stored length-prefixed in one pool. */
#include "core.h"
#include <stdlib.h>

static uint32_t slot_of(const an_strset *s, const char *p, size_t n)
{
    uint32_t i = (uint32_t)an_hash64(p, n) & s->mask;
    for (;;) {
        uint32_t o = s->slots[i];
        if (!o) return i;
        const unsigned char *e = (const unsigned char *)s->pool + o - 1;
        size_t len = (size_t)e[0] | (size_t)e[1] << 8;
        if (len == n && memcmp(e + 2, p, n) == 0) return i;
        i = (i + 1) & s->mask;
    }
}

static an_status rehash(an_strset *s, uint32_t new_cap)
{
    uint32_t *old = s->slots, old_cap = s->slots ? s->mask + 1 : 0;
    s->slots = calloc(new_cap, sizeof *s->slots);
    if (!s->slots) { s->slots = old; return AN_NOMEM; }
    s->mask = new_cap - 1;
    for (uint32_t i = 0; i < old_cap; i++) {
        if (!old[i]) continue;
        const unsigned char *e = (const unsigned char *)s->pool + old[i] - 1;
        size_t len = (size_t)e[0] | (size_t)e[1] << 8;
        s->slots[slot_of(s, (const char *)e + 2, len)] = old[i];
    }
    free(old);
    return AN_OK;
}

an_status an_strset_add(an_strset *s, const char *p, size_t n)
{
    if (n > 0xFFFF) return AN_TOO_BIG;
    if (!s->slots || (s->count + 1) * 2 > s->mask + 1) {
        if (rehash(s, s->slots ? (s->mask + 1) * 2 : 64)) return AN_NOMEM;
    }
    uint32_t i = slot_of(s, p, n);
    if (s->slots[i]) return AN_OK;
    if (s->pool_n + n + 2 > s->pool_cap) {
        size_t cap = s->pool_cap ? s->pool_cap * 2 : 1024;
        while (cap < s->pool_n + n + 2) cap *= 2;
        char *q = realloc(s->pool, cap);
        if (!q) return AN_NOMEM;
        s->pool = q;
        s->pool_cap = cap;
    }
    s->pool[s->pool_n] = (char)(n & 0xFF);
    s->pool[s->pool_n + 1] = (char)(n >> 8);
    memcpy(s->pool + s->pool_n + 2, p, n);
    s->slots[i] = (uint32_t)s->pool_n + 1;
    s->pool_n += n + 2;
    s->count++;
    return AN_OK;
}

bool an_strset_has(const an_strset *s, const char *p, size_t n)
{
    if (!s->slots) return false;
    return s->slots[slot_of(s, p, n)] != 0;
}

void an_strset_free(an_strset *s)
{
    free(s->pool);
    free(s->slots);
    memset(s, 0, sizeof *s);
}
