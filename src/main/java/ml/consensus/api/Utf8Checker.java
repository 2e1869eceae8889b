package ml.consensus.api;

import java.io.IOException;

/**
 * Checks a byte stream, one byte at a time, against the well-formed UTF-8 sequences of the
 * Unicode Standard (table 3-7): no overlong forms ({@code C0 AF} for '/'), no UTF-16 surrogates
 * ({@code ED A0 80}), nothing past U+10FFFF, no stray or missing continuation bytes. Jackson's
 * own decoder accepts some of these, so a body could carry text that is not what its bytes
 * say; this refuses the body before the parser sees the byte. Not thread-safe: one per stream.
 */
final class Utf8Checker {

    private long offset;
    private int continuationsLeft;
    // Bounds for the next continuation byte; only the first one after a lead byte is narrower.
    private int low = 0x80;
    private int high = 0xbf;

    /** Takes the next byte (0 to 255); throws {@link InvalidUtf8Exception} if it cannot stand there. */
    void accept(int b) throws InvalidUtf8Exception {
        if (continuationsLeft > 0) {
            if (b < low || b > high) {
                throw new InvalidUtf8Exception(offset, b, "a continuation byte in " + hex(low) + ".." + hex(high));
            }
            continuationsLeft--;
            low = 0x80;
            high = 0xbf;
        } else if (b >= 0x80) {
            lead(b);
        }
        offset++;
    }

    /** Called at the end of the stream: refuses a sequence cut short. */
    void finish() throws InvalidUtf8Exception {
        if (continuationsLeft > 0) {
            throw new InvalidUtf8Exception(offset, -1, continuationsLeft + " more continuation byte(s)");
        }
    }

    private void lead(int b) throws InvalidUtf8Exception {
        if (b >= 0xc2 && b <= 0xdf) {
            continuationsLeft = 1;
        } else if (b == 0xe0) {
            expect(2, 0xa0, 0xbf);
        } else if (b == 0xed) {
            expect(2, 0x80, 0x9f);
        } else if (b >= 0xe1 && b <= 0xef) {
            continuationsLeft = 2;
        } else if (b == 0xf0) {
            expect(3, 0x90, 0xbf);
        } else if (b == 0xf4) {
            expect(3, 0x80, 0x8f);
        } else if (b >= 0xf1 && b <= 0xf3) {
            continuationsLeft = 3;
        } else {
            throw new InvalidUtf8Exception(offset, b, "a UTF-8 lead byte (C2..F4) or ASCII");
        }
    }

    private void expect(int continuations, int firstLow, int firstHigh) {
        continuationsLeft = continuations;
        low = firstLow;
        high = firstHigh;
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    /** A body that is not well-formed UTF-8, with the offset and byte where it went wrong. */
    static final class InvalidUtf8Exception extends IOException {

        private static final long serialVersionUID = 1L;

        InvalidUtf8Exception(long offset, int b, String expected) {
            super("the request body is not valid UTF-8: "
                    + (b < 0 ? "it ends in the middle of a character" : "byte " + hex(b) + " at offset " + offset)
                    + " (expected " + expected + "); overlong forms, surrogates and code points past U+10FFFF"
                    + " are refused");
        }
    }
}
