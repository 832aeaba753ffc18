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

#endif
