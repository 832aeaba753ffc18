/* snapshot.c — the lexicon compiled to one file (build/lexicon.bin, written by `make`
 * through tools/lexicon_check.c) and mapped at load instead of parsed.
 *
 * Parsing the text files means tokenizing, folding and hashing 720,000 aliases (about a
 * second). Everything the matcher reads is already plain arrays addressed by offsets
 * (actors, codes, aliases, the string pool, both alias indexes, the word sets), so the
 * snapshot is those arrays back to back behind a header, and loading is an mmap and a
 * check of the header: every section lies inside the file and has whole elements, the
 * hash tables have the size their masks say, the pool ends with a NUL. Pages are read on
 * first use, and processes share them. The header also carries a version, the sizes of
 * the structs and the byte order, so a snapshot from another build is refused, and the
 * stamp of the source files (name, size, mtime), so a stale one is refused; then the text
 * is loaded as before. The offsets inside the arrays are trusted: the file is our own
 * build's output, like an object file. */
#include "index.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAP_MAGIC "annalist-lexicon"
#define SNAP_VERSION 13u  /* 8: an_actor.gazetteer; 9: AN_ALIAS_NAME; 10: possessives; 11: anaphors; 12: posts; 13: an_actor.irregular, irregular roles */
#define SNAP_ORDER 0x01020304u

enum { S_ACTORS, S_CODES, S_ALIASES, S_POOL, S_TOKS,
       S_IX_ALIAS, S_IX_NEXT, S_IX_SLOTS, S_IX_KEY, S_IX_LEN, S_IX_SECOND,
       S_PL_ALIAS, S_PL_NEXT, S_PL_SLOTS, S_PL_KEY, S_PL_LEN, S_PL_SECOND,
       S_SETS,                              /* then a pool and a slot array per word set */
       S_COUNT = S_SETS + 2 * AN_LEXICON_SETS };

typedef struct snap_header {
    char magic[16];
    uint32_t version, order, n_sections, sizes[5];
    uint64_t stamp, file_bytes;
    uint32_t mask[2], used[2];          /* the alias index, the place index */
    uint32_t set_mask[AN_LEXICON_SETS], set_count[AN_LEXICON_SETS];   /* an_lexicon_sets order */
    struct { uint64_t off, bytes; } sec[S_COUNT];
} snap_header;

static const uint32_t struct_sizes[5] = { sizeof(an_actor), sizeof(an_actor_code), sizeof(an_alias),
                                          sizeof(alias_tok), sizeof(snap_header) };

/* ---- writing ---- */

typedef struct section { const void *p; uint64_t bytes; } section;

static void sections_of(const an_lexicon *lx, section s[S_COUNT])
{
    const lx_index *ix[2] = { lx->index, lx->places };
    s[S_ACTORS] = (section){ lx->actors.items, (uint64_t)lx->actors.n * sizeof(an_actor) };
    s[S_CODES] = (section){ lx->codes.items, (uint64_t)lx->codes.n * sizeof(an_actor_code) };
    s[S_ALIASES] = (section){ lx->aliases.items, (uint64_t)lx->aliases.n * sizeof(an_alias) };
    s[S_POOL] = (section){ lx->pool.items, lx->pool.n };
    s[S_TOKS] = (section){ ix[0]->toks.items, (uint64_t)ix[0]->toks.n * sizeof(alias_tok) };
    for (int k = 0; k < 2; k++) {
        const lx_index *x = ix[k];
        uint64_t slots = x->slots ? (uint64_t)x->mask + 1 : 0;
        int b = k ? S_PL_ALIAS : S_IX_ALIAS;
        s[b] = (section){ x->post_alias.items, (uint64_t)x->post_alias.n * 4 };
        s[b + 1] = (section){ x->post_next.items, (uint64_t)x->post_next.n * 4 };
        s[b + 2] = (section){ x->slots, slots * 4 };
        s[b + 3] = (section){ x->slot_key, slots * 4 };
        s[b + 4] = (section){ x->slot_len, slots * 2 };
        s[b + 5] = (section){ x->post_second.items, x->post_second.n };
    }
    an_strset *sets[AN_LEXICON_SETS];
    an_lexicon_sets((an_lexicon *)lx, sets);
    for (int k = 0; k < AN_LEXICON_SETS; k++) {
        s[S_SETS + 2 * k] = (section){ sets[k]->pool, sets[k]->pool_n };
        s[S_SETS + 2 * k + 1] = (section){ sets[k]->slots, sets[k]->slots ? ((uint64_t)sets[k]->mask + 1) * 4 : 0 };
    }
}

