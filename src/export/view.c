/* view.c — human-readable renderings of a document, one unit per line: what a
 * newcomer reads on a terminal and what the golden tests compare. Text is shown with
 * line breaks as "⏎" so that one unit stays on one line. */
#include "export.h"

an_status an_view_parse(const char *name, an_view *out)
{
    static const char *const names[] = { "sentences", "tokens", "boilerplate" };
    for (int i = 0; i < 3; i++)
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
