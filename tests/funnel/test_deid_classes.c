/* test_deid_classes.c — each class of de-identification error of issue 12
 * has its own examples (tests/fixtures/funnel/deid_classes/NAME.txt, written
 * for these tests, not taken from the evaluation notes) and must be fully
 * right on them: every identifier token found, nothing else redacted, no
 * clinical text ([[...]]) touched.
 *
 * Classes: everyday-word names in name positions, LAST, FIRST lines in
 * capitals, an initial and a surname, names outside ASCII, facilities
 * ending in Unit/Center/Clinic/Hospital, dates without a year; places
 * (streets without a number, cities where someone lives, hospitals by a
 * short name), names as messages write them; names after the labels of
 * forms and care teams, ages over 89 said in words of everyday speech,
 * masked and report numbers, notes opening with the patient's name; names
 * of many origins from the lists alone, Korean and Chinese given names of
 * two syllables, relatives named in lower case, speakers of a message log,
 * surnames of everyday words after a relative's name, places of care named
 * without their head
 * noun; names on census and handoff lines, letterheads and other places of
 * care (county agencies, "at" after a specialty or a date), dates whose
 * shape no score has, names of origins the lists lacked, addresses after
 * their cue in other shapes and record numbers under more labels
 * (plates, licences after their state, accounts, claims in spaced groups);
 * places of care named by their brand alone and dates in the shapes of
 * everyday writing (ranges of days, days spelled out, months in lower
 * case); eponyms before a score or joined by a hyphen beside people of
 * the same names; codes of capitals and dashed digit groups without a
 * cue; patients' lines with an age and a sex, people after their role;
 * identifiers of a checked format (IPv6, MBI, UDI, ISBT 128, postal codes,
 * phones after '+'), ages over 89 right after a name, ZIP codes after a
 * town; dates of dictation and of other languages, numbers said digit by
 * digit or masked, licences in spaced groups; and
 * the clinical terms that look like names or places (eponyms, signs,
 * scores, "Cincinnati stroke scale"); names the lists lacked (US surnames,
 * Hmong, Samoan, Tongan, Lakota, Navajo, Chinese, Somali and more); places
 * of care without a head noun ("Valley Baptist", "St. Francis North",
 * "Woodlands of Columbus", "at Rolling Hills"); names in the fields of HL7 v2
 * segments; the other half of "LAST, FIRST M" once one half is found,
 * and surnames that are eponyms or street words ending a name; wards named
 * after people ("to Baker 6"), a hospital's letters where a place stands
 * ("from DCMH"), a site after a dash, names in capitals where a place
 * stands; message stamps, two-digit years, pagers, extensions and digits
 * said one by one after an ID's cue; a typist's initials and names spelled
 * out letter by letter; names in dictation's lower case; user names after
 * their cue and ordinal days after a word of when; record numbers in
 * spaced groups of digits; lines opening with a name and an age alone
 * ("Summer Hill, 18 mo") and hyphenated surnames after a title whose
 * halves are eponyms ("Dr. Miller-Fisher"); everyday-word given names
 * alone where only a person stands ("Grace said she would", "told Will
 * to") and names in the lower case of chat ("hi maria,", "pt price
 * needs"), particles and compound surnames ("van der Berg", "ap Rhys",
 * "al-Amin", "J.-P. Moreau", "Nguyễn Văn An"), surnames with an initial
 * and function-word given names in lists of copies and attendees ("Cc:
 * Will Grace; Young, T."); surnames opening a listed term after a cued
 * given name ("Patient: Ann Rutherford category 2"); names after a
 * closing or a greeting ("Best, Bex", "Cheers Ola"), nicknames, and lists
 * of people after a plural role ("nurses Tash and Bex"); a vital sign's
 * fraction before a capitalised word ("BP 130/85 Called Dr Smith"), ranges
 * of days in every dash, and a record's date fields in their many
 * spellings ("D.O.A.", "Date of admission:"); a place of care
 * called again by its own word ("Brookhaven staff"), letterheads in
 * capitals named by the place they serve ("CARDIOLOGY CLINIC OF GREAT
 * FALLS"), vaccines named by their maker ("Johnson & Johnson
 * vaccine"), a system and its hospital across a spaced dash,
 * headings in capitals ending in a place's cue word before a line, and
 * towns named by their kind in capitals before a state ("GREAT FALLS,
 * MONTANA"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deid_cases_check.h"

static void check_class(const char *name, long min_cases) { deid_cases_check("deid_classes", name, min_cases); }

static void test_common_word_names(void **state) { (void)state; check_class("common_word_names", 20); }
static void test_caps_last_first(void **state) { (void)state; check_class("caps_last_first", 8); }
static void test_initial_surname(void **state) { (void)state; check_class("initial_surname", 8); }
static void test_non_ascii_names(void **state) { (void)state; check_class("non_ascii_names", 12); }
static void test_facility_units(void **state) { (void)state; check_class("facility_units", 9); }
static void test_partial_dates(void **state) { (void)state; check_class("partial_dates", 14); }
static void test_places(void **state) { (void)state; check_class("places", 12); }
static void test_message_names(void **state) { (void)state; check_class("message_names", 12); }
static void test_form_labels(void **state) { (void)state; check_class("form_labels", 15); }
static void test_ages_said(void **state) { (void)state; check_class("ages_said", 9); }
static void test_masked_numbers(void **state) { (void)state; check_class("masked_numbers", 7); }
static void test_name_openings(void **state) { (void)state; check_class("name_openings", 8); }
static void test_typographic_apostrophes(void **state) { (void)state; check_class("typographic_apostrophes", 14); }
static void test_meeting_lists(void **state) { (void)state; check_class("meeting_lists", 17); }
static void test_findings_lists(void **state) { (void)state; check_class("findings_lists", 16); }
static void test_number_abbreviations(void **state) { (void)state; check_class("number_abbreviations", 12); }
static void test_record_nouns(void **state) { (void)state; check_class("record_nouns", 15); }
static void test_dob_lines(void **state) { (void)state; check_class("dob_lines", 11); }
static void test_street_quadrants(void **state) { (void)state; check_class("street_quadrants", 7); }
static void test_name_lists(void **state) { (void)state; check_class("name_lists", 10); }
static void test_syllable_names(void **state) { (void)state; check_class("syllable_names", 9); }
static void test_lower_relatives(void **state) { (void)state; check_class("lower_relatives", 7); }
static void test_role_speakers(void **state) { (void)state; check_class("role_speakers", 6); }
static void test_facility_positions(void **state) { (void)state; check_class("facility_positions", 29); }
static void test_word_surnames(void **state) { (void)state; check_class("word_surnames", 3); }
static void test_census_names(void **state) { (void)state; check_class("census_names", 16); }
static void test_letterheads(void **state) { (void)state; check_class("letterheads", 26); }
static void test_shaped_dates(void **state) { (void)state; check_class("shaped_dates", 14); }
static void test_world_names(void **state) { (void)state; check_class("world_names", 9); }
static void test_ordinal_days(void **state) { (void)state; check_class("ordinal_days", 14); }
static void test_lone_extensions(void **state) { (void)state; check_class("lone_extensions", 10); }
static void test_foreign_weekdays(void **state) { (void)state; check_class("foreign_weekdays", 6); }
static void test_digit_group_ids(void **state) { (void)state; check_class("digit_group_ids", 12); }
static void test_cued_addresses(void **state) { (void)state; check_class("cued_addresses", 10); }
static void test_rare_numbers(void **state) { (void)state; check_class("rare_numbers", 16); }
static void test_brand_places(void **state) { (void)state; check_class("brand_places", 20); }
static void test_date_shapes(void **state) { (void)state; check_class("date_shapes", 18); }
static void test_eponym_scores(void **state) { (void)state; check_class("eponym_scores", 13); }
static void test_coded_ids(void **state) { (void)state; check_class("coded_ids", 14); }
static void test_patient_lines(void **state) { (void)state; check_class("patient_lines", 11); }
static void test_checked_formats(void **state) { (void)state; check_class("checked_formats", 17); }
static void test_ages_after_names(void **state) { (void)state; check_class("ages_after_names", 12); }
static void test_zip_after_town(void **state) { (void)state; check_class("zip_after_town", 6); }
static void test_staff_roles(void **state) { (void)state; check_class("staff_roles", 14); }
static void test_rural_roads(void **state) { (void)state; check_class("rural_roads", 9); }
static void test_spoken_dates(void **state) { (void)state; check_class("spoken_dates", 16); }
static void test_numbers_said_and_masked(void **state) { (void)state; check_class("numbers_said_and_masked", 17); }
static void test_more_names(void **state) { (void)state; check_class("more_names", 20); }
static void test_unheaded_places(void **state) { (void)state; check_class("unheaded_places", 26); }
static void test_hl7_names(void **state) { (void)state; check_class("hl7_names", 5); }
static void test_street_shapes(void **state) { (void)state; check_class("street_shapes", 20); }
static void test_foreign_streets(void **state) { (void)state; check_class("foreign_streets", 7); }
static void test_address_lines(void **state) { (void)state; check_class("address_lines", 8); }
static void test_intersections(void **state) { (void)state; check_class("intersections", 10); }
static void test_towns(void **state) { (void)state; check_class("towns", 11); }
static void test_headed_towns(void **state) { (void)state; check_class("headed_towns", 14); }
static void test_word_last_first(void **state) { (void)state; check_class("word_last_first", 9); }
static void test_table_towns(void **state) { (void)state; check_class("table_towns", 5); }
static void test_name_halves(void **state) { (void)state; check_class("name_halves", 15); }
static void test_vital_fractions(void **state) { (void)state; check_class("vital_fractions", 8); }
static void test_day_ranges(void **state) { (void)state; check_class("day_ranges", 17); }
static void test_record_date_cues(void **state) { (void)state; check_class("record_date_cues", 19); }
static void test_stamps_and_pagers(void **state) { (void)state; check_class("stamps_and_pagers", 13); }
static void test_initials_spelled(void **state) { (void)state; check_class("initials_spelled", 16); }
static void test_dictated_names(void **state) { (void)state; check_class("dictated_names", 6); }
static void test_users_and_ordinals(void **state) { (void)state; check_class("users_and_ordinals", 10); }
static void test_grouped_numbers(void **state) { (void)state; check_class("grouped_numbers", 6); }
static void test_wards_and_letters(void **state) { (void)state; check_class("wards_and_letters", 38); }
static void test_town_heads(void **state) { (void)state; check_class("town_heads", 13); }
static void test_world_streets(void **state) { (void)state; check_class("world_streets", 10); }
static void test_eponym_lists(void **state) { (void)state; check_class("eponym_lists", 8); }
static void test_signed_credentials(void **state) { (void)state; check_class("signed_credentials", 10); }
static void test_unnumbered_streets(void **state) { (void)state; check_class("unnumbered_streets", 10); }
static void test_census_codes(void **state) { (void)state; check_class("census_codes", 10); }
static void test_age_lines(void **state) { (void)state; check_class("age_lines", 12); }
static void test_hyphen_surnames(void **state) { (void)state; check_class("hyphen_surnames", 8); }
static void test_spoken_names(void **state) { (void)state; check_class("spoken_names", 14); }
static void test_lower_chat_names(void **state) { (void)state; check_class("lower_chat_names", 16); }
/* the words the cue rules ask by name, no capital after them (a gate in deid_names.c lists them) */
static void test_asked_names(void **state) { (void)state; check_class("asked_names", 15); }
static void test_surname_particles(void **state) { (void)state; check_class("surname_particles", 13); }
static void test_list_initials(void **state) { (void)state; check_class("list_initials", 6); }
static void test_eponym_surnames(void **state) { (void)state; check_class("eponym_surnames", 8); }
static void test_signoffs_and_role_lists(void **state) { (void)state; check_class("signoffs_and_role_lists", 20); }
static void test_labelled_numbers(void **state) { (void)state; check_class("labelled_numbers", 34); }
static void test_unit_lines(void **state) { (void)state; check_class("unit_lines", 13); }
static void test_house_openings(void **state) { (void)state; check_class("house_openings", 9); }
static void test_place_words_again(void **state) { (void)state; check_class("place_words_again", 10); }
static void test_served_letterheads(void **state) { (void)state; check_class("served_letterheads", 8); }
static void test_maker_vaccines(void **state) { (void)state; check_class("maker_vaccines", 5); }
static void test_dashed_systems(void **state) { (void)state; check_class("dashed_systems", 5); }
static void test_caps_service_heads(void **state) { (void)state; check_class("caps_service_heads", 4); }
static void test_caps_towns(void **state) { (void)state; check_class("caps_towns", 5); }

