/* test_deid_linear.c — de-identification costs time in proportion to its
 * input, whatever the input (issue 15: hostile input never stalls Ward).
 *
 * Rules that look back or ahead for a cue ("Dr.", "at", item letters, a
 * place's head word) can turn quadratic on text made of nothing but cues:
 * a 170 KB note of "A.\nB.  Dr. Xxxxx. at Yyyyy." once took 20 s (the
 * items and capitals patterns fail this test on f3f9789^: x11 and x15). Each
 * crafted pattern here is de-identified at two sizes, four times apart; the
 * larger must cost well under sixteen times the CPU time of the smaller (a
 * linear pass costs about four). A ratio, not a time, so the test holds on a
 * loaded machine and under sanitizers. The built-in tagger is on, so its
 * features are timed with the rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ward/funnel.h"
#include "test_util.h"

/* Pseudo-words of consonants: never in a word list, always shaped like a
 * name. A fixed seed: the same text every run. */
static unsigned seed;
static void word(ward_buf *b, int capital)
{
    static const char c[] = "bcdfghjklmnprstvz";
    for (int i = 0; i < 5; i++) {
        seed = seed * 1103515245u + 12345u;
        char ch = c[(seed >> 16) % (sizeof c - 1)];
        ward_buf_printf(b, "%c", i == 0 && capital ? ch - 32 : ch);
    }
}

/* Appends one unit of a pattern; each unit is a few dozen bytes. */
typedef void (*pattern_fn)(ward_buf *b, int i);

/* Item letters and cue words: the 20-second note. */
static void items(ward_buf *b, int i)
{
    static const char *cue[] = {"Dr. ", "Mr. ", "at ", "with "};
    ward_buf_puts(b, "A.\nB.  ");
    for (int k = 0; k < 4; k++) {
        ward_buf_puts(b, cue[(i + k) % 4]);
        word(b, 1);
        ward_buf_puts(b, ". ");
    }
    ward_buf_puts(b, "\n");
}

/* One endless line of capitalised words joined by "of", "and", "St.":
 * a facility's name that never reaches its head word. */
static void name_run(ward_buf *b, int i)
{
    static const char *glue[] = {" of ", " and ", " St. ", " ", " the ", "'s "};
    word(b, 1);
    ward_buf_puts(b, glue[i % 6]);
    word(b, 1);
    ward_buf_puts(b, " ");
}

/* Numbers, slashes and dashes on one line: dates, phones and IDs that
 * never complete. */
static void digits(ward_buf *b, int i)
{
    ward_buf_printf(b, "%d/%d %d-%d-%d (%d) #%d ", i % 13, i % 31, i % 1000, i % 100, i % 10000,
                    i % 999, i);
}

/* ALL CAPS "LAST, FIRST M" lines with en and em dashes between them. */
static void caps(ward_buf *b, int i)
{
    static const char *sep[] = {" \xe2\x80\x93 ", " \xe2\x80\x94 ", ", ", " - "};
    for (int k = 0; k < 3; k++) {
        word(b, 1);
        ward_buf_puts(b, sep[(i + k) % 4]);
    }
    ward_buf_puts(b, (i % 8) ? "" : "\n");
}

/* One place of care named again and again: each naming is also the
 * first two words of the others (F x F candidates once: 128 KB, 8 s). */
static void same_place(ward_buf *b, int i)
{
    (void)i;
    ward_buf_puts(b, "Seen at Cedar Grove Memorial Hospital today for follow up.\n");
}

/* One endless line of lower-case words joined by '_' and ',': a user id
 * tried from every word of its chain, a CSV header walked back from
 * every field (both once cost the line's length squared). */
static void underscores(ward_buf *b, int i)
{
    word(b, 0);
    ward_buf_puts(b, i % 4 ? "_" : ",");
}

/* Capitalized words joined by hyphens, long chains before an operation, a
 * drug's list and dose, and a laboratory table's row (deid_terms.c walks
 * a chain from each of its words; deid_keep.c a row from each span). */
static void chains(ward_buf *b, int i)
{
    word(b, 1);
    ward_buf_puts(b, i % 64 ? "-" : " bunionectomy and tramadol, \"Xyzol\" (Abcd) 100mg\nBLOOD - COCAINE-ETS - INC\n");
}

