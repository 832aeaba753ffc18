#!/usr/bin/env python3
"""verb_coverage.py — how much of a body of English news text annalist's English event
dictionary can fire on, and which verbs it lacks. An evaluation helper: it only reads
files, and nothing in the build depends on it.

usage: verb_coverage.py [SHARED_DIR] [--lang DIR] [--top N]

Text: the sentences of three public coder test collections in SHARED_DIR (default
../shared): eval/petrarch/GigaWord.sample.PETR.xml and PETR.UnitTest.records.xml (the
<Text> elements) and eval/tabari/Validate.text (the text between a record's header line
"DATE ID" and its "/*" comment). Absent files are skipped with a message.

Dictionary: DIR (default lang/en) gives verbs.txt (triggers; n: are noun triggers),
verbforms.txt and nounforms.txt (irregular forms) and words.txt (closed classes, which
are never counted as verbs). A word form reaches its lemmas as src/code/morph.c does
for English: the form itself, its irregular lemma, then -ied/-ies → y, and -s -es -ed
-ing cut, with a restored final e and an undoubled consonant. The dictionary's
conditions are ignored: a lemma counts as covered when some pattern has it as trigger.

Verb-looking forms: -ed forms, irregular forms of verbforms.txt, lower-case words after
"to", and -s forms whose lemma is attested as a verb in one of those three ways
elsewhere in the text (a bare -s form is far more often a plural noun).

Prints the number of sentences, the share with at least one trigger, the share with a
trigger of a root other than 01 (statements: "say" alone is in nearly every sentence),
and the most frequent uncovered verb lemmas with their forms.
"""
import os, re, sys
from collections import Counter, defaultdict

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def sentences_xml(path):
    """The <Text> elements of a PETRARCH XML file, comments removed first."""
    text = re.sub(r"<!--.*?-->", " ", read_text(path), flags=re.S)
    return [" ".join(t.split()) for t in re.findall(r"<Text>(.*?)</Text>", text, flags=re.S)]


def sentences_tabari(path):
    """Records of a TABARI text file: a "DATE ID" header line, text lines, "/*" comment."""
    out, cur, inside = [], [], False
    for line in read_text(path).splitlines():
        if re.match(r"^\d{6}\s+\S", line):
            inside, cur = True, []
            continue
        if inside and (line.lstrip().startswith("/*") or not line.strip()):
            if cur:
                out.append(" ".join(" ".join(cur).split()))
            inside, cur = False, []
            continue
        if inside:
            cur.append(line)
    return out


def load_forms(path, forms):
    """`lemma form form ...` lines into form → lemma."""
    if not os.path.exists(path):
        return
    for line in read_text(path).splitlines():
        line = line.split("#", 1)[0].split()
        for form in line[1:]:
            forms.setdefault(form.lower(), line[0].lower())


def load_triggers(path):
    """lemma → set of root codes (2 digits), for verb and noun triggers alike."""
    verbs, nouns = defaultdict(set), defaultdict(set)
    for line in read_text(path).splitlines():
        f = line.split("#", 1)[0].split()
        if len(f) < 2 or not f[0].isdigit():
            continue
        if f[1].startswith("n:"):
            nouns[f[1][2:].lower()].add(f[0][:2])
        else:
            verbs[f[1].lower()].add(f[0][:2])
    return verbs, nouns


def load_closed(path):
    """All words of words.txt: articles, pronouns, prepositions, auxiliaries …"""
    words = set()
    for line in read_text(path).splitlines():
        f = line.split("#", 1)[0].split()
        words.update(w.lower() for w in f[1:])
    return words


def lemmas(w, forms):
    """Candidate lemmas of a lower-case form, in the order of src/code/morph.c."""
    out = [w]
    if w in forms:
        out.append(forms[w])
    n = len(w)
    for suf in ("ied", "ies"):
        if w.endswith(suf) and n > 3:
            out.append(w[:-3] + "y")
    cut = 3 if w.endswith("ing") else 2 if w.endswith(("ed", "es")) else 1 if w.endswith("s") else 0
    if cut and n - cut >= 2:
        stem = w[: n - cut]
        out.append(stem)
        if cut > 1:
            out.append(stem + "e")
        if cut == 2 and w.endswith("es"):
            out.append(w[: n - 1])
        if len(stem) >= 3 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    return out


# Stem endings after which a cut -ed had taken a final e ("celebrat-ed", "forc-ed",
# "seiz-ed", "resolv-ed"); a guess for lemmas the text shows in no other form.
E_ENDINGS = ("at", "iz", "is", "ys", "v", "c", "rg", "dg", "ur", "uc", "ut", "ag", "ud")


