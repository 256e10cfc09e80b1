# test_hl7_input.sh — HL7 v2: ADT gives the patient (CRLF, BOM), ORU gives
# observations and report text (escapes, repetitions, CR endings), MDM gives
# a note, VXU an immunization, other types go in without error; custom
# delimiters, batches, MSH-18 8859/1, and a patient named by MRN joins the
# FHIR Patient with that MRN. Bad inputs: a missing MSH, broken delimiters,
# invalid UTF-8 without a declared character set, results without a patient,
# an empty file. Each is named and leaves the store unchanged for it.
. "$WARD_TESTS/lib.sh"
q() { sqlite3 "$WARD_DATA/ward.db" "$1"; }
mkdir -p "$T/in"

# ADT^A01 with CRLF and a BOM; PID-3 repeats, the MR one is the id.
printf '\xef\xbb\xbfMSH|^~\\&|ADT|GH|WARD|WARD|20240301120000||ADT^A01^ADT_A01|C1|P|2.5.1\r\nEVN|A01|20240301120000\r\nPID|1||SSN-1^^^SSA^SS~MRN-42^^^GH^MR||Quixote^Zebulon^Q^Jr||19500203|M|||1 Main St^^Springfield\r\nPV1|1|I|W1^101^A\r\nAL1|1|DA|70618^Penicillin^RXNORM|SV|Hives|20200101\r\nDG1|1|I10|E11.9^Type 2 diabetes mellitus without complications^I10||20190401\r\n' > "$T/in/adt.hl7"
# ORU^R01 with CR only: numbers with flags, a TX report with escapes and repetitions.
printf 'MSH|^~\\&|LAB|GH|WARD|WARD|20240610083000||ORU^R01|C2|P|2.5.1\rPID|1||MRN-42^^^GH^MR||Quixote^Zebulon^Q^Jr\rOBR|1||L1|24331-1^Lipid panel^LN|||20240610080000|||||||||^Keller^Anna^^^Dr\rOBX|1|NM|13457-7^LDL cholesterol^LN||138|mg/dL|<100|H|||F\rOBX|2|SN|2093-3^Cholesterol total^LN||<^200|mg/dL||N|||F\rOBX|3|CE|5778-6^Color of urine^LN||YEL^Yellow^L||||||F\rOBX|4|TX|48767-8^Comment^LN||Fasting sample\\.br\\LDL above goal~Pipe \\F\\ caret \\S\\ amp \\T\\ tilde \\R\\ backslash \\E\\ hex \\X41\\.||||||F\rNTE|1||Reviewed by lab director\r' > "$T/in/oru.hl7"
# MDM^T02 with LF endings: TXA names the document, OBX lines hold the text.
printf 'MSH|^~\\&|DOC|GH|WARD|WARD|20240615090000||MDM^T02|C3|P|2.5\nEVN|T02|20240615090000\nPID|1||MRN-42^^^GH^MR||Quixote^Zebulon^Q^Jr\nTXA|1|DS|TX|20240615083000|D123^Keller^Anna|||||||DOC-77||||AU\nOBX|1|TX|||DISCHARGE SUMMARY: admitted for chest pain.\nOBX|2|TX|||Troponin negative twice; discharged on aspirin 81 mg daily.\n' > "$T/in/mdm.hl7"
# VXU with RXA, and a SIU (not modelled) that must still go in.
printf 'MSH|^~\\&|IIS|GH|WARD|WARD|20240701||VXU^V04^VXU_V04|C4|P|2.5.1\rPID|1||MRN-42^^^GH^MR||Quixote^Zebulon^Q^Jr\rRXA|0|1|20240701||140^Influenza, seasonal, injectable^CVX|0.5|mL||00^New record^NIP001||||||L123|||||CP|A\r' > "$T/in/vxu.hl7"
printf 'MSH|^~\\&|SCH|GH|WARD|WARD|20240702||SIU^S12|C5|P|2.5\rSCH|1|1\rPID|1||MRN-43^^^GH^MR||Sancho^Panza||19600101|M\r' > "$T/in/siu.hl7"
# A batch of two messages with unusual delimiters (# * $ ? %).
printf 'FHS#*$?%%#SRC\nBHS#*$?%%#SRC\nMSH#*$?%%#ADT#GH#WARD#WARD#20240801##ADT*A04#C6#P#2.5\nPID#1##MRN-44*?T?*?R?*GH*MR##Rocinante*Horse?F?Grey##20100101#F\nMSH#*$?%%#ADT#GH#WARD#WARD#20240802##ADT*A08#C7#P#2.5\nPID#1##MRN-45*****MR~MRN-X##Dulcinea*Del Toboso##19700505#F\nBTS#2\nFTS#1\n' > "$T/in/batch.hl7"
# MSH-18 declares 8859/1: a Latin-1 byte is converted, not refused.
printf 'MSH|^~\\&|ADT|GH|WARD|WARD|20240901||ADT^A28|C8|P|2.5||||||8859/1\rPID|1||MRN-46^^^GH^MR||M\xfcller^J\xfcrgen||19800101|M\r' > "$T/in/latin1.hl7"
# A FHIR Patient carries MRN-50; an ORU naming MRN-50 joins that patient.
printf '{"resourceType":"Patient","id":"fhir-p50","identifier":[{"type":{"coding":[{"code":"MR"}]},"value":"MRN-50"}],"gender":"female"}\n' > "$T/in/a-patient.json"
printf 'MSH|^~\\&|LAB|GH|WARD|WARD|20240610||ORU^R01|C9|P|2.5\rPID|1||MRN-50^^^GH^MR||Roe^Jane\rOBR|1||L2|4548-4^A1c^LN\rOBX|1|NM|4548-4^Hemoglobin A1c^LN||8.1|%%|||||F|||20240302\r' > "$T/in/z-oru-mrn.hl7"

