/* view.c — human-readable renderings of a document, one unit per line: what a
 * newcomer reads on a terminal and what the golden tests compare. The events view is one
 * line per event: source, CAMEO code, target, then its context and its sentence. Text is shown with
 * line breaks as "⏎" so that one unit stays on one line. */
#include "export.h"
#include <math.h>

an_status an_view_parse(const char *name, an_view *out)
{
    static const char *const names[] = { "sentences", "tokens", "boilerplate", "events" };
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0) { *out = (an_view)i; return AN_OK; }
    return AN_USAGE;
}

static an_status put_text(an_buf *o, const char *p, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n' && p[i] != '\r') continue;
        if (an_buf_append(o, p + run, i - run)) return AN_NOMEM;
        if (p[i] == '\n' && an_buf_puts(o, "\xE2\x8F\x8E")) return AN_NOMEM;
        run = i + 1;
    }
    return an_buf_append(o, p + run, n - run);
}

an_status an_view_write(const an_doc *d, an_view v, an_buf *o)
{
    const char *t = d->text.p;
    if (v == AN_VIEW_SENTENCES) {
        for (uint32_t i = 0; i < d->units.n; i++) {
            const an_sentence *s = &d->units.items[i];
            bool bp = d->unit_is_boilerplate.n > i && d->unit_is_boilerplate.items[i];
            if (an_buf_printf(o, "%s", bp ? "[boilerplate] " : "")) return AN_NOMEM;
            if (put_text(o, t + s->start, s->end - s->start) || an_buf_puts(o, "\n")) return AN_NOMEM;
        }
    } else if (v == AN_VIEW_TOKENS) {
        for (uint32_t i = 0; i < d->units.n; i++) {
            const an_sentence *s = &d->units.items[i];
            for (uint32_t k = 0; k < s->n_tokens; k++) {
                const an_token *tk = &d->tokens.items[s->first_token + k];
                if (k && an_buf_puts(o, " ")) return AN_NOMEM;
                if (an_buf_append(o, t + tk->start, tk->end - tk->start)) return AN_NOMEM;
                if (tk->kind == AN_TOK_NUMBER && an_buf_printf(o, "=%g", tk->number)) return AN_NOMEM;
            }
            if (an_buf_puts(o, "\n")) return AN_NOMEM;
        }
    } else if (v == AN_VIEW_EVENTS) {
        static const char *const mods[] = { "asserted", "reported", "hypothetical", "intended", "demanded", "denied" };
        for (uint32_t i = 0; i < d->events.n; i++) {
            const an_event *e = &d->events.items[i];
            const char *tgt = e->target == UINT32_MAX ? "-" : d->entities.items[e->target].code;
            if (an_buf_printf(o, "%s %s %s", d->entities.items[e->source].code, e->cameo, tgt[0] ? tgt : "-") ||
                (e->negated && an_buf_puts(o, " negated")) ||
                (e->modality && an_buf_printf(o, " %s", mods[e->modality < 6 ? e->modality : 0])) ||
                (e->reported_by != UINT32_MAX && an_buf_printf(o, " by=%s", d->entities.items[e->reported_by].code)) ||
                (!isnan(e->quantity) && an_buf_printf(o, " qty=%g:%s", e->quantity, e->quantity_unit)) ||
                (e->location != UINT32_MAX && an_buf_printf(o, " at=%s", d->entities.items[e->location].name)) ||
                (e->date[0] && an_buf_printf(o, " on=%s", e->date)) || an_buf_puts(o, " | "))
                return AN_NOMEM;
            const an_sentence *s = &d->units.items[e->sentence];
            if (put_text(o, t + s->start, s->end - s->start) || an_buf_puts(o, "\n")) return AN_NOMEM;
        }
    } else {
        for (uint32_t i = 0; i < d->boilerplate.n; i++) {
            const an_boilerplate *b = &d->boilerplate.items[i];
            if (an_buf_printf(o, "%s %u %u ", an_boilerplate_kind_name(b->kind), b->start, b->end))
                return AN_NOMEM;
            if (put_text(o, t + b->start, b->end - b->start) || an_buf_puts(o, "\n")) return AN_NOMEM;
        }
    }
    return AN_OK;
}