/* Medication lists under their heading, drugs by their context, the same
 * word again and again beside new ones ("MEDICATIONS: Xxxxx, Zorvaxin 20
 * mg bid, Restart Yyyyy IV"): deid_terms.c marks the sections in one pass
 * and reads a bounded window around each word it asks about. */
static void med_lists(ward_buf *b, int i)
{
    static const char *w[] = {"MEDICATIONS: ", ", Zorvaxin 20 mg bid, Restart ", " IV, increased her ", " and ",
                              "\n1. Zorvaxin.\n2. "};
    ward_buf_puts(b, w[i % 5]);
    word(b, 1);
    ward_buf_puts(b, i % 16 ? " " : ".\n");
}

/* Names in a name's position, then again before an operation, many
 * different ones ("Mr. Xxxxx ... Xxxxx colectomy"): deid_terms.c marks the
 * words in a name's position once per note through a hash table. */
static void named_operations(ward_buf *b, int i)
{
    unsigned keep = seed;
    ward_buf_puts(b, "Mr. ");
    word(b, 1);
    seed = keep;
    ward_buf_puts(b, " seen. ");
    word(b, 1);
    ward_buf_puts(b, i % 2 ? " colectomy; " : " subtalar arthrodesis.\n");
}

/* Hospitals called by one word, their services, communities named by a
 * landscape's word, names and their kinds of care, on long lines: "from
 * Mission ED to Presby Xxxxx at the VA Xxxxx ... The Valley of Xxxxx Oral
 * Surgery & Spine Xxxxx". */
static void standing(ward_buf *b, int i)
{
    static const char *w[] = {"from Mission ED to Presby ", "at the VA ", "Children's eye clinic ", "The Valley of ",
                              "Oral Surgery & Spine "};
    ward_buf_puts(b, w[i % 5]);
    word(b, 1);
    ward_buf_puts(b, i % 16 ? " " : "\n");
}

/* HL7 segments whose codes have a digit, their first word after long
 * runs of separators: "PV1|||...^^^|I|Xxxxx 4^412^A|||Yyyyy 3^^^Zzzzz|". */
static void hl7(ward_buf *b, int i)
{
    ward_buf_puts(b, "PV1");
    for (int k = 0; k < 1 + i % 40; k++) ward_buf_puts(b, k % 3 ? "|" : "^");
    ward_buf_puts(b, "I|");
    word(b, 1);
    ward_buf_puts(b, " 4^412^A|||");
    word(b, 1);
    ward_buf_puts(b, " 3^^^");
    word(b, 1);
    ward_buf_puts(b, "|\n");
}

/* Everyday-word names met again, credentials, scores, booked visits and
 * staff roles before many different names ("rep Hope for the Xxxxx",
 * "nurse Faith Xxxxx", "Pt King Xxxxx") on one long line without a
 * clause's punctuation (the look back for a score's word, an everyday word
 * met again where a sentence opens; the roles cost x6.7 here in
 * deid_terms.c's doc_term, now x3.9). */
static void names_and_scores(ward_buf *b, int i)
{
    static const char *w[] = {"Young adult ", "pain on admission 10/10 ", "RTC 1/5 ", "PharmD CPhT ", "Dr. Young saw ",
                              "rep Hope for the ", "nurse Faith ", "Pt King "};
    ward_buf_puts(b, w[i % 8]);
    word(b, 1);
    ward_buf_puts(b, i % 64 ? " " : ".\n");
}

/* Thousands of different surnames, each met once alone and then after a
 * title ("Xxxxx agreed. Dr. Xxxxx said so."), between plain words: each
 * is a name found, redacted wherever it stands, and deid_terms.c's
 * doc_term asks of it whether the note uses it clinically elsewhere. That
 * read the whole note per word (x9.3-9.9 for x4 here, a budget of 40 M
 * compares its only bound); now each word's own uses. */
static void names_again(ward_buf *b, int i)
{
    unsigned keep = seed;
    word(b, 1);
    seed = keep;
    ward_buf_puts(b, " agreed. Dr. ");
    word(b, 1);
    ward_buf_puts(b, " said so. ");
    for (int k = 0; k < 12; k++) ward_buf_puts(b, "sharp pains, ");
    if (i % 8 == 7) ward_buf_puts(b, "\n");
}

/* Towns named by their kind of place, many on one long line after
 * places of care and in lists: "from Xxxxx Falls, Mercy Hospital, Silver
 * Yyyyy Springs (Zzzzz County) and harlan county ...". */
