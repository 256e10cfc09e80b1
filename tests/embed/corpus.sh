# corpus.sh — writes a small two-patient corpus of notes into $1 (sourced by
# the embed and retrieve shell tests). p-1 says "MI", p-2 says "myocardial
# infarction"; both have diabetes, asthma and fracture notes; dates run
# through 2024 and kinds alternate progress_note / discharge_summary.
write_corpus() {
  local out=$1 n=0 pid topic s
  mkdir -p "$out"
  for pid in p-1 p-2; do
    for topic in \
      "History of MI treated with aspirin and statin, followed by cardiology." \
      "Prior MI with elevated troponin, cardiac catheterization and stent." \
      "History of myocardial infarction treated with aspirin and statin." \
      "Prior myocardial infarction with elevated troponin and a stent." \
      "Type 2 diabetes on metformin; A1c 8.1; glucose elevated." \
      "Diabetes follow up: metformin increased, A1c improved." \
      "Asthma exacerbation with wheezing; albuterol inhaler as needed." \
      "Asthma controlled on albuterol and an inhaled steroid." \
      "Wrist fracture after a fall; cast applied by orthopedics." \
      "Fracture of the radius; cast for six weeks."; do
      n=$((n + 1))
      s=$topic
      [ "$pid" = p-2 ] && s=${s//MI/myocardial infarction}
      kind=progress_note; [ $((n % 2)) = 0 ] && kind=discharge_summary
      printf -- '---\npatient: %s\ndate: 2024-%02d-15\nkind: %s\ntitle: Note %d\n---\n%s\n' \
        "$pid" $(( (n % 12) + 1 )) "$kind" "$n" "$s" > "$out/$pid-$n.txt"
    done
  done
  printf 'Aspirin after myocardial infarction reduces recurrent events.\n' > "$out/guideline-mi.md"
  printf 'Metformin is first-line therapy for type 2 diabetes.\n' > "$out/guideline-dm.md"
}
