# test_note.sh — `ward note` on whole visits (tests/fixtures/orchestrate/visits,
# written for these tests): the six sections, backchannel, small talk and
# dictation commands left out, a question fused with its answer, first and
# second person rewritten with the patient's pronoun (she, he, they) from
# the transcript, statements routed by content, the plan problem by
# problem, and every sentence citing the turns the guard found it in.
. "$WARD_TESTS/lib.sh"
V="$WARD_TESTS/fixtures/orchestrate/visits"
note() { "$WARD" note --json --transcript "$V/$1.txt" > "$T/$1.json" 2>"$T/err" || fail "note $1: $(cat "$T/err")"; }
# sec FILE TITLE: the lines of one section, one a line
sec() { jq -r --arg s "$2" '.sections[] | select(.title == $s) | .lines[].text' "$T/$1.json"; }
has() { if sec "$1" "$2" | grep -qF -- "$3"; then pass; else fail "$4: '$3' not in $2: $(sec "$1" "$2" | head -c 300)"; fi; }
lacks() { if jq -r '.text' "$T/$1.json" | grep -qiF -- "$2"; then fail "$3: '$2' in the note"; else pass; fi; }

note she; note he; note they; note nopunct; note short
for s in "CHIEF COMPLAINT" "HISTORY OF PRESENT ILLNESS" "REVIEW OF SYSTEMS" "PHYSICAL EXAMINATION" "RESULTS" "ASSESSMENT AND PLAN"; do
  check "section $s" jq -e --arg s "$s" '[.sections[].title] | index($s) != null' "$T/she.json"
done

# left out: greetings, backchannel, small talk, commands to the device
lacks she "you got it" "backchannel"; lacks she "sounds good" "backchannel"; lacks she "how are you" "greeting"
lacks she "weather" "small talk"; lacks she "dragon" "dictation command"; lacks she "show me" "dictation command"
check "no line is only an acknowledgement" test "$(jq '[.sections[].lines[].text | ascii_downcase | select(test("^(okay|ok|you got it|sounds good|thank you)[.!]?$"))] | length' "$T/she.json")" = 0

# question + answer -> statement, negation kept
has she "REVIEW OF SYSTEMS" "Denies numbness or tingling in her foot." "yes/no question fused with a negative answer"
has he "REVIEW OF SYSTEMS" "Denies fever." "'Nope' is a denial"
has he "HISTORY OF PRESENT ILLNESS" "He does not smoke." "'Do you smoke? No' becomes a negative statement"
has they "REVIEW OF SYSTEMS" "No swelling." "fused with the question's symptom (no system: absent, not denied)"
check "a fused sentence cites the question and the answer" \
  jq -e '(.sections[] | select(.title == "REVIEW OF SYSTEMS") | .lines[0].citations) as $c | [.citations[] | select(.n as $n | $c | index($n)) | .speaker] | sort == ["doctor", "patient"]' "$T/she.json"

# person: the patient's "I" and the doctor's "you" become the patient's pronoun
check "pronoun from the transcript: she" jq -e '.pronoun == "she"' "$T/she.json"
check "pronoun from the transcript: he" jq -e '.pronoun == "he"' "$T/he.json"
check "no cue: they" jq -e '.pronoun == "they"' "$T/they.json"
has she "HISTORY OF PRESENT ILLNESS" "She believes she twisted her ankle on the stairs" "I think I twisted my ankle"
has he "HISTORY OF PRESENT ILLNESS" "He has had a cough for 10 days and his chest feels tight." "I have had ... my chest feels (numbers in digits)"
has they "HISTORY OF PRESENT ILLNESS" "The patient's knees ache when they walk and they feel stiff" "no sex known: the patient, then they without agreement"
has he "PHYSICAL EXAMINATION" "His lungs have scattered wheezes" "the doctor's 'your' becomes his"
has she "ASSESSMENT AND PLAN" "I want her to use a brace" "the doctor's 'I' stays, the object 'you' becomes her"
lacks she " my " "no first person left"; lacks he " you " "no second person left"

# routing by content
has she "CHIEF COMPLAINT" "Ankle pain after a fall." "chief complaint from 'presents for'"
has she "PHYSICAL EXAMINATION" "tenderness to palpation" "exam finding"
has she "RESULTS" "x-ray of her ankle showed no fracture" "test result"
has he "ASSESSMENT AND PLAN" "acute bronchitis" "impression"
has he "PHYSICAL EXAMINATION" "95 percent" "vital sign with its number"
check "plan problem by problem" test "$(sec she "ASSESSMENT AND PLAN" | grep -nE '^(Ankle sprain\.|.*use a brace|High blood pressure\.|.*lisinopril 10 mg)' | cut -d: -f1 | tr '\n' ' ')" = "1 2 4 5 "

