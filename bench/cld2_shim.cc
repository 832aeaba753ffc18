// cld2_shim.cc — CLD2 (Debian libcld2) as a C function, for the language-ID peer in
// `make bench` (bench/langid_bench.c). CLD2's API is C++; this file is compiled only
// for the bench, never into annalist.
#include <cstddef>
#include <cstdio>   // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>

extern "C" const char *an_bench_cld2_detect(const char *p, size_t n);

// The ISO 639-1 code CLD2 gives plain UTF-8 text ("un" when it does not know).
extern "C" const char *an_bench_cld2_detect(const char *p, size_t n)
{
    bool reliable = false;
    CLD2::Language lang = CLD2::DetectLanguage(p, static_cast<int>(n), true, &reliable);
    return CLD2::LanguageCode(lang);
}
