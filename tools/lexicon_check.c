/* lexicon_check.c — the build's check of the lexicon (`make` runs it when a lexicon file
 * or the library changes): loads data/actors, data/roles.txt, the word lists and the
 * gazetteer from text exactly as annalist does, fails on a malformed line with
 * "file:line: message", prints the duplicates and conflicts the loader found as
 * warnings, and writes the snapshot annalist maps at load (src/lexicon/snapshot.c).
 *
 * usage: lexicon_check DATA_DIR [--write SNAPSHOT]   exit 0 (loaded, perhaps with
 *                                                    warnings) or 1
 *        lexicon_check DATA_DIR --probe              loads as annalist does and says
 *                                                    "snapshot" or "text" */
#include "lexicon/lexicon.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    bool probe = argc == 3 && strcmp(argv[2], "--probe") == 0;
    bool write = argc == 4 && strcmp(argv[2], "--write") == 0;
    if (argc != 2 && !probe && !write) {
        fprintf(stderr, "usage: %s DATA_DIR [--write SNAPSHOT | --probe]\n", argv[0]);
        return 2;
    }
    an_lexicon *lx;
    an_error err = { 0 };
    if ((probe ? an_lexicon_load : an_lexicon_load_text)(&lx, argv[1], &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    if (probe) {
        printf("%s\n", lx->map ? "snapshot" : "text");
        an_lexicon_free(lx);
        return 0;
    }
    fwrite(lx->warnings.p ? lx->warnings.p : "", 1, lx->warnings.n, stderr);
    if (lx->n_warnings > AN_LEXICON_MAX_WARNINGS)
        fprintf(stderr, "lexicon: %u more warnings not shown\n", lx->n_warnings - AN_LEXICON_MAX_WARNINGS);
    uint32_t places = 0;
    for (uint32_t i = 0; i < lx->actors.n; i++) places += lx->actors.items[i].gazetteer;
    printf("lexicon: %u actors and role nouns, %u places, %u aliases; %u warnings\n",
           lx->actors.n - places, places, lx->aliases.n, lx->n_warnings);
    int rc = 0;
    if (write && an_lexicon_write_snapshot(lx, argv[3], &err)) {
        fprintf(stderr, "%s\n", err.message);
        rc = 1;
    }
    an_lexicon_free(lx);
    return rc;
}
