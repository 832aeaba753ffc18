/* query.c — filters over the event table, compiled to one parameterised SQL statement,
 * and the summary that `annalist run` prints. Distances use a haversine SQL function
 * registered on the connection; the actor and day filters use the events_*_day indexes. */
#include "store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>


struct an_query {
    /* an actor code filter, kept apart: the query puts it into one UNION over the
     * events_source_day and events_target_day indexes, which the planner does not find
     * from an OR of ranges (80 ms against 7 ms over 10M events) */
    char actor[64];
    int actor_side;             /* 0 none, 1 either side, 2 source, 3 target */
    char where[4096];
    char *params[AN_QUERY_MAX_TERMS];
    int n_params;
    char place[256];
    double lat, lon, km;
    bool near;
    long limit;
};

an_status an_query_new(an_query **out)
{
    an_query *q = calloc(1, sizeof *q);
    if (!q) return AN_NOMEM;
    q->km = 50;
    q->limit = 100;
    *out = q;
    return AN_OK;
}

void an_query_free(an_query *q)
{
    if (!q) return;
    for (int i = 0; i < q->n_params; i++) free(q->params[i]);
    free(q);
}

/* Adds "AND sql" with its parameters, in order (NULL ends the list). */
static an_status term4(an_query *q, const char *sql, const char *p1, const char *p2, const char *p3,
                       const char *p4)
{
    if (q->n_params + 4 > AN_QUERY_MAX_TERMS) return AN_LIMIT;
    size_t n = strlen(q->where);
    snprintf(q->where + n, sizeof q->where - n, " AND %s", sql);
    const char *ps[4] = { p1, p2, p3, p4 };
    for (int i = 0; i < 4 && ps[i]; i++) q->params[q->n_params++] = strdup(ps[i]);
    return AN_OK;
}

static an_status term(an_query *q, const char *sql, const char *p1, const char *p2)
{
    return term4(q, sql, p1, p2, NULL, NULL);
}

static bool is_date(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) return false;
    int m = (v[5] - '0') * 10 + (v[6] - '0'), d = (v[8] - '0') * 10 + (v[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool is_code(const char *v, size_t max)
{
    size_t n = strlen(v);
    if (!n || n > max) return false;
    for (size_t i = 0; i < n; i++)
        if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= '0' && v[i] <= '9'))) return false;
    return true;
}

