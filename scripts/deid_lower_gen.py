#!/usr/bin/env python3
"""deid_lower_gen.py — writes data/deid_lower.tsv, the words that clinical
text writes in lower case, for the de-identification tagger
(src/funnel/deid_tagger.c): a capitalized word on this list ("Minimal",
"Epidural", "Same Day") is more often a word than a name or a place, a
signal the tagger weighs like its other features, and a span the tagger
found whose every word is on it is dropped ("High School").

Sources: Ward's own files only (no outside corpus, no held-out set):
  - the training notes tests/fixtures/funnel/deid_notes_dev*.txt (written
    by hand for Ward): every word written in lower case at least MIN times
    (default 2) outside an identifier's markup ({TYPE:...}); comment lines
    and "===" note headers are skipped;
  - Ward's clinical data files (data/lexicon.tsv, drugs.tsv, sections.tsv,
    plain_language.tsv, note_words.tsv, context.tsv, ask_words.tsv,
    literature.tsv; comment lines skipped): every word written there in
    lower case;
  - data/deid_words.tsv: words marked clinical (K), clinical noun (N),
    function word (W) or lower-case place head (D).
A word data/deid_words.tsv marks as a name, eponym, city, state, month or
brand (F L E Y A M B Q G), or data/deid_names.tsv lists as a name and not
an everyday word, is taken from the notes only, never from the data files
(there it may be half of an eponym: "parkinson disease").
Words: three letters or more, ASCII letters only. Not needed by the build
or the tests: run by hand when a source changes.

    scripts/deid_lower_gen.py [MIN] > data/deid_lower.tsv
"""
import collections, glob, os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA_FILES = ["lexicon.tsv", "drugs.tsv", "sections.tsv", "plain_language.tsv",
              "note_words.tsv", "context.tsv", "ask_words.tsv", "literature.tsv"]
WORD = re.compile(r"[A-Za-z]+")
MARKUP = re.compile(r"\{[A-Z]+(?:/[A-Za-z_-]+)?:[^{}]*\}")


def lower_words(text):
    return [w for w in WORD.findall(text) if len(w) >= 3 and w.islower()]


def note_counts():
    count = collections.Counter()
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/funnel/deid_notes_dev*.txt"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or line.startswith("==="):
                    continue
                count.update(lower_words(MARKUP.sub(" ", line)))
    return count


def read_flags(name):
    flags = {}
    with open(os.path.join(ROOT, "data", name), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            w, fl = line.rstrip("\n").split("\t", 1)
            flags[w] = flags.get(w, "") + fl
    return flags


def proper_words(flags):
    """Words the name lists hold as names or places, not as everyday words."""
    proper = {w for w, fl in flags.items() if re.search("[FLEYAMBQG]", fl)}
    names = read_flags("deid_names.tsv")
    return proper | {w for w, fl in names.items() if "C" not in fl and w not in flags}


def data_words(flags):
    words = set()
    for name in DATA_FILES:
        with open(os.path.join(ROOT, "data", name), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    words.update(lower_words(line))
    for w, fl in flags.items():
        if re.search("[KNWD]", fl) and " " not in w:
            words.update(lower_words(w))
    return words - proper_words(flags)


def main():
    least = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    count = note_counts()
    from_notes = {w for w, n in count.items() if n >= least}
    from_data = data_words(read_flags("deid_words.tsv"))
    words = sorted(from_notes | from_data)
    print("# deid_lower.tsv — words clinical text writes in lower case, one a line;")
    print("# written by scripts/deid_lower_gen.py from Ward's own files only: the")
    print("# training notes tests/fixtures/funnel/deid_notes_dev*.txt (%d times or" % least)
    print("# more in lower case, outside identifiers: %d words) and Ward's clinical" % len(from_notes))
    print("# data files (data/lexicon.tsv, drugs.tsv, sections.tsv, ...; the clinical")
    print("# and function words of deid_words.tsv: %d words). Read by the" % len(from_data))
    print("# de-identification tagger (src/funnel/deid_tagger.c) as a feature.")
    for w in words:
        print(w)


if __name__ == "__main__":
    main()
