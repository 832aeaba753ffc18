/* tables.c — exports of the store for the tools analysts already use:
 *  gdelt  — GDELT 2.0 event rows (61 tab-separated columns in GDELT's order) and
 *           mention rows (16 columns); fields annalist lacks stay empty;
 *  plover — PLOVER JSON Lines: actor and recipient, event type and mode, context,
 *           event_loc and text_info;
 *  csv    — one flat row per event for spreadsheets and pandas. */
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>

static const char event_sql[] =
    "SELECT e.id, e.date, e.source_code, s.name, s.country, e.target_code, t.name, t.country,"
    " e.cameo, e.root, e.quad_class, e.goldstein, e.num_mentions, e.num_sources, e.num_articles,"
    " e.location, e.country, e.lat, e.lon, e.geonames, e.plover, e.plover_mode, e.negated, e.modality,"
    " e.reported_by, e.quantity, e.quantity_unit, e.date_precision,"
    " (SELECT a.url FROM articles a WHERE a.id=e.first_article),"
    " (SELECT text FROM mentions m WHERE m.event=e.id ORDER BY m.id LIMIT 1),"
    " (SELECT a.date FROM articles a WHERE a.id=e.first_article),"
    " (SELECT a.site FROM articles a WHERE a.id=e.first_article),"
    " (SELECT a.doc_id FROM articles a WHERE a.id=e.first_article)"
    " FROM events e LEFT JOIN entities s ON s.id=e.source_entity LEFT JOIN entities t ON t.id=e.target_entity"
    " ORDER BY e.id";

enum { C_ID, C_DATE, C_SCODE, C_SNAME, C_SCOUNTRY, C_TCODE, C_TNAME, C_TCOUNTRY, C_CAMEO, C_ROOT,
       C_QUAD, C_GOLD, C_NMENT, C_NSRC, C_NART, C_LOC, C_LCOUNTRY, C_LAT, C_LON, C_GEONAMES,
       C_PLOVER, C_MODE, C_NEG, C_MODALITY, C_BY, C_QTY, C_UNIT, C_PREC, C_URL, C_TEXT, C_ADATE,
       C_SITE, C_DOCID };

static const char *col(sqlite3_stmt *st, int c)
{
    const char *v = (const char *)sqlite3_column_text(st, c);
    return v ? v : "";
}

/* YYYYMMDD of a date value (a month or week value gives its first day's digits). */
static void day8(const char *date, char out[9])
{
    char d[11] = "";
    snprintf(d, sizeof d, "%s", date);
    if (strlen(d) >= 10) snprintf(out, 9, "%.4s%.2s%.2s", d, d + 5, d + 8);
    else if (strlen(d) == 7 && d[4] == '-') snprintf(out, 9, "%.4s%.2s01", d, d + 5);
    else if (strlen(d) >= 4) snprintf(out, 9, "%.4s0101", d);
    else out[0] = 0;
}

/* GDELT actor fields: Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
 * Religion2Code, Type1Code, Type2Code, Type3Code. */
static void gdelt_actor(FILE *f, const char *code, const char *name, const char *country_code)
{
    char cc[4] = "", t1[4] = "";
    size_t n = strlen(code);
    if (n >= 3) snprintf(cc, sizeof cc, "%.3s", code);
    if (n >= 6) snprintf(t1, sizeof t1, "%.3s", code + 3);
    (void)country_code;
    fprintf(f, "%s\t%s\t%s\t\t\t\t\t%s\t\t\t", code, name, cc, t1);
}

static void strip_tabs(char *s)
{
    for (; *s; s++)
        if (*s == '\t' || *s == '\n' || *s == '\r') *s = ' ';
}

/* The output file PREFIX.SUFFIX, or standard output when the prefix is "-" (for
 * `annalist extract --export`; the mentions table then goes nowhere). */
static FILE *out_file(const char *prefix, const char *suffix, bool primary)
{
    if (strcmp(prefix, "-") == 0) return primary ? stdout : fopen("/dev/null", "w");
    char path[1100];
    snprintf(path, sizeof path, "%s.%s", prefix, suffix);
    return fopen(path, "w");
}

static int close_out(FILE *f) { return f == stdout ? fflush(f) : fclose(f); }

