/* time.h — temporal expressions: find dates in news text and normalise them against
 * the article's publication date.
 *
 * One mechanism for every language: lang/LANG/time.txt gives the words (month names and
 * their inflected forms, weekdays, number words, relative words) and the patterns over
 * them; src/context/time.c tokenises, matches the patterns and computes TimeML (TIMEX3)
 * values with one resolver. The file format is documented at the top of each time.txt.
 */
#ifndef AN_CONTEXT_TIME_H
#define AN_CONTEXT_TIME_H

#include "core/core.h"

typedef enum { AN_TIME_DAY, AN_TIME_WEEK, AN_TIME_MONTH, AN_TIME_YEAR,
               /* Only from an_time_find_ex with all_types: seasons, quarters, decades,
                * centuries, clock times, durations, sets and PRESENT_REF-like values. */
               AN_TIME_OTHER } an_time_precision;

/* TimeML's TIMEX3 types. an_time_find gives DATE only. */
typedef enum { AN_TIMEX_DATE, AN_TIMEX_TIME, AN_TIMEX_DURATION, AN_TIMEX_SET } an_timex_type;

typedef struct an_timex {
    uint32_t start, end;       /* byte offsets in the text */
    /* "2024-11-09", "2024-W45", "2024-10", "2024"; with all_types also "2024-SU",
     * "199" (decade), "19" (century), "BC0490", "2024-11-09T15:30", "P2Y", "XXXX-WI",
     * "PRESENT_REF". Empty when unresolved (only with keep_unresolved). 24 bytes rather
     * than 16 so that a date with a clock time fits. */
    char value[24];
    an_time_precision precision;
    an_timex_type type;
} an_timex;

typedef struct an_time_lexicon an_time_lexicon;   /* loaded per-language data */

/* Loads lang_dir/{de,en,uk,ru}/time.txt (a language whose file is absent is skipped).
 * Returns AN_OK and *out, AN_NOT_FOUND when no file was found, AN_BAD_DICT with err
 * naming the file and line of a malformed entry, AN_IO, or AN_NOMEM. The lexicon is
 * read-only afterwards; free it with an_time_lexicon_free. */
an_status an_time_lexicon_load(an_time_lexicon **out, const char *lang_dir, an_error *err);
void an_time_lexicon_free(an_time_lexicon *lx);

/* Finds temporal expressions in text[0..n) for language lang ("de","en","uk","ru"),
 * anchored at the date y-m-d (0 when unknown: relative expressions then get no value
 * and are skipped). Writes up to max dates (type DATE, precision DAY, WEEK, MONTH or
 * YEAR) in text order and returns how many. Underspecified dates resolve as news
 * reads them: "am Donnerstag" is the most recent Thursday on or before the anchor
 * (the next one after a future-tense word), "im Oktober" the most recent October
 * unless it lies at most three months ahead. Returns 0 for an unknown language or when
 * memory runs out; text after the first AN_MAX_TOKENS tokens is not searched.
 * Thread-safe (lexicon read-only; scratch memory is per call). */
size_t an_time_find(const an_time_lexicon *lx, const char *lang, const char *text, size_t n,
                    int y, int m, int d, an_timex *out, size_t max);

typedef struct an_time_options {
    /* Histories rather than news: the reference time moves to the last date the text
     * gave ("1940 … im Mai" is 1940-05), skipping digressions far from it. */
    bool narrative;
    bool all_types;        /* also times, durations, sets, seasons, decades, centuries */
    bool keep_unresolved;  /* also expressions whose value is unknown (value "") */
} an_time_options;

/* an_time_find with options; opt NULL is all false, which is an_time_find. */
size_t an_time_find_ex(const an_time_lexicon *lx, const char *lang, const char *text,
                       size_t n, int y, int m, int d, const an_time_options *opt,
                       an_timex *out, size_t max);

#endif
