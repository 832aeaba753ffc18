/* limits.h — every ceiling on input that annalist enforces, in one place.
 *
 * Each limit names the blow-up it prevents. Reaching one is a warning in the record
 * (the work goes on with what fits) or, for whole inputs, an error that names the file
 * and byte offset; it is never a crash.
 */
#ifndef AN_LIMITS_H
#define AN_LIMITS_H

/* One article's text. Memory is bounded by the largest article, so this bounds RSS. */
#define AN_MAX_ARTICLE_BYTES (64u << 20)

/* One line of JSON Lines input; a longer line is skipped without being buffered. */
#define AN_MAX_LINE_BYTES (64u << 20)

/* Sentences per document: 4M sentences of 16 bytes is the largest array we keep. */
#define AN_MAX_SENTENCES (4u << 20)

/* Tokens per document: token arrays grow linearly with text; this caps them at ~400 MB
 * for pathological input made only of one-byte tokens. */
#define AN_MAX_TOKENS (16u << 20)

/* A sentence without punctuation (a 50 MB single line) is cut into units of at most
 * this many bytes, so per-sentence work (clause analysis, coding) stays linear. */
#define AN_MAX_SENTENCE_BYTES 4096u

/* Warnings kept per document; further ones are counted in a final summary warning,
 * so a file of invalid bytes cannot produce a record larger than its input. */
#define AN_MAX_WARNINGS 32u

/* Bytes examined to decide that an input is binary rather than text. */
#define AN_BINARY_SNIFF_BYTES 4096u

/* Nesting depth of JSON values in JSON Lines input (recursion guard). */
#define AN_MAX_JSON_DEPTH 64u

/* Length of a single token's folded key; longer tokens are matched on their prefix.
 * Keeps per-token normalisation work bounded. */
#define AN_MAX_TOKEN_KEY 128u

/* ---- the lexicon (src/lexicon/lexicon.c) ---- */

/* Files under data/actors/; a directory of more is an error, not a silent cut. */
#define AN_LEXICON_MAX_FILES 512u
/* Warning lines kept from loading the curated lexicon (duplicates, conflicts); further
 * ones are only counted, so a file pasted twice cannot fill memory with messages. */
#define AN_LEXICON_MAX_WARNINGS 1000u

/* ---- HTML reader and main-text extraction (src/ingest/html.c, extract.c) ---- */

/* Input size. Node and source offsets are uint32_t; this keeps them valid. */
#define AN_HTML_MAX_BYTES (256u << 20)
/* Open elements kept on the tree builder's stack. Deeper start tags become children of
 * the deepest open element (the tree is flattened there), so 100,000 nested <div>s
 * cost neither recursion nor an O(depth) end-tag search per tag. */
#define AN_HTML_MAX_DEPTH 256u
/* Nodes per page. Four million nodes are 160 MB of tree; past that the rest of the
 * markup is read as text of the last open element, so memory stays bounded. */
#define AN_HTML_MAX_NODES (4u << 20)
/* Attributes recorded per page (only the ~24 names the extractor reads are kept). */
#define AN_HTML_MAX_ATTRS (8u << 20)
/* Bytes of a document scanned for <meta charset> (the HTML standard says 1024; real
 * pages put it after long inline scripts, so we look further but not through all of a
 * 10 MB page). */
#define AN_HTML_CHARSET_SCAN 16384u
/* Nesting of JSON values in a JSON-LD script (recursion guard). */
#define AN_HTML_MAX_JSON_DEPTH 64u
/* Boilerplate spans recorded per page; further ones are dropped from the record. */
#define AN_HTML_MAX_BOILERPLATE 256u
/* Warnings kept per page. */
#define AN_HTML_MAX_WARNINGS 8u

/* ---- WARC and feed readers (src/ingest/warc.c, feed.c) ---- */

/* A WARC header block, and the HTTP header block inside a response record. A record
 * whose headers run longer is malformed; without this a file with no blank line would
 * be buffered whole while looking for the end of the headers. */
