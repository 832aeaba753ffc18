/* test_time.c — unit tests of src/context/time.c on sentences written for them: German
 * and English news with the anchor 2024-11-09 (a Saturday), Ukrainian and Russian, the
 * calendar's edges (ISO weeks across years, leap days), the narrative mode, malformed
 * data files, and pathological input.
 *
 * Usage: test_time [LANG_DIR]   (default "lang"; run from the repository root)
 * Prints one line per failure and "N passed, N failed"; exits 1 on any failure.
 */
#include "context/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

static int passed, failed;
static const an_time_lexicon *lx;

#define MAX_OUT 256

static void fail(const char *what, const char *lang, const char *text, const char *detail)
{
    failed++;
    printf("FAIL %s [%s] \"%s\": %s\n", what, lang, text, detail);
}

/* Runs the finder; opt NULL is an_time_find. */
static size_t run(const char *lang, const char *anchor, const char *text, const an_time_options *opt,
                  an_timex *out)
{
    int y = 0, m = 0, d = 0;
    if (anchor && sscanf(anchor, "%d-%d-%d", &y, &m, &d) != 3) y = m = d = 0;
    if (opt) return an_time_find_ex(lx, lang, text, strlen(text), y, m, d, opt, out, MAX_OUT);
    return an_time_find(lx, lang, text, strlen(text), y, m, d, out, MAX_OUT);
}

/* The expression whose extent is exactly `span` (its first occurrence in text) has
 * value `value`. */
static void expect_opt(const char *lang, const char *anchor, const char *text, const char *span,
                       const char *value, const an_time_options *opt)
{
    an_timex out[MAX_OUT];
    size_t n = run(lang, anchor, text, opt, out);
    const char *at = strstr(text, span);
    char detail[512];
    if (!at) { fail("bad test", lang, text, span); return; }
    uint32_t s = (uint32_t)(at - text), e = s + (uint32_t)strlen(span);
    for (size_t i = 0; i < n; i++) {
        if (out[i].start != s || out[i].end != e) continue;
        if (strcmp(out[i].value, value) == 0) { passed++; return; }
        snprintf(detail, sizeof detail, "\"%s\" is %s, want %s", span, out[i].value, value);
        fail("value", lang, text, detail);
        return;
    }
    int k = snprintf(detail, sizeof detail, "no \"%s\" (%s); found:", span, value);
    for (size_t i = 0; i < n && k > 0 && (size_t)k < sizeof detail; i++)
        k += snprintf(detail + k, sizeof detail - (size_t)k, " [%.*s]=%s",
                      (int)(out[i].end - out[i].start), text + out[i].start, out[i].value);
    fail("span", lang, text, detail);
}

static void expect(const char *lang, const char *anchor, const char *text, const char *span,
                   const char *value)
{
    expect_opt(lang, anchor, text, span, value, NULL);
}

static const an_time_options all = { .all_types = true };

/* No expression overlaps `span`. */
static void expect_none_opt(const char *lang, const char *anchor, const char *text,
                            const char *span, const an_time_options *opt)
{
    an_timex out[MAX_OUT];
    size_t n = run(lang, anchor, text, opt, out);
    const char *at = strstr(text, span);
    if (!at) { fail("bad test", lang, text, span); return; }
    uint32_t s = (uint32_t)(at - text), e = s + (uint32_t)strlen(span);
    for (size_t i = 0; i < n; i++) {
        if (out[i].start < e && s < out[i].end) {
            char detail[256];
            snprintf(detail, sizeof detail, "\"%s\" gave [%.*s]=%s", span,
                     (int)(out[i].end - out[i].start), text + out[i].start, out[i].value);
            fail("none", lang, text, detail);
            return;
        }
    }
    passed++;
}

static void expect_none(const char *lang, const char *anchor, const char *text, const char *span)
{
    expect_none_opt(lang, anchor, text, span, NULL);
}

static void check(bool ok, const char *what)
{
    if (ok) passed++;
    else fail(what, "-", "", "false");
}

