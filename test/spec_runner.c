/* spec_runner.c — runs the golden spec files (test/spec/NAME.txt) through the library and,
 * with --cli, through the annalist command, and compares the outputs.
 *
 * A spec file is a series of cases:
 *
 *   === name of the case
 *   args: --lang de --view sentences        (options as the CLI takes them)
 *   file: seed/000_c845f58db7da10f1.txt     (optional: input from $SHARED instead)
 *   --- input
 *   the input text, line by line
 *   --- expect
 *   the expected output, line by line
 *
 * Input and expected output end with a newline. A case whose file is missing from
 * $SHARED is skipped with a message. Uses only the public API. */
#include "annalist.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct spec_case {
    char name[256], args[512], file[512];
    an_buf input, expect;
    int line;
} spec_case;

static int passed, failed, skipped;

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    an_buf b = { 0 };
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) an_buf_append(&b, tmp, k);
    fclose(f);
    if (!b.p) an_buf_append(&b, "", 0);
    *n = b.n;
    return b.p;
}

/* Splits args into the options the library run needs. */
static void parse_args(const char *args, an_options *opt, bool *view_set, an_view *view,
                       char *lang, char *date)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", args);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        char *v = strtok_r(NULL, " ", &save);
        if (!v) break;
        if (!strcmp(w, "--lang")) { snprintf(lang, 16, "%s", v); opt->lang = lang; }
        else if (!strcmp(w, "--date")) { snprintf(date, 16, "%s", v); opt->date = date; }
        else if (!strcmp(w, "--view")) { *view_set = an_view_parse(v, view) == AN_OK; }
    }
}

static bool run_library(const spec_case *c, const char *input, size_t n, an_buf *out)
{
    an_options opt = { 0 };
    bool view_set = false;
    an_view view = AN_VIEW_SENTENCES;
    char lang[16], date[16];
    parse_args(c->args, &opt, &view_set, &view, lang, date);
    /* one engine per distinct language and date: loading the lexicons is the costly part */
    static an_engine *cached;
    static char cached_key[64];
    char key[64];
    snprintf(key, sizeof key, "%s|%s", opt.lang ? opt.lang : "", opt.date ? opt.date : "");
    an_error err = { 0 };
    if (!cached || strcmp(key, cached_key) != 0) {
        an_engine_close(cached);
        cached = NULL;
        if (an_engine_open(&cached, &opt, &err)) {
            fprintf(stderr, "engine: %s\n", err.message);
            return false;
        }
        snprintf(cached_key, sizeof cached_key, "%s", key);
    }
    an_engine *e = cached;
    an_doc *d = NULL;
    an_doc_new(&d);
    an_article a = { 0 };
    a.text = (an_span){ input, n };
    bool ok = an_doc_analyze(d, e, &a, &err) == AN_OK;
    if (ok) ok = (view_set ? an_view_write(d, view, out) : an_record_write_json(d, &opt, out)) == AN_OK;
    an_doc_free(d);
    return ok;
}

static bool run_cli(const char *cli, const spec_case *c, const char *input, size_t n, an_buf *out)
{
    char tmpl[] = "/tmp/annalist-spec-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) return false;
    bool ok = write(fd, input, n) == (ssize_t)n;
    close(fd);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s extract %s %s 2>/dev/null", cli, c->args, tmpl);
    FILE *p = ok ? popen(cmd, "r") : NULL;
    if (p) {
        char tmp[65536];
        size_t k;
        while ((k = fread(tmp, 1, sizeof tmp, p)) > 0) an_buf_append(out, tmp, k);
        pclose(p);
    }
    unlink(tmpl);
    return ok && p;
}

static void show_diff(const an_buf *want, const an_buf *got)
{
    /* first differing line */
    size_t i = 0, line = 1;
    while (i < want->n && i < got->n && want->p[i] == got->p[i]) {
        if (want->p[i] == '\n') line++;
        i++;
    }
    size_t ws = i, gs = i;
    while (ws > 0 && want->p[ws - 1] != '\n') ws--;
    while (gs > 0 && got->p[gs - 1] != '\n') gs--;
    size_t we = i, ge = i;
    while (we < want->n && want->p[we] != '\n') we++;
    while (ge < got->n && got->p[ge] != '\n') ge++;
    fprintf(stderr, "    line %zu\n    want: %.*s\n    got:  %.*s\n", line, (int)(we - ws),
            want->p ? want->p + ws : "", (int)(ge - gs), got->p ? got->p + gs : "");
}

