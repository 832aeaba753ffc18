/* status.c — the status table: one X-macro in annalist.h gives names and messages. */
#include "core.h"
#include <stdarg.h>
#include <stdio.h>

static const char *const messages[] = {
#define AN_X_MSG(name, msg) msg,
    AN_STATUS_MAP(AN_X_MSG)
#undef AN_X_MSG
};

static const char *const names[] = {
#define AN_X_NAME(name, msg) #name,
    AN_STATUS_MAP(AN_X_NAME)
#undef AN_X_NAME
};

const char *an_status_message(an_status s)
{
    return (unsigned)s < AN_STATUS_COUNT ? messages[s] : "unknown status";
}

const char *an_status_name(an_status s)
{
    /* Names are lower-cased once into a static table; the table is built from
     * constants, so concurrent first calls write identical bytes. */
    static char lower[AN_STATUS_COUNT][24];
    if ((unsigned)s >= AN_STATUS_COUNT) return "unknown";
    if (!lower[s][0]) {
        const char *n = names[s];
        size_t i = 0;
        for (; n[i] && i + 1 < sizeof lower[s]; i++)
            lower[s][i] = (n[i] >= 'A' && n[i] <= 'Z') ? (char)(n[i] + 32) : n[i];
        lower[s][i] = 0;
    }
    return lower[s];
}

void an_error_set(an_error *err, an_status s, uint64_t offset, uint64_t line,
                  const char *fmt, ...)
{
    if (!err) return;
    err->status = s;
    err->offset = offset;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

uint64_t an_hash64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
