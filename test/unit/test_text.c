/* test_text.c — unit tests of the text layer: UTF-8, folding, numbers, JSON Lines. */
#include "ingest/ingest.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int passed, failed;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) passed++;                                                          \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static void count_bad(void *ctx, size_t off) { (void)off; ++*(int *)ctx; }

static void test_utf8(void)
{
    uint32_t cp;
    CHECK(an_utf8_decode((const unsigned char *)"\xC3\xA4", 2, &cp) == 2 && cp == 0xE4);
    CHECK(an_utf8_decode((const unsigned char *)"\xC3", 1, &cp) == 1 && cp == 0xFFFD);
    CHECK(an_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 1 && cp == 0xFFFD); /* surrogate */
    CHECK(an_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp) == 1 && cp == 0xFFFD);     /* overlong */
    int bad = 0;
    const char s[] = "ok \xFF\xFE ok \xE2\x82 end";
    CHECK(an_utf8_scan(s, sizeof s - 1, count_bad, &bad, 10) == 4 && bad == 4);
    CHECK(an_text_looks_binary("a\0b", 3));
    CHECK(!an_text_looks_binary("Hallo Welt\n", 11));
}

static void test_fold(void)
{
    an_buf b = { 0 };
    CHECK(an_text_fold("Pjöngjang", strlen("Pjöngjang"), &b) == AN_OK && strcmp(b.p, "pjöngjang") == 0);
    b.n = 0;
    /* decomposed o + combining diaeresis becomes the precomposed letter */
    CHECK(an_text_fold("Pjo\xCC\x88ngjang", 11, &b) == AN_OK && strcmp(b.p, "pjöngjang") == 0);
    b.n = 0;
    CHECK(an_text_fold("ЗЕЛЕНСЬКИЙ", strlen("ЗЕЛЕНСЬКИЙ"), &b) == AN_OK && strcmp(b.p, "зеленський") == 0);
    b.n = 0;
    CHECK(an_text_fold("Straße", strlen("Straße"), &b) == AN_OK && strcmp(b.p, "straße") == 0);
    an_buf_free(&b);
}

static void test_numbers(void)
{
    double v = 0;
    CHECK(an_number_parse("11.000", 6, "de", &v) == AN_OK && v == 11000);
    CHECK(an_number_parse("3,5", 3, "de", &v) == AN_OK && fabs(v - 3.5) < 1e-9);
    CHECK(an_number_parse("11,000", 6, "en", &v) == AN_OK && v == 11000);
    CHECK(an_number_parse("3.5", 3, "en", &v) == AN_OK && fabs(v - 3.5) < 1e-9);
    CHECK(an_number_parse("1.250.000", 9, "de", &v) == AN_OK && v == 1250000);
    CHECK(an_number_parse("11\xC2\xA0" "000", 7, "ru", &v) == AN_OK && v == 11000);
    CHECK(an_number_parse("9.11.2024", 9, "de", &v) != AN_OK);
    CHECK(an_number_parse("abc", 3, "de", &v) != AN_OK);
    CHECK(an_number_parse("1.5", 3, "de", &v) != AN_OK);
}

static void test_jsonl(void)
{
    an_article a;
    an_buf store = { 0 };
    an_error err = { 0 };
    const char *l1 = "{\"id\":\"a1\",\"lang\":\"de\",\"text\":\"Hallo \\\"Welt\\\" \\u00e4\\ud83d\\ude00\",\"extra\":[1,{\"x\":null}]}";
    CHECK(an_jsonl_parse(l1, strlen(l1), &a, &store, &err) == AN_OK);
    CHECK(a.id.n == 2 && memcmp(a.id.p, "a1", 2) == 0);
    CHECK(a.text.n == strlen("Hallo \"Welt\" ä😀") && memcmp(a.text.p, "Hallo \"Welt\" ä😀", a.text.n) == 0);
    const char *l2 = "{\"id\":7,\"text\":\"x\"}";
    CHECK(an_jsonl_parse(l2, strlen(l2), &a, &store, &err) == AN_OK && a.id.n == 1 && a.id.p[0] == '7');
    const char *bad[] = { "not json", "{\"text\":\"x\"", "{\"text\":\"x\"} trailing", "{\"id\":\"x\"}",
                          "{\"text\":\"\\q\"}", "[1,2]", "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],\"text\":\"x\"}" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&err, 0, sizeof err);
        an_status st = an_jsonl_parse(bad[i], strlen(bad[i]), &a, &store, &err);
        CHECK(st == AN_BAD_JSON || st == AN_NO_TEXT);
        CHECK(err.message[0] != 0);
    }
    an_buf_free(&store);
}

static void test_arena(void)
{
    an_arena a = { 0 };
    AN_VEC(uint32_t) v = { 0 };
    for (uint32_t i = 0; i < 100000; i++) {
        uint32_t *slot = AN_VEC_PUSH(&a, &v);
        if (!slot) { failed++; break; }
        *slot = i;
    }
    bool ok = v.n == 100000;
    for (uint32_t i = 0; ok && i < v.n; i++) ok = v.items[i] == i;
    CHECK(ok);
    an_arena_reset(&a);
    CHECK(a.total == 0);
    an_arena_free(&a);
}

int main(void)
{
    test_utf8();
    test_fold();
    test_numbers();
    test_jsonl();
    test_arena();
    printf("test_text: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