static const char *A = "2024-11-09";   /* Saturday, ISO week 45 */

static void test_german(void)
{
    expect("de", A, "Am 9. November unterzeichnete er den Vertrag.", "9. November", "2024-11-09");
    expect("de", A, "Das Treffen fand letzten Monat statt.", "letzten Monat", "2024-10");
    expect("de", A, "Er traf ihn in dieser Woche zweimal.", "dieser Woche", "2024-W45");
    expect("de", A, "Der Vertrag vom 9.11.2024 gilt.", "9.11.2024", "2024-11-09");
    expect("de", A, "Am 9. November 2024 kam es zu Protesten.", "9. November 2024", "2024-11-09");
    expect("de", A, "Im Oktober wurde gewählt.", "Oktober", "2024-10");
    expect("de", A, "Im Oktober 2023 wurde gewählt.", "Oktober 2023", "2023-10");
    expect("de", A, "Seit 2022 herrscht Krieg.", "2022", "2022");
    expect("de", A, "Gestern griffen Truppen die Stadt an.", "Gestern", "2024-11-08");
    expect("de", A, "Heute tagt der Rat.", "Heute", "2024-11-09");
    expect("de", A, "Der Minister reist morgen nach Kiew.", "morgen", "2024-11-10");
    expect("de", A, "Am Donnerstag trafen sich die Minister.", "Donnerstag", "2024-11-07");
    expect("de", A, "Am Samstag trafen sich die Minister.", "Samstag", "2024-11-09");
    expect("de", A, "Vergangene Woche kam es zu Kämpfen.", "Vergangene Woche", "2024-W44");
    expect("de", A, "Letzte Woche kam es zu Kämpfen.", "Letzte Woche", "2024-W44");
    expect("de", A, "Nächste Woche beginnen Gespräche.", "Nächste Woche", "2024-W46");
    expect("de", A, "Vor zwei Tagen explodierte eine Bombe.", "Vor zwei Tagen", "2024-11-07");
    expect("de", A, "Anfang des Monats gab es Proteste.", "Anfang des Monats", "2024-11");
    expect("de", A, "Ende des Monats läuft die Frist ab.", "Ende des Monats", "2024-11");
    expect("de", A, "Mitte des Monats gab es Proteste.", "Mitte des Monats", "2024-11");
    expect("de", A, "Anfang Oktober gab es Proteste.", "Anfang Oktober", "2024-10");
    expect("de", A, "Im vergangenen Jahr starben 300 Menschen.", "vergangenen Jahr", "2023");
    expect("de", A, "Das Parlament stimmt am Montag ab und wird dann beraten.", "Montag", "2024-11-04");
    expect("de", A, "Am Montag wird das Parlament abstimmen.", "Montag", "2024-11-11");
    expect("de", A, "Gestern Abend fielen Schüsse.", "Gestern Abend", "2024-11-08");
    expect("de", A, "Donnerstagabend fielen Schüsse.", "Donnerstagabend", "2024-11-07");
    expect("de", A, "Am Wochenende demonstrierten Tausende.", "Wochenende", "2024-W45");
    expect("de", "2024-11-12", "Am Wochenende demonstrierten Tausende.", "Wochenende", "2024-W45");
    expect("de", A, "Ende 2023 begann die Offensive.", "Ende 2023", "2023");
    expect("de", A, "Am Sa., 2. November 2024 begann sie.", "Sa., 2. November 2024", "2024-11-02");
    expect("de", A, "Die Frist endet am 2024-12-01.", "2024-12-01", "2024-12-01");
    expect("de", A, "Das Gesetz gilt seit dem 1. Juli.", "1. Juli", "2024-07-01");
    /* a date far ahead of a news anchor lies in the past year */
    expect("de", "2025-01-03", "Am 28. Dezember kam es zu Protesten.", "28. Dezember", "2024-12-28");
    /* years borrowed across a range */
    expect("de", A, "Im Mai/Juni 1940 fiel Frankreich.", "Mai", "1940-05");
    expect("de", A, "Vom 3. März bis 5. April 2022 wurde verhandelt.", "3. März", "2022-03-03");
    /* anaphora: "zwei Tage später" counts from the last date named */
    expect("de", A, "Am 3. November griffen sie an. Zwei Tage später zogen sie ab.",
           "Zwei Tage später", "2024-11-05");
    /* numbers that are not years */
    expect_none("de", A, "Rund 1500 Soldaten wurden verlegt.", "1500");
    expect_none("de", A, "Der Schaden beträgt 2.000 Euro.", "000");
    expect_none("de", A, "Die Inflation lag bei 2,5 Prozent.", "2,5");
    expect_none("de", A, "So war es.", "So");
    /* durations, times and seasons only with all_types */
    expect_none("de", A, "Die Kämpfe dauerten drei Tage.", "drei Tage");
    expect_opt("de", A, "Die Kämpfe dauerten drei Tage.", "drei Tage", "P3D", &all);
    expect_opt("de", A, "Der Angriff begann um 4:45 Uhr.", "4:45 Uhr", "2024-11-09T04:45", &all);
    expect_opt("de", A, "Im Sommer 1945 endete der Krieg.", "Sommer 1945", "1945-SU", &all);
    expect_opt("de", A, "Ende des 19. Jahrhunderts wuchs die Stadt.", "Ende des 19. Jahrhunderts", "18", &all);
    expect_opt("de", A, "In den 1990er Jahren wuchs die Stadt.", "den 1990er Jahren", "199", &all);
    expect_opt("de", A, "Um 490 v. Chr. siegten die Athener.", "Um 490 v. Chr.", "BC0490", &all);
    expect_opt("de", A, "Die Regierung will bald handeln.", "bald", "FUTURE_REF", &all);
}

