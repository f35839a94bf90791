package dev.checkstand.reconciliation;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The scheduled audit's reports: the newest one is what the mismatch gauges show; the last {@value #KEPT} are kept. */
@Repository
class AuditRecords {

    static final int KEPT = 200;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRecords(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void save(ReconciliationAudit.Report report) {
        jdbc.sql("""
                insert into reconciliation_audits (window_from, window_to, generated_at, clean, counts, examples)
                values (:from, :to, :generatedAt, :clean, cast(:counts as jsonb), cast(:examples as jsonb))""")
                .param("from", Timestamp.from(report.from()))
                .param("to", Timestamp.from(report.to()))
                .param("generatedAt", Timestamp.from(report.generatedAt()))
                .param("clean", report.clean())
                .param("counts", json.writeValueAsString(report.counts()))
                .param("examples", json.writeValueAsString(report.examples()))
                .update();
        jdbc.sql("""
                delete from reconciliation_audits
                 where id < (select min(id) from (select id from reconciliation_audits order by id desc limit :kept) k)""")
                .param("kept", KEPT)
                .update();
    }

    /** The mismatch counts by kind of the newest report; empty before the first. */
    Map<String, Integer> latestCounts() {
        return jdbc.sql("select counts from reconciliation_audits order by id desc limit 1")
                .query(String.class)
                .optional()
                .map(counts -> json.readValue(counts, new TypeReference<LinkedHashMap<String, Integer>>() {
                }))
                .map(counts -> (Map<String, Integer>) counts)
                .orElse(Map.of());
    }
}