static void headed_towns(ward_buf *b, int i)
{
    static const char *w[] = {"from ", "Mercy Hospital, Silver ", "in Twin ", "(", "in perry county and "};
    static const char *kind[] = {" Falls, ", " Springs ", " Heights ", " County) ", " "};
    ward_buf_puts(b, w[i % 5]);
    word(b, 1);
    ward_buf_puts(b, kind[i % 5]);
    if (i % 32 == 31) ward_buf_puts(b, ".\n");
}

/* Services and places joined by "at" on long lines, many of them found
 * places ("Xxxxx Wound Care Center at Yyyyy Hospital at Zzzzz Care at
 * Home"): each place looks back over the service before its "at". */
static void services_at(ward_buf *b, int i)
{
    static const char *w[] = {" Wound Care Center at ", " Hospital at ", " Genetics Program at ", " Care at Home at "};
    word(b, 1);
    ward_buf_puts(b, w[i % 4]);
    ward_buf_puts(b, i % 32 ? "" : "\n");
}

/* Clinicians' names, credentials and places in a signature's shape on
 * long lines ("Xxxxx Yyyyy, MD, Zzzzz Valley Clinic, Dr. Xxxxx, ..."):
 * each comma looks back for a credential or a title. */
static void signatures(ward_buf *b, int i)
{
    static const char *w[] = {", MD, ", " Valley Clinic, Dr. ", ", neurosurgery, ", " Ridge Care Alliance, RN, "};
    word(b, 1);
    ward_buf_puts(b, w[i % 4]);
    ward_buf_puts(b, i % 32 ? "" : "\n");
}

/* Chat turns with and without time stamps, '<' names and "]word:" on long
 * lines (deid_codes.c: each speaker looks at the line before and after),
 * and postal codes after towns on a street's line ("Main Road Xxxxx 7925,"). */
static void chat_codes(ward_buf *b, int i)
{
    static const char *w[] = {"[09:03] ", "<", "]", "cm_", "plan: ", "Main Road "};
    ward_buf_puts(b, w[i % 6]);
    word(b, i % 6 == 5);
    ward_buf_puts(b, i % 6 == 5 ? " 7925, 12\n1015 " : i % 3 ? ": ok ] " : "> yes < ");
    ward_buf_puts(b, i % 16 ? " " : "\n");
}

/* National phones with their trunk prefix, "(0)" after a country code,
 * extensions after a phone in digits and words, and broken prefixes that
 * end no phone (deid_formats.c: each looks a few tokens around). */
static void national_phones(ward_buf *b, int i)
{
    static const char *w[] = {"(08) 8955 5123, ext 22 ", "+49 (0)40 555 01 ", "415-555-0129, extension two two ",
                              "(0", "(09) 555 ", "ext ext, extension "};
    ward_buf_puts(b, w[i % 6]);
    word(b, i % 2);
    ward_buf_puts(b, i % 16 ? " " : "\n");
}

/* Places whose rest follows their name (deid_places_tail): heads, "&"
 * pairs, joins across "of" and "de", wards' floors, letters, and the
 * words before "de" (walked back at each place). */
static void place_tails(ward_buf *b, int i)
{
    static const char *w[] = {" Neurology & Sleep ", " of ", " de ", " ARH, (", " 4) ", " Hospital General de ",
                              " \xe2\x86\x92 ", " 3 (ortho) ", " Mutuo, Hospital "};
    word(b, 1);
    ward_buf_puts(b, w[i % 9]);
    word(b, 1);
    ward_buf_puts(b, i % 7 == 0 ? "\n" : " ");
}

/* Streets written name first and lists of eponyms on long lines: hyphen
 * chains of capitalized words with no street's kind and no number
 * ("Xxxxx-Yyyyy-Zzzzz-..."), "ul." before names, eponyms listed after a
 * clinical label ("fracture: Colles, Barton and ..."), eponyms
 * before a town's kind ("Stevens Point, Mobile County"), streets without
 * a number ("on Old Stage Rd, Upper ..."): each rule walks
 * a bounded number of tokens from each word. */
static void world_streets(ward_buf *b, int i)
{
    static const char *w[] = {"-", " ul. ", " fractures: Colles, Barton and ", " Point, Mobile County, 12 ", "-Str. 4, 33 ",
                              " Heights Dr on Old Stage ", " Rd, Upper "};
    word(b, 1);
    ward_buf_puts(b, i % 128 == 127 ? "\nFractures: " : w[i % 7]);
}