an_status an_query_set(an_query *q, const char *name, const char *v, an_error *err)
{
    char like[300];
    snprintf(like, sizeof like, "%s%%", v);
#define BAD(msg) do { an_error_set(err, AN_USAGE, 0, 0, "--%s %s: %s", name, v, msg); return AN_USAGE; } while (0)
    if (!strcmp(name, "actor") || !strcmp(name, "source") || !strcmp(name, "target")) {
        /* a code prefix ("RUS", "PRKMIL") or words of an entity's name ("Putin") */
        bool code = is_code(v, 15);
        char named[300];
        snprintf(named, sizeof named, "%%%s%%", v);
        /* a code prefix as a range, so that the events_*_day indexes serve it */
        char upper[300];
        snprintf(upper, sizeof upper, "%s\x7f", v);
        if (code && !q->actor_side) {
            snprintf(q->actor, sizeof q->actor, "%s", v);
            q->actor_side = !strcmp(name, "actor") ? 1 : !strcmp(name, "source") ? 2 : 3;
            return AN_OK;
        }
        if (!strcmp(name, "actor") && code)
            return term4(q, "((source_code >= ? AND source_code < ?) OR (target_code >= ? AND target_code < ?))",
                         v, upper, v, upper);
        if (!strcmp(name, "actor"))
            return term(q, "(source_entity IN (SELECT id FROM entities WHERE name LIKE ?) OR"
                                  " target_entity IN (SELECT id FROM entities WHERE name LIKE ?))", named, named);
        bool src = !strcmp(name, "source");
        if (code) return term(q, src ? "source_code >= ? AND source_code < ?" : "target_code >= ? AND target_code < ?", v, upper);
        return term(q, src ? "source_entity IN (SELECT id FROM entities WHERE name LIKE ?)"
                           : "target_entity IN (SELECT id FROM entities WHERE name LIKE ?)", named, NULL);
    }
    if (!strcmp(name, "country")) {
        if (!is_code(v, 3) || strlen(v) != 3) BAD("want an ISO alpha-3 code such as RUS");
        return term(q, "(substr(source_code,1,3)=? OR substr(target_code,1,3)=?)", v, v);
    }
    if (!strcmp(name, "code")) {
        if (!is_code(v, 4) || strspn(v, "0123456789") != strlen(v)) BAD("want a CAMEO code prefix such as 19 or 057");
        return term(q, "cameo LIKE ?", like, NULL);
    }
    if (!strcmp(name, "root")) {
        if (strlen(v) != 2 || strspn(v, "0123456789") != 2) BAD("want two digits, 01 to 20");
        return term(q, "root = ?", v, NULL);
    }
    if (!strcmp(name, "quad")) {
        if (strlen(v) != 1 || v[0] < '1' || v[0] > '4') BAD("want 1, 2, 3 or 4");
        return term(q, "quad_class = ?", v, NULL);
    }
    if (!strcmp(name, "from") || !strcmp(name, "to")) {
        if (!is_date(v)) BAD("want YYYY-MM-DD");
        /* on the indexed day number (days since 1970) */
        return term(q, !strcmp(name, "from") ? "day >= CAST(julianday(?) - 2440587.5 AS INTEGER)"
                                             : "day <= CAST(julianday(?) - 2440587.5 AS INTEGER)", v, NULL);
    }
    if (!strcmp(name, "near")) {
        double lat, lon, km = q->km;
        int k = sscanf(v, "%lf,%lf,%lf", &lat, &lon, &km);
        if (k < 2 || fabs(lat) > 90 || fabs(lon) > 180 || km <= 0) BAD("want LAT,LON or LAT,LON,KM");
        q->near = true; q->lat = lat; q->lon = lon; q->km = km;
        return AN_OK;
    }
    if (!strcmp(name, "km")) {
        char *end;
        double km = strtod(v, &end);
        if (*end || km <= 0) BAD("want a positive number of kilometres");
        q->km = km;
        return AN_OK;
    }
    if (!strcmp(name, "place")) { snprintf(q->place, sizeof q->place, "%s", v); return AN_OK; }
    if (!strcmp(name, "outlet")) return term(q, "id IN (SELECT event FROM mentions WHERE site LIKE ?)", like, NULL);
    if (!strcmp(name, "text")) {
        char words[300];
        snprintf(words, sizeof words, "%%%s%%", v);
        return term(q, "id IN (SELECT event FROM mentions WHERE text LIKE ?)", words, NULL);
    }
    if (!strcmp(name, "limit")) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n <= 0) BAD("want a positive whole number");
        q->limit = n;
        return AN_OK;
    }
    an_error_set(err, AN_USAGE, 0, 0, "unknown filter --%s", name);
    return AN_USAGE;
#undef BAD
}

an_status an_out_format_parse(const char *name, an_out_format *out)
{
    if (!strcmp(name, "table")) *out = AN_OUT_TABLE;
    else if (!strcmp(name, "jsonl")) *out = AN_OUT_JSONL;
    else if (!strcmp(name, "csv")) *out = AN_OUT_CSV;
    else return AN_USAGE;
    return AN_OK;
}

static void haversine(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
    (void)argc;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(v[i]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
    double p = M_PI / 180, la1 = sqlite3_value_double(v[0]), lo1 = sqlite3_value_double(v[1]),
           la2 = sqlite3_value_double(v[2]), lo2 = sqlite3_value_double(v[3]);
    double a = pow(sin((la2 - la1) * p / 2), 2) + cos(la1 * p) * cos(la2 * p) * pow(sin((lo2 - lo1) * p / 2), 2);
    sqlite3_result_double(ctx, 12742 * asin(sqrt(a)));
}

#define AN_QUERY_COLUMNS \
    "events.id, events.date, source_code, cameo, target_code, quad_class, goldstein, location, negated," \
    " modality, reported_by, quantity, num_mentions, num_sources, num_articles," \
    " (SELECT text FROM mentions WHERE event = events.id ORDER BY id LIMIT 1)"
static const char *const columns[] = { "id", "date", "source", "cameo", "target", "quad", "goldstein",
                                       "location", "negated", "modality", "reported_by", "quantity",
                                       "mentions", "sources", "articles", "evidence" };

/* Rows are put together in a buffer and written at once: per-character stdio calls
 * took a third of a 1,000-row query's instructions. */
static void csv_field(an_buf *out, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) { an_buf_puts(out, s); return; }
    an_buf_puts(out, "\"");
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        an_buf_append(out, s, (size_t)(q - s) + 1);
        an_buf_puts(out, "\"");
    }
    an_buf_puts(out, s);
    an_buf_puts(out, "\"");
}

