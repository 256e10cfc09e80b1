# test_tools_cli.sh — ward calc, ward codes (import and lookup), ward plugin.
. "$WARD_TESTS/lib.sh"
"$WARD" init >/dev/null

expect_status 0 "calc bmi" "$WARD" calc bmi weight=70kg height=175cm
contains "$T/out" "22.9 kg/m2" "BMI value"
expect_status 0 "calc json" "$WARD" calc qtc qt=400 heart_rate=75 --json
check "Bazett and Fridericia in JSON" test "$(jq -r '"\(.value) \(.Fridericia)"' "$T/out")" = "447 431"
expect_status 1 "wrong unit refused" "$WARD" calc egfr creatinine=110 age=50 sex=female
contains "$T/err" "creatinine out of range" "range error names the argument"
expect_status 1 "unknown calculator" "$WARD" calc frobnicate x=1
expect_status 0 "calc list" "$WARD" calc --list --json
check "eight calculators" test "$(jq length "$T/out")" = 8

printf 'E11.9\tType 2 diabetes mellitus without complications\nI10\tEssential (primary) hypertension\nI48.91\tUnspecified atrial fibrillation\n' > "$T/icd.tsv"
expect_status 0 "import vocabulary" "$WARD" vocab import "$T/icd.tsv" --system ICD10CM
expect_status 0 "lookup by code" "$WARD" codes i10 --json
check "code found" test "$(jq -r '.[0].description' "$T/out")" = "Essential (primary) hypertension"
expect_status 0 "lookup by words" "$WARD" codes atrial fibrillation
contains "$T/out" "I48.91" "words found"
expect_status 0 "lookup with LIKE metacharacters" "$WARD" codes "100%_"
contains "$T/out" "No matching codes" "no wildcard match"
expect_status 0 "lookup within a system" "$WARD" codes hypertension --system RXNORM
contains "$T/out" "No matching codes" "other systems not searched"

expect_status 0 "plugin info" "$WARD" plugin "$WARD_PLUGIN_IBW"
contains "$T/out" "ibw 1.0 (ABI 1)" "plugin described"
expect_status 0 "plugin run" "$WARD" plugin "$WARD_PLUGIN_IBW" height=170 sex=female
contains "$T/out" '"ibw_kg": 61.4' "plugin output"
expect_status 2 "plugin error reported" "$WARD" plugin "$WARD_PLUGIN_IBW" sex=female
contains "$T/err" "missing height" "plugin message passed on"
expect_status 2 "wrong ABI refused" "$WARD" plugin "$(dirname "$WARD_PLUGIN_IBW")/ibw_oldabi.so"
contains "$T/err" "plugin ABI version 99" "ABI mismatch named"
finish