/* Census lines of room codes and names, and codes and words in a row on
 * one long line ("- rm 301 Xxxxx: 5W-04 (Yyyyy) Zzzzz 6W-2: ..."):
 * census_name looks four tokens back and two words on from each word. */
static void census(ward_buf *b, int i)
{
    static const char *w[] = {"- rm 301 ", ": 5W-04 (", ") ", " 6W-2: ", " Bed 4 "};
    ward_buf_puts(b, w[i % 5]);
    word(b, i % 4 == 0);                       /* a name now and then: each found name costs deid_terms a look */
    if (i % 64 == 63) ward_buf_puts(b, "\n");
}

/* German streets of hyphened names ("Prof.-Xxxxx-Yyyyy-Str. 1"), rural
 * routes and boxes before a town ("Star Route 2 Box 4, Xxxxx MT", "RR 2,
 * Yyyyy"), roads and their mileposts ("I-84 MP 198", "US 93 near MP 42 on
 * Hwy 2"), postcodes ("114 55 Xxxxx", "D02 X285") on long lines:
 * deid_address.c walks a bounded number of tokens from each word. (A
 * chain of hyphened names without end is the names rules' case.) */
static void rural_routes(ward_buf *b, int i)
{
    static const char *w[] = {"Prof.-", "-", "-Str. 1, ", "Star Route 2 Box 4, ", " MT, RR 2, ", " near I-84 MP 198 ",
                              "at US 93 near MP 42 on Hwy 2, Box 118, ", " MT 59087, 114 55 ", " D02 X285, at mile marker "};
    ward_buf_puts(b, w[i % 9]);
    word(b, 1);
    ward_buf_puts(b, i % 64 == 63 ? "\n" : "");
}

/* Public bodies, drugs before their doses, everyday words the note also
 * writes in lower case (deid_keep.c: a set of lower-case words made once a
 * note), listed drugs alone, each asking whether the word names someone
 * elsewhere (a set of the words in a name's position, made once a note),
 * trials after "per" (a look back of a few words), between names. */
static void everyday(ward_buf *b, int i)
{
    static const char *w[] = {" Child Protective Services ", " Ligature A, a ligature ", " Additionally, ",
                              " on Mounjaro 5. ", " AA meetings ", " Alcoholics Anonymous of ",
                              " benefit from Botox. Dr. ", " changes in Trileptal. ", " per MADIT-II and ",
                              " per GOLD 2025 / "};
    ward_buf_puts(b, w[i % 10]);
    word(b, i % 3 == 0);
    ward_buf_puts(b, " ");
    word(b, 0);
    if (i % 64 == 63) ward_buf_puts(b, "\n");
}

/* Places named in lower case on one long line without a pause: brands and
 * their sites, names and a landscape's word, heads in lower case ("at
 * kaiser xxxxx to shady xxxxx oaks from xxxxx manor via xxxxx snf"); and
 * lists of places ("Brookdale, The Xxxxx (full), Xxxxx or Xxxxx"), names
 * "of" a town ("Xxxxx HOME OF Xxxxx", "Our Lady of the Xxxxx"), sites
 * after a dash ("Xxxxx Clinic - Xxxxx"). */
static void lower_places(ward_buf *b, int i)
{
    static const char *w[] = {"at kaiser ", "to shady ", " oaks from ", " manor via ", " snf to geisinger ", "or Brookdale, The ",
                              " (full), ", " or ", " instead of ", " HOME OF ", " Shoppe of ", " Our Lady of the ", " Clinic - "};
    ward_buf_puts(b, w[i % 13]);
    word(b, i % 13 >= 5);
    if (i % 64 == 63) ward_buf_puts(b, "\n");
}

/* One listed eponym coordinated again and again on one line ("Bennett
 * and Bennett and ..."), and given names joined by hyphens without end
 * ("Ernst-Nathan-Ernst-..."): name_run once walked the chain to its end
 * from each of its words (a name span per word, each as long as the
 * chain: x10.5 here), and deid_terms.c's doc_term read the note once per
 * token of a kept span, not once per word (its budget capped it before
 * 40 KB, so the ratio held, but 40 KB of "Bennett and" cost 3 s). */
static void eponym_and(ward_buf *b, int i)
{
    (void)i;
    ward_buf_puts(b, "Bennett and ");
}

static void hyphen_names(ward_buf *b, int i)
{
    (void)i;
    ward_buf_puts(b, "Ernst-Nathan-");
}

