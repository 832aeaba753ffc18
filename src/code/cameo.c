/* cameo.c — the CAMEO code table (data/cameo.txt): Goldstein value, PLOVER event type
 * and mode per code, looked up by the longest listed prefix. QuadClass follows from
 * the root. */
#include "code.h"
#include <stdio.h>
#include <stdlib.h>

/* Is name one of the comma-separated traits? */
static bool has_trait(const char *traits, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = traits; *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == n && memcmp(p, name, n) == 0) return true;
        p += k + (e ? 1 : 0);
    }
    return false;
}

/* "-" or a comma-separated list of known traits. */
static bool known_traits(const char *traits)
{
    if (strcmp(traits, "-") == 0) return true;
    for (const char *p = traits; *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        static const char *const known[] = { "joint", "place", "own", "deny", "demand", "instrument", "reaction", "domestic", "stage", "untargeted", "authority", "addressee" };
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok |= k == strlen(known[i]) && memcmp(p, known[i], k) == 0;
        if (!ok) return false;
        p += k + (e ? 1 : 0);
    }
    return true;
}

static an_status cameo_line(void *ctx, const char *p, size_t n, size_t lineno)
{
    an_cameo_table *t = ctx;
    if (!n || p[0] == '#') return AN_OK;
    char code[5], gold[16], ev[16], mode[24], traits[32];
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)(n < 255 ? n : 255), p);
    if (sscanf(line, "%4s %15s %15s %23s %31s", code, gold, ev, mode, traits) != 5 || t->n >= AN_CAMEO_MAX ||
        !known_traits(traits)) {
        an_error_set(t->err, AN_BAD_DICT, 0, lineno, "data/cameo.txt:%zu: want: code goldstein plover mode traits name", lineno);
        return AN_BAD_DICT;
    }
    an_cameo_info *c = &t->items[t->n++];
    snprintf(c->code, sizeof c->code, "%s", code);
    c->goldstein = strtod(gold, NULL);
    snprintf(c->plover, sizeof c->plover, "%s", strcmp(ev, "-") ? ev : "");
    snprintf(c->mode, sizeof c->mode, "%s", strcmp(mode, "-") ? mode : "");
    c->joint = has_trait(traits, "joint");
    c->place_target = has_trait(traits, "place");
    c->own_place = has_trait(traits, "own");
    c->instrument = has_trait(traits, "instrument");
    c->reaction = has_trait(traits, "reaction");
    c->domestic = has_trait(traits, "domestic");
    c->stage = has_trait(traits, "stage");
    c->untargeted = has_trait(traits, "untargeted");
    c->authority = has_trait(traits, "authority");
    c->addressee = has_trait(traits, "addressee");
    c->frame = has_trait(traits, "deny") ? AN_MOD_DENIED : has_trait(traits, "demand") ? AN_MOD_DEMANDED : AN_MOD_ASSERTED;
    return AN_OK;
}

an_status an_cameo_load(an_cameo_table *t, const char *data_dir, an_error *err)
{
    memset(t, 0, sizeof *t);
    t->err = err;
    char path[4200];
    snprintf(path, sizeof path, "%s/data/cameo.txt", data_dir);
    return an_read_lines(path, cameo_line, t, err);
}

const an_cameo_info *an_cameo_lookup(const an_cameo_table *t, const char *code)
{
    const an_cameo_info *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < t->n; i++) {
        size_t k = strlen(t->items[i].code);
        if (k > best_n && strncmp(code, t->items[i].code, k) == 0) { best = &t->items[i]; best_n = k; }
    }
    return best;
}

int an_cameo_quad(const char *code)
{
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}
