/* test_tabari.c — unit tests of the TABARI/PETRARCH dictionary loader and coder, on
 * small dictionaries written here (no shared data needed), with time bounds on
 * pathological sentences. */
#include "code/tabari.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int passed, failed;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) passed++;                                                          \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static char dir[64];

static const char *put(const char *name, const char *text)
{
    static char paths[16][128];
    static int k;
    char *p = paths[k++ % 16];
    snprintf(p, 128, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f) { perror(p); exit(2); }
    fputs(text, f);
    fclose(f);
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *VERBS =
    "<SYNSETS>\n"
    "&CURRENCY\n+DOLLAR\n+EURO\n"
    "</SYNSETS>\n"
    "ACCUSE  [112] ; comment\n"
    "ATTACK  [190]\n"
    "- * HELICOPTERS  [---]\n"
    "GIVE  [070]\n"
    "{ GAVE_ GIVEN_ }\n"
    "- * &CURRENCY  [071]\n"
    "MEET  [036:036]\n"
    "SAID  [010?]\n"
    "WARN  [160]\n"
    "- + WAS * BY $  [161]\n"
    "PLAYED_FOOTBALL  [###]\n"
    "VISIT  [042:043]\n"
    "~~FINISH\n";

static const char *ACTORS =
    "ARNOR  [ARN]\n"
    "GONDOR\n+MINAS_TIRITH\n\t[GON]\n"
    "ROHAN  [ROH]\n"
    "ARAGORN\n\t[RNG <950101]\n\t[GONGOV 950101-991231]\n\t[ELI]\n"
    "THE_SHIRE  [HOB/ELF]\n"
    "BOROMIR  [---]\n"
    "<NOUN>\nSHEEP\n</NOUN>\n";

static const char *AGENTS =
    "PRESIDENT_  [~GOV]\n"
    "HUMAN_RIGHTS_GROUP_  [NGO~]\n";

static an_tabari *load_demo(void)
{
    an_tabari *t = NULL;
    an_error err;
    an_status st = an_tabari_load_files(&t, put("v.verbs", VERBS), put("a.actors", ACTORS),
                                        put("g.agents", AGENTS), NULL, &err);
    if (st) fprintf(stderr, "load: %s\n", err.message);
    return t;
}

/* Codes s and returns "SRC/TGT/CODE SRC/TGT/CODE ..." */
static const char *code(const an_tabari *t, const char *s, const char *date)
{
    static char out[512];
    an_tabari_event ev[16];
    an_tabari_result res;
    size_t n = an_tabari_code_ex(t, s, strlen(s), date, NULL, NULL, ev, 16, &res);
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && i < 16; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s/%s/%s", i ? " " : "", ev[i].source, ev[i].target, ev[i].code);
    if (!n) snprintf(out, sizeof out, "outcome:%d", (int)res.outcome);
    return out;
}

static void test_coding(void)
{
    an_tabari *t = load_demo();
    CHECK(t != NULL);
    if (!t) return;
    /* simple subject-verb-object, with an agent joined to the actor */
    CHECK(!strcmp(code(t, "Arnor accused Gondor of hostility toward its eastern neighbours on Monday.", "950301"), "ARN/GON/112"));
    CHECK(!strcmp(code(t, "The Arnor president accused Gondor of hostility toward its neighbours on Monday.", "950301"), "ARNGOV/GON/112"));
    /* a synonym shares its block's code */
    CHECK(!strcmp(code(t, "Arnor accused Minas Tirith of hostility toward its eastern neighbours today.", "950301"), "ARN/GON/112"));
    /* "and" makes a compound: one event per actor */
    CHECK(!strcmp(code(t, "Arnor and Rohan accused Gondor of hostility toward its neighbours on Monday.", "950301"),
                  "ARN/GON/112 ROH/GON/112"));
    /* a coded compound expands */
    CHECK(!strcmp(code(t, "The Shire accused Gondor of hostility toward its eastern neighbours on Monday.", "950301"),
                  "HOB/GON/112 ELF/GON/112"));
    /* date-restricted codes follow the record date */
    CHECK(!strcmp(code(t, "Aragorn accused Rohan of hostility toward its eastern neighbours on Monday.", "940301"), "RNG/ROH/112"));
    CHECK(!strcmp(code(t, "Aragorn accused Rohan of hostility toward its eastern neighbours on Monday.", "960301"), "GONGOV/ROH/112"));
    CHECK(!strcmp(code(t, "Aragorn accused Rohan of hostility toward its eastern neighbours on Monday.", "20050301"), "ELI/ROH/112"));
    /* paired codes and irregular forms with a synset pattern */
    CHECK(!strcmp(code(t, "Arnor will meet Gondor next week in the capital to discuss trade matters.", "950301"),
                  "ARN/GON/036 GON/ARN/036"));
    CHECK(!strcmp(code(t, "Arnor gave Gondor one euro for the reconstruction work after the floods.", "950301"), "ARN/GON/071"));
    CHECK(!strcmp(code(t, "Arnor gave Gondor fifty thousand tonnes of grain after the floods there.", "950301"), "ARN/GON/070"));
    /* pattern with designated actors, and automatic passive voice */
    CHECK(!strcmp(code(t, "Rohan was warned by Arnor about the dangers of the coming winter season.", "950301"), "ARN/ROH/161"));
    CHECK(!strcmp(code(t, "Rohan was accused by Arnor of hostility toward its eastern neighbours.", "950301"), "ARN/ROH/112"));
    /* null-coded pattern, null-coded actor, discard, subordinate code */
    CHECK(!strcmp(code(t, "Arnor attack helicopters flew over Gondor on Monday in a show of force.", "950301"), "outcome:1"));
    CHECK(!strcmp(code(t, "Boromir accused Gondor of hostility toward its eastern neighbours on Monday.", "950301"), "outcome:1"));
    CHECK(!strcmp(code(t, "Arnor played football against Gondor on Monday in the capital city stadium.", "950301"), "outcome:3"));
    CHECK(!strcmp(code(t, "Arnor said Gondor had been a reliable partner in the talks on Monday.", "950301"), "ARN/GON/010"));
    CHECK(!strcmp(code(t, "Arnor said it accused Gondor of hostility toward its neighbours on Monday.", "950301"), "ARN/GON/112"));
    /* too short, and no verb */
    CHECK(!strcmp(code(t, "Arnor accused Gondor.", "950301"), "outcome:5"));
    CHECK(!strcmp(code(t, "Arnor and Gondor and Rohan and the sheep of the hills were there.", "950301"), "outcome:1"));
    /* event spans point into the input */
    {
        const char *s = "Arnor accused Gondor of hostility toward its eastern neighbours on Monday.";
        an_tabari_event ev[4];
        size_t n = an_tabari_code(t, s, strlen(s), "950301", ev, 4);
        CHECK(n == 1 && ev[0].start == 0 && ev[0].end == 20);
    }
    /* options change the coder */
    an_error err;
    CHECK(an_tabari_set_option(t, "SET: MINIMUM WORDS = 3", 22, &err) == AN_OK);
    CHECK(!strcmp(code(t, "Arnor accused Gondor.", "950301"), "ARN/GON/112"));
    CHECK(an_tabari_set_option(t, "XYZZY: X", 8, &err) == AN_USAGE);
    an_tabari_free(t);
}

static void test_errors(void)
{
    an_tabari *t;
    an_error err;
    /* an ill-formed code names file and line */
    an_status st = an_tabari_load_files(&t, put("bad1.verbs", "ACCUSE [112]\nBLAME [1$2]\n"), NULL, NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && err.line == 2 && strstr(err.message, "bad1.verbs:2"));
    st = an_tabari_load_files(&t, put("bad2.verbs", "ACCUSE [112]\n- BLAME [112]\n"), NULL, NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && err.line == 2 && strstr(err.message, "'*'"));
    st = an_tabari_load_files(&t, put("bad3.verbs", "- * ANYTHING [112]\nACCUSE [112]\n"), NULL, NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && err.line == 1);
    st = an_tabari_load_files(&t, put("bad4.verbs", "ACCUSE [112]\n- * &NOSUCH [113]\n"), NULL, NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && strstr(err.message, "synset"));
    st = an_tabari_load_files(&t, put("bad5.verbs", "ACCUSE [112\n"), NULL, NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && err.line == 1);
    st = an_tabari_load_files(&t, put("bad6.verbs", "ACCUSE [112]\n- { A | B * [1]\n"), NULL, NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && err.line == 2);
    st = an_tabari_load_files(&t, put("ok.verbs", "ACCUSE [112]\n"), put("bad.actors", "ARNOR [ARN]\nGONDOR\n\t[GON 951301-960101]\n"),
                              NULL, NULL, &err);
    CHECK(st == AN_BAD_DICT && err.line == 2 && strstr(err.message, "date"));
    st = an_tabari_load_files(&t, put("ok.verbs", "ACCUSE [112]\n"), NULL, put("bad.agents", "PRESIDENT [GOV]\n"), NULL, &err);
    CHECK(st == AN_BAD_DICT && strstr(err.message, "~"));
    st = an_tabari_load_files(&t, put("ok.verbs", "ACCUSE [112]\n"), NULL, NULL, "/nonexistent/x", &err);
    CHECK(st == AN_IO);
    /* lenient loading skips and counts */
    an_tabari_files f;
    memset(&f, 0, sizeof f);
    f.verbs[0] = put("mixed.verbs", "ACCUSE [112]\nBLAME [1$2]\nWARN [160]\n");
    f.flags = AN_TABARI_LENIENT;
    st = an_tabari_load(&t, &f, &err);
    CHECK(st == AN_OK && an_tabari_skipped(t) == 1 && an_tabari_warning(t)->line == 2);
    if (st == AN_OK) an_tabari_free(t);
}

static void test_petrarch(void)
{
    const char *verbs =
        "# PETRARCH verbs\n"
        "&CURRENCY\n+DOLLAR\n+EURO\n\n"
        "--- ACCUSE  [112]  ---\n"
        "ACCUSE  # a comment\n"
        "CHARGE {CHARGED CHARGING}\n"
        "BLAME [111]\n"
        "- * (OF) &CURRENCY [113]\n\n"
        "--- GIVE  [070]  ---\n"
        "GIVE {GAVE GIVEN}\n"
        "- * {MILITARY AID}  [072]\n";
    const char *actors =
        "<!-- PETRARCH actors -->\n"
        "ARNOR_  [ARN]  # first\n"
        "GONDOR_\n+MINAS_TIRITH_\n\t[GON 19950101-19991231]\n\t[GONX]\n";
    const char *agents =
        "!PERSON! = MAN, WOMAN\n"
        "POLICE {} [~COP]\n"
        "SPOKES!PERSON! [~SPK]\n";
    an_tabari *t;
    an_error err;
    an_status st = an_tabari_load_files(&t, put("p.verbs", verbs), put("p.actors", actors), put("p.agents", agents), NULL, &err);
    CHECK(st == AN_OK);
    if (st) { fprintf(stderr, "petrarch load: %s\n", err.message); return; }
    CHECK(!strcmp(code(t, "Arnor accused Gondor.", "19960101"), "ARN/GON/112"));
    CHECK(!strcmp(code(t, "Arnor blamed Gondor.", "19960101"), "ARN/GON/111"));
    CHECK(!strcmp(code(t, "Arnor charged Gondor.", "20010101"), "ARN/GONX/112"));
    CHECK(!strcmp(code(t, "Arnor gave Gondor military aid.", "19960101"), "ARN/GON/072"));
    CHECK(!strcmp(code(t, "Arnor police accused the Gondor spokeswoman.", "19960101"), "ARNCOP/GONSPK/112"));
    /* PETRARCH dates are inclusive */
    CHECK(!strcmp(code(t, "Arnor accused Gondor.", "19991231"), "ARN/GON/112"));
    an_tabari_free(t);
}

static void test_pathological(void)
{
    an_tabari *t = load_demo();
    if (!t) return;
    /* 10,000 words: coded in bounded time (TABARI keeps the first 126 words) */
    size_t cap = 200000, n = 0;
    char *s = malloc(cap);
    for (int i = 0; i < 10000; i++) n += (size_t)snprintf(s + n, cap - n, "%s ", i % 3 ? "Arnor" : "and");
    double t0 = now();
    an_tabari_event ev[64];
    an_tabari_code(t, s, n, "950101", ev, 64);
    double el = now() - t0;
    CHECK(el < 0.05);
    /* 1,000 actor mentions with verbs between: every pattern scan is bounded */
    n = 0;
    for (int i = 0; i < 1000; i++) n += (size_t)snprintf(s + n, cap - n, "Arnor accused Gondor, Rohan and Minas Tirith, ");
    t0 = now();
    for (int k = 0; k < 10; k++) an_tabari_code(t, s, n, "950101", ev, 64);
    el = now() - t0;
    CHECK(el < 0.1);
    /* a long word, control bytes and unbalanced comments do not break anything */
    memset(s, 'A', 5000);
    memcpy(s + 100, "/* \x01\x02 ,,,, \"", 13);
    t0 = now();
    an_tabari_code(t, s, 5000, "950101", ev, 64);
    CHECK(now() - t0 < 0.05);
    free(s);
    an_tabari_free(t);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/test_tabari.XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 2; }
    test_coding();
    test_errors();
    test_petrarch();
    test_pathological();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) {}
    printf("test_tabari: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