/* Schools named by their kind on one long line without a pause: names
 * before "University" or "College" walked back, "of" and a site after,
 * "A&M", a school's level after "attends" ("Xxxxx State University of
 * Xxxxx at Xxxxx College of Xxxxx A&M attends Xxxxx Senior High"). */
static void schools(ward_buf *b, int i)
{
    static const char *w[] = {" State University of ", " at ", " College of ", " A&M University ", " attends ",
                              " Senior High ", " Community College of Denver "};
    word(b, 1);
    ward_buf_puts(b, w[i % 7]);
    if (i % 64 == 63) ward_buf_puts(b, "\n");
}

/* Parts of places and headers on long lines: names before "Wing", "hall",
 * "Tower" and a floor ("Xxxxx Wing Xxxxx hall Xxxxx Tower 6"), and dashes
 * after capitals without end ("ED NOTE — Xxxxx — NOTE — Xxxxx, Xxxxx"):
 * header_opens reads eight tokens back at most. */
static void parts_and_headers(ward_buf *b, int i)
{
    static const char *w[] = {" Wing ", " hall ", " Tower 6 ", " unit, ", "ED NOTE \xe2\x80\x94 ", " \xe2\x80\x94 NOTE - ",
                              ", "};
    word(b, 1);
    ward_buf_puts(b, w[i % 7]);
    if (i % 128 == 127) ward_buf_puts(b, "\n");
}

/* Names before services in lower case on long lines ("Xxxxx Yyyyy
 * diabetes clinic Xxxxx inpatient psychiatry Xxxxx lab Xxxxx OR 4"):
 * named_service looks two words ahead and three back from each word. */
static void named_services(ward_buf *b, int i)
{
    static const char *w[] = {" diabetes clinic ", " inpatient psychiatry ", " lab, ", " OR 4 ", " ", " women's clinic "};
    word(b, 1);
    ward_buf_puts(b, w[i % 6]);
    if (i % 128 == 127) ward_buf_puts(b, "\n");
}

/* One endless line of an autoantibody panel ("RNP, Smith, Ro, La,
 * anti-Smith", "Jo-1"), sized implants ("size 5 Xxxxx"), makers ("plates
 * from Xxxxx") and capitalized articles before a surname ("The Xxxxx were
 * removed ... using two Xxxxx"): deid_terms.c looks six words either way
 * of each antigen, four of each article for a verb of handling, and
 * doc_term reads the note once per word. */
static void panels(ward_buf *b, int i)
{
    static const char *w[] = {" RNP, Smith, ", " Ro, La, ", " anti-Smith and ", " a size 5 ", " The ", " two ",
                              " Jo-1 and Smith, ", " plates from ", " removed using two "};
    ward_buf_puts(b, w[i % 9]);
    word(b, 1);
    if (i % 128 == 127) ward_buf_puts(b, "\n");
}

/* Lines opening with names and a bare age, numbered or not ("2) Xxxxx
 * Yyyyy, 66,"), and titles before hyphen chains of eponyms ("Dr.
 * Smith-Jones-Xxxxx-..."): name_age_line and after_title look a bounded
 * number of tokens from each word. */
static void age_lines(ward_buf *b, int i)
{
    static const char *w[] = {"2) Will ", "Summer Hill, 18 mo, ", "Dr. Miller-Fisher-", "Jones-Smith-", "Hope Gray, 4 y. "};
    ward_buf_puts(b, w[i % 5]);
    word(b, 1);
    ward_buf_puts(b, i % 5 == 0 ? ", 66,\n" : i % 8 ? " " : "\n");
}

/* Names in the lower case of chat on long lines, everyday words as names
 * between pseudo-words ("pt price needs", "hi maria, this is hope baker
 * from", "daughter joy is", "Grace said", "told Will to"), and particles
 * ("de los", "al-", "ap", "J.-P.", "Văn An"), lists of copies ("Cc: Will
 * Grace; Young, T."): each rule looks a few
 * tokens from its cue, a name's run walks its particles once. */
static void chat_names(ward_buf *b, int i)
{
    static const char *w[] = {"pt price needs ", "hi maria, this is hope baker from ", "daughter joy is ",
                              ". Grace said ", "told Will to ", "pt baker for ", " de los ", " al-", " ap ",
                              " J.-P. ", " Nguyễn Văn An de ", "\nCc: Will Grace; Young, T.; "};
    ward_buf_puts(b, w[i % 12]);
    word(b, i % 2);
    ward_buf_puts(b, i % 32 == 31 ? "\n" : " ");
}