an_status an_lexicon_write_snapshot(const an_lexicon *lx, const char *path, an_error *err)
{
    if (lx->map) {
        an_error_set(err, AN_USAGE, 0, 0, "%s: a snapshot is written from a lexicon loaded from text", path);
        return AN_USAGE;
    }
    section s[S_COUNT];
    sections_of(lx, s);
    snap_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, SNAP_MAGIC, sizeof h.magic);
    h.version = SNAP_VERSION;
    h.order = SNAP_ORDER;
    h.n_sections = S_COUNT;
    memcpy(h.sizes, struct_sizes, sizeof h.sizes);
    h.stamp = lx->stamp;
    const lx_index *ix[2] = { lx->index, lx->places };
    for (int k = 0; k < 2; k++) { h.mask[k] = ix[k]->slots ? ix[k]->mask : 0; h.used[k] = ix[k]->used; }
    an_strset *sets[AN_LEXICON_SETS];
    an_lexicon_sets((an_lexicon *)lx, sets);
    for (int k = 0; k < AN_LEXICON_SETS; k++) { h.set_mask[k] = sets[k]->slots ? sets[k]->mask : 0; h.set_count[k] = sets[k]->count; }
    uint64_t off = (sizeof h + 7) & ~(uint64_t)7;
    for (int k = 0; k < S_COUNT; k++) {
        h.sec[k].off = off;
        h.sec[k].bytes = s[k].bytes;
        off = (off + s[k].bytes + 7) & ~(uint64_t)7;
    }
    h.file_bytes = off;

    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) goto fail;
    static const char zeros[8];
    bool ok = fwrite(&h, sizeof h, 1, f) == 1 && fwrite(zeros, 1, h.sec[0].off - sizeof h, f) == h.sec[0].off - sizeof h;
    for (int k = 0; ok && k < S_COUNT; k++) {
        uint64_t pad = ((h.sec[k].bytes + 7) & ~(uint64_t)7) - h.sec[k].bytes;
        ok = (!s[k].bytes || fwrite(s[k].p, 1, s[k].bytes, f) == s[k].bytes) && fwrite(zeros, 1, pad, f) == pad;
    }
    if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
        unlink(tmp);
        goto fail;
    }
    return AN_OK;
fail:
    an_error_set(err, AN_IO, 0, 0, "%s: cannot write the lexicon snapshot", path);
    return AN_IO;
}

/* ---- mapping ---- */

static bool section_ok(const snap_header *h, int k, uint64_t elem)
{
    return h->sec[k].off % 8 == 0 && h->sec[k].off >= sizeof *h && h->sec[k].off <= h->file_bytes &&
           h->sec[k].bytes <= h->file_bytes - h->sec[k].off && h->sec[k].bytes % elem == 0 &&
           h->sec[k].bytes / elem <= UINT32_MAX;
}

/* A hash table's three arrays have mask + 1 entries (none when empty). */
static bool table_ok(const snap_header *h, int slots, uint32_t mask, int n_arrays)
{
    uint64_t n = h->sec[slots].bytes / 4;
    if (n && (n & (n - 1))) return false;
    if (n && n - 1 != mask) return false;
    return n_arrays == 1 || (h->sec[slots + 1].bytes / 4 == n && h->sec[slots + 2].bytes / 2 == n);
}

