package ml.consensus.demo;

/** A step of the demo that did not get the answer it expected; its message is the line to print. */
final class DemoFailure extends RuntimeException {

    DemoFailure(String message) {
        super(message);
    }

    DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