/* Law sections after "under" with laws' words on long lines, towns in
 * lower case after cues of travel, streets written street-last and the
 * parts of houses after them: each rule looks a bounded number of tokens
 * from its first test. */
static void address_forms(ward_buf *b, int i)
{
    static const char *w[] = {" under 296-20-240 and ", " per WAC 296-20-", " lives in ", " drove from ", " 7, 80331 ",
                              ", 5F, ", ", 3rd fl rear, ", " 2207 ", " ave, memphis ", " rd now in ", " Cottage 4 "};
    ward_buf_puts(b, w[i % 11]);
    word(b, i % 3 == 0);
    ward_buf_puts(b, i % 32 == 31 ? "\n" : " ");
}

/* Eponyms where a person's name stands: HL7 components of endless hyphen
 * chains of eponyms ("|SMITH-JONES-...^"), a cued given name before a
 * listed term ("Patient: Ann Rutherford category"), lines of eponyms, a
 * value and a test's noun ("Lee White White, 12, clotting time"), and
 * sign-offs after closings ("Best, Xxxxx", "Cheers xxxxx"): each looks a
 * few tokens, a chain's halves a bounded number. */
static void eponym_people(ward_buf *b, int i)
{
    static const char *w[] = {"TXA|1|CN|", "|SMITH-JONES-", "-Parkinson^", "\nPatient: Ann Rutherford category ",
                              "\nLee White White White, 12, clotting time ", "\nBest, ", " cheers ", " - "};
    ward_buf_puts(b, w[i % 8]);
    word(b, i % 3 != 0);
    ward_buf_puts(b, i % 16 == 15 ? "\n" : (i % 8 == 1 ? "-Lee" : " "));
}

