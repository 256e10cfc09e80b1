# test_large_files.sh — large files cost memory by the window, not by their
# size (issue 15, finding 5). Sparse 2 GB files (truncate -s) make it cheap:
#  - a note that looks like text for its first 64 KB and is 2 GB long is
#    refused unread, naming the file and the limit, in little memory;
#  - an NDJSON file of 2 GB: its records before the zeros go in, the zeros
#    are reported by byte offset, in little memory;
#  - an HL7 v2 feed over --max-file-mb is read message by message: every
#    message is stored and an error names the same message number a whole
#    read would;
#  - a FHIR JSON document over --max-file-mb is refused with the reason.
. "$WARD_TESTS/lib.sh"
: "${WARD_MAXRSS:?WARD_MAXRSS must point at the maxrss helper}"
mkdir -p "$T/in"
LIMIT_KB=400000   # far below 2 GB, above a sanitizer build's own overhead
rss() { grep -o 'maxrss [0-9]*' "$T/err" | tail -1 | cut -d' ' -f2; }

{ printf -- '---\npatient: p1\n---\n'
  for i in $(seq 2000); do echo "Line $i of a long note about metformin and A1c."; done; } > "$T/in/big.txt"
truncate -s 2G "$T/in/big.txt"
expect_status 2 "2 GB note refused" "$WARD_MAXRSS" "$WARD" ingest -q "$T/in/big.txt"
contains "$T/err" "big.txt: not read: 2147.5 MB, over the 64 MB limit for one note" "the message names the file and the limit"
kb=$(rss); check "2 GB note cost ${kb} KB" [ "${kb:-999999999}" -lt $LIMIT_KB ]

{ for i in 1 2 3; do echo "{\"resourceType\":\"Patient\",\"id\":\"p$i\"}"; done
  for i in $(seq 500); do
    echo "{\"resourceType\":\"Observation\",\"id\":\"o$i\",\"status\":\"final\",\"subject\":{\"reference\":\"Patient/p1\"},\"code\":{\"text\":\"Glucose\"},\"valueQuantity\":{\"value\":$i,\"unit\":\"mg/dL\"}}"
  done; } > "$T/in/big.ndjson"
head_bytes=$(stat -c %s "$T/in/big.ndjson")
truncate -s 2G "$T/in/big.ndjson"
expect_status 2 "2 GB NDJSON" "$WARD_MAXRSS" "$WARD" ingest -q "$T/in/big.ndjson"
contains "$T/err" "big.ndjson: binary data (a NUL byte) at byte $head_bytes" "the zeros are named by offset"
kb=$(rss); check "2 GB NDJSON cost ${kb} KB" [ "${kb:-999999999}" -lt $LIMIT_KB ]
check "the records before the zeros went in" [ "$(sqlite3 "$WARD_DATA/ward.db" "SELECT count(*) FROM resources WHERE type='Observation'")" = 500 ]

# 3000 ORU messages of ~350 bytes (about 1 MB), read through a 1 MB limit:
# the feed is over it and goes in window by window; message 2500 has no
# patient id.
awk 'BEGIN { for (i = 0; i < 3000; i++) {
  pid = (i == 2499) ? "PID|1||^^^H^MR||" : sprintf("PID|1||MRN%d^^^H^MR||Doe^J||19700101|F", i % 40)
  printf "MSH|^~\\&|LAB|H|W|H|20240301120000||ORU^R01|M%d|P|2.5\r%s\rOBR|1||F%d|2345-7^Glucose^LN|||20240301\r", i, pid, i
  for (k = 1; k <= 3; k++) printf "OBX|%d|NM|2345-7^Glucose^LN||%d|mg/dL|||||F\r", k, 90 + k
} }' > "$T/in/feed.hl7"
cat "$T/in/feed.hl7" "$T/in/feed.hl7" > "$T/in/feed2.hl7"   # 2 MB: three windows or more
expect_status 2 "HL7 feed over the limit" "$WARD" --data "$T/h" ingest -q --max-file-mb 1 "$T/in/feed2.hl7"
contains "$T/err" "feed2.hl7: record 2500: OBX segment without a patient" "first bad message numbered as in a whole read"
contains "$T/err" "feed2.hl7: record 5500: OBX segment without a patient" "second bad message numbered across windows"
check "every other message stored" [ "$(sqlite3 "$T/h/ward.db" "SELECT count(*) FROM resources WHERE type='Observation'")" = $((2 * 2999 * 3 / 2)) ]
expect_status 2 "the same feed read whole" "$WARD" --data "$T/h2" ingest -q "$T/in/feed2.hl7"
contains "$T/err" "feed2.hl7: record 5500: OBX segment without a patient" "whole read numbers it the same"

printf '{"resourceType":"Bundle","type":"collection","entry":[' > "$T/in/bundle.json"
for i in $(seq 20000); do printf '{"resource":{"resourceType":"Patient","id":"b%d","gender":"female"}},' $i; done >> "$T/in/bundle.json"
printf '{"resource":{"resourceType":"Patient","id":"last"}}]}\n' >> "$T/in/bundle.json"
expect_status 2 "Bundle over the limit" "$WARD" --data "$T/b" ingest -q --max-file-mb 1 "$T/in/bundle.json"
contains "$T/err" "bundle.json: not read:" "the Bundle is named"
contains "$T/err" "over the 1 MB limit for one FHIR JSON document" "and the limit"
expect_status 0 "the Bundle under the default limit" "$WARD" --data "$T/b" ingest -q "$T/in/bundle.json"
expect_status 1 "bad --max-file-mb" "$WARD" ingest --max-file-mb zero "$T/in/bundle.json"
finish