#define AN_WARC_MAX_HEADER_BYTES (64u << 10)
/* An HTML body larger than AN_MAX_ARTICLE_BYTES is skipped (AN_TOO_BIG). Records that
 * are not wanted (request, metadata, images, PDFs) are buffered up to this size so that
 * a lying Content-Length can be recovered from precisely; larger ones are streamed past
 * without being held, so a 2 GB video record costs no memory. */
#define AN_WARC_MAX_SKIP_BUFFER (4u << 20)
/* After a record larger than this, the reader's buffers shrink back, so one 60 MB page
 * does not keep 120 MB resident for the rest of a long archive. */
#define AN_WARC_KEEP_BYTES (8u << 20)
/* gzip member starts remembered inside the current window (to name a record's
 * compressed offset). A file of millions of one-byte members would otherwise grow this
 * table without bound; past it, offsets name a nearby member instead of the exact one. */
#define AN_WARC_MAX_MEMBERS 1024u
/* Open elements tracked by the feed scanner. Deeper elements are scanned but not
 * tracked, so 100,000 nested tags cost neither memory nor an O(depth) search per tag. */
#define AN_FEED_MAX_DEPTH 256u
/* xmlns:prefix declarations remembered per feed; later ones are ignored (their elements
 * are still read when they use the conventional prefix). */
#define AN_FEED_MAX_NAMESPACES 64u

/* ---- boilerplate in plain text (src/ingest/plain.c) ---- */

/* A prose line is longer than this and is no list item; headlines are shorter. */
#define AN_TEASER_MAX_BYTES 240u

/* ---- language identification (src/text/langid.c) ---- */

/* Bytes of one input that are examined; the rest of a longer text is ignored. Bounds the
 * time of one call on a huge article (the decision is made after a few hundred words). */
#define AN_LANGID_MAX_BYTES (256u << 10)
/* A run of letters longer than this many code points is no word and gives no features;
 * bounds the per-word buffer on input made of one endless "word". */
#define AN_LANGID_MAX_WORD_CPS 48u
/* The decision is taken once the best language leads every other one by this many
 * quantised score units (about 0.5 nat each): a document of many sentences stops being
 * read when more text could not change the answer. */
#define AN_LANGID_DECISIVE_MARGIN 2000u

/* Countries whose CAMEO code is not their ISO alpha-3 (ROM for ROU, TMP, KSV): a place's
 * ISO country becomes its CAMEO code through this many pairs. */
#define AN_COUNTRY_CODES_MAX 32

/* ---- actor and place matching (src/lexicon/match.c) ---- */

/* A role noun without a country looks back this many mentions for its referent; the
 * bound keeps matching linear on text made of role nouns. */
#define AN_COREF_LOOKBACK 64u
/* A one-word gazetteer name of a place with fewer inhabitants is taken as a place only
 * after a word that introduces one ("in", "bei", data/place_cues.txt `at`). */
#define AN_PLACE_BARE_POP 50000u
/* Matches kept per sentence unit (4 KiB at most). */
#define AN_MAX_RAW_PER_SENTENCE 512u

/* ---- event coder (src/code/coder.c, clause.c, words.c, roles.c) ---- */

/* Conjuncts of one coordinated source or target ("Spain, Ireland and Norway"): a list
 * of 40 countries recognising 40 others would otherwise make 1,600 events. */
#define AN_COORD_MAX 6u

/* ---- TABARI/PETRARCH coder (src/code/tabari*.c) ---- */

/* Words coded per sentence; the rest is dropped, as TABARI does (127 words). Pattern
 * matching scans a clause once per pattern element, so this bounds the per-verb work and
 * keeps a 10,000-word "sentence" linear in its length. */
