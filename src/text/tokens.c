/* tokens.c — tokens with byte offsets and matching keys.
 *
 * A token is a word (letters, digits and marks, with inner hyphens and apostrophes:
 * "Nord-Korea", "don't", "F-16"), a number with its separators ("11.000", "3,5",
 * "9.11.2024"; a separator counts only between digits), or one punctuation or symbol
 * code point. Each token carries its folded key (normalize.c) for matching. */
#include "text.h"

static bool inner_joiner(uint32_t c) { return c == '-' || c == 0x2011 || c == '\'' || c == 0x2019; }

an_status an_tokenize(const char *text, uint32_t start, uint32_t end, const an_textlang *tl,
                      an_tokenizer_out *out, an_buf *scratch)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = start, len;
    uint8_t pre = 0;
    while (i < end) {
        uint32_t c;
        len = an_utf8_decode(s + i, end - i, &c);
        if (an_cp_is_space(c)) {
            pre |= AN_TOKF_SPACE_BEFORE;
            if (c == '\n') pre |= AN_TOKF_NEWLINE_BEFORE;
            i += len;
            continue;
        }
        an_token t = { 0 };
        t.start = (uint32_t)i;
        t.flags = pre;
        pre = 0;
        if (an_cp_is_letter(c) || an_cp_is_digit(c)) {
            size_t j = i + len, letters = 1, uppers = an_cp_is_upper(c), digits = an_cp_is_digit(c);
            bool only_digits = digits;
            if (an_cp_is_upper(c)) t.flags |= AN_TOKF_UPPER;
            while (j < end) {
                uint32_t d;
                size_t l = an_utf8_decode(s + j, end - j, &d);
                if (an_cp_is_letter(d) || an_cp_is_digit(d)) {
                    if (an_cp_is_digit(d)) digits++;
                    else only_digits = false;
                    letters++;
                    uppers += an_cp_is_upper(d);
                    j += l;
                    continue;
                }
                if (j + l < end) {
                    uint32_t e;
                    size_t l2 = an_utf8_decode(s + j + l, end - j - l, &e);
                    (void)l2;
                    bool joins = inner_joiner(d) && (an_cp_is_letter(e) || an_cp_is_digit(e));
                    bool groups = (d == '.' || d == ',' || d == 0xA0 || d == 0x202F) &&
                                  an_cp_is_digit(e) && only_digits;
                    if (joins || groups) {
                        if (joins) only_digits = false;
                        j += l;
                        continue;
                    }
                }
                break;
            }
            t.end = (uint32_t)j;
            t.kind = AN_TOK_WORD;
            if (digits && an_number_parse(text + i, j - i, tl ? tl->code : "en", &t.number) == AN_OK)
                t.kind = AN_TOK_NUMBER;
            /* capitals before a possessive 's are all capitals too ("UN's", "SDF's") */
            size_t n = j - i, poss = (n > 2 && s[j - 1] == 's' && s[j - 2] == '\'') ||
                                    (n > 4 && s[j - 1] == 's' && memcmp(s + j - 4, "\xE2\x80\x99", 3) == 0);
            if (letters - digits - poss >= 2 && uppers == letters - digits - poss) t.flags |= AN_TOKF_ALLCAPS;
            i = j;
        } else {
            t.end = (uint32_t)(i + len);
            t.kind = (c < 0x80 || !an_cp_is_symbol(c)) ? AN_TOK_PUNCT : AN_TOK_SYMBOL;
            i += len;
        }
        scratch->n = 0;
        size_t kn = t.end - t.start;
        if (kn > AN_MAX_TOKEN_KEY) kn = AN_MAX_TOKEN_KEY;
        if (an_fold_append(text + t.start, kn, scratch)) return AN_NOMEM;
        an_status st = out->token(out->ctx, &t, scratch->p, scratch->n);
        if (st) return st;
    }
    return AN_OK;
}
