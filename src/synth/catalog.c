/* catalog.c — what the generator knows about medicine: conditions with
 * their onset curves and risk links, drugs with the doses they come in,
 * labs and vitals with units and reference ranges, procedures, vaccines,
 * allergens and encounter types, each with its standard code.
 *
 * Onset curves are the cumulative share of people diagnosed by each decade
 * of age; clinical.c turns them into onset dates. Their targets and sources
 * are in docs/synth.md. Codes are SNOMED CT (conditions, procedures,
 * encounters, allergies), RxNorm ingredients (drugs), LOINC (observations)
 * and CVX (vaccines).
 */
#include "synth_int.h"

#include "funnel/drugs_int.h"

#include <assert.h>
#include <pthread.h>

#define SAY(...) (const char *const[]){__VA_ARGS__, NULL}

const cond_def synth_conds[NCOND] = {
    [C_OBESITY] = {"obesity", "Obesity", "414916001", SAY("obesity", "obese", "morbid obesity"),
                   {0, 12, 24, 31, 36, 39, 40, 40, 40, 40, 40}, 1.0f, {{0}}, 1.2f},
    [C_T2DM] = {"type 2 diabetes", "Type 2 diabetes mellitus", "44054006",
                SAY("type 2 diabetes", "T2DM", "DM2", "type 2 diabetes mellitus", "diabetes", "NIDDM"),
                {0, 0.1f, 0.5f, 2, 5, 10, 17, 23, 26, 26, 26}, 1.2f,
                {{C_OBESITY, 2.5f, 0}}, 1.3f},
    [C_HTN] = {"hypertension", "Essential hypertension", "59621000",
               SAY("hypertension", "HTN", "high blood pressure", "essential hypertension"),
               {0, 0.3f, 2, 6, 15, 30, 47, 62, 72, 78, 80}, 1.15f,
               {{C_OBESITY, 1.8f, 0}, {C_T2DM, 1.5f, 0}}, 1.1f},
    [C_HLD] = {"hyperlipidemia", "Hyperlipidemia", "55822004",
               SAY("hyperlipidemia", "HLD", "high cholesterol", "dyslipidemia"),
               {0, 0, 1, 4, 12, 25, 38, 48, 52, 52, 52}, 1.1f,
               {{C_T2DM, 1.5f, 0}, {C_OBESITY, 1.3f, 0}}, 1.0f},
    [C_CKD] = {"chronic kidney disease", "Chronic kidney disease stage 3", "433144002",
               SAY("chronic kidney disease", "CKD", "CKD stage 3", "chronic renal insufficiency"),
               {0, 0, 0.1f, 0.3f, 1, 2.5f, 6, 12, 22, 32, 38}, 0.9f,
               {{C_T2DM, 2.5f, 5}, {C_HTN, 1.8f, 5}}, 1.6f},
    [C_CAD] = {"coronary artery disease", "Coronary arteriosclerosis", "53741008",
               SAY("coronary artery disease", "CAD", "coronary disease", "ischemic heart disease"),
               {0, 0, 0, 0.2f, 1.5f, 4, 8, 14, 21, 27, 30}, 1.8f,
               {{C_HLD, 1.5f, 0}, {C_T2DM, 1.8f, 0}, {C_HTN, 1.5f, 0}}, 1.4f},
    [C_AF] = {"atrial fibrillation", "Atrial fibrillation", "49436004",
              SAY("atrial fibrillation", "AF", "afib", "paroxysmal atrial fibrillation"),
              {0, 0, 0, 0.1f, 0.3f, 1, 2.5f, 6, 12, 18, 20}, 1.4f, {{C_HTN, 1.5f, 0}}, 1.3f},
    [C_HF] = {"heart failure", "Chronic congestive heart failure", "88805009",
              SAY("heart failure", "CHF", "congestive heart failure", "HFrEF", "chronic systolic heart failure"),
              {0, 0, 0, 0.05f, 0.3f, 1, 2.5f, 5, 10, 16, 18}, 1.3f,
              {{C_CAD, 2.5f, 0}, {C_HTN, 1.5f, 0}, {C_AF, 2.0f, 0}, {C_T2DM, 1.5f, 0}}, 2.5f},
    [C_STROKE] = {"stroke", "Cerebrovascular accident", "230690007",
                  SAY("stroke", "CVA", "ischemic stroke", "cerebrovascular accident"),
                  {0, 0, 0, 0.1f, 0.4f, 1.2f, 3, 5.5f, 9, 13, 15}, 1.2f,
                  {{C_AF, 2.5f, 0}, {C_HTN, 1.8f, 0}}, 1.5f},
    [C_COPD] = {"COPD", "Chronic obstructive lung disease", "13645005",
                SAY("COPD", "chronic obstructive pulmonary disease", "emphysema", "chronic bronchitis"),
                {0, 0, 0, 0.3f, 1.5f, 4, 7, 10, 12, 12, 12}, 1.1f, {{0}}, 1.8f},
    [C_ASTHMA] = {"asthma", "Asthma", "195967001", SAY("asthma", "reactive airway disease", "mild persistent asthma"),
                  {0, 7, 9, 9.5f, 10, 10, 10, 10, 10, 10, 10}, 0.9f, {{0}}, 1.0f},
    [C_DEPRESSION] = {"depression", "Major depressive disorder", "370143000",
                      SAY("depression", "MDD", "major depressive disorder", "depressive disorder"),
                      {0, 1.5f, 8, 13, 15, 16, 16.5f, 17, 17, 17, 17}, 0.55f, {{0}}, 1.0f},
    [C_ANXIETY] = {"anxiety", "Generalized anxiety disorder", "21897009",
                   SAY("anxiety", "GAD", "generalized anxiety disorder", "anxiety disorder"),
                   {0, 3, 10, 13, 14, 14.5f, 15, 15, 15, 15, 15}, 0.6f, {{0}}, 1.0f},
    [C_OA] = {"osteoarthritis", "Osteoarthritis of knee", "239873007",
              SAY("osteoarthritis", "OA", "knee osteoarthritis", "degenerative joint disease", "DJD"),
              {0, 0, 0.5f, 2, 6, 14, 25, 35, 42, 46, 48}, 0.75f, {{C_OBESITY, 1.6f, 0}}, 1.0f},
    [C_HYPOTHYROID] = {"hypothyroidism", "Hypothyroidism", "40930008",
                       SAY("hypothyroidism", "hypothyroid", "underactive thyroid"),
                       {0, 0.1f, 1, 2.5f, 4.5f, 7, 10, 13, 15, 17, 18}, 0.25f, {{0}}, 1.0f},
    [C_GERD] = {"GERD", "Gastroesophageal reflux disease", "235595009",
                SAY("GERD", "gastroesophageal reflux disease", "acid reflux", "reflux"),
                {0, 1, 7, 12, 16, 19, 21, 23, 24, 24, 24}, 1.0f, {{C_OBESITY, 1.5f, 0}}, 1.0f},
    [C_OSTEOPOROSIS] = {"osteoporosis", "Osteoporosis", "64859006", SAY("osteoporosis", "low bone density", "osteoporosis"),
                        {0, 0, 0, 0.2f, 0.8f, 3, 8, 15, 23, 30, 33}, 0.2f, {{0}}, 1.1f},
    [C_GOUT] = {"gout", "Gout", "90560007", SAY("gout", "gouty arthritis", "gout"),
                {0, 0, 0.3f, 1, 2.5f, 4, 6, 8, 9, 10, 10}, 2.5f,
                {{C_CKD, 2.0f, 0}, {C_OBESITY, 1.5f, 0}}, 1.0f},
    [C_PNEUMONIA] = {"pneumonia", "Pneumonia", "233604007", SAY("pneumonia", "community-acquired pneumonia", "CAP", "PNA"), {0}, 1, {{0}}, 1},
    [C_URI] = {"upper respiratory infection", "Viral upper respiratory tract infection", "54150009",
               SAY("upper respiratory infection", "URI", "viral URI", "common cold"), {0}, 1, {{0}}, 1},
    [C_BRONCHITIS] = {"acute bronchitis", "Acute bronchitis", "10509002", SAY("acute bronchitis", "bronchitis"), {0}, 1, {{0}}, 1},
    [C_UTI] = {"urinary tract infection", "Urinary tract infectious disease", "68566005",
               SAY("urinary tract infection", "UTI", "cystitis"), {0}, 1, {{0}}, 1},
    [C_CELLULITIS] = {"cellulitis", "Cellulitis", "128045006", SAY("cellulitis", "skin infection"), {0}, 1, {{0}}, 1},
    [C_BACKPAIN] = {"low back pain", "Low back pain", "279039007", SAY("low back pain", "LBP", "lumbago"), {0}, 1, {{0}}, 1},
    [C_MI] = {"myocardial infarction", "Myocardial infarction", "22298006",
              SAY("myocardial infarction", "MI", "heart attack", "NSTEMI"), {0}, 1, {{0}}, 1},
    [C_GIBLEED] = {"gastrointestinal hemorrhage", "Gastrointestinal hemorrhage", "74474003",
                   SAY("GI bleed", "gastrointestinal bleeding", "upper GI bleed"), {0}, 1, {{0}}, 1},
    [C_HF_EXAC] = {"heart failure exacerbation", "Acute on chronic heart failure", "48447003",
                   SAY("CHF exacerbation", "acute on chronic heart failure", "heart failure exacerbation"), {0}, 1, {{0}}, 1},
    [C_COPD_EXAC] = {"COPD exacerbation", "Acute exacerbation of chronic obstructive airways disease", "195951007",
                     SAY("COPD exacerbation", "AECOPD", "acute exacerbation of COPD"), {0}, 1, {{0}}, 1},
    [C_PREDIABETES] = {"prediabetes", "Prediabetes", "714628002", SAY("prediabetes", "impaired fasting glucose", "borderline diabetes"), {0}, 1, {{0}}, 1},
};

