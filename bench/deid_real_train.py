#!/usr/bin/env python3
"""deid_real_train.py — the TRAIN half of bench/deid_real.sh's mtsamples
sample as training notes for the de-identification tagger (gold format of
`ward eval funnel --gold`), so the tagger also learns from real clinical
text what is NOT an identifier (drugs, organisms, devices, headings in
capitals).

    bench/deid_real_train.py BENCH_DEID_REAL_OUTPUT CSV LABELS > OUT.txt

BENCH_DEID_REAL_OUTPUT: the output of `bench_deid_real CSV` (the spans the
build redacts, with their key and words). Each TRAIN report (sample_id % 4
== 0) becomes a note; a span labelled PHI in LABELS (bench/deid_real_labels.tsv)
is an identifier of Ward's type, every other word is not (KEEP and
unlabelled spans, and what Ward does not redact: mtsamples is already
de-identified, its rare identifiers are what the rules find). The
VALIDATION half is never read. The output holds report text: write it
under build/, never into the repository (mtsamples: research use only).
"""
import csv
import sys


def main():
    spans_file, csv_file, labels_file = sys.argv[1:4]
    labels = {}
    for line in open(labels_file, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) >= 4:
            labels[(f[0], f[1])] = f[3]
    spans = {}
    for line in open(spans_file, encoding="utf-8", errors="replace"):
        f = line.rstrip("\n").split("\t")
        if f[0] != "S" or f[1] != "train":
            continue
        if labels.get((f[6], f[7])) == "PHI":
            spans.setdefault(int(f[2]), []).append((int(f[3]), int(f[4]), f[5]))
    csv.field_size_limit(1 << 30)
    seen = set()
    print("# mtsamples TRAIN half as training notes (bench/deid_real_train.py); not for the repository")
    with open(csv_file, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sid = int(row["sample_id"])
            if sid in seen or sid % 4 != 0 or not row["transcription"]:
                continue
            seen.add(sid)
            raw = row["transcription"].encode("utf-8")
            out, pos = [], 0
            for a, b, t in sorted(spans.get(sid, [])):
                if a < pos:
                    continue
                out.append(clean(raw[pos:a]))
                out.append("{%s:%s}" % (t, clean(raw[a:b])))
                pos = b
            out.append(clean(raw[pos:]))
            print("=== real-%d report" % sid)
            print("".join(out))


def clean(b):
    """Report text that the gold format reads as text: no markup characters,
    no line that reads as a comment or a note's start."""
    s = b.decode("utf-8", "replace").replace("{", "(").replace("}", ")").replace("[[", "[ [").replace("]]", "] ]")
    lines = s.split("\n")
    return "\n".join(" " + l if l.startswith("#") or l.startswith("===") else l for l in lines)


if __name__ == "__main__":
    main()
