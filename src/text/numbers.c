/* numbers.c — numbers as each language writes them.
 *
 * German, Ukrainian and Russian group thousands with '.', a space or a no-break space
 * and use ',' for decimals ("11.000", "3,5", "11 000"); English groups with ',' and uses
 * '.' ("11,000", "3.5"). A separator followed by exactly three digits is a group
 * separator; otherwise it is the decimal mark if it is the language's one. */
#include "text.h"

an_status an_number_parse(const char *p, size_t n, const char *lang, double *value)
{
    char dec = (lang && (lang[0] == 'e' && lang[1] == 'n')) ? '.' : ',';
    double v = 0, scale = 0;
    size_t digits = 0, i = 0;
    bool neg = false;
    if (i < n && (p[i] == '-' || p[i] == '+')) neg = p[i++] == '-';
    while (i < n) {
        char c = p[i];
        if (c >= '0' && c <= '9') {
            if (scale) { v += (c - '0') * scale; scale /= 10; }
            else v = v * 10 + (c - '0');
            digits++;
            i++;
            continue;
        }
        size_t sep = 0;
        if (c == '.' || c == ',' || c == ' ' || c == '\'') sep = 1;
        else if (n - i >= 2 && (unsigned char)c == 0xC2 && (unsigned char)p[i + 1] == 0xA0) sep = 2;
        else if (n - i >= 3 && (unsigned char)c == 0xE2 && (unsigned char)p[i + 1] == 0x80 &&
                 (unsigned char)p[i + 2] == 0xAF) sep = 3;   /* narrow no-break space */
        if (!sep || !digits || scale) return AN_USAGE;
        size_t k = i + sep, run = 0;
        while (k + run < n && p[k + run] >= '0' && p[k + run] <= '9') run++;
        if (run == 0) return AN_USAGE;
        bool group = run == 3 && (k + run == n || p[k + run] == c) && c != dec;
        if (c == dec && !(run == 3 && k + run < n && p[k + run] == c)) {
            /* decimal mark; "1.000.000" with '.' as the decimal mark cannot happen */
            scale = 0.1;
        } else if (!group && !(run == 3 && c == dec)) {
            return AN_USAGE;
        }
        i = k;
    }
    if (!digits) return AN_USAGE;
    *value = neg ? -v : v;
    return AN_OK;
}
