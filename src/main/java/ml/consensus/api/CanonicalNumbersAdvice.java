package ml.consensus.api;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in paths and query strings ({@code /blocks/16}, {@code ?page=2}) are read only in
 * canonical decimal: an optional minus, then {@code 0} or digits without a leading zero. Spring's
 * default number editor decodes {@code 0x10}, {@code #10} and {@code 010} (octal) too, so
 * {@code /blocks/0x10} read block 16: one resource had many names, which caches, logs and audit
 * trails then disagree about. Anything else is a 400 problem naming the parameter. (An editor,
 * not a converter: Spring falls back to its default editor when a converter refuses a value.)
 */
@ControllerAdvice
class CanonicalNumbersAdvice {

    private static final Pattern CANONICAL = Pattern.compile("0|-?[1-9][0-9]*");

    @InitBinder
    void canonicalWholeNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new CanonicalEditor(Long::parseLong));
        binder.registerCustomEditor(Long.class, new CanonicalEditor(Long::parseLong));
        binder.registerCustomEditor(int.class, new CanonicalEditor(Integer::parseInt));
        binder.registerCustomEditor(Integer.class, new CanonicalEditor(Integer::parseInt));
    }

    /** {@code text} if it is canonical decimal; throws NumberFormatException otherwise. */
    static String canonical(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new NumberFormatException("'" + text + "' is not a canonical decimal number");
        }
        return text;
    }

    private static final class CanonicalEditor extends PropertyEditorSupport {
        private final Function<String, ? extends Number> parse;

        CanonicalEditor(Function<String, ? extends Number> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            setValue(parse.apply(canonical(text)));
        }
    }
}