#define STEPS(...) {__VA_ARGS__}, (int)(sizeof((float[]){__VA_ARGS__}) / sizeof(float))
const drug_def synth_drugs[NDRUG] = {
    [D_LISINOPRIL] = {"lisinopril", "29046", "mg", "Oral Tablet", ROUTE_PO, STEPS(10, 20, 40), 1, 0, 2.5f, 40, NULL, 0},
    [D_LOSARTAN] = {"losartan", "52175", "mg", "Oral Tablet", ROUTE_PO, STEPS(25, 50, 100), 1, 0, 25, 100, NULL, 0},
    [D_AMLODIPINE] = {"amlodipine", "17767", "mg", "Oral Tablet", ROUTE_PO, STEPS(5, 10), 1, 0, 2.5f, 10, NULL, 0},
    [D_HCTZ] = {"hydrochlorothiazide", "5487", "mg", "Oral Tablet", ROUTE_PO, STEPS(12.5f, 25), 1, 0, 12.5f, 50, NULL, 0},
    [D_CHLORTHALIDONE] = {"chlorthalidone", "2409", "mg", "Oral Tablet", ROUTE_PO, STEPS(12.5f, 25), 1, 0, 12.5f, 50, NULL, 0},
    [D_METOPROLOL] = {"metoprolol succinate", "6918", "mg", "Extended Release Oral Tablet", ROUTE_PO, STEPS(25, 50, 100, 200), 1, 0, 12.5f, 200, NULL, 0},
    [D_CARVEDILOL] = {"carvedilol", "20352", "mg", "Oral Tablet", ROUTE_PO, STEPS(3.125f, 6.25f, 12.5f, 25), 2, 0, 3.125f, 25, NULL, 0},
    [D_METFORMIN] = {"metformin", "6809", "mg", "Oral Tablet", ROUTE_PO, STEPS(500, 1000), 2, 0, 500, 1000, NULL, 0},
    [D_EMPAGLIFLOZIN] = {"empagliflozin", "1545653", "mg", "Oral Tablet", ROUTE_PO, STEPS(10, 25), 1, 0, 10, 25, NULL, 0},
    [D_GLIPIZIDE] = {"glipizide", "4821", "mg", "Oral Tablet", ROUTE_PO, STEPS(2.5f, 5, 10), 1, 0, 2.5f, 20, NULL, 0},
    [D_SEMAGLUTIDE] = {"semaglutide", "1991302", "mg", "Injectable Solution", ROUTE_SC, STEPS(0.25f, 0.5f, 1, 2), 0, 0, 0.25f, 2.4f, NULL, 0},
    [D_GLARGINE] = {"insulin glargine", "274783", "units", "Injectable Solution", ROUTE_SC, STEPS(10, 14, 18, 22, 26, 30, 36, 42), 1, 0, 4, 80, "units", 0},
    [D_ATORVASTATIN] = {"atorvastatin", "83367", "mg", "Oral Tablet", ROUTE_PO, STEPS(10, 20, 40, 80), 1, 0, 10, 80, NULL, 0},
    [D_ROSUVASTATIN] = {"rosuvastatin", "301542", "mg", "Oral Tablet", ROUTE_PO, STEPS(5, 10, 20, 40), 1, 0, 5, 40, NULL, 0},
    [D_ASPIRIN] = {"aspirin", "1191", "mg", "Oral Tablet", ROUTE_PO, STEPS(81), 1, 0, 81, 325, NULL, 0},
    [D_CLOPIDOGREL] = {"clopidogrel", "32968", "mg", "Oral Tablet", ROUTE_PO, STEPS(75), 1, 0, 75, 75, NULL, 0},
    [D_APIXABAN] = {"apixaban", "1364430", "mg", "Oral Tablet", ROUTE_PO, STEPS(5, 2.5f), 2, 0, 2.5f, 5, NULL, 0},
    [D_RIVAROXABAN] = {"rivaroxaban", "1114195", "mg", "Oral Tablet", ROUTE_PO, STEPS(20, 15), 1, 0, 15, 20, NULL, 0},
    [D_WARFARIN] = {"warfarin", "11289", "mg", "Oral Tablet", ROUTE_PO, STEPS(5, 2.5f, 3, 4, 6, 7.5f), 1, 0, 1, 10, NULL, 0},
    [D_DILTIAZEM] = {"diltiazem ER", "3443", "mg", "Extended Release Oral Capsule", ROUTE_PO, STEPS(120, 180, 240), 1, 0, 120, 360, NULL, 0},
    [D_FUROSEMIDE] = {"furosemide", "4603", "mg", "Oral Tablet", ROUTE_PO, STEPS(20, 40, 80), 1, 0, 20, 80, NULL, 0},
    [D_SPIRONOLACTONE] = {"spironolactone", "9997", "mg", "Oral Tablet", ROUTE_PO, STEPS(12.5f, 25), 1, 0, 12.5f, 50, NULL, 0},
    [D_LEVOTHYROXINE] = {"levothyroxine", "10582", "mcg", "Oral Tablet", ROUTE_PO, STEPS(25, 50, 75, 88, 100, 112, 125, 150), 1, 0, 12.5f, 200, NULL, 0},
    [D_OMEPRAZOLE] = {"omeprazole", "7646", "mg", "Delayed Release Oral Capsule", ROUTE_PO, STEPS(20, 40), 1, 0, 20, 40, NULL, 0},
    [D_PANTOPRAZOLE] = {"pantoprazole", "40790", "mg", "Delayed Release Oral Tablet", ROUTE_PO, STEPS(40), 1, 0, 20, 40, NULL, 0},
    [D_SERTRALINE] = {"sertraline", "36437", "mg", "Oral Tablet", ROUTE_PO, STEPS(25, 50, 100, 150), 1, 0, 25, 200, NULL, 0},
    [D_ESCITALOPRAM] = {"escitalopram", "321988", "mg", "Oral Tablet", ROUTE_PO, STEPS(5, 10, 20), 1, 0, 5, 20, NULL, 0},
    [D_BUPROPION] = {"bupropion XL", "42347", "mg", "Extended Release Oral Tablet", ROUTE_PO, STEPS(150, 300), 1, 0, 150, 450, NULL, 0},
    [D_BUSPIRONE] = {"buspirone", "1827", "mg", "Oral Tablet", ROUTE_PO, STEPS(7.5f, 10, 15), 2, 0, 5, 30, NULL, 0},
    [D_HYDROXYZINE] = {"hydroxyzine", "5553", "mg", "Oral Tablet", ROUTE_PO, STEPS(25), 4, 1, 10, 50, NULL, 0},
    [D_ALBUTEROL] = {"albuterol", "435", "mcg", "Metered Dose Inhaler", ROUTE_INH, STEPS(90), 4, 1, 90, 90, "puffs", 2},
    [D_FLUTICASONE] = {"fluticasone", "41126", "mcg", "Metered Dose Inhaler", ROUTE_INH, STEPS(44, 110, 220), 2, 0, 44, 220, "puffs", 2},
    [D_TIOTROPIUM] = {"tiotropium", "69120", "mcg", "Inhalation Powder", ROUTE_INH, STEPS(18), 1, 0, 18, 18, NULL, 0},
    [D_MONTELUKAST] = {"montelukast", "88249", "mg", "Oral Tablet", ROUTE_PO, STEPS(10, 5), 1, 0, 4, 10, NULL, 0},
    [D_ACETAMINOPHEN] = {"acetaminophen", "161", "mg", "Oral Tablet", ROUTE_PO, STEPS(650, 500, 1000), 4, 1, 325, 1000, NULL, 0},
    [D_MELOXICAM] = {"meloxicam", "41493", "mg", "Oral Tablet", ROUTE_PO, STEPS(7.5f, 15), 1, 0, 7.5f, 15, NULL, 0},
    [D_ALENDRONATE] = {"alendronate", "46041", "mg", "Oral Tablet", ROUTE_PO, STEPS(70), 0, 0, 35, 70, NULL, 0},
    [D_ALLOPURINOL] = {"allopurinol", "519", "mg", "Oral Tablet", ROUTE_PO, STEPS(100, 200, 300), 1, 0, 100, 800, NULL, 0},
    [D_AMOXICILLIN] = {"amoxicillin", "723", "mg", "Oral Capsule", ROUTE_PO, STEPS(875, 500, 250), 2, 0, 125, 1000, NULL, 0},
    [D_DOXYCYCLINE] = {"doxycycline", "3640", "mg", "Oral Tablet", ROUTE_PO, STEPS(100), 2, 0, 100, 100, NULL, 0},
    [D_AZITHROMYCIN] = {"azithromycin", "18631", "mg", "Oral Tablet", ROUTE_PO, STEPS(250, 500), 1, 0, 250, 500, NULL, 0},
    [D_NITROFURANTOIN] = {"nitrofurantoin", "7454", "mg", "Oral Capsule", ROUTE_PO, STEPS(100), 2, 0, 100, 100, NULL, 0},
    [D_CEPHALEXIN] = {"cephalexin", "2231", "mg", "Oral Capsule", ROUTE_PO, STEPS(500, 250), 4, 0, 250, 500, NULL, 0},
    [D_IBUPROFEN] = {"ibuprofen", "5640", "mg", "Oral Tablet", ROUTE_PO, STEPS(400, 600), 4, 1, 200, 800, NULL, 0},
    [D_BENZONATATE] = {"benzonatate", "1399", "mg", "Oral Capsule", ROUTE_PO, STEPS(100, 200), 3, 1, 100, 200, NULL, 0},
    [D_PREDNISONE] = {"prednisone", "8640", "mg", "Oral Tablet", ROUTE_PO, STEPS(40), 1, 0, 5, 60, NULL, 0},
};