static void test_english(void)
{
    expect("en", A, "Russia and North Korea signed the treaty on November 9.", "November 9", "2024-11-09");
    expect("en", A, "The summit took place last month.", "last month", "2024-10");
    expect("en", A, "Talks resumed this week in Geneva.", "this week", "2024-W45");
    expect("en", A, "Troops shelled the town on Nov. 9, 2024.", "Nov. 9, 2024", "2024-11-09");
    expect("en", A, "Troops shelled the town on 9 November 2024.", "9 November 2024", "2024-11-09");
    expect("en", A, "The vote was held in October.", "October", "2024-10");
    expect("en", A, "The vote was held in October 2023.", "October 2023", "2023-10");
    expect("en", A, "The war began in 2022.", "2022", "2022");
    expect("en", A, "Police arrested 12 protesters yesterday.", "yesterday", "2024-11-08");
    expect("en", A, "The minister met his counterpart on Thursday.", "Thursday", "2024-11-07");
    expect("en", A, "The minister will meet his counterpart on Thursday.", "Thursday", "2024-11-14");
    expect("en", A, "Fighting intensified last week.", "last week", "2024-W44");
    expect("en", A, "Fighting intensified two days ago.", "two days ago", "2024-11-07");
    expect("en", A, "Protests erupted earlier this month.", "earlier this month", "2024-11");
    expect("en", A, "Rebels attacked on Saturday.", "Saturday", "2024-11-09");
    expect("en", A, "Rebels attacked on Friday, Nov. 8.", "Friday, Nov. 8", "2024-11-08");
    expect("en", A, "The deal was signed on 2024-10-30.", "2024-10-30", "2024-10-30");
    expect("en", A, "The deal was signed on 10/30/2024.", "10/30/2024", "2024-10-30");
    expect("en", A, "The deal was signed last May.", "last May", "2024-05");
    expect("en", "2025-03-22", "The deal was signed in early December.", "early December", "2024-12");
    expect("en", A, "The deal will be signed in early December.", "early December", "2024-12");
    expect("en", A, "The talks collapsed last year.", "last year", "2023");
    expect("en", A, "Elections will be held next year.", "next year", "2025");
    expect("en", A, "Rebels attacked on Thursday night.", "Thursday night", "2024-11-07");
    /* "may" and "march" as verbs are not months */
    expect_none("en", A, "Protesters may march to the capital.", "may");
    expect_none("en", A, "Protesters may march to the capital.", "march");
    expect_none("en", A, "A 22-year-old man was arrested.", "22-year-old");
    expect_none("en", A, "Casualties rose to 2,000 soldiers.", "000");
    expect_opt("en", A, "The siege lasted 90 days.", "90 days", "P90D", &all);
    expect_opt("en", A, "The siege lasted a decade.", "a decade", "P10Y", &all);
    expect_opt("en", A, "The meeting ended at 3:45 p.m. GMT.", "3:45 p.m. GMT", "2024-11-09T15:45", &all);
    expect_opt("en", A, "The index is published annually.", "annually", "P1Y", &all);
    expect_opt("en", A, "Prices are rising now.", "now", "PRESENT_REF", &all);
    expect_opt("en", A, "The treaty shaped the 20th century.", "the 20th century", "19", &all);
    expect_opt("en", A, "Growth slowed in the 1990s.", "the 1990s", "199", &all);
    expect_opt("en", A, "Prices rose last summer.", "last summer", "2024-SU", &all);
}

