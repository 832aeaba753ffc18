/* store.h — internal interface of the embedded SQLite store. */
#ifndef AN_STORE_H
#define AN_STORE_H

#include "core/doc.h"
#include <sqlite3.h>

struct an_store {
    sqlite3 *db;
    sqlite3_stmt *find_hash, *insert_article, *sent_find, *sent_insert, *article_story, *article_info,
        *entity_find, *entity_insert, *event_find, *event_insert, *mention_insert,
        *event_recount;
    bool in_batch;
    char path[1024];
};

/* Runs sql; on failure err names the store, what was being done and SQLite's reason. */
an_status an_store_exec(an_store *s, const char *sql, const char *what, an_error *err);
an_status an_store_fail(an_store *s, an_error *err, const char *what);

#endif
