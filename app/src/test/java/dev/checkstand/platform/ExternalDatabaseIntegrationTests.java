package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.platform.database.EmbeddedDatabase;
import dev.checkstand.support.Api;
import dev.checkstand.support.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With SPRING_DATASOURCE_URL set, the service uses that database and starts no embedded one. The service stops first
 * (@DirtiesContext, at the end of the class), its database after it ({@link StopDatabaseLast}, declared before
 * @SpringBootTest, so its after-all runs after Spring's): a context left open on a stopped database would hold the
 * JVM's exit for its pool's timeouts.
 */
@ExtendWith(ExternalDatabaseIntegrationTests.StopDatabaseLast.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "checkstand.simulator.port=0", "printful.simulator-port=0",
        "checkstand.admin.password=" + TestSupport.ADMIN_PASSWORD})
@Import(TestSupport.class)
@DirtiesContext
class ExternalDatabaseIntegrationTests {

    static EmbeddedDatabase external;

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "checkstand-external");
        external = EmbeddedDatabase.start(dir, false);
        registry.add("spring.datasource.url", external::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Api api;

    @Test
    void usesTheGivenDatabaseAndStartsNoEmbeddedOne() {
        assertThat(context.getBeanNamesForType(EmbeddedDatabase.class)).isEmpty();
        assertThat(jdbc.sql("select inet_server_port()").query(Integer.class).single()).isEqualTo(external.port());
        assertThat(api.get("/api/products").json().size()).isGreaterThan(0);
    }

    static final class StopDatabaseLast implements AfterAllCallback {

        @Override
        public void afterAll(ExtensionContext context) {
            if (external != null) {
                external.close();
            }
        }
    }
}
