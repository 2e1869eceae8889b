package ml.consensus.api;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body is read through a {@link BodyWatch}: the filters that bound a body's size,
 * its arrival time and its encoding each supply one, and a watch that throws makes the read fail,
 * which the parser reports and {@link ApiExceptionHandler} answers. The watch is made on the first
 * call to {@link #getInputStream()}, so a request whose body is never read costs nothing.
 */
final class WatchedRequest extends HttpServletRequestWrapper {

    /** Watches the reads of one body; one instance per request. */
    interface BodyWatch {

        /** Called before each read. */
        default void beforeRead() throws IOException {}

        /** Called after each read with the {@code count} bytes read at {@code offset}; {@code count} is -1 at the end. */
        void afterRead(byte[] buffer, int offset, int count) throws IOException;
    }

    private final Supplier<BodyWatch> watches;
    private ServletInputStream watched;

    WatchedRequest(HttpServletRequest request, Supplier<BodyWatch> watches) {
        super(request);
        this.watches = watches;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (watched == null) {
            watched = new WatchedInputStream(super.getInputStream(), watches.get());
        }
        return watched;
    }

    /** The first exception of {@code type} in {@code e}'s cause chain, or null. */
    static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static final class WatchedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final BodyWatch watch;
        private final byte[] single = new byte[1];

        WatchedInputStream(ServletInputStream in, BodyWatch watch) {
            this.in = in;
            this.watch = watch;
        }

        @Override
        public int read() throws IOException {
            watch.beforeRead();
            int b = in.read();
            if (b >= 0) {
                single[0] = (byte) b;
            }
            watch.afterRead(single, 0, b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            watch.beforeRead();
            int n = in.read(buffer, offset, length);
            watch.afterRead(buffer, offset, n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
