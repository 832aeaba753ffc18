/* schema.sql.h — the store's schema (documented in README, "The store"). One string so
 * that it is applied in one exec; every statement is idempotent. */
#ifndef AN_SCHEMA_SQL_H
#define AN_SCHEMA_SQL_H

#define AN_STORE_SCHEMA_VERSION 1

static const char an_store_schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    /* one row per distinct article; copies of an article from the same outlet are not rows */
    "CREATE TABLE IF NOT EXISTS articles("
    "  id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, url TEXT, site TEXT NOT NULL, date TEXT,"
    "  lang TEXT, title TEXT, content_hash TEXT NOT NULL UNIQUE,"
    "  story INTEGER NOT NULL, n_sentences INTEGER, n_events INTEGER);"
    "CREATE INDEX IF NOT EXISTS articles_story ON articles(story);"
    /* hashes of each article's own sentences: copies of a story share most of them */
    "CREATE TABLE IF NOT EXISTS sentence_hashes(hash INTEGER NOT NULL, article INTEGER NOT NULL,"
    "  PRIMARY KEY(hash, article)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS entities("
    "  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT, type TEXT, code TEXT,"
    "  country TEXT, wikidata TEXT, geonames INTEGER, lat REAL, lon REAL);"
    "CREATE TABLE IF NOT EXISTS events("
    "  id INTEGER PRIMARY KEY, cameo TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER,"
    "  goldstein REAL, plover TEXT, plover_mode TEXT,"
    "  source_code TEXT NOT NULL, source_entity INTEGER, target_code TEXT, target_entity INTEGER,"
    "  date TEXT, date_precision TEXT, day INTEGER NOT NULL,"
    "  location TEXT, geonames INTEGER, lat REAL, lon REAL, country TEXT,"
    "  negated INTEGER NOT NULL, modality TEXT, reported_by TEXT, quantity REAL, quantity_unit TEXT,"
    "  num_mentions INTEGER NOT NULL DEFAULT 0, num_sources INTEGER NOT NULL DEFAULT 0,"
    "  num_articles INTEGER NOT NULL DEFAULT 0, first_article INTEGER);"
    "CREATE INDEX IF NOT EXISTS events_source_day ON events(source_code, day);"
    "CREATE INDEX IF NOT EXISTS events_target_day ON events(target_code, day);"
    "CREATE INDEX IF NOT EXISTS events_day ON events(day);"
    "CREATE INDEX IF NOT EXISTS events_merge ON events(source_code, root, day);"
    "CREATE TABLE IF NOT EXISTS mentions("
    "  id INTEGER PRIMARY KEY, event INTEGER NOT NULL, article INTEGER NOT NULL, site TEXT,"
    "  sentence INTEGER, start INTEGER, end INTEGER, text TEXT, rule TEXT,"
    "  UNIQUE(event, article, start));"
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event);"
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article);"
    "INSERT OR IGNORE INTO meta VALUES('schema_version', '1');";

#endif
