/* json.c — the record (spec/record.md) as one line of JSON.
 *
 * Strings are escaped per RFC 8259; invalid UTF-8 in the input is written as U+FFFD,
 * so the output is always valid UTF-8 while offsets keep referring to input bytes. */
#include "export.h"
#include <stdio.h>

an_status an_json_string(an_buf *o, const char *p, size_t n)
{
    if (an_buf_reserve(o, n + 2)) return AN_NOMEM;
    an_buf_append(o, "\"", 1);
    const unsigned char *s = (const unsigned char *)p;
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) { i++; continue; }
        if (an_buf_append(o, p + run, i - run)) return AN_NOMEM;
        if (c >= 0x80) {
            uint32_t cp;
            size_t len = an_utf8_decode(s + i, n - i, &cp);
            char enc[4];
            size_t k = cp == 0xFFFD ? an_utf8_encode(cp, enc) : len;
            if (an_buf_append(o, cp == 0xFFFD ? enc : p + i, k)) return AN_NOMEM;
            i += len;
        } else {
            char esc[8];
            const char *e = esc;
            switch (c) {
            case '"': e = "\\\""; break;
            case '\\': e = "\\\\"; break;
            case '\n': e = "\\n"; break;
            case '\r': e = "\\r"; break;
            case '\t': e = "\\t"; break;
            default: snprintf(esc, sizeof esc, "\\u%04x", c);
            }
            if (an_buf_puts(o, e)) return AN_NOMEM;
            i++;
        }
        run = i;
    }
    if (an_buf_append(o, p + run, n - run)) return AN_NOMEM;
    return an_buf_append(o, "\"", 1);
}

an_status an_json_span_or_null(an_buf *o, an_span s)
{
    return s.n ? an_json_string(o, s.p, s.n) : an_buf_puts(o, "null");
}

static const char *const bp_kinds[] = { "related_links", "navigation", "footer", "caption",
                                        "advert", "other" };
static const char *const date_sources[] = { "none", "input", "meta", "jsonld", "text", "url" };

const char *an_boilerplate_kind_name(an_boilerplate_kind k)
{
    return (unsigned)k <= AN_BP_OTHER ? bp_kinds[k] : "other";
}

an_status an_record_write_json(const an_doc *d, const an_options *opt, an_buf *o)
{
    an_status st = AN_OK;
#define W(call) do { if ((st = (call))) return st; } while (0)
    W(an_buf_puts(o, "{\"id\":"));
    W(an_json_span_or_null(o, d->id));
    W(an_buf_puts(o, ",\"url\":"));
    W(an_json_span_or_null(o, d->url));
    W(an_buf_puts(o, ",\"site\":"));
    W(an_json_span_or_null(o, d->site));
    W(an_buf_puts(o, ",\"title\":"));
    W(an_json_span_or_null(o, d->title));
    W(an_buf_puts(o, ",\"lang\":"));
    W(an_json_span_or_null(o, d->lang));
    W(an_buf_printf(o, ",\"lang_confidence\":%.2f,\"date\":", d->lang_confidence));
    W(an_json_span_or_null(o, d->date));
    W(an_buf_printf(o, ",\"date_source\":\"%s\"", date_sources[d->date_source]));
    if (opt && opt->with_text) {
        W(an_buf_puts(o, ",\"text\":"));
        W(an_json_string(o, d->text.p, d->text.n));
    }
    W(an_buf_puts(o, ",\"sentences\":["));
    bool first = true;
    for (uint32_t i = 0; i < d->units.n; i++) {
        if (d->unit_is_boilerplate.n > i && d->unit_is_boilerplate.items[i]) continue;
        W(an_buf_printf(o, "%s{\"start\":%u,\"end\":%u}", first ? "" : ",", d->units.items[i].start,
                        d->units.items[i].end));
        first = false;
    }
    W(an_buf_puts(o, "],\"boilerplate\":["));
    for (uint32_t i = 0; i < d->boilerplate.n; i++) {
        const an_boilerplate *b = &d->boilerplate.items[i];
        W(an_buf_printf(o, "%s{\"kind\":\"%s\",\"start\":%u,\"end\":%u}", i ? "," : "",
                        an_boilerplate_kind_name(b->kind), b->start, b->end));
    }
    W(an_buf_puts(o, "],\"entities\":[],\"events\":[],\"warnings\":["));
    for (uint32_t i = 0; i < d->warnings.n; i++) {
        const an_warning *w = &d->warnings.items[i];
        W(an_buf_printf(o, "%s{\"code\":\"%s\",\"message\":", i ? "," : "", an_status_name(w->code)));
        W(an_json_string(o, w->message, strlen(w->message)));
        W(an_buf_printf(o, ",\"start\":%u}", w->start));
    }
    if (d->warnings_dropped) {
        char msg[96];
        snprintf(msg, sizeof msg, "%u further warnings not listed", d->warnings_dropped);
        W(an_buf_printf(o, "%s{\"code\":\"limit\",\"message\":", d->warnings.n ? "," : ""));
        W(an_json_string(o, msg, strlen(msg)));
        W(an_buf_puts(o, ",\"start\":null}"));
    }
    W(an_buf_puts(o, "]}\n"));
#undef W
    return AN_OK;
}
