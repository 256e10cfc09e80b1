#!/bin/sh
# deid_real.sh — de-identification on REAL text: over-redaction (precision)
# and under-redaction (recall) on mtsamples reports, which the hand-written
# gold sets do not measure.
#
#   bench/deid_real.sh [DATA_DIR]            (default ../shared/data)
#   bench/deid_real.sh --list train [DATA_DIR]
#       also lists the TRAIN half's KEEP and unlabelled spans (count, key,
#       words, Ward's type, label, reason), for fixing over-redaction
#   bench/deid_real.sh --label SPLIT [DATA_DIR]
#       for the labeller only: every unlabelled span of SPLIT (train|valid)
#       with 70 bytes of its report either side; nothing else
#   BUILD=/tmp/mainbuild ... to run another build's bench_deid_real
#
# The sample (bench/deid_real.c): distinct mtsamples sample_ids with
# sample_id % 4 == 0 (TRAIN half, ~593 reports) or == 1 (VALIDATION half,
# ~596); each is de-identified by the library in both modes: rules + tagger
# (default) and rules alone (WARD_DEID_TAGGER=0). Every redacted span is
# looked up by (key, words) in bench/deid_real_labels.tsv: key = the word
# before the span, lower-cased ("^" at the start of the report), words = the
# span's text. Labels were judged by reading the report around each span as
# a privacy officer would (HIPAA Safe Harbor), without reading Ward's rules
# or model: PHI = an identifier or the publisher's placeholder for one
# ("Dr. XYZ", "ABC Hospital": reason "placeholder"; reason "overlong" = an
# identifier's span that also swallows a following word, "Dr. X. Blood");
# KEEP = over-redaction, with a reason (heading, drug, eponym, anatomy,
# measure, clinical, device, model, generic, common, public, state, country).
# precision = PHI / (PHI + KEEP); unlabelled spans are new since the labels
# were made: label them (--label) before trusting the figures.
# Recall: bench/deid_real_gold.tsv lists every identifier of 59 VALIDATION
# reports (sample_id % 40 == 1), annotated by reading them before looking at
# Ward's output; an identifier is found when every occurrence of its words
# in the report is redacted (any type). "tagger added" = rules + tagger spans
# that overlap no span of rules alone (and the reverse, if any, is printed).
#
# DISCIPLINE: the de-identification engineers may read the TRAIN half's
# spans and labels (--list train) to fix over-redaction; of the VALIDATION
# half they read only the totals this script prints — never its spans,
# labels or gold lines, never --label valid. The label file holds a short key
# and the span's own words only, never report text (mtsamples: research use).
# From main ec197e0 to c33acd5 the tagger was also trained on the TRAIN
# half (its TRAIN figures were in-sample); since deidlic it is not
# (mtsamples: research use only), so both halves are out of sample.
set -eu
cd "$(dirname "$0")/.."
LIST= LABEL=
case "${1:-}" in
--list) LIST=$2; shift 2 ;;
--label) LABEL=$2; shift 2 ;;
esac
DATA=${1:-../shared/data}
# A git worktree sits one level deeper than the main clone.
[ -n "${1:-}" ] || [ -d "$DATA" ] || DATA=../../shared/data
CSV=$DATA/mtsamples/mtsamples_reconstructed.csv
BIN=${BUILD:-build}/bench/bench_deid_real
LABELS=bench/deid_real_labels.tsv
GOLD=bench/deid_real_gold.tsv
[ -x "$BIN" ] || { echo "deid_real: no $BIN (build first)" >&2; exit 2; }
[ -r "$CSV" ] || { echo "deid_real: no $CSV" >&2; exit 2; }
OUT=$(mktemp -d /tmp/ward-deid-real.XXXXXX)
trap 'rm -rf "$OUT"' EXIT INT TERM