static an_status export_gdelt(an_store *s, const char *prefix, an_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s.export.CSV", prefix);
    FILE *ev = out_file(prefix, "export.CSV", true);
    FILE *mn = out_file(prefix, "mentions.CSV", false);
    if (!ev || !mn) {
        if (ev) close_out(ev);
        if (mn) close_out(mn);
        an_error_set(err, AN_IO, 0, 0, "%s: cannot write", path);
        return AN_IO;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, event_sql, -1, &st, NULL) != SQLITE_OK) { close_out(ev); close_out(mn); return an_store_fail(s, err, "export"); }
    while (sqlite3_step(st) == SQLITE_ROW) {
        char day[9], added[9];
        day8(col(st, C_DATE), day);
        day8(col(st, C_ADATE), added);
        char sname[256], tname[256], loc[256], url[1024];
        snprintf(sname, sizeof sname, "%s", col(st, C_SNAME));
        snprintf(tname, sizeof tname, "%s", col(st, C_TNAME));
        snprintf(loc, sizeof loc, "%s", col(st, C_LOC));
        snprintf(url, sizeof url, "%s", col(st, C_URL));
        strip_tabs(sname); strip_tabs(tname); strip_tabs(loc); strip_tabs(url);
        int y = 0, m = 0, dd = 0;
        sscanf(day, "%4d%2d%2d", &y, &m, &dd);
        /* 1-5: id, day, month-year, year, fraction date */
        fprintf(ev, "%s\t%s\t%.6s\t%.4s\t%.4f\t", col(st, C_ID), day, day, day, y + ((m ? m - 1 : 0) * 30 + dd) / 365.0);
        gdelt_actor(ev, col(st, C_SCODE), sname, col(st, C_SCOUNTRY));                 /* 6-15 */
        gdelt_actor(ev, col(st, C_TCODE), tname, col(st, C_TCOUNTRY));                 /* 16-25 */
        const char *cameo = col(st, C_CAMEO);
        /* 26-35: IsRootEvent, EventCode, EventBaseCode, EventRootCode, QuadClass, Goldstein,
         * NumMentions, NumSources, NumArticles, AvgTone */
        fprintf(ev, "1\t%s\t%.3s\t%s\t%s\t%s\t%s\t%s\t%s\t\t", cameo, cameo, col(st, C_ROOT), col(st, C_QUAD),
                col(st, C_GOLD), col(st, C_NMENT), col(st, C_NSRC), col(st, C_NART));
        /* 36-51: Actor1Geo and Actor2Geo (8 fields each): not coded separately */
        for (int k = 0; k < 16; k++) fputc('\t', ev);
        /* 52-59: ActionGeo: Type, FullName, CountryCode, ADM1, ADM2, Lat, Long, FeatureID */
        if (loc[0]) fprintf(ev, "4\t%s\t%s\t\t\t%s\t%s\t%s\t", loc, col(st, C_LCOUNTRY), col(st, C_LAT), col(st, C_LON), col(st, C_GEONAMES));
        else fputs("\t\t\t\t\t\t\t\t", ev);
        /* 60-61: DATEADDED, SOURCEURL */
        fprintf(ev, "%s000000\t%s\n", added, url[0] ? url : col(st, C_DOCID));
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(s->db, "SELECT m.event, e.date, a.date, a.site, IFNULL(a.url, a.doc_id), m.sentence, m.start, m.end - m.start, m.rule"
                                  " FROM mentions m JOIN events e ON e.id=m.event JOIN articles a ON a.id=m.article ORDER BY m.id",
                           -1, &st, NULL) != SQLITE_OK) { close_out(ev); close_out(mn); return an_store_fail(s, err, "export"); }
    while (sqlite3_step(st) == SQLITE_ROW) {
        char eday[9], mday[9], site[256], ident[1024];
        day8(col(st, 1), eday);
        day8(col(st, 2), mday);
        snprintf(site, sizeof site, "%s", col(st, 3));
        snprintf(ident, sizeof ident, "%s", col(st, 4));
        strip_tabs(site); strip_tabs(ident);
        /* GlobalEventID, EventTimeDate, MentionTimeDate, MentionType (1 = web), SourceName,
         * Identifier, SentenceID, Actor1CharOffset, Actor2CharOffset, ActionCharOffset,
         * InRawText, Confidence, MentionDocLen, DocTone, TranslationInfo, Extras */
        fprintf(mn, "%s\t%s000000\t%s000000\t1\t%s\t%s\t%d\t\t\t%s\t1\t\t\t\t\t%s\n", col(st, 0), eday, mday, site, ident,
                sqlite3_column_int(st, 5) + 1, col(st, 6), col(st, 8));
    }
    sqlite3_finalize(st);
    bool ok = !ferror(ev) && !ferror(mn);
    ok &= close_out(ev) == 0;
    ok &= close_out(mn) == 0;
    if (!ok) { an_error_set(err, AN_IO, 0, 0, "%s: write failed (disk full?)", prefix); return AN_IO; }
    return AN_OK;
}

static void jstr(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c == '\n') fputs("\\n", f);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static void jval(FILE *f, sqlite3_stmt *st, int c)
{
    int t = sqlite3_column_type(st, c);
    if (t == SQLITE_NULL) fputs("null", f);
    else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) fputs(col(st, c), f);
    else jstr(f, col(st, c));
}