# a transcript written without punctuation still has questions and sentences
has nopunct "REVIEW OF SYSTEMS" "Denies numbness in their hand." "unpunctuated question fused with its answer"
has nopunct "PHYSICAL EXAMINATION" "tenderness over the right shoulder" "unpunctuated exam finding"
has nopunct "ASSESSMENT AND PLAN" "I want them to start physical therapy" "unpunctuated plan"
lacks nopunct "how are" "unpunctuated greeting"

# a short history (social.txt): "sir" gives the pronoun; a greeting's reply,
# the doctor's requests and a repeated denial are left out; a statement
# with a tag ("..., correct?") and "I see here that..." are statements; a
# bare noun asked about is the symptom; a short answer that names something
# stays; a leading "No." is not part of the sentence
note social
check "'sir': he" jq -e '.pronoun == "he"' "$T/social.json"
lacks social "so good" "the reply to 'how are you'"
lacks social "tell me" "the doctor's request"
has social "HISTORY OF PRESENT ILLNESS" "He is 62." "a statement with a tag question"
has social "HISTORY OF PRESENT ILLNESS" "He takes metformin every morning." "'I see here that you take'"
has social "HISTORY OF PRESENT ILLNESS" "Colon cancer." "a short answer naming something"
has social "HISTORY OF PRESENT ILLNESS" "He has no brothers, only a sister." "a leading 'No.' dropped"
has social "HISTORY OF PRESENT ILLNESS" "No pain in his left leg since Sunday." "a running 'no' kept: it negates"
has social "REVIEW OF SYSTEMS" "No alcohol, no drug allergies." "a bare noun asked about; 'Nope, none at all'; denials in a row in one sentence"
check "a denial said once" test "$(jq '[.sections[].lines[].text | select(test("^None"))] | length' "$T/social.json")" = 0

# clinic.txt: the chief complaint is the complaint; "any" goes from a
# confirmed statement; an answer after an opener ("Oh, no, ..."); "you to"
# is an object; the reply to "any questions?" is left out
note clinic
has clinic "CHIEF COMPLAINT" "Pain in their right hip." "the complaint, not the sentence"
has clinic "HISTORY OF PRESENT ILLNESS" "The patient is taking medications." "'Are you taking any medications?' 'Yes'"
has clinic "REVIEW OF SYSTEMS" "No history of heart disease." "'Oh, no, nothing like that'"
has clinic "ASSESSMENT AND PLAN" "I would like them to try physical therapy for 6 weeks." "'I'd like you to try'"
lacks clinic "covered everything" "the reply to 'any questions?'"
lacks clinic "questions" "the question about questions"

# a family member speaks for the patient (family.txt): their own "I" and
# the doctor's "you" said to them are theirs, not the patient's; their
# introduction is left out; a question about "she" fused with their answer
note family
check "family: pronoun from what they say of the patient" jq -e '.pronoun == "she"' "$T/family.json"
check "family: the speaker's role" jq -e '[.turns[].role] | index("family") != null' "$T/family.json"
lacks family "is her mother" "the family member's introduction"
has family "HISTORY OF PRESENT ILLNESS" "The mother gave her some Tylenol last night." "the family member's own 'I'"
has family "HISTORY OF PRESENT ILLNESS" "The mother told the nurse that her cough started" "the doctor's 'you' said to the family member"
has family "HISTORY OF PRESENT ILLNESS" "She is not taking any medication." "'Is she taking...?' + 'No.'"
has family "REVIEW OF SYSTEMS" "Denies vomiting." "a symptom denied for the patient"

# every sentence cites turns, and the guard found it there
for f in she he they nopunct social family clinic; do
  check "$f: every line cited (bar 'Not discussed.')" test "$(jq '[.sections[].lines[] | select(.text != "Not discussed." and (.citations | length) == 0)] | length' "$T/$f.json")" = 0
  check "$f: citations are turns" test "$(jq '[.citations[] | select(.turn == null)] | length' "$T/$f.json")" = 0
  check "$f: the guard supported every sentence" jq -e '.verification.dropped == 0 and .verification.supported == .verification.sentences' "$T/$f.json"
done
# a short visit with no exam or plan cue: return precautions and the
# follow-up are still the plan, not history
has short "ASSESSMENT AND PLAN" "If he develops any chest pain, call us right away." "return precautions in the plan"
has short "ASSESSMENT AND PLAN" "see him in 6 months" "the follow-up in the plan"
finish