an_status an_lexicon_snapshot_open(an_lexicon **out, const char *data_dir, uint64_t stamp)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/build/lexicon.bin", data_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return AN_NOT_FOUND;
    struct stat st;
    void *map = MAP_FAILED;
    if (fstat(fd, &st) == 0 && (uint64_t)st.st_size >= sizeof(snap_header))
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return AN_NOT_FOUND;
    const snap_header *h = map;
    const char *base = map;
    bool ok = memcmp(h->magic, SNAP_MAGIC, sizeof h->magic) == 0 && h->version == SNAP_VERSION &&
              h->order == SNAP_ORDER && h->n_sections == S_COUNT &&
              memcmp(h->sizes, struct_sizes, sizeof h->sizes) == 0 && h->stamp == stamp &&
              h->file_bytes == (uint64_t)st.st_size;
    uint64_t elem[S_COUNT] = { sizeof(an_actor), sizeof(an_actor_code), sizeof(an_alias), 1,
                               sizeof(alias_tok), 4, 4, 4, 4, 2, 1, 4, 4, 4, 4, 2, 1 };
    for (int k = S_SETS; k < S_COUNT; k++) elem[k] = (k - S_SETS) % 2 ? 4 : 1;   /* pool bytes, slots */
    for (int k = 0; ok && k < S_COUNT; k++) ok = section_ok(h, k, elem[k]);
    ok = ok && table_ok(h, S_IX_SLOTS, h->mask[0], 3) && table_ok(h, S_PL_SLOTS, h->mask[1], 3);
    for (int k = 0; ok && k < AN_LEXICON_SETS; k++) ok = table_ok(h, S_SETS + 2 * k + 1, h->set_mask[k], 1);
    ok = ok && h->sec[S_POOL].bytes && base[h->sec[S_POOL].off + h->sec[S_POOL].bytes - 1] == 0;
    for (int b = S_IX_ALIAS; ok && b <= S_PL_ALIAS; b += S_PL_ALIAS - S_IX_ALIAS)   /* one posting, three arrays */
        ok = h->sec[b + 1].bytes == h->sec[b].bytes && h->sec[b + 5].bytes == h->sec[b].bytes / 4;
    an_lexicon *lx = ok ? calloc(1, sizeof *lx) : NULL;
    lx_index *ix = lx ? calloc(1, sizeof *ix) : NULL, *pl = ix ? calloc(1, sizeof *pl) : NULL;
    if (!pl) {
        free(ix);
        free(lx);
        munmap(map, (size_t)st.st_size);
        return AN_NOT_FOUND;
    }
#define AT(k) ((void *)(base + h->sec[k].off))
#define COUNT(k) ((uint32_t)(h->sec[k].bytes / elem[k]))
#define MAPVEC(v, k) ((v).items = AT(k), (v).n = (v).cap = COUNT(k))
    MAPVEC(lx->actors, S_ACTORS);
    MAPVEC(lx->codes, S_CODES);
    MAPVEC(lx->aliases, S_ALIASES);
    MAPVEC(lx->pool, S_POOL);
    MAPVEC(ix->toks, S_TOKS);
    lx_index *both[2] = { ix, pl };
    for (int k = 0; k < 2; k++) {
        int b = k ? S_PL_ALIAS : S_IX_ALIAS;
        MAPVEC(both[k]->post_alias, b);
        MAPVEC(both[k]->post_next, b + 1);
        MAPVEC(both[k]->post_second, b + 5);
        if (h->sec[b + 2].bytes) {
            both[k]->slots = AT(b + 2);
            both[k]->slot_key = AT(b + 3);
            both[k]->slot_len = AT(b + 4);
            both[k]->mask = h->mask[k];
        }
        both[k]->used = h->used[k];
    }
    an_strset *sets[AN_LEXICON_SETS];
    an_lexicon_sets(lx, sets);
    for (int k = 0; k < AN_LEXICON_SETS; k++) {
        sets[k]->pool = AT(S_SETS + 2 * k);
        sets[k]->pool_n = sets[k]->pool_cap = h->sec[S_SETS + 2 * k].bytes;
        if (h->sec[S_SETS + 2 * k + 1].bytes) {
            sets[k]->slots = AT(S_SETS + 2 * k + 1);
            sets[k]->mask = h->set_mask[k];
        }
        sets[k]->count = h->set_count[k];
    }
#undef MAPVEC
#undef COUNT
#undef AT
    lx->index = ix;
    lx->places = pl;
    lx->stamp = stamp;
    lx->map = map;
    lx->map_bytes = (size_t)st.st_size;
    *out = lx;
    return AN_OK;
}
