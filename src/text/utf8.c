/* utf8.c — UTF-8 decoding and validation, and character classes.
 *
 * Invalid input is never rejected: each bad byte decodes as U+FFFD and is consumed
 * alone (the "maximal subpart" practice of Unicode §3.9 simplified to one byte), so
 * byte offsets always refer to the input. Classes come from ICU's property tables. */
#include "text.h"
#include <unicode/uchar.h>

size_t an_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else { *cp = 0xFFFD; return 1; }
    if (n < len) { *cp = 0xFFFD; return 1; }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { *cp = 0xFFFD; return 1; }
    *cp = v;
    return len;
}

size_t an_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t an_utf8_scan(const char *p, size_t n, void (*report)(void *, size_t), void *ctx,
                    size_t max)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t bad = 0, i = 0;
    while (i < n) {
        /* ASCII runs dominate news text: skip them eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        if (s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        size_t len = an_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && len == 1 && !(n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD)) {
            if (bad < max && report) report(ctx, i);
            bad++;
        }
        i += len;
    }
    return bad;
}

bool an_text_looks_binary(const char *p, size_t n)
{
    if (n > AN_BINARY_SNIFF_BYTES) n = AN_BINARY_SNIFF_BYTES;
    size_t ctrl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ctrl++;
    }
    return n && ctrl * 10 > n;   /* more than 10% control bytes */
}

bool an_cp_is_letter(uint32_t cp)
{
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return u_isalpha((UChar32)cp) || u_getCombiningClass((UChar32)cp) != 0 ||
           u_charType((UChar32)cp) == U_NON_SPACING_MARK ||
           u_charType((UChar32)cp) == U_COMBINING_SPACING_MARK;
}
bool an_cp_is_upper(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    return u_isupper((UChar32)cp) || u_istitle((UChar32)cp);
}
bool an_cp_is_lower(uint32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    return u_islower((UChar32)cp);
}
bool an_cp_is_digit(uint32_t cp)
{
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return u_isdigit((UChar32)cp);
}
bool an_cp_is_space(uint32_t cp)
{
    if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
    return u_isUWhiteSpace((UChar32)cp) || cp == 0xFEFF || cp == 0x200B;
}
bool an_cp_is_dash(uint32_t cp)
{
    if (cp < 0x80) return cp == '-';
    return u_hasBinaryProperty((UChar32)cp, UCHAR_DASH);
}
bool an_cp_is_symbol(uint32_t cp)
{
    int8_t k = u_charType((UChar32)cp);
    return k == U_MATH_SYMBOL || k == U_CURRENCY_SYMBOL || k == U_MODIFIER_SYMBOL ||
           k == U_OTHER_SYMBOL;
}
