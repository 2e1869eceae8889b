package ml.consensus.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly: a number, boolean or string is accepted only where that
 * type is expected, so {@code "texts": [1, 2]}, {@code "learning_rate": "0.1"} or
 * {@code "amount": 1.5} is a 400, not a silent conversion that would put something on the ledger
 * the client did not mean; and a key given twice is refused rather than silently resolved to its
 * last value. An empty or blank string is no value of any scalar type either: Jackson's default
 * read {@code "learning_rate": " "} as absent, so the node proposed at the default rate a body that
 * named no rate at all.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("strict-doubles")
                        .addDeserializer(Double.class, new StrictDoubleDeserializer()))
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Float,
                        config -> refuseBlank(config)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // A whole-number field (a stake amount) refuses 1.5 rather than truncating it to 1.
                .withCoercionConfig(
                        LogicalType.Integer,
                        config -> refuseBlank(config)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        config -> refuseBlank(config)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }

    /** {@code ""} and {@code " "} are refused, not read as null (absent) or as zero. */
    private static MutableCoercionConfig refuseBlank(MutableCoercionConfig config) {
        return config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setAcceptBlankAsEmpty(false);
    }
}
