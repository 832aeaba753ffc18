/* fuzz_dict.c — libFuzzer target for the TABARI/PETRARCH dictionary loader: arbitrary
 * bytes as a verbs, actors or agents file (chosen by the first byte), loaded strictly
 * or leniently; what loads is then used to code a few sentences. */
#include "code/tabari.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const sentences[] = {
    "Arnor accused Gondor of hostility toward its eastern neighbours on Monday.",
    "The president of Arnor, in a long speech, said he would meet Gondor and Rohan soon.",
    "They were warned by Arnor that the talks could fail; it was not clear why.",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/fuzz_dict.%d", (int)getpid());
    }
    if (!size) return 0;
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    an_tabari_files files;
    memset(&files, 0, sizeof files);
    switch (data[0] % 3) {
    case 0: files.verbs[0] = path; break;
    case 1: files.actors[0] = path; break;
    default: files.agents[0] = path; break;
    }
    if (data[0] & 4) files.flags = AN_TABARI_LENIENT;
    an_tabari *t;
    an_error err;
    if (an_tabari_load(&t, &files, &err) == AN_OK) {
        an_tabari_event ev[16];
        for (size_t i = 0; i < sizeof sentences / sizeof sentences[0]; i++)
            an_tabari_code(t, sentences[i], strlen(sentences[i]), (data[0] & 8) ? "950101" : NULL, ev, 16);
        /* the dictionary's own bytes as a sentence, too */
        an_tabari_code(t, (const char *)data + 1, size - 1, "20010101", ev, 16);
        an_tabari_free(t);
    }
    return 0;
}