static void json_field(an_buf *out, const char *s)
{
    if (!s) { an_buf_puts(out, "null"); return; }
    an_buf_puts(out, "\"");
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        an_buf_append(out, run, (size_t)(s - run));
        if (c == '"' || c == '\\') { char esc[2] = { '\\', (char)c }; an_buf_append(out, esc, 2); }
        else if (c == '\n') an_buf_puts(out, "\\n");
        else an_buf_printf(out, "\\u%04x", c);
        run = s + 1;
    }
    an_buf_append(out, run, (size_t)(s - run));
    an_buf_puts(out, "\"");
}

/* The distinct codes of one side in the prefix range [lo, hi), one index seek each (a
 * skip-scan) into codes; returns how many, or -1 when there are more than
 * AN_QUERY_MAX_CODES, one is too long, or the store fails (the caller's query then
 * reports it). */
static int prefix_codes(an_store *s, const char *col, const char *lo, const char *hi,
                        char (*codes)[AN_QUERY_CODE_BYTES])
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT %s FROM events WHERE %s >= ? AND %s < ? ORDER BY %s LIMIT 1", col, col, col, col);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    char from[AN_QUERY_CODE_BYTES + 1];
    snprintf(from, sizeof from, "%s", lo);
    int n = 0, rc;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        size_t len = c ? strlen(c) : 0;
        if (!c || n == AN_QUERY_MAX_CODES || len + 1 >= AN_QUERY_CODE_BYTES) { n = -1; break; }
        memcpy(codes[n++], c, len + 1);
        /* the next code from c followed by \x01: above c, and below every code that
         * extends c (no code holds a byte below \x02) or is otherwise above it */
        memcpy(from, c, len);
        from[len] = '\x01';
        from[len + 1] = '\0';
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
    }
    if (n >= 0 && rc != SQLITE_DONE) n = -1;
    sqlite3_finalize(st);
    return n;
}

