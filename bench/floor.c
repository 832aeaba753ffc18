/* floor.c — the hardware floor for `make bench`: a minimal tokenizing loop over the
 * same bytes annalist reads (split on ASCII white space, count tokens). The gap between
 * this and annalist says how much room is left. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static unsigned char buf[1 << 16];
    unsigned long long tokens = 0, bytes = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        size_t k;
        int in_word = 0;
        while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
            bytes += k;
            for (size_t j = 0; j < k; j++) {
                int space = buf[j] == ' ' || buf[j] == '\n' || buf[j] == '\t' || buf[j] == '\r';
                tokens += !space && !in_word;
                in_word = !space;
            }
        }
        fclose(f);
    }
    printf("%llu tokens in %llu bytes\n", tokens, bytes);
    return 0;
}