if [ -n "$LABEL" ]; then
  "$BIN" "$CSV" --context 70 >"$OUT/t"
  WARD_DEID_TAGGER=0 "$BIN" "$CSV" --context 70 >"$OUT/r"
  awk -F'\t' -v want="$LABEL" '
    FILENAME == ARGV[1] { if ($0 !~ /^#/ && NF >= 4) lab[$1 "\t" $2] = 1; next }
    $1 == "S" && $2 == want && !(($7 "\t" $8) in lab) && !seen[$7 "\t" $8]++ {
      print $3 "\t" $6 "\t" $7 "\t" $8 "\t" $9 }' "$LABELS" "$OUT/t" "$OUT/r"
  exit 0
fi

G=; [ -r "$GOLD" ] && G="--gold $GOLD"
"$BIN" "$CSV" $G >"$OUT/tagger"
WARD_DEID_TAGGER=0 "$BIN" "$CSV" $G >"$OUT/rules"
echo "== de-identification on real text: mtsamples, $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($BIN)"
awk -F'\t' -v list="$LIST" '
function bump(a, k) { a[k]++ }
function overlaps(list, b, e,   c, j, r, se) {   # list: " start:end ..."
  c = split(list, r, " ")
  for (j = 1; j <= c; j++) { split(r[j], se, ":"); if (se[1] + 0 < e + 0 && b + 0 < se[2] + 0) return 1 }
  return 0
}
function bykey(a, pre,   k, s, n, i, j, t, key, cnt) { # "reason n, ..." for keys pre*, most first
  n = 0
  for (k in a) if (index(k, pre) == 1) { key[++n] = substr(k, length(pre) + 1); cnt[n] = a[k] }
  for (i = 2; i <= n; i++) for (j = i; j > 1 && cnt[j] > cnt[j - 1]; j--) {
    t = cnt[j]; cnt[j] = cnt[j - 1]; cnt[j - 1] = t; t = key[j]; key[j] = key[j - 1]; key[j - 1] = t
  }
  s = ""
  for (i = 1; i <= n; i++) s = s (s ? ", " : "") key[i] " " cnt[i]
  return s
}
FILENAME == ARGV[1] {
  if ($0 ~ /^#/ || NF < 5) next
  lab[$1 "\t" $2] = $4; why[$1 "\t" $2] = $5; next
}
{ mode = FILENAME == ARGV[2] ? "rules+tagger" : "rules" }
$1 == "R" { reports[$2 SUBSEP mode]++; next }
$1 == "G" {
  g = $2 SUBSEP mode
  if ($5 == 0) { if (mode == "rules") print "  gold line not in its report: " $3 " " $4 " " $7; next }
  ids[g]++; occ[g] += $5; focc[g] += $6; if ($5 == $6) fid[g]++
  if ($4 !~ /\*$/) { rid[g]++; if ($5 == $6) rfid[g]++ }
  tid[g SUBSEP $4]++; if ($5 == $6) tfound[g SUBSEP $4]++; gtypes[$4] = 1
  next
}
$1 == "S" {
  k = $7 "\t" $8; m = $2 SUBSEP mode; l = (k in lab) ? lab[k] : "?"
  spans[m]++; n[m SUBSEP l]++
  if (l == "KEEP") { bump(keepwhy, m SUBSEP why[k]); bump(keeptype, m SUBSEP $6) }
  if (l == "PHI") bump(phiwhy, m SUBSEP why[k])
  if (mode == "rules") { rs[$2 SUBSEP $3] = rs[$2 SUBSEP $3] " " $4 ":" $5 }
  else { ts[++nt] = $0 }
  if (mode == "rules") rl[++nr] = $2 "\t" $3 "\t" $4 "\t" $5
  else tso[$2 SUBSEP $3] = tso[$2 SUBSEP $3] " " $4 ":" $5
  if (list != "" && $2 == list && mode == "rules+tagger" && l != "PHI")
    listed[l "\t" $6 "\t" k "\t" ((k in why) ? why[k] : "")]++
}
END {
  printf "%-6s %-13s %7s %6s %6s %6s %6s %9s\n", "split", "mode", "reports", "spans", "PHI", "KEEP", "unlab", "precision"
  for (si = 1; si <= 2; si++) for (mi = 1; mi <= 2; mi++) {
    s = si == 1 ? "train" : "valid"; md = mi == 1 ? "rules+tagger" : "rules"; m = s SUBSEP md
    p = n[m SUBSEP "PHI"] + 0; kp = n[m SUBSEP "KEEP"] + 0
    printf "%-6s %-13s %7d %6d %6d %6d %6d %9s\n", s, md, reports[m], spans[m], p, kp, n[m SUBSEP "?"],
      p + kp ? sprintf("%.4f", p / (p + kp)) : "-"
  }
  # The tagger'"'"'s own spans: rules + tagger spans overlapping no rules span.
  for (i = 1; i <= nt; i++) {
    split(ts[i], f, "\t")
    if (overlaps(rs[f[2] SUBSEP f[3]], f[4], f[5])) continue
    k = f[7] "\t" f[8]; l = (k in lab) ? lab[k] : "?"
    add[f[2]]++; addn[f[2] SUBSEP l]++
    if (l == "KEEP") bump(addwhy, f[2] SUBSEP why[k])
  }
  for (i = 1; i <= nr; i++) {          # and rules spans the tagger drops
    split(rl[i], f, "\t")
    if (!overlaps(tso[f[1] SUBSEP f[2]], f[3], f[4])) dropped[f[1]]++
  }
  for (si = 1; si <= 2; si++) {
    s = si == 1 ? "train" : "valid"
    print ""
    print s ": KEEP (over-redaction) by reason, rules+tagger: " bykey(keepwhy, s SUBSEP "rules+tagger" SUBSEP)
    print s ": KEEP by reason, rules alone: " bykey(keepwhy, s SUBSEP "rules" SUBSEP)
    print s ": KEEP by Ward type, rules+tagger: " bykey(keeptype, s SUBSEP "rules+tagger" SUBSEP)
    print s ": PHI by reason, rules+tagger: " bykey(phiwhy, s SUBSEP "rules+tagger" SUBSEP)
    printf "%s: tagger added %d spans: PHI %d, KEEP %d, unlabelled %d; KEEP by reason: %s\n", s, add[s],
      addn[s SUBSEP "PHI"], addn[s SUBSEP "KEEP"], addn[s SUBSEP "?"], bykey(addwhy, s SUBSEP)
    if (dropped[s]) printf "%s: rules spans that rules + tagger no longer redact: %d\n", s, dropped[s]
  }
  print ""
  for (mi = 1; mi <= 2; mi++) {
    md = mi == 1 ? "rules+tagger" : "rules"; g = "valid" SUBSEP md
    if (!ids[g]) { print "recall: no gold identifiers (bench/deid_real_gold.tsv)"; break }
    bt = ""
    for (t in gtypes) if (tid[g SUBSEP t]) bt = bt " " t " " tfound[g SUBSEP t] + 0 "/" tid[g SUBSEP t]
    printf "recall (valid gold) %-13s identifiers %d/%d = %.4f (without placeholders %d/%d = %.4f), occurrences %d/%d; by type:%s\n",
      md, fid[g], ids[g], fid[g] / ids[g], rfid[g], rid[g], rid[g] ? rfid[g] / rid[g] : 0, focc[g], occ[g], bt
  }
  if (list != "") {
    print ""; print "== " list " spans labelled KEEP or not labelled (rules+tagger): count, label, type, key, words, reason"
    fflush(); cmd = "sort -t\"\t\" -k2,2 -k1,1nr"
    for (k in listed) print listed[k] "\t" k | cmd
    close(cmd)
  }
}' "$LABELS" "$OUT/tagger" "$OUT/rules"
