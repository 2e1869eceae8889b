package ml.consensus.model;

import java.nio.charset.StandardCharsets;
import java.util.List;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * The genesis model every ledger starts from: {@link SkipGramTrainer}'s algorithm run over a
 * small built-in medical corpus for {@value #EPOCHS} epochs at rate {@value #LEARNING_RATE},
 * seeded with {@link #SEED}. Its hash is part of the ledger format: changing the corpus, the
 * seed or any hyper-parameter changes it (and the pinned hash in BaseModelTests).
 */
public final class BaseModel {

    /** {@code HashDomain.TRAINING_SEED.hash(UTF-8("genesis"))}. */
    public static final Sha256 SEED = HashDomain.TRAINING_SEED.hash("genesis".getBytes(StandardCharsets.UTF_8));

    public static final double LEARNING_RATE = 0.05;
    public static final int EPOCHS = 100;

    /** The genesis training texts, trained in this order. */
    public static final List<String> CORPUS = List.of(
            "The patient has a high fever and a high temperature.",
            "A fever means the body temperature is higher than normal.",
            "Fever and chills often come with an infection.",
            "The nurse measured the fever with a thermometer.",
            "A mild fever often lasts two or three days.",
            "See a doctor if the fever lasts more than three days.",
            "I have a fever and I feel tired.",
            "Paracetamol reduces fever and pain.",
            "A dry cough and a sore throat are common symptoms of a cold.",
            "A persistent cough may need a chest examination.",
            "A cough at night can make the patient tired.",
            "Chest pain with shortness of breath needs a doctor.",
            "Pneumonia causes cough, fever and shortness of breath.",
            "Asthma causes wheezing and shortness of breath.",
            "Asthma patients take the medication with an inhaler.",
            "I have a headache and I feel dizzy.",
            "A severe headache may be a symptom of migraine.",
            "Headache and dizziness can be signs of dehydration.",
            "Drink water to prevent dehydration and headache.",
            "Influenza causes fever, cough, headache and muscle pain.",
            "Rest and drink water when you have the flu.",
            "The doctor makes a diagnosis after examining the symptoms.",
            "The diagnosis was confirmed by a blood test.",
            "A blood test measures blood sugar and cholesterol.",
            "High blood pressure is a risk for heart disease.",
            "The doctor checked the blood pressure and the pulse.",
            "A blood sugar test can confirm diabetes.",
            "A chest examination can confirm a diagnosis of pneumonia.",
            "Take the medication twice a day after meals.",
            "The dose for adults is one tablet every six hours.",
            "Children need a lower dose of the medicine.",
            "Do not take more than the daily dose.",
            "The dosage depends on the age of the patient.",
            "Check the dosage on the label before you take the medicine.",
            "The pharmacist checked the dosage of the tablet.",
            "Take one tablet in the morning with water.",
            "The doctor prescribed antibiotics for the throat infection.",
            "Antibiotics treat bacterial infections, not viral infections.",
            "Ibuprofen reduces pain, fever and swelling.",
            "Nausea and dizziness are common side effects of the medication.",
            "An allergic reaction to the medicine can cause a rash.",
            "A rash with a high fever needs a medical examination.",
            "The patient reported stomach pain, nausea and vomiting.",
            "Vomiting and diarrhea can lead to dehydration.",
            "The symptoms improved after two days of treatment.",
            "The treatment depends on the cause of the symptoms.",
            "Keep a record of the symptoms, the temperature and the medication.");

    private BaseModel() {}

    /** A fresh copy of the genesis model (trainingSteps 0); the same bytes on every call and JVM. */
    public static EmbeddingModel create() {
        return Genesis.MODEL.copy();
    }

    /** Built once per JVM, on first use. */
    private static final class Genesis {

        static final EmbeddingModel MODEL = build();

        private static EmbeddingModel build() {
            EmbeddingModel model = EmbeddingModel.empty();
            SkipGramTrainer.fit(model, CORPUS.stream().map(Tokenizer::tokenize).toList(), LEARNING_RATE, SEED, EPOCHS);
            // Hashed here, once, so that every copy inherits the cached hash.
            model.hash();
            return model;
        }
    }
}
