/* engine.c — loading the resources: per-language text data, boilerplate cues (and, as
 * the pipeline grows, lexicons and dictionaries). The data directory is, in order:
 * an_options.data_dir, $ANNALIST_DATA, then the directory compiled in as AN_DATA_DIR. */
#include "engine.h"
#include <stdio.h>
#include <stdlib.h>

#ifndef AN_DATA_DIR
#define AN_DATA_DIR "/usr/local/share/annalist"
#endif

static const char *const lang_codes[AN_ENGINE_LANGS] = { "de", "en", "uk", "ru" };

an_status an_engine_open(an_engine **out, const an_options *opt, an_error *err)
{
    an_engine *e = calloc(1, sizeof *e);
    if (!e) return AN_NOMEM;
    an_status st = AN_OK;
    const char *dir = opt && opt->data_dir ? opt->data_dir : getenv("ANNALIST_DATA");
    if (!dir || !*dir) dir = AN_DATA_DIR;
    snprintf(e->data_dir, sizeof e->data_dir, "%s", dir);
    if (opt) e->opt = *opt;
    if (opt && opt->lang) {
        snprintf(e->lang, sizeof e->lang, "%s", opt->lang);
        e->opt.lang = e->lang;
    }
    if (opt && opt->date) {
        snprintf(e->date, sizeof e->date, "%s", opt->date);
        e->opt.date = e->date;
    }
    e->opt.data_dir = e->data_dir;
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/lang", e->data_dir);
    FILE *f = fopen(probe, "r");
    if (!f) {
        an_error_set(err, AN_NOT_FOUND, 0, 0,
                     "data directory %s has no lang/ (set ANNALIST_DATA or --data)", e->data_dir);
        st = AN_NOT_FOUND;
        goto fail;
    }
    fclose(f);
    for (int i = 0; i < AN_ENGINE_LANGS; i++) {
        st = an_textlang_load(&e->langs[i], e->data_dir, lang_codes[i], err);
        if (st) goto fail;
    }
    st = an_cues_load(&e->cues, e->data_dir, err);
    if (st) goto fail;
    char cue_path[4200];
    snprintf(cue_path, sizeof cue_path, "%s/lang/boilerplate.txt", e->data_dir);
    st = an_html_cues_load(cue_path, &e->html_cues, err);
    if (st) goto fail;
    st = an_lexicon_load(&e->lexicon, e->data_dir, err);
    if (st) goto fail;
    for (int i = 0; i < AN_ENGINE_LANGS; i++) {
        st = an_codelang_load(&e->code[i], e->data_dir, lang_codes[i], err);
        if (st) goto fail;
    }
    st = an_cameo_load(&e->cameo, e->data_dir, err);
    if (st) goto fail;
    char lang_dir[4200];
    snprintf(lang_dir, sizeof lang_dir, "%s/lang", e->data_dir);
    st = an_time_lexicon_load(&e->time, lang_dir, err);
    if (st) goto fail;
    if (opt && opt->tabari_project)
        st = an_tabari_load_project(&e->tabari, opt->tabari_project, 0, err);
    else if (opt && (opt->tabari_verbs || opt->tabari_actors)) {
        if (!opt->tabari_verbs || !opt->tabari_actors) {
            an_error_set(err, AN_USAGE, 0, 0, "TABARI coding needs --verbs and --actors (or --project)");
            st = AN_USAGE;
        } else
            st = an_tabari_load_files(&e->tabari, opt->tabari_verbs, opt->tabari_actors, opt->tabari_agents,
                                      opt->tabari_discards, err);
    }
    if (st) goto fail;
    *out = e;
    return AN_OK;
fail:
    an_engine_close(e);
    return st;
}

void an_engine_close(an_engine *e)
{
    if (!e) return;
    for (int i = 0; i < AN_ENGINE_LANGS; i++) an_textlang_free(&e->langs[i]);
    an_cues_free(e->cues);
    an_html_cues_free(e->html_cues);
    an_lexicon_free(e->lexicon);
    an_time_lexicon_free(e->time);
    an_tabari_free(e->tabari);
    for (int i = 0; i < AN_ENGINE_LANGS; i++) an_codelang_free(&e->code[i]);
    free(e);
}

static int lang_index(an_span lang)
{
    for (int i = 0; i < AN_ENGINE_LANGS; i++)
        if (lang.n >= 2 && memcmp(lang.p, lang_codes[i], 2) == 0 && (lang.n == 2 || lang.p[2] == '-' || lang.p[2] == '_'))
            return i;
    return -1;
}

const an_codelang *an_engine_codelang(const an_engine *e, an_span lang)
{
    int i = lang_index(lang);
    return i < 0 ? NULL : &e->code[i];
}

const an_textlang *an_engine_textlang(const an_engine *e, an_span lang)
{
    int i = lang_index(lang);
    return i < 0 ? NULL : &e->langs[i];
}
