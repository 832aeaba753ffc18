/* json.c — the record (spec/record.md) as one line of JSON.
 *
 * Strings are escaped per RFC 8259; invalid UTF-8 in the input is written as U+FFFD,
 * so the output is always valid UTF-8 while offsets keep referring to input bytes. */
#include "export.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

static const char *const date_sources[] = { "none", "input", "meta", "jsonld", "text", "url" };


static const char *const entity_types[] = { "person", "organization", "country", "region",
                                           "place", "group", "group" };

static an_status str_or_null(an_buf *o, const char *s)
{
    return s && *s ? an_json_string(o, s, strlen(s)) : an_buf_puts(o, "null");
}

static an_status write_entities(const an_doc *d, an_buf *o)
{
    /* the mentions grouped by entity in text order (a counting sort), so that a text
     * naming thousands of entities is written in time linear in its mentions */
    uint32_t *first = calloc((size_t)d->entities.n + 1, sizeof *first);
    uint32_t *order = malloc(((size_t)d->mentions.n + 1) * sizeof *order);
    if (!first || !order) { free(first); free(order); return AN_NOMEM; }
    for (uint32_t k = 0; k < d->mentions.n; k++)
        if (d->mentions.items[k].entity < d->entities.n) first[d->mentions.items[k].entity + 1]++;
    for (uint32_t i = 0; i < d->entities.n; i++) first[i + 1] += first[i];
    uint32_t *fill = calloc((size_t)d->entities.n + 1, sizeof *fill);
    if (!fill) { free(first); free(order); return AN_NOMEM; }
    for (uint32_t k = 0; k < d->mentions.n; k++) {
        uint32_t e = d->mentions.items[k].entity;
        if (e < d->entities.n) order[first[e] + fill[e]++] = k;
    }
    free(fill);
    an_status st = AN_OK;
    for (uint32_t i = 0; i < d->entities.n && !st; i++) {
        const an_entity *e = &d->entities.items[i];
        if ((st = an_buf_printf(o, "%s{\"id\":\"E%u\",\"type\":\"%s\",\"name\":", i ? "," : "", i + 1,
                                entity_types[e->type < 7 ? e->type : 6])) ||
            (st = str_or_null(o, e->name)) || (st = an_buf_puts(o, ",\"code\":")) ||
            (st = str_or_null(o, e->code)) || (st = an_buf_puts(o, ",\"country\":")) ||
            (st = str_or_null(o, e->country)) || (st = an_buf_puts(o, ",\"wikidata\":")) ||
            (st = str_or_null(o, e->wikidata)))
            break;
        if (e->geonames) st = an_buf_printf(o, ",\"geonames\":%u", e->geonames);
        else st = an_buf_puts(o, ",\"geonames\":null");
        if (st) break;
        if (!isnan(e->lat)) st = an_buf_printf(o, ",\"lat\":%.4f,\"lon\":%.4f", e->lat, e->lon);
        else st = an_buf_puts(o, ",\"lat\":null,\"lon\":null");
        if (st || (st = an_buf_puts(o, ",\"mentions\":["))) break;
        for (uint32_t j = first[i]; j < first[i + 1] && !st; j++) {
            const an_mention *m = &d->mentions.items[order[j]];
            if (!(st = an_buf_printf(o, "%s{\"start\":%u,\"end\":%u,\"text\":", j > first[i] ? "," : "", m->start, m->end)) &&
                !(st = an_json_string(o, d->text.p + m->start, m->end - m->start)))
                st = an_buf_puts(o, "}");
        }
        if (!st) st = an_buf_puts(o, "]}");
    }
    free(first);
    free(order);
    return st;
}

static an_status actor_ref(const an_doc *d, an_buf *o, uint32_t entity, uint32_t mention)
{
    if (entity == UINT32_MAX) return an_buf_puts(o, "null");
    const an_entity *e = &d->entities.items[entity];
    an_status st;
    if ((st = an_buf_puts(o, "{\"code\":")) || (st = str_or_null(o, e->code)) ||
        (st = an_buf_printf(o, ",\"entity\":\"E%u\",\"text\":", entity + 1)))
        return st;
    if (mention == UINT32_MAX) st = an_buf_puts(o, "null");
    else {
        const an_mention *m = &d->mentions.items[mention];
        st = an_json_string(o, d->text.p + m->start, m->end - m->start);
    }
    return st ? st : an_buf_puts(o, "}");
}