/* Blank lines between cases belong to no case. */
static void trim_blank_tail(an_buf *b)
{
    while (b->n >= 2 && b->p[b->n - 1] == '\n' && b->p[b->n - 2] == '\n') b->n--;
}

static void run_case(const char *specfile, spec_case *c, const char *shared, const char *cli)
{
    trim_blank_tail(&c->input);
    trim_blank_tail(&c->expect);
    char *input = c->input.p ? c->input.p : "";
    size_t n = c->input.n;
    char *owned = NULL;
    if (c->file[0]) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", shared, c->file);
        owned = slurp(path, &n);
        if (!owned) {
            printf("skip: %s: %s (%s not found; ../shared absent?)\n", specfile, c->name, path);
            skipped++;
            return;
        }
        input = owned;
    }
    an_buf got = { 0 };
    bool ok = cli ? run_cli(cli, c, input, n, &got) : run_library(c, input, n, &got);
    if (!c->expect.p) an_buf_append(&c->expect, "", 0);
    if (ok && got.n == c->expect.n && memcmp(got.p ? got.p : "", c->expect.p, got.n) == 0) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "FAIL: %s:%d: %s (%s)\n", specfile, c->line, c->name, cli ? "cli" : "library");
        if (ok) show_diff(&c->expect, &got);
    }
    free(owned);
    an_buf_free(&got);
}

static void run_file(const char *path, const char *shared, const char *cli)
{
    size_t n;
    char *text = slurp(path, &n);
    if (!text) { fprintf(stderr, "cannot read %s\n", path); failed++; return; }
    spec_case c = { 0 };
    enum { NONE, HEAD, INPUT, EXPECT } mode = NONE;
    int lineno = 0;
    char *save = NULL, *p = text;
    (void)save;
    while (p < text + n) {
        char *e = memchr(p, '\n', (size_t)(text + n - p));
        size_t len = e ? (size_t)(e - p) : (size_t)(text + n - p);
        lineno++;
        if (len >= 4 && !strncmp(p, "=== ", 4)) {
            if (mode != NONE) run_case(path, &c, shared, cli);
            an_buf_free(&c.input);
            an_buf_free(&c.expect);
            memset(&c, 0, sizeof c);
            snprintf(c.name, sizeof c.name, "%.*s", (int)(len - 4), p + 4);
            c.line = lineno;
            mode = HEAD;
        } else if (mode == HEAD && len >= 6 && !strncmp(p, "args: ", 6)) {
            snprintf(c.args, sizeof c.args, "%.*s", (int)(len - 6), p + 6);
        } else if (mode == HEAD && len >= 6 && !strncmp(p, "file: ", 6)) {
            snprintf(c.file, sizeof c.file, "%.*s", (int)(len - 6), p + 6);
        } else if (mode != NONE && len == 9 && !strncmp(p, "--- input", 9)) {
            mode = INPUT;
        } else if (mode != NONE && len == 10 && !strncmp(p, "--- expect", 10)) {
            mode = EXPECT;
            an_buf_append(&c.expect, "", 0);
        } else if (mode == INPUT) {
            an_buf_append(&c.input, p, len);
            an_buf_append(&c.input, "\n", 1);
        } else if (mode == EXPECT) {
            an_buf_append(&c.expect, p, len);
            an_buf_append(&c.expect, "\n", 1);
        }
        p = e ? e + 1 : text + n;
    }
    if (mode != NONE) run_case(path, &c, shared, cli);
    an_buf_free(&c.input);
    an_buf_free(&c.expect);
    free(text);
}

int main(int argc, char **argv)
{
    const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
    const char *cli = NULL;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "--cli")) { cli = argv[i + 1]; i += 2; }
    for (; i < argc; i++) run_file(argv[i], shared, cli);
    printf("spec (%s): %d passed, %d failed, %d skipped\n", cli ? "cli" : "library", passed, failed, skipped);
    return failed ? 1 : 0;
}
