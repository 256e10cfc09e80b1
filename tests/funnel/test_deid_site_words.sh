# test_deid_site_words.sh — a site's words file ($WARD_DEID_WORDS, the
# format of data/deid_words.tsv) adds its words to the word table the
# build made (src/funnel/deid_words.c loads it at run time into the built
# tables): two words no list knows, given there as a first name and a
# surname, are a name after "with"; without the file they are not.
. "$WARD_TESTS/lib.sh"
printf 'zorblax\tF\nquuxley\tL\n' > "$T/site_words.tsv"
printf 'The patient was seen today with Zorblax Quuxley, her brother, who drove her in.\n' > "$T/note.txt"
expect_status 0 "deid without the site's words" env WARD_DEID_TAGGER=0 "$WARD" deid "$T/note.txt"
check "unknown words stay" grep -q "with Zorblax Quuxley, her brother" "$T/out"
expect_status 0 "deid with the site's words" env WARD_DEID_TAGGER=0 WARD_DEID_WORDS="$T/site_words.tsv" "$WARD" deid "$T/note.txt"
check "the site's name words are a name" grep -q "with \[NAME\], her brother" "$T/out"
finish