expect_status 0 "good HL7 ingests" "$WARD" ingest "$T/in"
check "nothing reported" test ! -s "$T/err"
check "ADT yields the patient by its MR id" test "$(q "SELECT name||'|'||birth_date||'|'||sex||'|'||source FROM patients WHERE id='MRN-42'")" = "Zebulon Q Quixote Jr|1950-02-03|male|hl7v2"
"$WARD" patients --json > "$T/patients"
for id in MRN-42 MRN-43 MRN-45 MRN-46 fhir-p50; do contains "$T/patients" "\"id\": \"$id\"" "patient $id listed"; done
check "custom delimiters: components split on *, ?F? decodes to #" test "$(q "SELECT name FROM patients WHERE id='MRN-44'")" = "Horse#Grey Rocinante"
check "8859/1 converted to UTF-8" test "$(q "SELECT name FROM patients WHERE id='MRN-46'")" = "Jürgen Müller"
check "ORU gives observations" test "$(q "SELECT count(*) FROM resources WHERE type='Observation' AND derived=0 AND patient_id='MRN-42'")" = 3
check "NM value, unit and flag lifted" test "$(q "SELECT value_num||'|'||unit||'|'||code||'|'||code_system FROM resources WHERE display='LDL cholesterol'")" = "138.0|mg/dL|13457-7|http://loinc.org"
records=$(q "SELECT text FROM documents WHERE kind='record'")
for want in "2024-06-10 LDL cholesterol 138 mg/dL (H)" "2024-06-10 Cholesterol total <200 mg/dL" \
            "2024-06-10 Color of urine Yellow" "2024-07-01 Immunization: Influenza, seasonal, injectable (completed)" \
            "Allergy: Penicillin (high criticality, reaction: Hives)" \
            "Condition: Type 2 diabetes mellitus without complications (onset 2019-04-01)"; do
  if printf '%s\n' "$records" | grep -qxF -- "$want"; then pass; else fail "readable record '$want' missing"; fi
done
report=$(q "SELECT text FROM documents WHERE kind='lab_report' AND patient_id='MRN-42'")
want=$(printf 'Fasting sample\nLDL above goal\nPipe | caret ^ amp & tilde ~ backslash \\ hex A.\nReviewed by lab director')
check "TX report: escapes, line breaks, repetitions and NTE decoded" test "$report" = "$want"
check "report author from the ordering provider" test "$(q "SELECT author||'|'||title||'|'||date FROM documents WHERE kind='lab_report'")" = "Dr Anna Keller|Lipid panel|2024-06-10"
check "MDM gives a discharge summary note" test "$(q "SELECT kind||'|'||date||'|'||author||'|'||source_id FROM documents WHERE patient_id='MRN-42' AND kind='discharge_summary'")" = "discharge_summary|2024-06-15|Anna Keller|DOC-77"
"$WARD" search "troponin" --patient MRN-42 > "$T/hits"
contains "$T/hits" "Troponin" "MDM text is searchable"
check "ORU by MRN joins the FHIR patient" test "$(q "SELECT count(*) FROM resources WHERE type='Observation' AND patient_id='fhir-p50'")" = 1
check "no separate patient for a known MRN" test "$(q "SELECT count(*) FROM patients WHERE id='MRN-50'")" = 0
"$WARD" stats --json > "$T/stats"
contains "$T/stats" '"Observation": 4' "stats counts HL7 observations"
contains "$T/stats" '"Immunization": 1' "stats counts HL7 immunizations"
"$WARD" ingest --json "$T/in" > "$T/again"
contains "$T/again" '"documents": 0' "re-ingest adds no documents"
check "re-ingest keeps one copy of each observation" test "$(q "SELECT count(*) FROM resources WHERE type='Observation' AND derived=0")" = 4