#define AN_TABARI_MAX_WORDS 126u
/* A word longer than this is cut (TABARI: 63), bounding prefix lookups per word. */
#define AN_TABARI_MAX_WORD 63u
/* Events kept per sentence before compound expansion (TABARI: 64); a list of 40 actors
 * met by 40 actors would otherwise make 1,600 events. */
#define AN_TABARI_MAX_EVENTS 64u
/* One dictionary line; longer lines are an error (TABARI: 255). */
#define AN_TABARI_MAX_LINE 4096u
/* Elements of one phrase or pattern (words, tokens, brackets). */
#define AN_TABARI_MAX_ELEMS 96u
/* Nesting of synsets inside synsets (a synset may only use earlier ones, so this
 * only guards the recursion of a hostile file). */
#define AN_TABARI_MAX_SYN_DEPTH 8u
/* Dictionary files named by one project file. */
#define AN_TABARI_MAX_FILES 32u

/* ---- temporal expressions (src/context/time.c) ---- */

/* Elements in one pattern of time.txt; the matcher backtracks over optional elements,
 * so this bounds the work per pattern and token (2^optional paths at most). */
#define AN_TIME_MAX_ELEMS 12u
/* Optional elements in one pattern: 2^8 paths per start token at worst. */
#define AN_TIME_MAX_OPTIONAL 8u
/* Patterns per language: with the per-token word index, matching costs at most this
 * many attempts per token that starts a candidate. */
#define AN_TIME_MAX_PATTERNS 2048u
/* Bytes in one line of time.txt; longer lines are a load error, not a silent cut. */
#define AN_TIME_MAX_LINE 4096u
/* Tokens looked back over for a future-tense word ("will", "wird") that turns an
 * underspecified date ("on Friday", "im Mai") forward instead of back. */
#define AN_TIME_FUTURE_WINDOW 10u
/* Narratives: a dated expression whose year lies more than this many years before or
 * after the reference is a digression and does not move the reference. */
#define AN_TIME_BACK_YEARS 2
#define AN_TIME_AHEAD_YEARS 5
/* Tokens looked back over to tell a heading ("1862" on a line of its own). */
#define AN_TIME_HEADING_TOKENS 12u
/* Tokens looked ahead, within the clause, for a future-tense word. */
#define AN_TIME_FUTURE_AFTER 2u
/* Tokens between a yearless date and a dated one that it may borrow the year from
 * ("Mai/Juni 1940", "March 3 to March 5, 2024"). */
#define AN_TIME_LINK_WINDOW 3u

/* ---- verb dictionaries (src/code/dict.c) ---- */

/* What one pattern line may hold; a longer one is refused by file and line, never cut. */
#define AN_PATTERN_CONDITIONS 32u   /* conditions on one line */
#define AN_PATTERN_CONDITION_BYTES 512u   /* one condition's words, '|'-separated */
#define AN_PATTERN_TRIGGER_BYTES 128u

/* ---- event context (src/context/context.c) ---- */

/* An attribution that follows its claims ("Dies erklärte …") covers at most this many
 * sentences before it, so that a paragraph without line breaks stays linear. */
#define AN_ATTRIBUTION_SPAN 8u
/* A reporting verb's event looks this many events around it for the event it reports. */
#define AN_REPORT_NEAR 16u

/* ---- the store (src/store/) ---- */

/* How long a writer waits for another process's write transaction before it gives up
 * with "another process holds the store", rather than hanging on a stuck peer. */
#define AN_STORE_BUSY_MS 5000

/* ---- queries (src/store/query.c) ---- */

#define AN_QUERY_MAX_TERMS 24
/* An actor prefix spanning up to this many distinct codes on a side is read as one
 * ordered index range per code, merged, which stops at the limit; a wider prefix ("R")
 * is read by a skip-scan join whose sort sees every hit, and the compound query stays
 * far below SQLite's 500 terms. */
#define AN_QUERY_MAX_CODES 16
#define AN_QUERY_CODE_BYTES 64   /* a longer stored code sends the prefix to the join */

#endif