/* No eponym, sign or score is redacted: the file has no identifier, so
 * any redaction at all fails (precision counts it), and keep spans check it. */
static void test_clinical_terms(void **state)
{
    (void)state;
    check_class("clinical_terms", 86);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_common_word_names), cmocka_unit_test(test_caps_last_first),
        cmocka_unit_test(test_initial_surname),   cmocka_unit_test(test_non_ascii_names),
        cmocka_unit_test(test_facility_units),    cmocka_unit_test(test_partial_dates),
        cmocka_unit_test(test_places),            cmocka_unit_test(test_message_names),
        cmocka_unit_test(test_form_labels),       cmocka_unit_test(test_ages_said),
        cmocka_unit_test(test_masked_numbers),    cmocka_unit_test(test_name_openings),
        cmocka_unit_test(test_name_lists),        cmocka_unit_test(test_syllable_names),
        cmocka_unit_test(test_lower_relatives),   cmocka_unit_test(test_role_speakers),
        cmocka_unit_test(test_facility_positions), cmocka_unit_test(test_word_surnames),
        cmocka_unit_test(test_census_names),      cmocka_unit_test(test_letterheads),
        cmocka_unit_test(test_shaped_dates),      cmocka_unit_test(test_world_names),
        cmocka_unit_test(test_cued_addresses),    cmocka_unit_test(test_rare_numbers),
        cmocka_unit_test(test_brand_places),      cmocka_unit_test(test_date_shapes),
        cmocka_unit_test(test_eponym_scores),     cmocka_unit_test(test_coded_ids),
        cmocka_unit_test(test_patient_lines),     cmocka_unit_test(test_checked_formats),
        cmocka_unit_test(test_ages_after_names),  cmocka_unit_test(test_zip_after_town),
        cmocka_unit_test(test_staff_roles),
        cmocka_unit_test(test_spoken_dates),      cmocka_unit_test(test_numbers_said_and_masked),
        cmocka_unit_test(test_rural_roads),       cmocka_unit_test(test_ordinal_days),
        cmocka_unit_test(test_lone_extensions),   cmocka_unit_test(test_foreign_weekdays),
        cmocka_unit_test(test_digit_group_ids),
        cmocka_unit_test(test_more_names),        cmocka_unit_test(test_unheaded_places),
        cmocka_unit_test(test_hl7_names),         cmocka_unit_test(test_street_shapes),
        cmocka_unit_test(test_foreign_streets),   cmocka_unit_test(test_address_lines),
        cmocka_unit_test(test_intersections),     cmocka_unit_test(test_towns),
        cmocka_unit_test(test_headed_towns),
        cmocka_unit_test(test_word_last_first),
        cmocka_unit_test(test_table_towns),
        cmocka_unit_test(test_name_halves),
        cmocka_unit_test(test_vital_fractions),
        cmocka_unit_test(test_day_ranges),
        cmocka_unit_test(test_record_date_cues),       cmocka_unit_test(test_wards_and_letters),
        cmocka_unit_test(test_town_heads),        cmocka_unit_test(test_world_streets),
        cmocka_unit_test(test_eponym_lists),      cmocka_unit_test(test_signed_credentials),
        cmocka_unit_test(test_unnumbered_streets), cmocka_unit_test(test_census_codes),
        cmocka_unit_test(test_stamps_and_pagers), cmocka_unit_test(test_initials_spelled),
        cmocka_unit_test(test_dictated_names),    cmocka_unit_test(test_users_and_ordinals),
        cmocka_unit_test(test_grouped_numbers),
        cmocka_unit_test(test_age_lines),         cmocka_unit_test(test_hyphen_surnames),
        cmocka_unit_test(test_spoken_names),      cmocka_unit_test(test_lower_chat_names), cmocka_unit_test(test_asked_names),
        cmocka_unit_test(test_surname_particles), cmocka_unit_test(test_list_initials),
        cmocka_unit_test(test_eponym_surnames),   cmocka_unit_test(test_signoffs_and_role_lists),
        cmocka_unit_test(test_labelled_numbers),
        cmocka_unit_test(test_unit_lines),
        cmocka_unit_test(test_house_openings),
        cmocka_unit_test(test_typographic_apostrophes), cmocka_unit_test(test_meeting_lists), cmocka_unit_test(test_findings_lists),
        cmocka_unit_test(test_number_abbreviations), cmocka_unit_test(test_record_nouns),
        cmocka_unit_test(test_dob_lines), cmocka_unit_test(test_street_quadrants),
        cmocka_unit_test(test_place_words_again), cmocka_unit_test(test_served_letterheads),
        cmocka_unit_test(test_maker_vaccines),    cmocka_unit_test(test_dashed_systems),
        cmocka_unit_test(test_caps_service_heads), cmocka_unit_test(test_caps_towns),
        cmocka_unit_test(test_clinical_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
