/* lexicon_check.c — the build's check of the lexicon (`make` runs it when a lexicon file
 * changes): loads data/actors, data/roles.txt, the word lists and the gazetteer exactly
 * as annalist does, fails on a malformed line with "file:line: message", and prints the
 * duplicates and conflicts the loader found as warnings.
 *
 * usage: lexicon_check DATA_DIR     exit 0 (loaded, perhaps with warnings) or 1 */
#include "lexicon/lexicon.h"
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
        return 2;
    }
    an_lexicon *lx;
    an_error err = { 0 };
    if (an_lexicon_load(&lx, argv[1], &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    fwrite(lx->warnings.p ? lx->warnings.p : "", 1, lx->warnings.n, stderr);
    if (lx->n_warnings > AN_LEXICON_MAX_WARNINGS)
        fprintf(stderr, "lexicon: %u more warnings not shown\n", lx->n_warnings - AN_LEXICON_MAX_WARNINGS);
    uint32_t places = 0;
    for (uint32_t i = 0; i < lx->actors.n; i++) places += lx->actors.items[i].type == AN_ENT_PLACE;
    printf("lexicon: %u actors and role nouns, %u places, %u aliases; %u warnings\n",
           lx->actors.n - places, places, lx->aliases.n, lx->n_warnings);
    an_lexicon_free(lx);
    return 0;
}