static an_status export_plover(an_store *s, const char *prefix, an_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s.plover.jsonl", prefix);
    FILE *f = out_file(prefix, "plover.jsonl", true);
    if (!f) { an_error_set(err, AN_IO, 0, 0, "%s: cannot write", path); return AN_IO; }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, event_sql, -1, &st, NULL) != SQLITE_OK) { close_out(f); return an_store_fail(s, err, "export"); }
    while (sqlite3_step(st) == SQLITE_ROW) {
        fprintf(f, "{\"id\":\"annalist-%s\",\"date\":", col(st, C_ID));
        jval(f, st, C_DATE);
        fputs(",\"event_type\":", f);
        jval(f, st, C_PLOVER);
        fputs(",\"mode\":", f);
        jval(f, st, C_MODE);
        fputs(",\"context\":[", f);
        bool any = false;
        if (sqlite3_column_int(st, C_NEG)) { fputs("\"negated\"", f); any = true; }
        if (strcmp(col(st, C_MODALITY), "asserted")) { fprintf(f, "%s", any ? "," : ""); jstr(f, col(st, C_MODALITY)); }
        fputs("],\"actor\":[", f);
        jval(f, st, C_SNAME);
        fputs("],\"actor_code\":[", f);
        jval(f, st, C_SCODE);
        fputs("],\"actor_country\":", f);
        jval(f, st, C_SCOUNTRY);
        fputs(",\"recipient\":[", f);
        if (sqlite3_column_type(st, C_TCODE) != SQLITE_NULL) jval(f, st, C_TNAME);
        fputs("],\"recipient_code\":[", f);
        if (sqlite3_column_type(st, C_TCODE) != SQLITE_NULL) jval(f, st, C_TCODE);
        fputs("],\"recipient_country\":", f);
        jval(f, st, C_TCOUNTRY);
        fputs(",\"cameo\":", f);
        jval(f, st, C_CAMEO);
        fputs(",\"reported_by\":", f);
        jval(f, st, C_BY);
        fputs(",\"quantity\":", f);
        if (sqlite3_column_type(st, C_QTY) == SQLITE_NULL) fputs("null", f);
        else { fputs("{\"value\":", f); jval(f, st, C_QTY); fputs(",\"unit\":", f); jval(f, st, C_UNIT); fputc('}', f); }
        fputs(",\"event_loc\":{\"name\":", f);
        jval(f, st, C_LOC);
        fputs(",\"country\":", f);
        jval(f, st, C_LCOUNTRY);
        fputs(",\"lat\":", f);
        jval(f, st, C_LAT);
        fputs(",\"lon\":", f);
        jval(f, st, C_LON);
        fputs(",\"geonames_id\":", f);
        jval(f, st, C_GEONAMES);
        fputs("},\"event_text\":", f);
        jval(f, st, C_TEXT);
        fputs(",\"text_info\":{\"url\":", f);
        jval(f, st, C_URL);
        fputs(",\"outlet\":", f);
        jval(f, st, C_SITE);
        fputs(",\"pub_date\":", f);
        jval(f, st, C_ADATE);
        fputs(",\"doc_id\":", f);
        jval(f, st, C_DOCID);
        fprintf(f, ",\"num_mentions\":%s,\"num_sources\":%s,\"num_articles\":%s}}\n", col(st, C_NMENT), col(st, C_NSRC), col(st, C_NART));
    }
    sqlite3_finalize(st);
    if (close_out(f) != 0) { an_error_set(err, AN_IO, 0, 0, "%s: write failed", path); return AN_IO; }
    return AN_OK;
}

static void cfield(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) { fputs(s, f); return; }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static an_status export_csv(an_store *s, const char *prefix, an_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s.csv", prefix);
    FILE *f = out_file(prefix, "csv", true);
    if (!f) { an_error_set(err, AN_IO, 0, 0, "%s: cannot write", path); return AN_IO; }
    static const char *const names[] = { "id", "date", "source_code", "source_name", "source_country",
        "target_code", "target_name", "target_country", "cameo", "root", "quad_class", "goldstein",
        "num_mentions", "num_sources", "num_articles", "location", "location_country", "lat", "lon",
        "geonames", "plover", "plover_mode", "negated", "modality", "reported_by", "quantity",
        "quantity_unit", "date_precision", "url", "evidence", "article_date", "outlet", "doc_id" };
    int n = (int)(sizeof names / sizeof *names);
    for (int c = 0; c < n; c++) fprintf(f, "%s%s", c ? "," : "", names[c]);
    fputc('\n', f);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, event_sql, -1, &st, NULL) != SQLITE_OK) { close_out(f); return an_store_fail(s, err, "export"); }
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < n; c++) {
            if (c) fputc(',', f);
            cfield(f, col(st, c));
        }
        fputc('\n', f);
    }
    sqlite3_finalize(st);
    if (close_out(f) != 0) { an_error_set(err, AN_IO, 0, 0, "%s: write failed", path); return AN_IO; }
    return AN_OK;
}

an_status an_store_export(an_store *s, const char *format, const char *prefix, an_error *err)
{
    if (!strcmp(format, "gdelt")) return export_gdelt(s, prefix, err);
    if (!strcmp(format, "plover")) return export_plover(s, prefix, err);
    if (!strcmp(format, "csv")) return export_csv(s, prefix, err);
    an_error_set(err, AN_USAGE, 0, 0, "unknown export format '%s' (gdelt, plover, csv)", format);
    return AN_USAGE;
}