static void test_ukrainian(void)
{
    expect("uk", A, "Україна і Польща підписали угоду 9 листопада.", "9 листопада", "2024-11-09");
    expect("uk", A, "Угоду підписали 9 листопада 2024 року.", "9 листопада 2024 року", "2024-11-09");
    expect("uk", A, "Вибори відбулися у жовтні.", "жовтні", "2024-10");
    expect("uk", A, "Обстріл стався вчора.", "вчора", "2024-11-08");
    expect("uk", A, "Переговори тривали минулого тижня.", "минулого тижня", "2024-W44");
    expect("uk", A, "Зустріч відбулася минулого місяця.", "минулого місяця", "2024-10");
    expect("uk", A, "Атака сталася два дні тому.", "два дні тому", "2024-11-07");
    expect("uk", A, "У п’ятницю президент виступив.", "п’ятницю", "2024-11-08");
    expect("uk", A, "У п'ятницю президент виступив.", "п'ятницю", "2024-11-08");
    expect("uk", A, "Цього тижня уряд ухвалив рішення.", "Цього тижня", "2024-W45");
    expect("uk", A, "У 2022 році почалася війна.", "2022 році", "2022");
    expect("uk", A, "Наприкінці минулого року ціни зросли.", "Наприкінці минулого року", "2023");
    expect("uk", A, "На початку місяця було тихо.", "початку місяця", "2024-11");
    expect("uk", A, "Документ від 09.11.2024 набув чинності.", "09.11.2024", "2024-11-09");
    expect_opt("uk", A, "Це сталося у XX столітті.", "XX столітті", "19", &all);
}

static void test_russian(void)
{
    expect("ru", A, "Договор подписали 9 ноября 2024 года.", "9 ноября 2024 года", "2024-11-09");
    expect("ru", A, "Договор подписали 9 ноября.", "9 ноября", "2024-11-09");
    expect("ru", A, "Выборы прошли в октябре.", "октябре", "2024-10");
    expect("ru", A, "Вчера начались переговоры.", "Вчера", "2024-11-08");
    expect("ru", A, "На прошлой неделе прошли переговоры.", "прошлой неделе", "2024-W44");
    expect("ru", A, "В прошлом месяце прошли переговоры.", "прошлом месяце", "2024-10");
    expect("ru", A, "Атака произошла два дня назад.", "два дня назад", "2024-11-07");
    expect("ru", A, "В четверг министр встретился с послом.", "четверг", "2024-11-07");
    expect("ru", A, "В пятницу министр будет в Минске.", "пятницу", "2024-11-15");
    expect("ru", A, "На этой неделе прошли переговоры.", "этой неделе", "2024-W45");
    expect("ru", A, "В 2022 году началась война.", "2022 году", "2022");
    expect("ru", A, "В конце прошлого года цены выросли.", "конце прошлого года", "2023");
    expect("ru", A, "Закон от 09.11.2024 вступил в силу.", "09.11.2024", "2024-11-09");
    expect("ru", A, "Ёлку поставили вчера.", "вчера", "2024-11-08");
    expect_opt("ru", A, "Это случилось в XX веке.", "XX веке", "19", &all);
    expect_opt("ru", A, "Рост замедлился в 1990-х годах.", "1990-х годах", "199", &all);
}

