package ml.consensus.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ml.consensus.model.BoundedReader;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.ModelCodec;

/**
 * Everything a model hash covers, as plain arrays: training steps, vocabulary in index order and
 * the input and output tables (row {@code i} at {@code [i * 32, (i + 1) * 32)}). Read from, and
 * turned back into, the model's canonical encoding ({@link ModelCodec}, docs/model-format.md):
 * the model's own tables are not visible outside its package, and going through the codec means
 * a model built here passes every check {@link ModelCodec#decode} makes.
 *
 * <p>Mutable scratch space for {@link ModelDelta} and {@link DeltaCombiner}; never escapes them.
 */
final class ModelState {

    static final int D = EmbeddingModel.DIMENSIONS;
    private static final byte[] MAGIC = {'C', 'M', 'L', 'M'};
    private static final int VERSION = 1;
    private static final byte[] NAME = EmbeddingModel.NAME.getBytes(StandardCharsets.UTF_8);

    long trainingSteps;
    final List<String> words;
    float[] input;
    float[] output;

    ModelState(long trainingSteps, List<String> words, float[] input, float[] output) {
        this.trainingSteps = trainingSteps;
        this.words = new ArrayList<>(words);
        this.input = input;
        this.output = output;
    }

    /** The state of {@code model}, from its canonical encoding. */
    static ModelState of(EmbeddingModel model) {
        BoundedReader in = new BoundedReader(
                ModelCodec.encode(model),
                (message, cause) -> new IllegalStateException("unexpected model encoding: " + message, cause));
        // Fail loudly if the model format moves on: this reader knows version 1 only.
        if (!Arrays.equals(in.bytes(MAGIC.length, "magic"), MAGIC) || in.u16("version") != VERSION) {
            throw new IllegalStateException("model format is not CMLM version " + VERSION);
        }
        in.utf8(in.u16("name length"), "name");
        if (in.u32("dimensions") != D) {
            throw new IllegalStateException("model dimensions are not " + D);
        }
        long steps = in.s64("trainingSteps");
        int vocab = (int) in.u32("vocabCount");
        List<String> words = new ArrayList<>(vocab);
        for (int i = 0; i < vocab; i++) {
            words.add(in.utf8(in.u16("word length"), "word"));
        }
        float[] input = new float[vocab * D];
        float[] output = new float[vocab * D];
        for (int i = 0; i < input.length; i++) {
            input[i] = in.f32("input vectors");
        }
        for (int i = 0; i < output.length; i++) {
            output[i] = in.f32("output vectors");
        }
        return new ModelState(steps, words, input, output);
    }

    int vocabSize() {
        return words.size();
    }

    float[] table(ModelDelta.Table table) {
        return table == ModelDelta.Table.INPUT ? input : output;
    }

    /** A copy of row {@code word} of {@code table}. */
    float[] row(ModelDelta.Table table, int word) {
        return Arrays.copyOfRange(table(table), word * D, (word + 1) * D);
    }

    /**
     * The model of this state, through {@link ModelCodec#decode}: throws IllegalArgumentException
     * when the state breaks a model invariant (a duplicate word, a component out of range...).
     */
    EmbeddingModel toModel() {
        byte[][] encodedWords = new byte[words.size()][];
        long size = MAGIC.length + 2 + 2 + NAME.length + 4 + 8 + 4 + 2L * input.length * Float.BYTES;
        for (int i = 0; i < encodedWords.length; i++) {
            encodedWords[i] = words.get(i).getBytes(StandardCharsets.UTF_8);
            size += 2 + encodedWords[i].length;
        }
        if (size > Integer.MAX_VALUE || input.length != words.size() * D || output.length != input.length) {
            throw new IllegalArgumentException("a model of " + words.size() + " words cannot be encoded");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(MAGIC).putShort((short) VERSION).putShort((short) NAME.length).put(NAME);
        out.putInt(D).putLong(trainingSteps).putInt(words.size());
        for (byte[] word : encodedWords) {
            out.putShort((short) word.length).put(word);
        }
        for (float value : input) {
            out.putFloat(value);
        }
        for (float value : output) {
            out.putFloat(value);
        }
        return ModelCodec.decode(out.array());
    }
}
