package ml.consensus.api;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a list element that must be a JSON string (or null, refused later with its index).
 * Jackson 3's own list-of-strings reader flattens a nested array into the outer list and then
 * reports a path-less error; this one refuses anything but a string where it stands, so the
 * problem names the element ({@code texts[1]}).
 */
class StrictStringDeserializer extends ValueDeserializer<String> {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
    }

    @Override
    public String getNullValue(DeserializationContext context) {
        return null;
    }
}