static void test_calendar(void)
{
    expect("en", "2024-12-30", "Talks resumed this week.", "this week", "2025-W01");
    expect("en", "2021-01-03", "Talks resumed this week.", "this week", "2020-W53");
    expect("en", "2021-01-05", "Talks resumed last week.", "last week", "2020-W53");
    expect("en", "2024-03-01", "It happened yesterday.", "yesterday", "2024-02-29");
    expect("en", "2023-03-01", "It happened yesterday.", "yesterday", "2023-02-28");
    expect("en", "2024-01-01", "It happened yesterday.", "yesterday", "2023-12-31");
    expect("en", "2024-03-31", "It happened last month.", "last month", "2024-02");
    expect("en", "2024-01-15", "It happened last month.", "last month", "2023-12");
    expect("de", "2024-01-10", "Im Dezember wurde gewählt.", "Dezember", "2023-12");
    expect_none("en", A, "It happened on February 30.", "February");
    /* no anchor: relative expressions are skipped, absolute ones stay */
    expect_none("en", NULL, "It happened yesterday.", "yesterday");
    expect("en", NULL, "It happened on 9 November 2024.", "9 November 2024", "2024-11-09");
    expect_none("en", "2024-02-30", "It happened yesterday.", "yesterday");
}

static void test_narrative(void)
{
    an_time_options nar = { .narrative = true, .all_types = true };
    const char *t = "Im September 1939 griff Deutschland Polen an. Im Mai folgte der Angriff im "
                    "Westen, am 14. Juni fiel Paris. Die Deklaration von 1856 galt nicht. Im "
                    "Juli begann die Luftschlacht.";
    expect_opt("de", "2011-02-16", t, "Mai", "1939-05", &nar);
    expect_opt("de", "2011-02-16", t, "14. Juni", "1939-06-14", &nar);
    expect_opt("de", "2011-02-16", t, "Juli", "1939-07", &nar);
    expect_opt("de", "2011-02-16", "Am 1. September 1939 begann der Krieg. Zwei Tage später "
               "erklärte Großbritannien den Krieg.", "Zwei Tage später", "1939-09-03", &nar);
}

/* Writes a data directory with one de/time.txt of the given content. */
static bool write_lang(const char *dir, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/de", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/de/time.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f) return false;
    fputs(content, f);
    fclose(f);
    return true;
}

