/* note_int.h — what the files of `ward note` share (task_note.c,
 * note_words.c, note_person.c); private to them.
 *
 * The word lists live in data/note_words.tsv (embedded at build time); each
 * list is a class. Matching is by whole words, case-insensitively, and a
 * phrase ending in '*' matches any word that starts with it. */
#ifndef WARD_NOTE_INT_H
#define WARD_NOTE_INT_H

#include <stddef.h>

typedef enum {
    NW_ACK, NW_DEVICE, NW_SMALLTALK, NW_OPENER, NW_DROP, NW_NO, NW_YES, NW_QLEAD, NW_QTAIL, NW_EXAM,
    NW_RESULT, NW_PLAN, NW_ASSESS, NW_PHASE_EXAM, NW_PHASE_PLAN, NW_PROBLEM, NW_CC, NW_FEMALE, NW_MALE,
    NW_VERB, NW_KEEP, NW_ADVERB, NW_SPOKEN, NW_FRAME, NW_SYSTEM, NW_NOTVERB, NW_PTAIL, NW_TAG, NW_PLAN_LEAD, NW_OPENING, NW_SPLIT, NW_QSTART, NW_ORDER, NW_VOCATIVE, NW_UNIT, NW_NCLASS
} note_class;

/* Length of the longest phrase of class c that s starts with (at a word
 * end), 0 when none; *value gets that phrase's VALUE column (or NULL). */
size_t note_prefix(note_class c, const char *s, const char **value);
/* 1 when a phrase of class c occurs in s at word boundaries; *value as above. */
int note_has(note_class c, const char *s, const char **value);
/* 1 when the whole of s (trimmed of spaces and final punctuation) is a phrase of c. */
int note_is(note_class c, const char *s);

typedef enum { NOTE_THEY, NOTE_SHE, NOTE_HE } note_pronoun;

/* Spoken text made writable: spoken forms written out ("gon na" -> "going
 * to", "did n't" -> "did not"), the words of NW_DROP out, a word said
 * twice once ("my, my" -> "my"), spaces before punctuation closed. */
char *note_tidy(const char *s);
/* Third person: for the patient's own words (by_patient) "I"/"my" become
 * the patient's pronoun, for the doctor's "you"/"your" do; a verb after
 * such a subject agrees ("I have" -> "she has", "I think" -> "she
 * believes"). The doctor's own "I" stays. */
char *note_third_person(const char *s, int by_patient, note_pronoun p);
/* The same for someone else speaking about the patient: a family member's
 * own "I"/"my" (first_person), or the doctor's "you" said to them, become
 * who ("the mother", "the mother's"), the verb agreeing. */
char *note_person_as(const char *s, int first_person, const char *who);
/* The words of s the guard must find in the cited turns: s without the
 * note's own frame words (NW_FRAME). */
char *note_check_text(const char *s);

#endif
