/* buf.c — owned, growable byte buffers (an_buf). Capacity doubles, so appends are
 * amortised O(1). */
#include "core.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

an_status an_buf_reserve(an_buf *b, size_t extra)
{
    if (b->cap - b->n > extra) return AN_OK;
    size_t want = b->n + extra + 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < want) {
        if (cap > SIZE_MAX / 2) return AN_NOMEM;
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) return AN_NOMEM;
    b->p = p;
    b->cap = cap;
    return AN_OK;
}

an_status an_buf_append(an_buf *b, const void *p, size_t n)
{
    if (an_buf_reserve(b, n)) return AN_NOMEM;
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = 0;
    return AN_OK;
}

an_status an_buf_puts(an_buf *b, const char *s) { return an_buf_append(b, s, strlen(s)); }

an_status an_buf_printf(an_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) return AN_USAGE;
    if ((size_t)k < sizeof small) return an_buf_append(b, small, (size_t)k);
    if (an_buf_reserve(b, (size_t)k)) return AN_NOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
    return AN_OK;
}

void an_buf_free(an_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}