static const char *const modalities[] = { "asserted", "reported", "hypothetical", "intended",
                                          "demanded", "denied" };
static const char *const precisions[] = { "day", "week", "month", "year", "article" };

static an_status write_events(const an_doc *d, an_buf *o)
{
    an_status st = AN_OK;
#define W(call) do { if ((st = (call))) return st; } while (0)
    for (uint32_t i = 0; i < d->events.n; i++) {
        const an_event *e = &d->events.items[i];
        W(an_buf_printf(o, "%s{\"id\":\"V%u\",\"cameo\":\"%s\",\"root\":\"%.2s\",\"quad_class\":%u,\"goldstein\":%.1f,\"plover\":{\"event\":",
                        i ? "," : "", i + 1, e->cameo, e->cameo, e->quad_class, e->goldstein));
        W(str_or_null(o, e->plover));
        W(an_buf_puts(o, ",\"mode\":"));
        W(str_or_null(o, e->plover_mode));
        W(an_buf_puts(o, "},\"source\":"));
        W(actor_ref(d, o, e->source, e->source_mention));
        W(an_buf_puts(o, ",\"target\":"));
        W(actor_ref(d, o, e->target, e->target_mention));
        W(an_buf_puts(o, ",\"date\":{\"value\":"));
        if (e->date[0]) W(an_json_string(o, e->date, strlen(e->date)));
        else W(an_json_span_or_null(o, d->date));
        W(an_buf_printf(o, ",\"precision\":\"%s\",\"text\":", precisions[e->date_precision < 5 ? e->date_precision : 4]));
        if (e->date_end > e->date_start) W(an_json_string(o, d->text.p + e->date_start, e->date_end - e->date_start));
        else W(an_buf_puts(o, "null"));
        W(an_buf_puts(o, "},\"location\":"));
        if (e->location == UINT32_MAX) W(an_buf_puts(o, "null"));
        else {
            const an_entity *l = &d->entities.items[e->location];
            W(an_buf_puts(o, "{\"name\":"));
            W(str_or_null(o, l->name));
            if (l->geonames) W(an_buf_printf(o, ",\"geonames\":%u", l->geonames));
            else W(an_buf_puts(o, ",\"geonames\":null"));
            if (!isnan(l->lat)) W(an_buf_printf(o, ",\"lat\":%.4f,\"lon\":%.4f", l->lat, l->lon));
            else W(an_buf_puts(o, ",\"lat\":null,\"lon\":null"));
            W(an_buf_puts(o, ",\"country\":"));
            W(str_or_null(o, l->country));
            W(an_buf_puts(o, ",\"admin1\":null}"));
        }
        W(an_buf_printf(o, ",\"negated\":%s,\"modality\":\"%s\",\"reported_by\":", e->negated ? "true" : "false",
                        modalities[e->modality < 6 ? e->modality : 0]));
        W(actor_ref(d, o, e->reported_by, UINT32_MAX));
        W(an_buf_puts(o, ",\"quantity\":"));
        if (isnan(e->quantity)) W(an_buf_puts(o, "null"));
        else W(an_buf_printf(o, "{\"value\":%.0f,\"unit\":\"%s\"}", e->quantity, e->quantity_unit ? e->quantity_unit : "people"));
        W(an_buf_puts(o, ",\"evidence\":["));
        for (uint32_t k = 0; k < e->n_evidence; k++) {
            const an_evidence *v = &e->evidence[k];
            W(an_buf_printf(o, "%s{\"sentence\":%u,\"start\":%u,\"end\":%u,\"text\":", k ? "," : "", v->sentence, v->start, v->end));
            W(an_json_string(o, d->text.p + v->start, v->end - v->start));
            if (v->rule_line) W(an_buf_printf(o, ",\"rule\":\"lang/%.2s/verbs.txt:%u\"}", d->lang.p, v->rule_line));
            else W(an_buf_puts(o, ",\"rule\":\"tabari\"}"));
        }
        W(an_buf_puts(o, "]}"));
    }
#undef W
    return AN_OK;
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
    W(an_buf_puts(o, "],\"entities\":["));
    W(write_entities(d, o));
    W(an_buf_puts(o, "],\"events\":["));
    W(write_events(d, o));
    W(an_buf_puts(o, "],\"warnings\":["));
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
