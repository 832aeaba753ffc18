/* store.c — the embedded store: articles, entities, events and their mentions in
 * SQLite (WAL mode), with deduplication at two levels.
 *
 * Articles: an exact copy (same content hash) adds nothing, so ingesting an input twice
 * is idempotent. A near-duplicate shares most of its own sentences with a stored
 * article: each sentence (headline left out) is hashed over its folded words, and an
 * article that shares at least AN_STORY_MIN_SHARED of them and half of the shorter
 * one's is the same story. Syndicated copies change the headline, a sentence or two and
 * the furniture around them, which word shingles over a short text cannot absorb but
 * whole-sentence overlap does. From the same outlet a near-duplicate is a copy and adds
 * nothing; from another outlet it is a new article of the same story.
 * Events: an event merges into a stored one with the same source and target codes,
 * CAMEO code family (first three digits), place and negation whose day lies within
 * AN_EVENT_MERGE_DAYS; the merged event keeps every mention and counts num_mentions,
 * num_sources (distinct outlets) and num_articles (distinct articles), as GDELT does.
 * Writes happen in batches, one transaction each, so a crash loses at most the batch
 * in flight and never leaves a partial row. */
#include "store.h"
#include "lexicon/lexicon.h"
#include "schema.sql.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Two reports of one happening may carry dates this many days apart. */
#define AN_EVENT_MERGE_DAYS 1
#define AN_STORY_MIN_SHARED 2
#define AN_STORY_CANDIDATES 64   /* articles compared per new article */
#define AN_STORY_MIN_TOKENS 5    /* shorter sentences ("Kiew reagierte.") are not hashed */

an_status an_store_fail(an_store *s, an_error *err, const char *what)
{
    /* SQLite reports a write that fails outright (EFBIG past the file size limit, ENOSPC
     * on an empty write, EIO) as SQLITE_IOERR_WRITE and keeps no errno for it, only a
     * short write as SQLITE_FULL; errno still holds the failed write's cause */
    int sys = errno;
    int code = s->db ? sqlite3_extended_errcode(s->db) : SQLITE_ERROR;
    bool nospace = sys == ENOSPC || sys == EFBIG || sys == EDQUOT;
    char hint[200] = "";
    if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED)
        snprintf(hint, sizeof hint, " (another process holds the store; retry when it is done)");
    else if ((code & 0xFF) == SQLITE_FULL || ((code & 0xFF) == SQLITE_IOERR && nospace))
        snprintf(hint, sizeof hint, " (%s: the disk is full or the file size limit is reached;"
                 " the batch in flight was rolled back, earlier batches are kept)", nospace ? strerror(sys) : "no space");
    else if ((code & 0xFF) == SQLITE_IOERR)
        snprintf(hint, sizeof hint, " (a read or write failed%s%s; the batch in flight was rolled back)",
                 sys ? ": " : "", sys ? strerror(sys) : "");
    else if ((code & 0xFF) == SQLITE_READONLY || (code & 0xFF) == SQLITE_CANTOPEN)
        snprintf(hint, sizeof hint, " (check that the store and its directory are writable)");
    else if ((code & 0xFF) == SQLITE_CORRUPT || (code & 0xFF) == SQLITE_NOTADB)
        snprintf(hint, sizeof hint, " (the file is not an annalist store or is damaged)");
    an_error_set(err, AN_STORE, 0, 0, "%s: %s: %s%s", s->path, what, s->db ? sqlite3_errmsg(s->db) : "cannot open", hint);
    return AN_STORE;
}

an_status an_store_exec(an_store *s, const char *sql, const char *what, an_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return an_store_fail(s, err, what);
    return AN_OK;
}

