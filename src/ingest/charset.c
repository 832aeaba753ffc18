/* charset.c — the first step of the HTML reader: bytes in whatever charset the page
 * uses become UTF-8 for the tokenizer (html.c).
 *
 * Order of evidence, as in the WHATWG Encoding standard: a byte-order mark, then the
 * transport's charset (the caller's hint), then <meta charset> found by a prescan of
 * the first AN_HTML_CHARSET_SCAN bytes. A declaration is then checked against the bytes:
 * a page declared single-byte whose bytes validate as UTF-8 (with multi-byte sequences)
 * is UTF-8; a page declared UTF-8 whose non-ASCII bytes mostly fail to validate is
 * single-byte. Single-byte pages are told apart by where their high bytes fall: Cyrillic
 * text has long runs of bytes >= 0xC0, Latin text has isolated ones; among Cyrillic
 * encodings, lower-case letters (the common case) sit in 0xE0-0xFF in windows-1251 and
 * in 0xC0-0xDF in KOI8-R. Conversion is glibc iconv; an unconvertible byte becomes
 * U+FFFD. */
#include "ingest/html.h"
#include <errno.h>
#include <iconv.h>

static unsigned char lower_ascii(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Alias → canonical name. Labels not listed pass through lower-cased for iconv. */
static const char *const aliases[][2] = {
    { "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" }, { "x-unicode20utf8", "utf-8" },
    { "utf-16", "utf-8" }, { "utf-16le", "utf-8" }, { "utf-16be", "utf-8" },  /* a meta
        declaration of UTF-16 in an ASCII-readable page means UTF-8 (WHATWG) */
    { "us-ascii", "windows-1252" }, { "ascii", "windows-1252" }, { "latin1", "windows-1252" },
    { "l1", "windows-1252" }, { "iso-8859-1", "windows-1252" }, { "iso8859-1", "windows-1252" },
    { "iso_8859-1", "windows-1252" }, { "iso88591", "windows-1252" }, { "cp1252", "windows-1252" },
    { "x-cp1252", "windows-1252" }, { "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
    { "x-user-defined", "windows-1252" },
    { "cp1251", "windows-1251" }, { "x-cp1251", "windows-1251" }, { "win-1251", "windows-1251" },
    { "win1251", "windows-1251" }, { "windows1251", "windows-1251" },
    { "cp1250", "windows-1250" }, { "x-cp1250", "windows-1250" },
    { "koi8r", "koi8-r" }, { "koi8", "koi8-r" }, { "koi", "koi8-r" }, { "cskoi8r", "koi8-r" },
    { "koi8u", "koi8-u" }, { "koi8-ru", "koi8-u" },
    { "latin9", "iso-8859-15" }, { "iso8859-15", "iso-8859-15" }, { "l9", "iso-8859-15" },
    { "latin2", "iso-8859-2" }, { "iso8859-2", "iso-8859-2" }, { "l2", "iso-8859-2" },
    { "cyrillic", "iso-8859-5" }, { "iso8859-5", "iso-8859-5" },
    { "cp866", "ibm866" }, { "866", "ibm866" },
    { "gb2312", "gbk" }, { "x-gbk", "gbk" }, { "sjis", "shift_jis" }, { "x-sjis", "shift_jis" },
    { "ms_kanji", "shift_jis" },
};

void an_charset_canonical(const char *label, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    if (!cap) return;
    while (n && (*label == ' ' || *label == '"' || *label == '\'' || *label == '\t')) {
        label++;
        n--;
    }
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = lower_ascii((unsigned char)label[i]);
        if (c == ' ' || c == '"' || c == '\'' || c == ';' || c == '\t' || c == ',' || c == '>')
            break;
        out[k++] = (char)c;
    }
    out[k] = 0;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcmp(out, aliases[i][0]) == 0) {
            snprintf(out, cap, "%s", aliases[i][1]);
            return;
        }
    }
}