# ---- bad inputs ----
mkdir -p "$T/bad"
printf 'PID|1||MRN-90^^^GH^MR||Nomsh^Ned\rOBX|1|NM|1^X^LN||5\r' > "$T/bad/nomsh.hl7"
printf 'PID|1||MRN-91^^^GH^MR||Nomsh^Nina\r' > "$T/bad/nomsh-noext"
printf 'MSH|^^\\&|A|B|C|D|20240101||ADT^A01|X|P|2.5\rPID|1||MRN-92^^^GH^MR||Delim^Dora\r' > "$T/bad/delims.hl7"
printf 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01|X1|P|2.5\rPID|1||MRN-93^^^GH^MR||Bad\xffBytes^Bo\rMSH|^~\\&|A|B|C|D|20240101||ADT^A01|X2|P|2.5\rPID|1||MRN-94^^^GH^MR||Good^Gus\r' > "$T/bad/utf8.hl7"
printf 'MSH|^~\\&|A|B|C|D|20240101||ORU^R01|X3|P|2.5\rOBR|1\rOBX|1|NM|2345-7^Glucose^LN||99|mg/dL\r' > "$T/bad/nopid.hl7"
printf 'MSH|^~\\&|A|B|C|D|20240101||ADT^A04|X4|P|2.5\rPID|1||||Noid^Nelly\r' > "$T/bad/noid.hl7"
: > "$T/bad/empty.hl7"
{
  printf 'MSH|^~\\&|A|B|C|D|20240101||ORU^R01|X5|P|2.5\rPID|1||MRN-95^^^GH^MR||Huge^Hal\rOBR|1\rOBX|1|TX|1^Note^L||'
  head -c 50000000 /dev/zero | tr '\0' 'x'
  printf '\r'
} > "$T/bad/huge.hl7"
ln -s "$T/nowhere.hl7" "$T/bad/dangling.hl7"
res_before=$(q "SELECT count(*) FROM resources")
expect_status 2 "bad HL7 batch exits 2" "$WARD" ingest "$T/bad"
contains "$T/err" "nomsh.hl7: no MSH segment" "missing MSH named"
contains "$T/err" "nomsh-noext: no MSH segment" "missing MSH detected by content"
contains "$T/err" "delims.hl7: record 1: MSH-1/MSH-2 delimiters" "broken delimiters named"
contains "$T/err" "utf8.hl7: record 1: invalid UTF-8 at byte" "invalid UTF-8 named with the message"
contains "$T/err" "nopid.hl7: record 1: OBX segment without a patient" "results without a patient named"
contains "$T/err" "noid.hl7: record 1: ADT message without a patient id" "ADT without PID-3 named"
contains "$T/err" "empty.hl7: empty file" "empty file named"
contains "$T/err" "huge.hl7: record 1: message is 50.0 MB" "50 MB value refused with its size"
contains "$T/err" "dangling.hl7: cannot access" "dangling entry named"
check "the good message beside the bad one went in" test "$(q "SELECT count(*) FROM patients WHERE id='MRN-94'")" = 1
check "bad messages left no patients" test "$(q "SELECT count(*) FROM patients WHERE id IN ('MRN-90','MRN-91','MRN-92','MRN-93','MRN-95')")" = 0
check "bad messages left no resources" test "$(q "SELECT count(*) FROM resources")" = "$res_before"
if grep -q "Nomsh\|Dora\|Bytes\|Glucose\|Nelly\|Huge\|xxxxxxxx" "$T/err"; then fail "error messages quote message content"; else pass; fi
check "store sound" test "$(q "PRAGMA integrity_check")" = ok
finish