def guess_ed(w, cands, vocab):
    """The lemma of an -ed or -s form no trigger knows: a candidate seen elsewhere in the text,
    else stem+e after an ending that wants it, else the bare stem."""
    for c in cands[1:]:
        if c in vocab and c != w[:-1]:
            return c
    stem = w[:-2] if w.endswith("ed") else cands[1]
    if stem.endswith(E_ENDINGS):
        return stem + "e"
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]
    return stem


def main(argv):
    shared, lang, top = "../shared", "lang/en", 40
    args = iter(argv[1:])
    for a in args:
        if a == "--lang":
            lang = next(args, lang)
        elif a == "--top":
            top = int(next(args, top))
        elif a.startswith("-"):
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
        else:
            shared = a

    sources = [
        ("eval/petrarch/GigaWord.sample.PETR.xml", sentences_xml),
        ("eval/petrarch/PETR.UnitTest.records.xml", sentences_xml),
        ("eval/tabari/Validate.text", sentences_tabari),
    ]
    sents = []
    for rel, reader in sources:
        path = os.path.join(shared, rel)
        if not os.path.exists(path):
            print(f"verb_coverage: {path}: not found, skipped")
            continue
        got = reader(path)
        print(f"{rel}: {len(got)} sentences")
        sents.extend(got)
    if not sents:
        print("verb_coverage: no text")
        return 1

    forms = {}
    load_forms(os.path.join(lang, "verbforms.txt"), forms)
    irregular = set(forms)          # forms of verbs only: these look like verbs
    load_forms(os.path.join(lang, "nounforms.txt"), forms)
    verbs, nouns = load_triggers(os.path.join(lang, "verbs.txt"))
    closed = load_closed(os.path.join(lang, "words.txt"))

    def codes(w):
        """Roots of the patterns the form can fire, from its first lemma that is a trigger."""
        for lem in lemmas(w, forms):
            if lem in verbs or lem in nouns:
                return verbs.get(lem, set()) | nouns.get(lem, set())
        return set()

    # Every form in the text: a guessed lemma seen there as a word of its own is likelier.
    vocab = {tok.lower() for s in sents for tok in WORD.findall(s)}

    # Pass 1: verb-looking tokens and which lemmas are attested as verbs.
    candidates = []                 # (sentence index, form, how)
    attested = set()
    for i, s in enumerate(sents):
        toks = WORD.findall(s)
        for j, tok in enumerate(toks):
            w = tok.lower()
            if w in closed or len(w) < 3:
                continue
            how = None
            if w in irregular:
                how = "irr"
            elif w.endswith("ed") and len(w) > 4:
                how = "ed"
            elif j > 0 and toks[j - 1].lower() == "to" and tok[0].islower():
                how = "to"
            elif w.endswith("s") and not w.endswith("ss") and tok[0].islower() and len(w) > 3:
                how = "s"
            if how:
                candidates.append((i, w, how))
                if how != "s":
                    attested.update(lemmas(w, forms)[1:] if how != "to" else [w])

    # Pass 2: uncovered verb lemmas; sentence coverage.
    missing, missing_forms = Counter(), defaultdict(Counter)
    for i, w, how in candidates:
        if codes(w) or any(c in closed for c in lemmas(w, forms)):
            continue
        cands = lemmas(w, forms)
        if how == "s":
            if not any(c in attested for c in cands[1:]):
                continue
            lem = guess_ed(w, cands, vocab)
        elif how == "to":
            lem = w
        elif how == "irr":
            lem = forms[w]
        else:
            lem = guess_ed(w, cands, vocab)
        missing[lem] += 1
        missing_forms[lem][w] += 1

    any_trigger = event_trigger = 0
    for s in sents:
        roots = set()
        for tok in WORD.findall(s):
            w = tok.lower()
            if w not in closed:
                roots |= codes(w)
        any_trigger += bool(roots)
        event_trigger += bool(roots - {"01"})

    n = len(sents)
    print(f"patterns: {sum(1 for _ in open(os.path.join(lang, 'verbs.txt'), encoding='utf-8') if _[:1].isdigit())}"
          f", verb triggers {len(verbs)}, noun triggers {len(nouns)}")
    print(f"sentences: {n}; with a trigger: {any_trigger} ({100.0 * any_trigger / n:.1f}%); "
          f"with a trigger outside root 01: {event_trigger} ({100.0 * event_trigger / n:.1f}%)")
    total = sum(missing.values())
    print(f"verb-looking tokens without a trigger: {total} ({len(missing)} lemmas); the {top} most frequent:")
    for lem, c in missing.most_common(top):
        shown = " ".join(f for f, _ in missing_forms[lem].most_common(4))
        print(f"  {c:4d}  {lem:16s} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