/* Finds `charset=` (case-insensitive) in p[0..n) and canonicalises what follows. */
static bool charset_param(const char *p, size_t n, char *out, size_t cap)
{
    for (size_t i = 0; i + 8 <= n; i++) {
        static const char key[] = "charset";
        size_t j = 0;
        while (j < 7 && lower_ascii((unsigned char)p[i + j]) == (unsigned char)key[j]) j++;
        if (j < 7) continue;
        size_t k = i + 7;
        while (k < n && (p[k] == ' ' || p[k] == '\t')) k++;
        if (k >= n || p[k] != '=') continue;
        k++;
        while (k < n && (p[k] == ' ' || p[k] == '"' || p[k] == '\'')) k++;
        an_charset_canonical(p + k, n - k, out, cap);
        return out[0] != 0;
    }
    return false;
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Case-insensitive: does p[0..n) start with the lower-case literal s? */
static bool starts_ci(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    if (n < k) return false;
    for (size_t i = 0; i < k; i++)
        if (lower_ascii((unsigned char)p[i]) != (unsigned char)s[i]) return false;
    return true;
}

bool an_charset_from_meta(const char *p, size_t n, char *out, size_t cap)
{
    if (n > AN_HTML_CHARSET_SCAN) n = AN_HTML_CHARSET_SCAN;
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(p + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - p);
        if (starts_ci(p + i, n - i, "<!--")) {
            const char *e = NULL;
            for (size_t k = i + 4; k + 3 <= n; k++)
                if (p[k] == '-' && p[k + 1] == '-' && p[k + 2] == '>') { e = p + k; break; }
            if (!e) break;
            i = (size_t)(e - p) + 3;
            continue;
        }
        if (!starts_ci(p + i, n - i, "<meta") || i + 5 >= n || !(is_space((unsigned char)p[i + 5]) || p[i + 5] == '/')) {
            i++;
            continue;
        }
        /* The tag runs to the next '>' outside quotes. */
        size_t k = i + 5;
        char q = 0;
        for (; k < n; k++) {
            if (q) { if (p[k] == q) q = 0; }
            else if (p[k] == '"' || p[k] == '\'') q = p[k];
            else if (p[k] == '>') break;
        }
        const char *tag = p + i;
        size_t tag_n = k - i;
        /* <meta charset=X> */
        for (size_t m = 5; m + 8 <= tag_n; m++) {
            if (is_space((unsigned char)tag[m - 1]) && starts_ci(tag + m, tag_n - m, "charset")) {
                size_t v = m + 7;
                while (v < tag_n && is_space((unsigned char)tag[v])) v++;
                if (v < tag_n && tag[v] == '=') {
                    v++;
                    while (v < tag_n && (is_space((unsigned char)tag[v]) || tag[v] == '"' || tag[v] == '\'')) v++;
                    an_charset_canonical(tag + v, tag_n - v, out, cap);
                    if (out[0]) return true;
                }
            }
        }
        /* <meta http-equiv=content-type content="text/html; charset=X"> */
        bool equiv = false;
        for (size_t m = 5; m + 10 <= tag_n; m++)
            if (starts_ci(tag + m, tag_n - m, "http-equiv")) { equiv = true; break; }
        if (equiv && charset_param(tag, tag_n, out, cap)) return true;
        i = k;
    }
    return false;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return (n >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;         /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0;        /* surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

/* Statistics over the bytes that decide a charset. */
typedef struct byte_stats {
    size_t high;            /* bytes >= 0x80 */
    size_t multibyte;       /* valid UTF-8 sequences of 2..4 bytes */
    size_t invalid;         /* invalid UTF-8 sequences */
    size_t letters_hi;      /* bytes 0xC0..0xFF */
    size_t run_hi;          /* bytes 0xC0..0xFF followed by another */
    size_t e0_ff;           /* bytes 0xE0..0xFF */
} byte_stats;

static void scan_bytes(const unsigned char *p, size_t n, byte_stats *s)
{
    memset(s, 0, sizeof *s);
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        s->high++;
        if (c >= 0xC0) {
            s->letters_hi++;
            if (c >= 0xE0) s->e0_ff++;
            if (i + 1 < n && p[i + 1] >= 0xC0) s->run_hi++;
        }
        size_t k = utf8_seq(p + i, n - i);
        if (k) {
            s->multibyte++;
            /* count the continuation bytes too */
            s->high += k - 1;
            i += k;
        } else {
            s->invalid++;
            i++;
        }
    }
}

size_t an_utf8_invalid_count(const char *p, size_t n)
{
    byte_stats s;
    scan_bytes((const unsigned char *)p, n, &s);
    return s.invalid;
}

static bool is_utf8_name(const char *name) { return strcmp(name, "utf-8") == 0; }

/* Single-byte charsets for which we can judge plausibility from the byte pattern. */
static bool is_cyrillic_name(const char *name)
{
    return strcmp(name, "windows-1251") == 0 || strcmp(name, "koi8-r") == 0 ||
           strcmp(name, "koi8-u") == 0 || strcmp(name, "iso-8859-5") == 0 || strcmp(name, "ibm866") == 0;
}
static bool is_latin_name(const char *name)
{
    return strcmp(name, "windows-1252") == 0 || strcmp(name, "iso-8859-15") == 0 ||
           strcmp(name, "iso-8859-2") == 0 || strcmp(name, "windows-1250") == 0;
}

/* Guesses a single-byte charset from the statistics of text that is not UTF-8. */
static const char *sniff_single_byte(const byte_stats *s)
{
    /* Cyrillic words are runs of high bytes; Latin accents stand alone. */
    if (s->letters_hi >= 8 && s->run_hi * 2 > s->letters_hi)
        return s->e0_ff * 2 >= s->letters_hi ? "windows-1251" : "koi8-r";
    return "windows-1252";
}

/* Converts p[0..n) from `from` to UTF-8 into out with iconv. Bytes iconv rejects become
 * U+FFFD (counted in *bad). Returns AN_OK, AN_NOMEM, or AN_BAD_CHARSET when iconv
 * does not know the charset. */
static an_status convert(const char *p, size_t n, const char *from, an_buf *out, size_t *bad)
{
    const char *name = from;
    if (strcmp(from, "windows-1252") == 0) name = "CP1252";
    else if (strcmp(from, "windows-1251") == 0) name = "CP1251";
    else if (strcmp(from, "windows-1250") == 0) name = "CP1250";
    else if (strcmp(from, "ibm866") == 0) name = "CP866";
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return AN_BAD_CHARSET;
    an_status st = AN_OK;
    out->n = 0;
    char *in = (char *)p;
    size_t left = n;
    while (left) {
        if (an_buf_reserve(out, left * 2 + 16)) { st = AN_NOMEM; break; }
        char *o = out->p + out->n;
        size_t room = out->cap - out->n - 1;
        size_t r = iconv(cd, &in, &left, &o, &room);
        out->n = (size_t)(o - out->p);
        if (r != (size_t)-1) continue;
        if (errno == E2BIG) continue;
        /* EILSEQ or EINVAL (truncated at the end): replace one byte and go on */
        if (an_buf_append(out, "\xEF\xBF\xBD", 3)) { st = AN_NOMEM; break; }
        (*bad)++;
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if (st == AN_OK && an_buf_reserve(out, 1) == AN_OK) out->p[out->n] = 0;
    return st;
}

an_status an_charset_decode(const char *p, size_t n, const char *hint, an_buf *utf8,
                            const char **text, size_t *text_n, an_charset_info *info)
{
    memset(info, 0, sizeof *info);
    *text = p;
    *text_n = n;
    const unsigned char *u = (const unsigned char *)p;

    /* 1. byte-order marks */
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        snprintf(info->name, sizeof info->name, "utf-8");
        info->source = AN_CHARSET_BOM;
        info->bom = 3;
        *text = p + 3;
        *text_n = n - 3;
        info->invalid = an_utf8_invalid_count(p + 3, n - 3);
        return AN_OK;
    }
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *name = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        snprintf(info->name, sizeof info->name, "%s", u[0] == 0xFF ? "utf-16le" : "utf-16be");
        info->source = AN_CHARSET_BOM;
        info->bom = 2;
        an_status st = convert(p + 2, n - 2, name, utf8, &info->invalid);
        if (st == AN_NOMEM) return st;
        if (st == AN_OK) {
            info->converted = true;
            *text = utf8->p ? utf8->p : "";
            *text_n = utf8->n;
            return AN_OK;
        }
        /* iconv without UTF-16: read the bytes as they are */
        *text = p;
        *text_n = n;
    }

    /* 2. what is declared */
    char declared[32] = "";
    an_charset_source src = AN_CHARSET_DEFAULT;
    if (hint && *hint) {
        an_charset_canonical(hint, strlen(hint), declared, sizeof declared);
        if (declared[0]) src = AN_CHARSET_HINT;
    }
    if (!declared[0] && an_charset_from_meta(p, n, declared, sizeof declared)) src = AN_CHARSET_META;
    snprintf(info->declared, sizeof info->declared, "%s", declared);

    /* 3. what the bytes say */
    byte_stats s;
    scan_bytes(u, n, &s);
    const char *use = declared[0] ? declared : "utf-8";
    info->source = src;
    if (s.high == 0) {
        /* pure ASCII reads the same in every ASCII-compatible charset */
        use = "utf-8";
    } else if (is_utf8_name(use)) {
        /* Declared (or assumed) UTF-8: keep it unless valid multi-byte sequences are
         * rare among the non-ASCII (in single-byte text they occur only by accident). */
        if (s.invalid > 0 && s.multibyte * 4 < s.invalid) {
            use = sniff_single_byte(&s);
            info->source = AN_CHARSET_SNIFF;
        }
    } else if (s.invalid == 0 && s.multibyte > 0) {
        /* Declared single-byte, but every high byte is part of valid UTF-8. */
        use = "utf-8";
        info->source = AN_CHARSET_SNIFF;
    } else if (is_latin_name(use) || is_cyrillic_name(use)) {
        const char *guess = sniff_single_byte(&s);
        bool guess_cyr = strcmp(guess, "windows-1252") != 0;
        if (is_latin_name(use) && guess_cyr) {
            use = guess;
            info->source = AN_CHARSET_SNIFF;
        } else if ((strcmp(use, "windows-1251") == 0 || strcmp(use, "koi8-r") == 0) && guess_cyr &&
                   strcmp(use, guess) != 0) {
            /* windows-1251 vs KOI8-R: trust the declaration unless the case pattern is
             * lopsided the other way */
            size_t lo = s.e0_ff, hi = s.letters_hi - s.e0_ff;
            bool says_1251 = lo > 3 * hi, says_koi = hi > 3 * lo;
            if ((says_1251 && strcmp(use, "koi8-r") == 0) || (says_koi && strcmp(use, "windows-1251") == 0)) {
                use = guess;
                info->source = AN_CHARSET_SNIFF;
            }
        }
    }
    if (!declared[0] && !is_utf8_name(use)) info->source = AN_CHARSET_SNIFF;
    snprintf(info->name, sizeof info->name, "%s", use);

    if (is_utf8_name(use)) {
        info->invalid = s.invalid;
        return AN_OK;
    }
    an_status st = convert(p, n, use, utf8, &info->invalid);
    if (st == AN_BAD_CHARSET) {
        /* a charset iconv does not know: read it as windows-1252 */
        snprintf(info->name, sizeof info->name, "windows-1252");
        info->source = AN_CHARSET_SNIFF;
        info->invalid = 0;
        st = convert(p, n, "windows-1252", utf8, &info->invalid);
    }
    if (st != AN_OK) return st == AN_BAD_CHARSET ? AN_OK : st;
    info->converted = true;
    *text = utf8->p ? utf8->p : "";
    *text_n = utf8->n;
    return AN_OK;
}
