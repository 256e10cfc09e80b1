#!/usr/bin/env python3
"""deid_lower_gen.py — writes data/deid_lower.tsv, the words that clinical
text writes in lower case, for the de-identification tagger
(src/funnel/deid_tagger.c): a capitalized word on this list ("Minimal",
"Epidural", "Same Day") is more often a word than a name or a place, a
signal the tagger weighs like its other features.

Source: the mtsamples reports (MTSAMPLES_CSV, ../shared/data/mtsamples):
every word of three letters or more written in lower case at least MIN
times (default 20), in ASCII letters. Not needed by the build or the
tests: run by hand when the source changes.

    scripts/deid_lower_gen.py MTSAMPLES_CSV [MIN] > data/deid_lower.tsv
"""
import collections, csv, re, sys

def main():
    path = sys.argv[1]
    least = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    csv.field_size_limit(1 << 30)
    count = collections.Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        rows = csv.reader(f)
        next(rows)
        for row in rows:
            for w in re.findall(r"[A-Za-z]+", " ".join(row)):
                if len(w) >= 3 and w.islower():
                    count[w] += 1
    words = sorted(w for w, n in count.items() if n >= least)
    print("# deid_lower.tsv — words clinical text writes in lower case (the mtsamples")
    print("# reports, %d times or more), one a line; written by scripts/deid_lower_gen.py." % least)
    print("# Read by the de-identification tagger (src/funnel/deid_tagger.c) as a feature.")
    for w in words:
        print(w)

if __name__ == "__main__":
    main()