static void build(ward_buf *b, pattern_fn f, size_t bytes)
{
    seed = 7;
    ward_buf_init(b);
    for (int i = 0; b->len < bytes; i++) f(b, i);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Best of five: the cost of de-identifying text, with little of the
 * machine's noise. */
static double deid_cost(const ward_buf *b)
{
    double best = 1e9;
    ward_deid_params p = ward_deid_default_params();
    for (int r = 0; r < 5; r++) {
        ward_deid_result out;
        ward_err err = {0};
        double t0 = cpu_seconds();
        if (ward_funnel_deid(b->data, b->len, &p, &out, &err)) fail_msg("deid: %s", err.msg);
        double t = cpu_seconds() - t0;
        ward_deid_result_free(&out);
        if (t < best) best = t;
    }
    return best;
}

static void check_linear(const char *name, pattern_fn f)
{
    const size_t small = 40000, large = 4 * small;
    ward_buf a, b;
    build(&a, f, small);
    build(&b, f, large);
    deid_cost(&a); /* word lists and the model load once */
    /* Up to three tries, the best ratio judged: a 10 ms run of the small
     * text on a machine shared by parallel tests can come out fast or slow
     * by itself (x8.1 once for a pattern that costs x4.3), while a
     * quadratic pattern costs x16 on every try. */
    double ratio = 1e9;
    for (int try = 0; try < 3 && ratio > 8.0; try++) {
        double ta = deid_cost(&a), tb = deid_cost(&b);
        double r = tb / (ta > 1e-4 ? ta : 1e-4);
        print_message("%s: %.1f ms for %zu bytes, %.1f ms for %zu (x%.1f)\n", name, ta * 1e3, a.len,
                      tb * 1e3, b.len, r);
        if (r < ratio) ratio = r;
    }
    ward_buf_free(&a);
    ward_buf_free(&b);
    if (ratio > 8.0) fail_msg("%s: 4x the text cost %.1fx the time", name, ratio);
}

static void test_items(void **state) { (void)state; check_linear("item letters and cues", items); }
static void test_name_run(void **state) { (void)state; check_linear("endless facility name", name_run); }
static void test_digits(void **state) { (void)state; check_linear("broken numbers", digits); }
static void test_caps(void **state) { (void)state; check_linear("capitals and dashes", caps); }
static void test_same_place(void **state) { (void)state; check_linear("one place named again", same_place); }
static void test_underscores(void **state) { (void)state; check_linear("underscore chains", underscores); }
static void test_chains(void **state) { (void)state; check_linear("hyphen chains, drugs and lab rows", chains); }
static void test_named_operations(void **state) { (void)state; check_linear("names again before operations", named_operations); }
static void test_hl7(void **state) { (void)state; check_linear("HL7 segments with a digit", hl7); }
static void test_standing(void **state) { (void)state; check_linear("hospitals by one word, kinds of care", standing); }
static void test_services_at(void **state) { (void)state; check_linear("services and places joined by at", services_at); }
static void test_signatures(void **state) { (void)state; check_linear("clinicians and their places", signatures); }
static void test_names_and_scores(void **state) { (void)state; check_linear("everyday names again, scores, booked visits", names_and_scores); }
static void test_names_again(void **state) { (void)state; check_linear("surnames alone, then after a title", names_again); }
static void test_headed_towns(void **state) { (void)state; check_linear("towns named by their kind, in lists", headed_towns); }
static void test_chat_codes(void **state) { (void)state; check_linear("chat turns and codes", chat_codes); }
static void test_national_phones(void **state) { (void)state; check_linear("national phones and extensions", national_phones); }
static void test_med_lists(void **state) { (void)state; check_linear("medication lists and drugs by context", med_lists); }
static void test_place_tails(void **state) { (void)state; check_linear("the rest of places after their names", place_tails); }
static void test_world_streets(void **state) { (void)state; check_linear("streets name first, eponym lists", world_streets); }
static void test_census(void **state) { (void)state; check_linear("census lines of room codes and names", census); }
static void test_rural_routes(void **state) { (void)state; check_linear("hyphened streets, rural routes, mileposts", rural_routes); }
static void test_everyday(void **state) { (void)state; check_linear("public bodies, doses, everyday words", everyday); }
static void test_lower_places(void **state) { (void)state; check_linear("places named in lower case", lower_places); }
static void test_eponym_and(void **state) { (void)state; check_linear("one eponym coordinated again and again", eponym_and); }
static void test_hyphen_names(void **state) { (void)state; check_linear("given names in an endless hyphen chain", hyphen_names); }
static void test_chat_names(void **state) { (void)state; check_linear("names in chat's lower case, everyday given names", chat_names); }
static void test_schools(void **state) { (void)state; check_linear("schools named by their kind", schools); }
static void test_parts_and_headers(void **state) { (void)state; check_linear("parts of places, headers' places", parts_and_headers); }
static void test_address_forms(void **state) { (void)state; check_linear("law sections, lower towns, street-last addresses", address_forms); }
static void test_named_services(void **state) { (void)state; check_linear("names before services in lower case", named_services); }
static void test_age_lines(void **state) { (void)state; check_linear("names and bare ages, titles before eponym chains", age_lines); }
static void test_panels(void **state) { (void)state; check_linear("antibody panels, sized implants, capitalized articles", panels); }
static void test_eponym_people(void **state) { (void)state; check_linear("eponyms in names' fields, terms after cued names, sign-offs", eponym_people); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items),
        cmocka_unit_test(test_name_run),
        cmocka_unit_test(test_digits),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_same_place),
        cmocka_unit_test(test_underscores),
        cmocka_unit_test(test_chains),
        cmocka_unit_test(test_standing),
        cmocka_unit_test(test_hl7),
        cmocka_unit_test(test_names_and_scores),
        cmocka_unit_test(test_names_again),
        cmocka_unit_test(test_services_at),
        cmocka_unit_test(test_signatures),
        cmocka_unit_test(test_named_operations),
        cmocka_unit_test(test_headed_towns),
        cmocka_unit_test(test_chat_codes),
        cmocka_unit_test(test_national_phones),
        cmocka_unit_test(test_med_lists),
        cmocka_unit_test(test_place_tails),
        cmocka_unit_test(test_world_streets),
        cmocka_unit_test(test_census),
        cmocka_unit_test(test_rural_routes),
        cmocka_unit_test(test_everyday),
        cmocka_unit_test(test_lower_places),
        cmocka_unit_test(test_eponym_and),
        cmocka_unit_test(test_hyphen_names),
        cmocka_unit_test(test_schools),
        cmocka_unit_test(test_parts_and_headers),
        cmocka_unit_test(test_age_lines),
        cmocka_unit_test(test_panels),
        cmocka_unit_test(test_chat_names),
        cmocka_unit_test(test_address_forms),
        cmocka_unit_test(test_named_services),
        cmocka_unit_test(test_eponym_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
