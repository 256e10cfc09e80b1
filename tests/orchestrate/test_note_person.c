/* test_note_person.c — speech into note prose: spoken forms written out,
 * repeated words once, the patient's first person and the doctor's second
 * person in the patient's third person with agreeing verbs, and the words
 * the guard checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "orchestrate/orch_int.h"
#include "orchestrate/note_int.h"

static void eq(char *got, const char *want)
{
    assert_string_equal(got, want);
    free(got);
}

static void test_tidy(void **state)
{
    (void)state;
    eq(note_tidy("i'm gon na , you know , check it ."), "i am going to, check it.");
    eq(note_tidy("i did n't take my , my pills"), "i did not take my pills");
    eq(note_tidy("it's been a week , okay ?"), "it has been a week, okay?");
    eq(note_tidy("I am, I am glad"), "I am glad");
    /* letters spelled one by one are the word; a closing "I" before a verb is the speaker */
    eq(note_tidy("I got an M R I at U I H C"), "I got an MRI at UIHC");
    eq(note_tidy("no I V drugs, hepatitis B I think"), "no IV drugs, hepatitis B I think");
    /* numbers in digits where notes use them; "one" alone stays a word */
    eq(note_tidy("I'm fifty seven years old, quit in nineteen eighty five, two to three times a day for two weeks"),
       "i am 57-year-old, quit in 1985, 2 to 3 times a day for 2 weeks");
    eq(note_tidy("one of my two sisters"), "one of my two sisters");
    /* the speaker addressing the other is left out; "Mister Lee" is a name */
    eq(note_tidy("Doctor, I am fine, doctor."), "I am fine.");
    eq(note_tidy("No sir, never. Ask Mister Lee."), "No, never. Ask Mister Lee.");
    eq(note_tidy("Yes. alendronate 70 milligrams once a week, like you said."), "Yes. alendronate 70 mg once a week.");
}

static void test_patient(void **state)
{
    (void)state;
    eq(note_third_person("I think I caught a cold", 1, NOTE_HE), "He believes he caught a cold");
    eq(note_third_person("I think I caught a cold", 1, NOTE_SHE), "She believes she caught a cold");
    /* no sex known: the sentence's opening subject is "the patient", later ones "they" */
    eq(note_third_person("I think I caught a cold", 1, NOTE_THEY), "The patient believes they caught a cold");
    eq(note_third_person("my knees ache when i walk", 1, NOTE_THEY), "The patient's knees ache when they walk");
    eq(note_third_person("but i think so", 1, NOTE_THEY), "But they believe so");
    eq(note_third_person("i have pain in my knee when i walk", 1, NOTE_SHE), "She has pain in her knee when she walks");
    eq(note_third_person("i also try to watch myself", 1, NOTE_HE), "He also tries to watch himself");
    eq(note_third_person("i am tired and my wife told me to come", 1, NOTE_HE), "He is tired and his wife told him to come");
    eq(note_third_person("i was fine until i fell", 1, NOTE_THEY), "The patient was fine until they fell");
    /* "cannot" and an -ly adverb before the verb do not agree */
    eq(note_third_person("I cannot sleep and I honestly do not know why", 1, NOTE_SHE),
       "She cannot sleep and she honestly does not know why");
    eq(note_third_person("I need to rest", 1, NOTE_HE), "He needs to rest");
}

static void test_doctor(void **state)
{
    (void)state;
    eq(note_third_person("your lungs are clear", 0, NOTE_SHE), "Her lungs are clear");
    eq(note_third_person("i want you to rest and you have to ice it", 0, NOTE_HE),
       "I want him to rest and he has to ice it");
    eq(note_third_person("you and i talked about your diet", 0, NOTE_SHE), "She and I talked about her diet");
    eq(note_third_person("i will see you in a week", 0, NOTE_THEY), "I will see them in a week");
    /* "you to ..." is an object even after "like" */
    eq(note_third_person("i would like you to take these", 0, NOTE_HE), "I would like him to take these");
}

static void test_family(void **state)
{
    (void)state;
    /* a family member's own person, and the doctor's "you" said to them */
    eq(note_person_as("i gave her my tylenol", 1, "the mother"), "The mother gave her the mother's tylenol");
    eq(note_person_as("i think she is better", 1, "the mother"), "The mother believes she is better");
    eq(note_person_as("you said she fell", 0, "the husband"), "The husband said she fell");
}

static void test_check(void **state)
{
    (void)state;
    /* frame words go, content words stay for the guard */
    eq(note_check_text("Denies chest pain."), " chest pain.");
    eq(note_check_text("She believes she caught a cold"), "   caught a cold");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tidy),
        cmocka_unit_test(test_patient),
        cmocka_unit_test(test_doctor),
        cmocka_unit_test(test_family),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