/* Classes are asked per patient-day: looked up once per drug. */
static const char *drug_cls[NDRUG];
static pthread_once_t drug_cls_once = PTHREAD_ONCE_INIT;

static void drug_cls_load(void)
{
    for (int i = 0; i < NDRUG; i++) {
        drug_cls[i] = drugs_class(synth_drugs[i].name);
        assert(drug_cls[i]);   /* every generator drug has a row in data/drugs.tsv */
    }
}

const char *synth_drug_class(const drug_def *d)
{
    pthread_once(&drug_cls_once, drug_cls_load);
    return drug_cls[d - synth_drugs];
}

const char *synth_route_name(int route)
{
    static const char *const n[] = {"oral", "inhaled", "subcutaneous", "topical"};
    return n[route];
}

const char *synth_freq_name(const drug_def *d)
{
    if (d->prn) return d->per_day == 4 ? "every 6 hours as needed" : "three times daily as needed";
    if (d == &synth_drugs[D_GLARGINE]) return "at bedtime";
    switch (d->per_day) {
    case 0: return "weekly";
    case 1: return "daily";
    case 2: return "twice daily";
    case 3: return "three times daily";
    default: return "four times daily";
    }
}

const obs_def synth_obs[NOBS] = {
    [O_SBP] = {"systolic blood pressure", "8480-6", "Systolic blood pressure", "mm[Hg]", 0, 90, 139, 1},
    [O_DBP] = {"diastolic blood pressure", "8462-4", "Diastolic blood pressure", "mm[Hg]", 0, 50, 89, 1},
    [O_HR] = {"heart rate", "8867-4", "Heart rate", "/min", 0, 50, 100, 1},
    [O_RR] = {"respiratory rate", "9279-1", "Respiratory rate", "/min", 0, 12, 20, 1},
    [O_TEMP] = {"body temperature", "8310-5", "Body temperature", "Cel", 1, 36.1f, 37.9f, 1},
    [O_SPO2] = {"oxygen saturation", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", 0, 92, 100, 1},
    [O_WEIGHT] = {"body weight", "29463-7", "Body weight", "kg", 1, 0, 0, 1},
    [O_HEIGHT] = {"body height", "8302-2", "Body height", "cm", 1, 0, 0, 1},
    [O_BMI] = {"body mass index", "39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", 1, 18.5f, 24.9f, 1},
    [O_A1C] = {"hemoglobin A1c", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 1, 4, 5.6f, 0},
    [O_GLUCOSE] = {"glucose", "2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 0, 70, 99, 0},
    [O_CREAT] = {"creatinine", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 2, 0.5f, 1.2f, 0},
    [O_EGFR] = {"eGFR", "98979-8", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)", "mL/min/{1.73_m2}", 0, 60, 200, 0},
    [O_POTASSIUM] = {"potassium", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", 1, 3.5f, 5.1f, 0},
    [O_SODIUM] = {"sodium", "2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", 0, 135, 145, 0},
    [O_LDL] = {"LDL cholesterol", "13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation", "mg/dL", 0, 0, 99, 0},
    [O_HDL] = {"HDL cholesterol", "2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "mg/dL", 0, 40, 200, 0},
    [O_TCHOL] = {"total cholesterol", "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 0, 0, 199, 0},
    [O_TRIG] = {"triglycerides", "2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", "mg/dL", 0, 0, 149, 0},
    [O_BNP] = {"BNP", "30934-4", "Natriuretic peptide B [Mass/volume] in Serum or Plasma", "pg/mL", 0, 0, 100, 0},
    [O_TSH] = {"TSH", "3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "m[IU]/L", 2, 0.4f, 4.5f, 0},
    [O_HGB] = {"hemoglobin", "718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 1, 12, 17.5f, 0},
    [O_INR] = {"INR", "6301-6", "INR in Platelet poor plasma by Coagulation assay", "{INR}", 1, 0.8f, 1.2f, 0},
    [O_URATE] = {"uric acid", "3084-1", "Urate [Mass/volume] in Serum or Plasma", "mg/dL", 1, 3.5f, 7.2f, 0},
    [O_UACR] = {"urine albumin/creatinine ratio", "9318-7", "Albumin/Creatinine [Mass Ratio] in Urine", "mg/g", 0, 0, 29, 0},
    [O_PHQ9] = {"PHQ-9 score", "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]", "{score}", 0, 0, 4, 2},
    [O_GAD7] = {"GAD-7 score", "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]", "{score}", 0, 0, 4, 2},
};

const code_def synth_procs[NPROC] = {
    [P_COLONOSCOPY] = {"colonoscopy", "73761001", "Colonoscopy"},
    [P_ECHO] = {"echocardiogram", "40701008", "Echocardiography"},
    [P_PCI] = {"percutaneous coronary intervention", "415070008", "Percutaneous coronary intervention"},
    [P_CABG] = {"coronary artery bypass graft", "232717009", "Coronary artery bypass grafting"},
    [P_KNEE] = {"total knee replacement", "609588000", "Total knee replacement"},
    [P_SPIROMETRY] = {"spirometry", "127783003", "Spirometry"},
    [P_MAMMOGRAM] = {"mammogram", "71651007", "Mammography"},
    [P_ECG] = {"electrocardiogram", "29303009", "Electrocardiographic procedure"},
    [P_DEXA] = {"bone density scan", "312681000", "Bone density scan"},
    [P_CXR] = {"chest x-ray", "399208008", "Plain chest X-ray"},
};

const code_def synth_vaxes[NVAX] = {
    [V_FLU] = {"influenza vaccine", "140", "Influenza, seasonal, injectable, preservative free"},
    [V_TDAP] = {"Tdap vaccine", "115", "Tdap"},
    [V_PCV] = {"pneumococcal vaccine", "216", "Pneumococcal conjugate PCV 20"},
    [V_ZOSTER] = {"shingles vaccine", "187", "Zoster vaccine recombinant"},
    [V_COVID] = {"COVID-19 vaccine", "208", "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose"},
    [V_HPV] = {"HPV vaccine", "165", "HPV9"},
    [V_MMR] = {"MMR vaccine", "03", "MMR"},
};

const code_def synth_allergens[NALLERGEN] = {
    [A_PENICILLIN] = {"penicillin", "91936005", "Allergy to penicillin"},
    [A_SULFA] = {"sulfa drugs", "91939003", "Allergy to sulfonamide"},
    [A_CODEINE] = {"codeine", "294460002", "Allergy to codeine"},
    [A_LISINOPRIL] = {"lisinopril", "293500009", "Allergy to angiotensin-converting enzyme inhibitor"},
    [A_PEANUT] = {"peanuts", "91935009", "Allergy to peanuts"},
    [A_SHELLFISH] = {"shellfish", "300913006", "Shellfish allergy"},
    [A_LATEX] = {"latex", "300916003", "Latex allergy"},
    [A_IODINE] = {"iodinated contrast", "293637006", "Allergy to contrast media"},
};
const char *const synth_allergen_reaction[NALLERGEN] = {
    "hives", "rash", "nausea", "angioedema", "anaphylaxis", "hives", "contact dermatitis", "hives",
};

const code_def synth_enc_types[NENC] = {
    [E_WELLNESS] = {"AMB", "162673000", "General examination of patient"},
    [E_FOLLOWUP] = {"AMB", "185389009", "Follow-up visit"},
    [E_ACUTE] = {"AMB", "185345009", "Encounter for symptom"},
    [E_ED] = {"EMER", "50849002", "Emergency room admission"},
    [E_INPATIENT] = {"IMP", "32485007", "Hospital admission"},
    [E_CONSULT] = {"AMB", "11429006", "Consultation"},
};
