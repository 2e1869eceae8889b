package ml.consensus.api;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a floating-point field from a JSON number only. Jackson's own reader turns the strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} into doubles before any coercion setting
 * is consulted, so {@code "learning_rate": "NaN"} got past the binding; here any string is the
 * wrong type, named by its field.
 */
class StrictDoubleDeserializer extends ValueDeserializer<Double> {

    @Override
    public Double deserialize(JsonParser parser, DeserializationContext context) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        return (Double) context.handleUnexpectedToken(Double.class, parser);
    }

    @Override
    public Double getNullValue(DeserializationContext context) {
        return null;
    }
}
