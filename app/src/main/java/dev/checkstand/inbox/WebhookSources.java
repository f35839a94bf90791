package dev.checkstand.inbox;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The providers whose webhooks the inbox takes, by name. */
@Component
class WebhookSources {

    private final Map<String, WebhookSource> byName;

    WebhookSources(List<WebhookSource> sources) {
        this.byName = sources.stream().collect(Collectors.toUnmodifiableMap(WebhookSource::name, Function.identity()));
    }

    /** Every source's name, sorted. */
    List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    WebhookSource named(String name) {
        WebhookSource source = byName.get(name);
        if (source == null) {
            throw new IllegalStateException("no webhook source named " + name);
        }
        return source;
    }
}
