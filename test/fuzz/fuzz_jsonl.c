/* fuzz_jsonl.c — libFuzzer target for the JSON Lines reader: arbitrary bytes as a
 * JSONL file, read record by record through the public reader. */
#include "annalist.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/annalist-fuzz-jsonl-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    if (write(fd, data, size) != (ssize_t)size) { close(fd); unlink(path); return 0; }
    close(fd);
    an_reader *r = NULL;
    an_error err;
    if (an_reader_open(&r, path, AN_FORMAT_JSONL, &err) == AN_OK) {
        an_article a;
        for (int k = 0; k < 100000; k++) {
            an_status st = an_reader_next(r, &a, &err);
            if (st == AN_NOT_FOUND || st == AN_IO) break;
        }
        an_reader_close(r);
    }
    unlink(path);
    return 0;
}
