package dev.checkstand.chaos;

import java.util.Map;

/**
 * The service as a storefront, a customer's browser and an admin reach it: each call goes to a random live instance;
 * no answer or a 5xx is counted by cause and retried (same body, same keys) on another, as a client would.
 */
final class Shop {

    private final Cluster cluster;
    private final Stats stats;

    Shop(Cluster cluster, Stats stats) {
        this.cluster = cluster;
        this.stats = stats;
    }

    Http.Answer post(String path, String json, Map<String, String> headers) {
        return call(path, json, headers, true);
    }

    Http.Answer get(String path, boolean admin) {
        return call(path, null, admin ? Map.of("Authorization", cluster.admin()) : Map.of(), false);
    }

    Http.Answer admin(String path, String json, Map<String, String> headers) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", cluster.admin());
        return call(path, json, all, true);
    }

    private Http.Answer call(String path, String json, Map<String, String> headers, boolean post) {
        Http.Answer answer = null;
        for (int attempt = 0; attempt < 25; attempt++) {
            String url = cluster.anyLive() + path;
            answer = post ? Http.postJson(url, json, headers) : Http.get(url, headers);
            if (answer.status() == -1) {
                stats.count("5xx." + "no answer (" + answer.failure() + ")");
            } else if (answer.status() >= 500) {
                String code = answer.errorCode();
                stats.count("5xx." + answer.status() + " " + (code == null ? "" : code));
            } else {
                return answer;
            }
            Processes.sleep(Math.min(2000, 200L * (attempt + 1)));
        }
        return answer;
    }
}