an_status an_store_query(an_store *s, const an_query *q, an_out_format f, FILE *out, an_error *err)
{
    sqlite3_create_function(s->db, "an_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, haversine, NULL, NULL);
    double lat = q->lat, lon = q->lon;
    bool near = q->near;
    if (q->place[0]) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, "SELECT lat, lon FROM events WHERE location LIKE ?1 AND lat IS NOT NULL UNION ALL"
                               " SELECT lat, lon FROM entities WHERE name LIKE ?1 AND lat IS NOT NULL LIMIT 1", -1, &st, NULL))
            return an_store_fail(s, err, "query");
        sqlite3_bind_text(st, 1, q->place, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            an_error_set(err, AN_USAGE, 0, 0, "--place %s: no stored place of that name", q->place);
            return AN_USAGE;
        }
        lat = sqlite3_column_double(st, 0);
        lon = sqlite3_column_double(st, 1);
        near = true;
        sqlite3_finalize(st);
    }
    /* Without an actor code the filters go straight onto the events table. With one, the
     * hits come from the (code, day) indexes of the side or sides asked for, and the
     * other filters apply there, so that the LIMIT applies to (day, id) pairs and only
     * the rows printed are read whole. A code prefix ("RUS") spans several codes (RUS,
     * RUSGOV, RUSMIL) and an index seeks a day range only under one code, so the
     * distinct codes of the prefix are found first, one seek each (a skip-scan). Each
     * code is then one arm that reads its days in (day, id) order, and the arms merge
     * and stop at the limit: an actor + month over 10M events reads about 2,000 index
     * entries instead of 200,000. A prefix with too many codes becomes a join of the
     * codes (a recursive CTE doing the same skip-scan) with the index, which reads every
     * hit of the range and sorts them. */
    const char *near_sql = near ? " AND an_km(lat, lon, ?, ?) <= ?" : "";
    static const char *const side_col[2] = { "source_code", "target_code" };
    int first = q->actor_side == 3 ? 1 : 0, last = q->actor_side == 2 ? 0 : 1;
    char upper[80];
    snprintf(upper, sizeof upper, "%s\x7f", q->actor);
    char codes[2][AN_QUERY_MAX_CODES][AN_QUERY_CODE_BYTES];
    int ncodes[2] = { 0, 0 };
    bool per_code = q->actor_side != 0;
    for (int side = first; per_code && side <= last; side++)
        if ((ncodes[side] = prefix_codes(s, side_col[side], q->actor, upper, codes[side])) < 0) per_code = false;
    an_buf sql = { 0 };
    bool built = true;   /* every append succeeded */
    if (!q->actor_side) {
        built &= !an_buf_printf(&sql, "SELECT " AN_QUERY_COLUMNS " FROM events WHERE 1%s%s ORDER BY day, id LIMIT %ld",
                                q->where, near_sql, q->limit);
    } else {
        if (per_code) {
            built &= !an_buf_puts(&sql, "WITH hits(day, id) AS (");
            int arms = 0;
            for (int side = first; side <= last; side++)
                for (int i = 0; i < ncodes[side]; i++)
                    built &= !an_buf_printf(&sql, "%sSELECT day, id FROM events WHERE %s = ?%s%s", arms++ ? " UNION " : "",
                                            side_col[side], q->where, near_sql);
            if (!arms) built &= !an_buf_puts(&sql, "SELECT day, id FROM events WHERE 0");
        } else {
            built &= !an_buf_puts(&sql, "WITH RECURSIVE ");
            for (int side = first; side <= last; side++) {
                const char *c = side_col[side];
                built &= !an_buf_printf(&sql, "c%d(code) AS (SELECT (SELECT %s FROM events WHERE %s >= ? AND %s < ? ORDER BY %s LIMIT 1)"
                                              " UNION ALL SELECT (SELECT %s FROM events WHERE %s > c%d.code AND %s < ? ORDER BY %s LIMIT 1)"
                                              " FROM c%d WHERE c%d.code IS NOT NULL), ",
                                        side, c, c, c, c, c, c, side, c, c, side, side);
            }
            built &= !an_buf_puts(&sql, "hits(day, id) AS (");
            for (int side = first; side <= last; side++)
                built &= !an_buf_printf(&sql, "%sSELECT e.day, e.id FROM c%d CROSS JOIN events e WHERE e.%s = c%d.code%s%s",
                                        side > first ? " UNION " : "", side, side_col[side], side, q->where, near_sql);
        }
        built &= !an_buf_printf(&sql, " ORDER BY 1, 2 LIMIT %ld) SELECT " AN_QUERY_COLUMNS
                                      " FROM hits CROSS JOIN events ON events.id = hits.id ORDER BY hits.day, hits.id", q->limit);
    }
    if (!built) { an_buf_free(&sql); return AN_NOMEM; }
    sqlite3_stmt *st;
    int prc = sqlite3_prepare_v2(s->db, sql.p, -1, &st, NULL);
    an_buf_free(&sql);
    if (prc != SQLITE_OK) return an_store_fail(s, err, "query");
    /* parameters in the order the text takes them */
    int k = 1;
    if (!per_code) {
        for (int side = first; q->actor_side && side <= last; side++) {
            sqlite3_bind_text(st, k++, q->actor, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, k++, upper, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, k++, upper, -1, SQLITE_TRANSIENT);
        }
    }
    for (int side = first; side <= (q->actor_side ? last : first); side++) {
        for (int i = 0; i < (per_code ? ncodes[side] : 1); i++) {
            if (per_code) sqlite3_bind_text(st, k++, codes[side][i], -1, SQLITE_STATIC);
            for (int j = 0; j < q->n_params; j++) sqlite3_bind_text(st, k++, q->params[j], -1, SQLITE_STATIC);
            if (near) {
                sqlite3_bind_double(st, k++, lat);
                sqlite3_bind_double(st, k++, lon);
                sqlite3_bind_double(st, k++, q->km);
            }
        }
    }
    int ncol = (int)(sizeof columns / sizeof *columns);
    if (f == AN_OUT_CSV) {
        for (int c = 0; c < ncol; c++) fprintf(out, "%s%s", c ? "," : "", columns[c]);
        fputc('\n', out);
    } else if (f == AN_OUT_TABLE) {
        fprintf(out, "%-6s %-10s %-10s %-5s %-10s %-22s %-4s %s\n", "id", "date", "source", "code", "target", "place", "srcs", "evidence");
    }
    int rc, rows = 0;
    an_buf line = { 0 };
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        const char *v[16];
        for (int c = 0; c < ncol; c++) v[c] = (const char *)sqlite3_column_text(st, c);
        if (f == AN_OUT_TABLE) {
            char ev[80];
            snprintf(ev, sizeof ev, "%s", v[15] ? v[15] : "");
            fprintf(out, "%-6s %-10.10s %-10s %-5s %-10s %-22.22s %-4s %s%s\n", v[0], v[1] ? v[1] : "-", v[2],
                    v[3], v[4] ? v[4] : "-", v[7] ? v[7] : "-", v[13], strcmp(v[8], "0") ? "[not] " : "", ev);
        } else if (f == AN_OUT_CSV) {
            line.n = 0;
            for (int c = 0; c < ncol; c++) {
                if (c) an_buf_puts(&line, ",");
                csv_field(&line, v[c]);
            }
            an_buf_puts(&line, "\n");
            if (line.p) fwrite(line.p, 1, line.n, out);
        } else {
            line.n = 0;
            for (int c = 0; c < ncol; c++) {
                an_buf_puts(&line, c ? ",\"" : "{\"");
                an_buf_puts(&line, columns[c]);
                an_buf_puts(&line, "\":");
                int ty = sqlite3_column_type(st, c);
                if (ty == SQLITE_INTEGER || ty == SQLITE_FLOAT) an_buf_puts(&line, v[c]);
                else json_field(&line, v[c]);
            }
            an_buf_puts(&line, "}\n");
            if (line.p) fwrite(line.p, 1, line.n, out);
        }
    }
    an_buf_free(&line);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return an_store_fail(s, err, "query");
    if (f == AN_OUT_TABLE) fprintf(out, "(%d events)\n", rows);
    return AN_OK;
}

