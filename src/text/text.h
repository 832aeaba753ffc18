/* text.h — internal interface of the text layer: UTF-8, folding, tokens, sentences,
 * numbers. Depends on core only. */
#ifndef AN_TEXT_H
#define AN_TEXT_H

#include "core/core.h"

/* ---- UTF-8 ---- */

/* Decodes one code point at p[0..n), n > 0. Returns its byte length (1..4) and sets *cp;
 * an invalid or truncated sequence yields U+FFFD and length 1, so every byte is
 * consumed exactly once and offsets stay those of the input. */
size_t an_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);
size_t an_utf8_encode(uint32_t cp, char out[4]);

/* Scans for invalid sequences; calls report(ctx, offset) for each one (at most `max`
 * calls) and returns the total count. */
size_t an_utf8_scan(const char *p, size_t n, void (*report)(void *, size_t), void *ctx,
                    size_t max);

/* True when the first bytes look binary (NULs or many control bytes). */
bool an_text_looks_binary(const char *p, size_t n);

/* ---- character classes (Unicode, through ICU's property data) ---- */

bool an_cp_is_letter(uint32_t cp);
bool an_cp_is_upper(uint32_t cp);
bool an_cp_is_lower(uint32_t cp);
bool an_cp_is_digit(uint32_t cp);
bool an_cp_is_space(uint32_t cp);   /* includes NBSP and the Unicode Zs class */
bool an_cp_is_dash(uint32_t cp);
bool an_cp_is_symbol(uint32_t cp);  /* currency, math and other symbols (Unicode S*) */

/* ---- per-language text data ---- */

typedef struct an_textlang {
    char code[4];
    an_strset abbrev;       /* folded, spaces removed: "z.b.", "dr.", "ст." */
    an_strset ordinal;      /* words after which "N." is an ordinal: months, "jahrhundert" */
    char decimal;           /* ',' for de/uk/ru, '.' for en */
} an_textlang;

/* Loads lang/<code>/abbrev.txt and ordinal.txt from data_dir (missing files are fine). */
an_status an_textlang_load(an_textlang *tl, const char *data_dir, const char *code,
                           an_error *err);
void an_textlang_free(an_textlang *tl);

/* ---- segmentation and tokens ---- */

typedef struct an_unit { uint32_t start, end; } an_unit;

/* Splits text into sentence units in reading order: paragraph and line structure are
 * hard boundaries (a soft-wrapped line continues its sentence), then sentence-final
 * punctuation unless an abbreviation, initial, ordinal or lower-case continuation says
 * otherwise. Units exclude surrounding white space. Calls emit for each unit; returns
 * AN_LIMIT when emit refuses more. */
an_status an_segment(const char *text, size_t n, const an_textlang *tl,
                     an_status (*emit)(void *, an_unit), void *ctx);

typedef struct an_tokenizer_out {
    an_status (*token)(void *ctx, const an_token *t, const char *key, size_t key_n);
    void *ctx;
} an_tokenizer_out;

/* Tokenizes text[start..end): words (letters, digits, inner hyphens and apostrophes),
 * numbers with their separators ("11.000", "3,5", "9.11.2024"), punctuation. Each token
 * gets its folded key. */
an_status an_tokenize(const char *text, uint32_t start, uint32_t end, const an_textlang *tl,
                      an_tokenizer_out *out, an_buf *scratch);

/* Folds one span (NFC + case folding) into out (appending). */
an_status an_fold_append(const char *p, size_t n, an_buf *out);

#endif