static void test_loading(void)
{
    an_time_lexicon *l2 = NULL;
    an_error err = { 0 };
    check(an_time_lexicon_load(&l2, "/nonexistent-annalist-dir", &err) == AN_NOT_FOUND && !l2,
          "missing directory is AN_NOT_FOUND");

    char dir[256];
    snprintf(dir, sizeof dir, "/tmp/annalist-test-time-%ld", (long)getpid());
    static const char *const bad_files[] = {
        "month 1 januar\nmonat 2 februar\n",            /* unknown class, line 2 */
        "month 1 januar\npattern date Mont\n",          /* unknown class in a pattern */
        "month x januar\n",                              /* bad value */
        "month 1\n",                                     /* no words */
        "pattern frobnicate #day\n",                     /* unknown type */
        "pattern date #dya\n",                           /* unknown digit shape */
        "pattern date #day (Month) #year\n",            /* context inside */
        "pattern date a? b? c? d? e? f? g? h? i? j?\n",  /* too many optional elements */
        "pattern date+zz #day\n",                        /* unknown flag */
        "pattern date Unit:QQ\n",                        /* bad class value */
    };
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        if (!write_lang(dir, bad_files[i])) { check(false, "write temp file"); continue; }
        memset(&err, 0, sizeof err);
        an_status st = an_time_lexicon_load(&l2, dir, &err);
        char what[128];
        snprintf(what, sizeof what, "malformed file %zu is AN_BAD_DICT with a line", i);
        check(st == AN_BAD_DICT && err.line >= 1 && strstr(err.message, "time.txt") && !l2, what);
    }
    memset(&err, 0, sizeof err);
    check(write_lang(dir, "month 1 januar\nmonth 2 februar\n# note\n") && an_time_lexicon_load(&l2, dir, &err) == AN_OK
              && err.line == 0, "a valid minimal file loads");
    an_time_lexicon_free(l2);
    l2 = NULL;
    memset(&err, 0, sizeof err);
    check(write_lang(dir, "month 1 januar\npattern date Month\n") && an_time_lexicon_load(&l2, dir, &err) == AN_OK,
          "a one-pattern file loads");
    char path[512];
    snprintf(path, sizeof path, "%s/de/time.txt", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/de", dir);
    rmdir(path);
    rmdir(dir);
    an_timex out[4];
    const char *t = "Am 3. Januar.";
    check(an_time_find(l2, "de", t, strlen(t), 2024, 11, 9, out, 4) == 1 && strcmp(out[0].value, "2024-01") == 0,
          "the one pattern finds a month");
    check(an_time_find(l2, "en", t, strlen(t), 2024, 11, 9, out, 4) == 0, "an absent language finds nothing");
    an_time_lexicon_free(l2);
    an_time_lexicon_free(NULL);
}

static void test_pathological(void)
{
    an_timex out[MAX_OUT];
    check(an_time_find(lx, "xx", "heute", 5, 2024, 11, 9, out, MAX_OUT) == 0, "unknown language");
    check(an_time_find(lx, "de", "", 0, 2024, 11, 9, out, MAX_OUT) == 0, "empty text");
    check(an_time_find(lx, "de", "heute", 5, 2024, 11, 9, out, 0) == 0, "max 0");
    const char *many = "gestern heute morgen gestern heute";
    check(an_time_find(lx, "de", many, strlen(many), 2024, 11, 9, out, 2) == 2, "max caps the output");
    /* invalid UTF-8 and NUL bytes inside the text */
    const char bin[] = "am 9. November \xff\xfe\x00\x80 gestern \xc3";
    size_t n = an_time_find(lx, "de", bin, sizeof bin - 1, 2024, 11, 9, out, MAX_OUT);
    check(n == 2 && strcmp(out[1].value, "2024-11-08") == 0, "invalid UTF-8 and NUL are skipped");
    /* long runs of digits, dots and dates under a time limit */
    size_t big = 1u << 20;
    char *s = malloc(big + 1);
    if (!s) { check(false, "malloc"); return; }
    static const char *const units[] = { "9. ", "1.", "2024 ", "9.11.2024 ", "vor ", "Jahr ",
                                         "Anfang ", "des ", "12345678901234567890", "-" };
    for (int u = 0; u < 10; u++) {
        size_t k = 0, ul = strlen(units[u]);
        while (k + ul <= big) memcpy(s + k, units[u], ul), k += ul;
        s[k] = 0;
        clock_t c0 = clock();
        an_time_find(lx, "de", s, k, 2024, 11, 9, out, MAX_OUT);
        double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        char what[96];
        snprintf(what, sizeof what, "1 MiB of \"%s\" in %.2f s (< 10 s)", units[u], secs);
        check(secs < 10.0, what);
    }
    free(s);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "lang";
    an_time_lexicon *l = NULL;
    an_error err = { 0 };
    if (an_time_lexicon_load(&l, dir, &err)) {
        printf("test_time: cannot load %s: %s\n0 passed, 1 failed\n", dir, err.message);
        return 1;
    }
    lx = l;
    test_german();
    test_english();
    test_ukrainian();
    test_russian();
    test_calendar();
    test_narrative();
    test_loading();
    test_pathological();
    an_time_lexicon_free(l);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