static an_status top(an_store *s, an_buf *out, const char *title, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return AN_STORE;
    an_buf_printf(out, "%s:", title);
    bool any = false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        an_buf_printf(out, "%s %s (%lld)", any ? "," : "", (const char *)sqlite3_column_text(st, 0),
                      (long long)sqlite3_column_int64(st, 1));
        any = true;
    }
    an_buf_puts(out, any ? "\n" : " none\n");
    sqlite3_finalize(st);
    return AN_OK;
}

an_status an_store_summary(an_store *s, an_buf *out, an_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT story) FROM articles),"
                                  " (SELECT count(*) FROM events), (SELECT count(*) FROM mentions)", -1, &st, NULL) != SQLITE_OK)
        return an_store_fail(s, err, "summary");
    if (sqlite3_step(st) == SQLITE_ROW)
        an_buf_printf(out, "store %s: %lld articles in %lld stories, %lld events, %lld mentions\n", s->path,
                      (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 1),
                      (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3));
    sqlite3_finalize(st);
    if (top(s, out, "top actors", "SELECT code, count(*) c FROM (SELECT source_code code FROM events UNION ALL SELECT target_code FROM events WHERE target_code IS NOT NULL) GROUP BY code ORDER BY c DESC, code LIMIT 8") ||
        top(s, out, "top event types", "SELECT root || ' ' || IFNULL(plover,''), count(*) c FROM events GROUP BY root ORDER BY c DESC, root LIMIT 8") ||
        top(s, out, "top places", "SELECT location, count(*) c FROM events WHERE location IS NOT NULL GROUP BY location ORDER BY c DESC, location LIMIT 8"))
        return an_store_fail(s, err, "summary");
    return AN_OK;
}
