package dev.checkstand.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * What spring.jackson.* cannot say: a number or boolean is not text ({@code "checkoutId": 12345678901234567} is
 * refused), and no string holds text PostgreSQL cannot store. Scalar coercion and floats as integers are switched
 * off in application.yml.
 */
@Component
class StrictJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("storable-text").addDeserializer(String.class, new StorableStrings())
                        .addDeserializer(UUID.class, new CanonicalUuids()));
    }

    /** A JSON string holding text PostgreSQL cannot store; the text itself is not kept. */
    static final class UnstorableString extends InvalidFormatException {

        UnstorableString(JsonParser parser) {
            super(parser, "String " + StorableText.REFUSAL, null, String.class);
        }
    }

    /**
     * A UUID is exactly its 36-character form: Jackson's own reader trims the text first, which lets
     * {@code "<uuid>\u0000"} or a UUID wrapped in control characters through as if it were the UUID.
     */
    private static final class CanonicalUuids extends ValueDeserializer<UUID> {

        private static final Pattern CANONICAL = Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) context.handleUnexpectedToken(UUID.class, parser);
            }
            String text = parser.getString();
            if (!CANONICAL.matcher(text).matches()) {
                throw new InvalidFormatException(parser, "not a UUID", null, UUID.class);
            }
            return UUID.fromString(text);
        }
    }

    private static final class StorableStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && !StorableText.storable(value)) {
                throw new UnstorableString(parser);
            }
            return value;
        }
    }
}
