/* lines.c — reading the line-oriented data files under lang/ and data/. */
#include "core.h"
#include <stdio.h>
#include <stdlib.h>

an_status an_read_lines(const char *path, an_status (*line)(void *, const char *, size_t, size_t),
                        void *ctx, an_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        an_error_set(err, AN_IO, 0, 0, "%s: cannot open", path);
        return AN_IO;
    }
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t k;
    an_status st = AN_OK;
    while ((k = getline(&buf, &cap, f)) >= 0) {
        lineno++;
        size_t n = (size_t)k;
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
        st = line(ctx, buf, n, lineno);
        if (st) break;
    }
    if (!st && ferror(f)) {
        an_error_set(err, AN_IO, 0, lineno, "%s: read error", path);
        st = AN_IO;
    }
    free(buf);
    fclose(f);
    return st;
}
