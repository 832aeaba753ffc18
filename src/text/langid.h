/* langid.h — built-in language identification (text layer).
 *
 * Knows 15 languages: de en uk ru fr es it pl nl ar tr be bg kk sr (Serbian in Cyrillic
 * and Latin script). The model is compiled in (langid_model.h); nothing is loaded. */
#ifndef AN_TEXT_LANGID_H
#define AN_TEXT_LANGID_H

#include "annalist.h"
#include "core/limits.h"

typedef struct an_langid_result {
    char lang[4];       /* ISO 639-1 code, NUL-terminated; "und" when undetermined */
    float confidence;   /* 0..1: the share of the winner in a softmax of the scores,
                           times the share of letters in the winner's script */
} an_langid_result;

/* Detects the language of UTF-8 text (invalid bytes tolerated). Only the first
 * AN_LANGID_MAX_BYTES are read. Returns AN_OK with out filled; AN_EMPTY with lang "und"
 * and confidence 0 when the text has no letters; AN_USAGE when out is NULL or p is NULL
 * with n > 0. Thread-safe, no allocation. */
an_status an_langid_detect(const char *p, size_t n, an_langid_result *out);

/* Same, restricted to a candidate set like "de,en,uk,ru" (codes separated by commas,
 * spaces allowed; NULL = all). Returns AN_USAGE for an unknown code or an empty set.
 * When no candidate writes the text's scripts the result is "und" with confidence 0
 * (and AN_OK). Thread-safe, no allocation. */
an_status an_langid_detect_among(const char *p, size_t n, const char *candidates,
                                 an_langid_result *out);

/* The languages the model knows, as a comma-separated static string. */
const char *an_langid_languages(void);

#endif
