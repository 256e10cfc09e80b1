# test_hybrid.sh — every search mode applies the same filters before
# ranking: a patient's search never returns another patient's chunks, kind
# and date bounds hold, '' means literature only; JSON hits name the mode.
. "$WARD_TESTS/lib.sh"
. "$WARD_TESTS/embed/corpus.sh"

write_corpus "$T/in"
expect_status 0 "ingest" "$WARD" ingest -q "$T/in"
expect_status 0 "index" "$WARD" index -q
for mode in bm25 vector hybrid; do
  for query in "MI aspirin" "myocardial infarction" "metformin A1c" "cast fracture orthopedics"; do
    for pid in p-1 p-2; do
      expect_status 0 "$mode '$query' for $pid" "$WARD" search "$query" --patient $pid --mode $mode -k 50 --json
      other=p-1; [ $pid = p-1 ] && other=p-2
      if grep -q "\"patient_id\": \"$other\"\|\"patient_id\": null" "$T/out"; then
        fail "$mode search for $pid returned another chart's chunk"
      else pass; fi
      contains "$T/out" "\"mode\": \"$mode\"" "$mode named in JSON"
    done
  done
  expect_status 0 "$mode kind filter" "$WARD" search "aspirin metformin albuterol" --kind discharge_summary --mode $mode -k 50 --json
  if grep -q '"kind": "progress_note"\|"kind": "article"' "$T/out"; then fail "$mode kind filter leaked"; else pass; fi
  expect_status 0 "$mode date filter" "$WARD" search "aspirin metformin albuterol cast" --since 2024-03-01 --until 2024-04-30 --mode $mode -k 50 --json
  bad=$(grep -o '"date": "[^"]*"' "$T/out" | grep -v '"2024-0[34]-' | head -1)
  check "$mode dates within bounds ($bad)" test -z "$bad"
  check "$mode date filter finds something" grep -q '"date": "2024-0[34]-' "$T/out"
  expect_status 0 "$mode literature only" "$WARD" search "aspirin myocardial infarction" --patient '' --mode $mode -k 50 --json
  if grep -q '"patient_id": "p-' "$T/out"; then fail "$mode literature search returned a chart"; else pass; fi
  contains "$T/out" '"kind": "article"' "$mode literature found"
done
# Records that differ only in date and value tie in both rankings: hybrid
# puts the newest first (chart questions ask for the latest far more often).
for d in 2021-04-01 2023-09-12 2022-01-20; do
  sqlite3 "$WARD_DATA/ward.db" "INSERT INTO documents(patient_id,kind,title,date,source_id,text,hash)
    VALUES('p-1','record','Hemoglobin A1c','$d','Observation/a1c-$d','$d Hemoglobin A1c 7.5 %','h$d');
    INSERT INTO chunks(document_id,seq,start,end,text,patient_id,kind,date)
    SELECT id,0,0,length(text),text,patient_id,kind,date FROM documents WHERE hash='h$d';"
done
expect_status 0 "index the records" "$WARD" index -q
expect_status 0 "latest A1c" "$WARD" search "latest hemoglobin A1c" --patient p-1 --mode hybrid -k 3 --json
check "newest record first among ties" test "$(grep -o '"date": "[^"]*"' "$T/out" | head -1)" = '"date": "2023-09-12"'
expect_status 0 "text output names the mode" "$WARD" search aspirin --mode hybrid
contains "$T/out" "(hybrid search)" "mode line"
expect_status 1 "bad mode" "$WARD" search aspirin --mode fuzzy
finish
