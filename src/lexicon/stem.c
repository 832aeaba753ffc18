/* stem.c — inflection-tolerant matching keys.
 *
 * Lexicon aliases are written in their base form and texts inflect them: "Russlands",
 * "russischen", "Путина", "Зеленського", "Росії". Both sides lose their inflectional ending
 * from a per-language list, so "Росія" and "Росії" both reach "рос". A text word is tried with every ending removed ("Putins" → "putins",
 * "putin"), and an alias is indexed by its base form and its shortest stem, so either
 * meeting counts as a match. The lists hold the noun, name and adjective endings of each language;
 * stems keep at least three characters, which keeps short names ("Kim", "Ост") whole.
 * This is deliberately cruder than a Snowball stemmer: it runs on every token, and the
 * lexicon only needs both sides to land on the same key. */
#include "lexicon.h"

static const char *const de_end[] = { "ern", "es", "en", "er", "em", "s", "n", "e", NULL };
static const char *const en_end[] = { "'s", "’s", "ies", "es", "s", NULL };
static const char *const ru_end[] = {
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ией", "ией",
    "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ий", "ый", "ая", "яя",
    "ое", "ее", "ые", "ие", "ых", "их", "ым", "им", "ую", "юю", "ию", "ия", "ии",
    "а", "я", "у", "ю", "е", "ы", "и", "ь", "й", "о", NULL };
static const char *const uk_end[] = {
    "ами", "ями", "ого", "ому", "ими", "ою", "ею", "ій", "ий", "ої", "ої", "ом", "ем",
    "ам", "ям", "ах", "ях", "ів", "їв", "ов", "им", "ім", "их", "іх", "ая", "ої", "ую",
    "юю", "ія", "ії", "ію", "ією",
    "а", "я", "у", "ю", "е", "і", "ї", "и", "ь", "й", "о", NULL };

static size_t chars(const char *p, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)p[i] & 0xC0) != 0x80;
    return c;
}

size_t an_stem_lengths(const char *key, size_t n, const char *lang, size_t out[AN_STEM_MAX])
{
    const char *const *ends = de_end;
    if (lang && lang[0] == 'e' && lang[1] == 'n') ends = en_end;
    else if (lang && lang[0] == 'r' && lang[1] == 'u') ends = ru_end;
    else if (lang && lang[0] == 'u' && lang[1] == 'k') ends = uk_end;
    size_t k = 0;
    out[k++] = n;
    for (int i = 0; ends[i] && k < AN_STEM_MAX; i++) {
        size_t e = strlen(ends[i]);
        if (e >= n || memcmp(key + n - e, ends[i], e) != 0 || chars(key, n - e) < 3) continue;
        bool seen = false;
        for (size_t j = 0; j < k; j++) seen |= out[j] == n - e;
        if (!seen) out[k++] = n - e;
    }
    return k;
}

size_t an_stem_length(const char *key, size_t n, const char *lang)
{
    size_t l[AN_STEM_MAX], k = an_stem_lengths(key, n, lang, l), best = n;
    for (size_t i = 0; i < k; i++)
        if (l[i] < best) best = l[i];
    return best;
}
