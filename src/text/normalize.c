/* normalize.c — the matching key of a span: NFC after case folding.
 *
 * Keys are what lexicons and dictionaries are matched on. The fast path handles ASCII
 * with a table; other text is folded per code point (ICU simple case folding), then
 * checked with the NFC quick-check property and canonical combining classes. Only text
 * that fails the check (decomposed input, rare in news) goes through ICU's UTF-16
 * normalizer. Measured on news, ICU's quick check is far faster than normalising
 * everything, and most text is already NFC. */
#include "text.h"
#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static an_status normalize_slow(an_buf *out, size_t from)
{
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
    if (U_FAILURE(ec)) return AN_NOMEM;
    size_t n = out->n - from;
    int32_t len16 = 0;
    u_strFromUTF8(NULL, 0, &len16, out->p + from, (int32_t)n, &ec);
    if (ec != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(ec)) return AN_BAD_UTF8;
    ec = U_ZERO_ERROR;
    UChar *src = malloc(((size_t)len16 + 1) * sizeof(UChar));
    UChar *dst = malloc(((size_t)len16 * 3 + 4) * sizeof(UChar));
    an_status st = AN_NOMEM;
    if (!src || !dst) goto fail;
    u_strFromUTF8(src, len16 + 1, NULL, out->p + from, (int32_t)n, &ec);
    int32_t dn = unorm2_normalize(nfc, src, len16, dst, len16 * 3 + 4, &ec);
    if (U_FAILURE(ec)) { st = AN_BAD_UTF8; goto fail; }
    int32_t len8 = 0;
    u_strToUTF8(NULL, 0, &len8, dst, dn, &ec);
    ec = U_ZERO_ERROR;
    out->n = from;
    if (an_buf_reserve(out, (size_t)len8 + 1)) goto fail;
    u_strToUTF8(out->p + from, len8 + 1, NULL, dst, dn, &ec);
    if (U_FAILURE(ec)) { st = AN_BAD_UTF8; goto fail; }
    out->n = from + (size_t)len8;
    out->p[out->n] = 0;
    st = AN_OK;
fail:
    free(src);
    free(dst);
    return st;
}

an_status an_fold_append(const char *p, size_t n, an_buf *out)
{
    if (an_buf_reserve(out, n * 3 + 4)) return AN_NOMEM;  /* folding grows at most 3x */
    size_t from = out->n;
    const unsigned char *s = (const unsigned char *)p;
    bool quick_ok = true;
    uint8_t last_ccc = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c < 0x80) {
            out->p[out->n++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            last_ccc = 0;
            i++;
            continue;
        }
        uint32_t cp;
        i += an_utf8_decode(s + i, n - i, &cp);
        uint32_t f = (uint32_t)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
        if (quick_ok) {
            uint8_t ccc = u_getCombiningClass((UChar32)f);
            if (u_getIntPropertyValue((UChar32)f, UCHAR_NFC_QUICK_CHECK) != UNORM_YES ||
                (ccc && last_ccc > ccc))
                quick_ok = false;
            last_ccc = ccc;
        }
        out->n += an_utf8_encode(f, out->p + out->n);
    }
    out->p[out->n] = 0;
    return quick_ok ? AN_OK : normalize_slow(out, from);
}

an_status an_text_fold(const char *p, size_t n, an_buf *out) { return an_fold_append(p, n, out); }