static int prep(an_store *s, sqlite3_stmt **st, const char *sql)
{
    return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

static bool has_schema(an_store *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM meta WHERE key='schema_version' AND value=?", -1, &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_int(st, 1, AN_STORE_SCHEMA_VERSION);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

an_status an_store_open(an_store **out, const char *path, an_error *err)
{
    an_store *s = calloc(1, sizeof *s);
    if (!s) return AN_NOMEM;
    snprintf(s->path, sizeof s->path, "%s", path);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) goto fail;
    sqlite3_busy_timeout(s->db, AN_STORE_BUSY_MS);
    if (an_store_exec(s, "PRAGMA synchronous=NORMAL", "cannot open the store", err)) goto fail_quiet;
    /* a store that has its schema is not written on open, so that a query reads beside
     * a running ingest instead of waiting for its write lock */
    if (!has_schema(s) && an_store_exec(s, an_store_schema, "cannot create the schema", err)) goto fail_quiet;
    if (prep(s, &s->find_hash, "SELECT id FROM articles WHERE content_hash=?") ||
        prep(s, &s->insert_article, "INSERT INTO articles(doc_id,url,site,date,lang,title,content_hash,story,n_sentences,n_events) VALUES(?,?,?,?,?,?,?,?,?,?)") ||
        prep(s, &s->sent_find, "SELECT article FROM sentence_hashes WHERE hash=? LIMIT 64") ||
        prep(s, &s->sent_insert, "INSERT OR IGNORE INTO sentence_hashes VALUES(?,?)") ||
        prep(s, &s->article_story, "UPDATE articles SET story=id WHERE id=? AND story=0") ||
        prep(s, &s->article_info, "SELECT story, site, n_sentences FROM articles WHERE id=?") ||
        prep(s, &s->entity_find, "SELECT id FROM entities WHERE key=?") ||
        prep(s, &s->entity_insert, "INSERT INTO entities(key,name,type,code,country,wikidata,geonames,lat,lon) VALUES(?,?,?,?,?,?,?,?,?)") ||
        prep(s, &s->event_find, "SELECT id FROM events WHERE source_code=? AND root=? AND substr(cameo,1,3)=? AND IFNULL(target_code,'')=? AND IFNULL(geonames,0)=? AND negated=? AND day BETWEEN ? AND ? ORDER BY abs(day-?) LIMIT 1") ||
        prep(s, &s->event_insert, "INSERT INTO events(cameo,root,quad_class,goldstein,plover,plover_mode,source_code,source_entity,target_code,target_entity,date,date_precision,day,location,geonames,lat,lon,country,negated,modality,reported_by,quantity,quantity_unit,first_article) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)") ||
        prep(s, &s->mention_insert, "INSERT OR IGNORE INTO mentions(event,article,site,sentence,start,end,text,rule) VALUES(?,?,?,?,?,?,?,?)") ||
        prep(s, &s->event_recount, "UPDATE events SET num_mentions=(SELECT count(*) FROM mentions WHERE event=?1), num_sources=(SELECT count(DISTINCT site) FROM mentions WHERE event=?1), num_articles=(SELECT count(DISTINCT article) FROM mentions WHERE event=?1) WHERE id=?1"))
        goto fail;
    *out = s;
    return AN_OK;
fail:
    an_store_fail(s, err, "cannot open the store");
fail_quiet:
    an_store_close(s);
    return AN_STORE;
}

void an_store_close(an_store *s)
{
    if (!s) return;
    if (s->in_batch) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_stmt *all[] = { s->find_hash, s->insert_article, s->sent_find, s->sent_insert, s->article_story, s->article_info,
                            s->entity_find, s->entity_insert, s->event_find, s->event_insert, s->mention_insert,
                            s->event_recount };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) sqlite3_finalize(all[i]);
    sqlite3_close(s->db);
    free(s);
}

static an_status an_store_begin(an_store *s, an_error *err)
{
    if (s->in_batch) return AN_OK;
    if (an_store_exec(s, "BEGIN IMMEDIATE", "cannot start a batch", err)) return AN_STORE;
    s->in_batch = true;
    return AN_OK;
}

an_status an_store_commit(an_store *s, an_error *err)
{
    if (!s->in_batch) return AN_OK;
    s->in_batch = false;
    if (an_store_exec(s, "COMMIT", "cannot commit a batch", err)) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return AN_STORE;
    }
    return AN_OK;
}

/* ---- helpers ---- */

