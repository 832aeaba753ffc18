/* annalist.c — the command-line tool. It uses only the public API (annalist.h):
 * parse arguments, open the engine, stream each input through a reader, analyse each
 * article and print its record. Errors name the file and byte offset; one bad input
 * never stops the others. */
#include "annalist.h"
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: annalist extract [options] [FILE...]\n"
    "       annalist --help | --version\n"
    "\n"
    "Reads news articles and prints one JSON record per article (JSON Lines).\n"
    "With no FILE, or FILE '-', reads standard input.\n"
    "\n"
    "options:\n"
    "  --lang L          language of the input when it does not say (de, en, uk, ru ...)\n"
    "  --date YYYY-MM-DD publication date when the input has none (anchor for relative dates)\n"
    "  --format F        auto (default), text, html, warc, feed, jsonl\n"
    "  --with-text       include the article text in each record\n"
    "  --view V          print a readable view instead of JSON: sentences, tokens, boilerplate\n"
    "  --data DIR        where annalist's lang/ and data/ live (default: built-in, or $ANNALIST_DATA)\n"
    "\n"
    "exit status: 0 all inputs processed, 1 some input rejected (see stderr), 2 usage error\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "annalist: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see annalist --help)\n");
    return 2;
}

static void report(const char *path, const an_error *err)
{
    fprintf(stderr, "annalist: %s: byte %llu: %s (%s)\n", strcmp(path, "-") ? path : "<stdin>",
            (unsigned long long)err->offset, err->message[0] ? err->message : an_status_message(err->status),
            an_status_name(err->status));
}

typedef struct cli {
    an_options opt;
    an_format format;
    bool view_set;
    an_view view;
} cli;

static int extract_file(const cli *c, const an_engine *e, an_doc *doc, const char *path, an_buf *out)
{
    an_reader *r = NULL;
    an_error err = { 0 };
    if (an_reader_open(&r, path, c->format, &err)) {
        report(path, &err);
        return 1;
    }
    int rc = 0;
    for (;;) {
        an_article art;
        memset(&err, 0, sizeof err);
        an_status st = an_reader_next(r, &art, &err);
        if (st == AN_NOT_FOUND) break;
        if (st) {
            report(path, &err);
            rc = 1;
            if (st == AN_IO || st == AN_NOMEM) break;
            continue;
        }
        st = an_doc_analyze(doc, e, &art, &err);
        if (st) {
            report(path, &err);
            rc = 1;
            continue;
        }
        out->n = 0;
        st = c->view_set ? an_view_write(doc, c->view, out) : an_record_write_json(doc, &c->opt, out);
        if (st || fwrite(out->p, 1, out->n, stdout) != out->n) {
            fprintf(stderr, "annalist: cannot write output\n");
            rc = 1;
            break;
        }
    }
    an_reader_close(r);
    return rc;
}

static int cmd_extract(int argc, char **argv)
{
    cli c = { 0 };
    c.format = AN_FORMAT_AUTO;
    int nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--lang") == 0 || strcmp(a, "--date") == 0 || strcmp(a, "--format") == 0 ||
            strcmp(a, "--view") == 0 || strcmp(a, "--data") == 0) {
            if (!val) { free(files); return usage_error("%s needs a value", a); }
            i++;
            if (strcmp(a, "--lang") == 0) c.opt.lang = val;
            else if (strcmp(a, "--date") == 0) {
                if (strlen(val) != 10 || val[4] != '-' || val[7] != '-') { free(files); return usage_error("--date wants YYYY-MM-DD, not '%s'", val); }
                c.opt.date = val;
            } else if (strcmp(a, "--format") == 0) {
                if (an_format_parse(val, &c.format)) { free(files); return usage_error("unknown format '%s'", val); }
            } else if (strcmp(a, "--view") == 0) {
                if (an_view_parse(val, &c.view)) { free(files); return usage_error("unknown view '%s'", val); }
                c.view_set = true;
            } else c.opt.data_dir = val;
        } else if (strcmp(a, "--with-text") == 0) {
            c.opt.with_text = true;
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return usage_error("unknown option '%s'", a);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) files[nfiles++] = "-";

    an_engine *e = NULL;
    an_error err = { 0 };
    if (an_engine_open(&e, &c.opt, &err)) {
        fprintf(stderr, "annalist: %s\n", err.message);
        free(files);
        return 2;
    }
    an_doc *doc = NULL;
    an_buf out = { 0 };
    int rc = 0;
    if (an_doc_new(&doc)) rc = 1;
    for (int i = 0; i < nfiles && doc; i++) rc |= extract_file(&c, e, doc, files[i], &out);
    an_buf_free(&out);
    an_doc_free(doc);
    an_engine_close(e);
    free(files);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("annalist %s\n", AN_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "extract") == 0) return cmd_extract(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", argv[1]);
}
