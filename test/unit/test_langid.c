/* test_langid.c — unit tests of src/text/langid.c on sentences written for this test:
 * short and long ones in German, English, Ukrainian, Russian and Serbian (Latin), the
 * candidate restriction, and input that is empty, binary or not UTF-8. */
#include "text/langid.h"

#include <stdio.h>
#include <string.h>

static int passed, failed;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) passed++;                                                          \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static const char *detect(const char *s)
{
    static an_langid_result r;
    if (an_langid_detect(s, strlen(s), &r) != AN_OK) return "error";
    return r.lang;
}

static const char *among(const char *s, const char *cand)
{
    static an_langid_result r;
    if (an_langid_detect_among(s, strlen(s), cand, &r) != AN_OK) return "error";
    return r.lang;
}

static void test_sentences(void)
{
    CHECK(strcmp(detect("Der Bürgermeister hat gestern die neue Brücke eröffnet."), "de") == 0);
    CHECK(strcmp(detect("Wir gehen morgen"), "de") == 0);
    CHECK(strcmp(detect("Die Regierung in Berlin kündigte am Dienstag an, dass sie die "
                        "Hilfen für die Landwirte verlängern werde, nachdem die Preise für "
                        "Dünger und Treibstoff im Frühjahr stark gestiegen waren."), "de") == 0);
    CHECK(strcmp(detect("The minister said the talks would continue next week."), "en") == 0);
    CHECK(strcmp(detect("where is it"), "en") == 0);
    CHECK(strcmp(detect("Президент України провів зустріч із головою уряду в Києві."), "uk") == 0);
    CHECK(strcmp(detect("Їжак їсть яблуко"), "uk") == 0);
    CHECK(strcmp(detect("Министр заявил, что переговоры продолжатся на следующей неделе."), "ru") == 0);
    CHECK(strcmp(detect("Это было вчера"), "ru") == 0);
    CHECK(strcmp(detect("Vlada je juče usvojila novi zakon o budžetu za narednu godinu."), "sr") == 0);
    CHECK(strcmp(detect("Влада је јуче усвојила нови закон о буџету."), "sr") == 0);
}

static void test_candidates(void)
{
    /* Bulgarian text restricted to Russian and Ukrainian: one of them, never bg. */
    const char *bg = "Правителството обяви, че ще намали данъците през следващата година.";
    const char *got = among(bg, "uk,ru");
    CHECK(strcmp(got, "ru") == 0 || strcmp(got, "uk") == 0);
    CHECK(strcmp(among("Der Hund bellt laut im Garten.", "de, en"), "de") == 0);
    CHECK(strcmp(among("Der Hund bellt laut im Garten.", "en"), "en") == 0);
    /* no candidate writes Cyrillic */
    CHECK(strcmp(among("Это было вчера", "de,en"), "und") == 0);
    an_langid_result r;
    CHECK(an_langid_detect_among("text", 4, "xx", &r) == AN_USAGE);
    CHECK(an_langid_detect_among("text", 4, "", &r) == AN_USAGE);
    CHECK(an_langid_detect_among("text", 4, "english", &r) == AN_USAGE);
}

static void test_odd_input(void)
{
    an_langid_result r;
    CHECK(an_langid_detect("", 0, &r) == AN_EMPTY && strcmp(r.lang, "und") == 0);
    CHECK(an_langid_detect(NULL, 0, &r) == AN_EMPTY);
    CHECK(an_langid_detect("12345 !!! 678", 13, &r) == AN_EMPTY);
    CHECK(an_langid_detect("x", 1, NULL) == AN_USAGE);
    const char bin[] = "\xFF\xFE\x00\x01\xC3\x28\xE2\x82\xF0\x90\x80";
    CHECK(an_langid_detect(bin, sizeof bin - 1, &r) == AN_EMPTY);
    /* invalid bytes inside a sentence are tolerated */
    const char mixed[] = "Die \xFF Regierung \xC3 hat \xE2\x82 gestern entschieden.";
    CHECK(an_langid_detect(mixed, sizeof mixed - 1, &r) == AN_OK && strcmp(r.lang, "de") == 0);
    CHECK(r.confidence > 0.0f && r.confidence <= 1.0f);
    /* a run of letters without end gives no word; still no crash */
    char longword[5000];
    memset(longword, 'a', sizeof longword);
    CHECK(an_langid_detect(longword, sizeof longword, &r) == AN_OK);
    CHECK(strcmp(detect("مرحبا بكم في المدينة"), "ar") == 0);
}

int main(void)
{
    test_sentences();
    test_candidates();
    test_odd_input();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