static void bind_span(sqlite3_stmt *st, int i, an_span v)
{
    if (v.n) sqlite3_bind_text(st, i, v.p, (int)v.n, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}
static void bind_str(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

/* Days since 1970-01-01 of "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYY-Www" (its Monday). */
static int64_t day_number(const char *v)
{
    int y = 0, m = 1, d = 1, w = 0;
    if (sscanf(v, "%4d-W%2d", &y, &w) == 2) {
        /* ISO week: Monday of week 1 is the Monday on or before Jan 4 */
        int64_t jan4 = 0;
        int yy = y - 1;
        jan4 = 365LL * (y - 1970) + (yy / 4 - 1969 / 4) - (yy / 100 - 1969 / 100) + (yy / 400 - 1969 / 400) + 3;
        int64_t wd = (jan4 + 3) % 7;   /* 1970-01-01 was a Thursday: 0 = Monday */
        return jan4 - wd + (w - 1) * 7;
    }
    int k = sscanf(v, "%4d-%2d-%2d", &y, &m, &d);
    if (k < 1) return 0;
    /* days from civil (Howard Hinnant's algorithm) */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Hashes of the article's own sentences (headline, boilerplate and short sentences
 * left out) into out; returns how many, at most max. */
static uint32_t sentence_hashes(const an_doc *d, int64_t *out, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t s = d->units.n > 3 ? 1 : 0; s < d->units.n && n < max; s++) {
        if (d->unit_is_boilerplate.items[s]) continue;
        const an_sentence *u = &d->units.items[s];
        uint64_t h = 0xcbf29ce484222325ull;
        uint32_t words = 0;
        for (uint32_t t = u->first_token; t < u->first_token + u->n_tokens; t++) {
            const an_token *tk = &d->tokens.items[t];
            if (tk->kind == AN_TOK_PUNCT) continue;
            words++;
            for (uint32_t i = 0; i < tk->key_len; i++) { h ^= (unsigned char)d->keys.items[tk->key + i]; h *= 0x100000001b3ull; }
            h ^= ' ';
            h *= 0x100000001b3ull;
        }
        if (words >= AN_STORY_MIN_TOKENS) out[n++] = (int64_t)(h >> 1);
    }
    return n;
}

static uint64_t content_hash(const an_doc *d)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (uint32_t s = 0; s < d->units.n; s++) {
        if (d->unit_is_boilerplate.items[s]) continue;
        const an_sentence *u = &d->units.items[s];
        for (uint32_t t = u->first_token; t < u->first_token + u->n_tokens; t++) {
            const an_token *tk = &d->tokens.items[t];
            for (uint32_t i = 0; i < tk->key_len; i++) { h ^= (unsigned char)d->keys.items[tk->key + i]; h *= 0x100000001b3ull; }
            h ^= ' ';
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

/* The outlet: the article's site, else the host of its URL, else "unknown". */
static void outlet(const an_doc *d, char *out, size_t cap)
{
    if (d->site.n) { snprintf(out, cap, "%.*s", (int)d->site.n, d->site.p); return; }
    const char *p = d->url.p;
    size_t n = d->url.n;
    const char *sl = n ? memchr(p, '/', n) : NULL;
    if (sl && (size_t)(sl - p) + 1 < n && sl[1] == '/') {
        const char *h = sl + 2;
        size_t hn = 0;
        while (h + hn < p + n && h[hn] != '/' && h[hn] != ':' && h[hn] != '?') hn++;
        if (hn > 4 && memcmp(h, "www.", 4) == 0) { h += 4; hn -= 4; }
        snprintf(out, cap, "%.*s", (int)hn, h);
        return;
    }
    snprintf(out, cap, "unknown");
}

static const char *const entity_types[] = { "person", "organization", "country", "region", "place", "group", "group" };

static sqlite3_int64 entity_id(an_store *s, const an_entity *e)
{
    char key[256];
    snprintf(key, sizeof key, "%s|%s|%u", e->key[0] ? e->key : e->code, e->name ? e->name : "", e->geonames);
    sqlite3_reset(s->entity_find);
    sqlite3_bind_text(s->entity_find, 1, key, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s->entity_find) == SQLITE_ROW) return sqlite3_column_int64(s->entity_find, 0);
    sqlite3_stmt *st = s->entity_insert;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    bind_str(st, 2, e->name);
    bind_str(st, 3, entity_types[e->type < 7 ? e->type : 6]);
    bind_str(st, 4, e->code);
    bind_str(st, 5, e->country);
    bind_str(st, 6, e->wikidata);
    if (e->geonames) sqlite3_bind_int64(st, 7, e->geonames); else sqlite3_bind_null(st, 7);
    if (!isnan(e->lat)) { sqlite3_bind_double(st, 8, e->lat); sqlite3_bind_double(st, 9, e->lon); }
    else { sqlite3_bind_null(st, 8); sqlite3_bind_null(st, 9); }
    if (sqlite3_step(st) != SQLITE_DONE) return -1;
    return sqlite3_last_insert_rowid(s->db);
}

static const char *const modalities[] = { "asserted", "reported", "hypothetical", "intended", "demanded", "denied" };
static const char *const precisions[] = { "day", "week", "month", "year", "article" };

static an_status add_article(an_store *s, const an_doc *d, an_store_result *res, an_error *err)
{
    char hash[17], site[256];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)content_hash(d));
    outlet(d, site, sizeof site);
    sqlite3_reset(s->find_hash);
    sqlite3_bind_text(s->find_hash, 1, hash, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s->find_hash) == SQLITE_ROW) { res->duplicate = true; return AN_OK; }

    /* near-duplicates: the stored article sharing the most sentences */
    enum { MAX_HASHED = 512 };
    int64_t *hashes = malloc(MAX_HASHED * sizeof *hashes);
    if (!hashes) return AN_NOMEM;
    uint32_t nh = sentence_hashes(d, hashes, MAX_HASHED);
    sqlite3_int64 cand[AN_STORY_CANDIDATES];
    uint32_t shared[AN_STORY_CANDIDATES], nc = 0;
    for (uint32_t i = 0; i < nh; i++) {
        sqlite3_reset(s->sent_find);
        sqlite3_bind_int64(s->sent_find, 1, hashes[i]);
        while (sqlite3_step(s->sent_find) == SQLITE_ROW) {
            sqlite3_int64 a = sqlite3_column_int64(s->sent_find, 0);
            uint32_t k = 0;
            while (k < nc && cand[k] != a) k++;
            if (k == nc) {
                if (nc == AN_STORY_CANDIDATES) continue;
                cand[nc] = a;
                shared[nc++] = 0;
            }
            shared[k]++;
        }
    }
    sqlite3_int64 story = 0;
    uint32_t best = 0;
    for (uint32_t k = 0; k < nc; k++) {
        sqlite3_reset(s->article_info);
        sqlite3_bind_int64(s->article_info, 1, cand[k]);
        if (sqlite3_step(s->article_info) != SQLITE_ROW) continue;
        uint32_t other = (uint32_t)sqlite3_column_int(s->article_info, 2);
        uint32_t shorter = other < nh ? other : nh;
        if (shared[k] < AN_STORY_MIN_SHARED || shared[k] * 2 < shorter || shared[k] <= best) continue;
        best = shared[k];
        story = sqlite3_column_int64(s->article_info, 0);
        const unsigned char *osite = sqlite3_column_text(s->article_info, 1);
        res->copy = osite && strcmp((const char *)osite, site) == 0;
    }
    if (res->copy) { free(hashes); return AN_OK; }
    res->near_duplicate = story != 0;

    sqlite3_stmt *st = s->insert_article;
    sqlite3_reset(st);
    bind_span(st, 1, d->id);
    bind_span(st, 2, d->url);
    sqlite3_bind_text(st, 3, site, -1, SQLITE_TRANSIENT);
    bind_span(st, 4, d->date);
    bind_span(st, 5, d->lang);
    bind_span(st, 6, d->title);
    sqlite3_bind_text(st, 7, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, story);
    sqlite3_bind_int(st, 9, (int)nh);
    sqlite3_bind_int(st, 10, (int)d->events.n);
    if (sqlite3_step(st) != SQLITE_DONE) { free(hashes); return an_store_fail(s, err, "cannot add an article"); }
    sqlite3_int64 article = sqlite3_last_insert_rowid(s->db);
    sqlite3_reset(s->article_story);
    sqlite3_bind_int64(s->article_story, 1, article);
    if (sqlite3_step(s->article_story) != SQLITE_DONE) { free(hashes); return an_store_fail(s, err, "cannot add an article"); }
    for (uint32_t i = 0; i < nh; i++) {
        sqlite3_reset(s->sent_insert);
        sqlite3_bind_int64(s->sent_insert, 1, hashes[i]);
        sqlite3_bind_int64(s->sent_insert, 2, article);
        if (sqlite3_step(s->sent_insert) != SQLITE_DONE) { free(hashes); return an_store_fail(s, err, "cannot add an article"); }
    }
    free(hashes);
    res->added = true;

    char adate[11] = "";
    if (d->date.n == 10) snprintf(adate, sizeof adate, "%.10s", d->date.p);
    for (uint32_t i = 0; i < d->events.n; i++) {
        const an_event *e = &d->events.items[i];
        const an_entity *src = &d->entities.items[e->source];
        const an_entity *tgt = e->target == UINT32_MAX ? NULL : &d->entities.items[e->target];
        const an_entity *loc = e->location == UINT32_MAX ? NULL : &d->entities.items[e->location];
        const char *date = e->date[0] ? e->date : adate;
        int64_t day = date[0] ? day_number(date) : 0;
        char family[4];
        snprintf(family, sizeof family, "%.3s", e->cameo);
        char root[3];
        snprintf(root, sizeof root, "%.2s", e->cameo);
        sqlite3_int64 ev = 0;
        sqlite3_stmt *f = s->event_find;
        sqlite3_reset(f);
        sqlite3_bind_text(f, 1, src->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(f, 2, root, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(f, 3, family, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(f, 4, tgt ? tgt->code : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(f, 5, loc ? loc->geonames : 0);
        sqlite3_bind_int(f, 6, e->negated);
        sqlite3_bind_int64(f, 7, day - AN_EVENT_MERGE_DAYS);
        sqlite3_bind_int64(f, 8, day + AN_EVENT_MERGE_DAYS);
        sqlite3_bind_int64(f, 9, day);
        if (sqlite3_step(f) == SQLITE_ROW) {
            ev = sqlite3_column_int64(f, 0);
            res->events_merged++;
        } else {
            sqlite3_stmt *w = s->event_insert;
            sqlite3_reset(w);
            sqlite3_bind_text(w, 1, e->cameo, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(w, 2, root, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(w, 3, e->quad_class);
            sqlite3_bind_double(w, 4, e->goldstein);
            bind_str(w, 5, e->plover);
            bind_str(w, 6, e->plover_mode);
            sqlite3_bind_text(w, 7, src->code, -1, SQLITE_TRANSIENT);
            sqlite3_int64 src_id = entity_id(s, src), tgt_id = tgt ? entity_id(s, tgt) : 0;
            if (src_id < 0 || tgt_id < 0) return an_store_fail(s, err, "cannot add an entity");
            sqlite3_bind_int64(w, 8, src_id);
            if (tgt) { bind_str(w, 9, tgt->code); sqlite3_bind_int64(w, 10, tgt_id); }
            else { sqlite3_bind_null(w, 9); sqlite3_bind_null(w, 10); }
            bind_str(w, 11, date);
            sqlite3_bind_text(w, 12, precisions[e->date_precision < 5 ? e->date_precision : 4], -1, SQLITE_STATIC);
            sqlite3_bind_int64(w, 13, day);
            if (loc) {
                bind_str(w, 14, loc->name);
                if (loc->geonames) sqlite3_bind_int64(w, 15, loc->geonames); else sqlite3_bind_null(w, 15);
                sqlite3_bind_double(w, 16, loc->lat);
                sqlite3_bind_double(w, 17, loc->lon);
                bind_str(w, 18, loc->country);
            } else {
                for (int k = 14; k <= 18; k++) sqlite3_bind_null(w, k);
            }
            sqlite3_bind_int(w, 19, e->negated);
            sqlite3_bind_text(w, 20, modalities[e->modality < 6 ? e->modality : 0], -1, SQLITE_STATIC);
            bind_str(w, 21, e->reported_by == UINT32_MAX ? NULL : d->entities.items[e->reported_by].code);
            if (!isnan(e->quantity)) { sqlite3_bind_double(w, 22, e->quantity); bind_str(w, 23, e->quantity_unit); }
            else { sqlite3_bind_null(w, 22); sqlite3_bind_null(w, 23); }
            sqlite3_bind_int64(w, 24, article);
            if (sqlite3_step(w) != SQLITE_DONE) return an_store_fail(s, err, "cannot add an event");
            ev = sqlite3_last_insert_rowid(s->db);
            res->events_new++;
        }
        for (uint32_t k = 0; k < e->n_evidence; k++) {
            const an_evidence *v = &e->evidence[k];
            sqlite3_stmt *m = s->mention_insert;
            sqlite3_reset(m);
            sqlite3_bind_int64(m, 1, ev);
            sqlite3_bind_int64(m, 2, article);
            sqlite3_bind_text(m, 3, site, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(m, 4, (int)v->sentence);
            sqlite3_bind_int(m, 5, (int)v->start);
            sqlite3_bind_int(m, 6, (int)v->end);
            sqlite3_bind_text(m, 7, d->text.p + v->start, (int)(v->end - v->start), SQLITE_TRANSIENT);
            char rule[64];
            if (v->rule_line) snprintf(rule, sizeof rule, "lang/%.2s/verbs.txt:%u", d->lang.n >= 2 ? d->lang.p : "xx", v->rule_line);
            else snprintf(rule, sizeof rule, "tabari");
            sqlite3_bind_text(m, 8, rule, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(m) != SQLITE_DONE) return an_store_fail(s, err, "cannot add a mention");
        }
        sqlite3_reset(s->event_recount);
        sqlite3_bind_int64(s->event_recount, 1, ev);
        if (sqlite3_step(s->event_recount) != SQLITE_DONE) return an_store_fail(s, err, "cannot count mentions");
    }
    return AN_OK;
}

an_status an_store_add(an_store *s, const an_doc *d, an_store_result *res, an_error *err)
{
    memset(res, 0, sizeof *res);
    if (an_store_begin(s, err)) return AN_STORE;
    an_status st = add_article(s, d, res, err);
    if (st != AN_OK) {
        /* an article fails part-way (disk full, I/O error): its rows and the rest of the
         * batch go, so that a caller that commits later cannot keep a partial article */
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->in_batch = false;
    }
    return st;
}
