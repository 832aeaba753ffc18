/* textlang.c — the per-language data the text layer needs: abbreviations that do not
 * end a sentence, words after which "N." is an ordinal, and the decimal mark. Read from
 * lang/<code>/abbrev.txt and lang/<code>/ordinal.txt; a missing file means none. */
#include "text.h"
#include <stdio.h>
#include <string.h>

struct load_ctx { an_strset *set; bool squeeze; an_buf scratch; an_status st; };

static an_status add_line(void *vctx, const char *p, size_t n, size_t lineno)
{
    (void)lineno;
    struct load_ctx *c = vctx;
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    if (i == n || p[i] == '#') return AN_OK;
    size_t e = n;
    /* a comment after the entry */
    for (size_t k = i; k + 1 < n; k++)
        if ((p[k] == ' ' || p[k] == '\t') && p[k + 1] == '#') { e = k; break; }
    while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
    c->scratch.n = 0;
    if (an_fold_append(p + i, e - i, &c->scratch)) return AN_NOMEM;
    if (c->squeeze) {   /* "z. B." is stored as "z.b." */
        size_t w = 0;
        for (size_t k = 0; k < c->scratch.n; k++)
            if (c->scratch.p[k] != ' ') c->scratch.p[w++] = c->scratch.p[k];
        c->scratch.n = w;
    }
    return an_strset_add(c->set, c->scratch.p, c->scratch.n);
}

static an_status load_set(an_strset *set, const char *dir, const char *code, const char *file,
                          bool squeeze, an_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/lang/%s/%s", dir, code, file);
    FILE *probe = fopen(path, "rb");
    if (!probe) return AN_OK;
    fclose(probe);
    struct load_ctx c = { set, squeeze, { 0 }, AN_OK };
    an_status st = an_read_lines(path, add_line, &c, err);
    an_buf_free(&c.scratch);
    return st;
}

an_status an_textlang_load(an_textlang *tl, const char *data_dir, const char *code, an_error *err)
{
    memset(tl, 0, sizeof *tl);
    snprintf(tl->code, sizeof tl->code, "%s", code);
    tl->decimal = strcmp(code, "en") == 0 ? '.' : ',';
    an_status st = load_set(&tl->abbrev, data_dir, code, "abbrev.txt", true, err);
    if (!st) st = load_set(&tl->ordinal, data_dir, code, "ordinal.txt", false, err);
    return st;
}

void an_textlang_free(an_textlang *tl)
{
    an_strset_free(&tl->abbrev);
    an_strset_free(&tl->ordinal);
}
