package dev.checkstand.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesANonBlankPngOfTheReportSize() throws IOException {
        Path file = dir.resolve("charts/percentiles.png");
        new LineChart("Latency percentiles", "percentile", "ms").logY()
                .categories("p50", "p75", "p90", "p95", "p99", "p99.9", "max")
                .line("500 events/s", new double[] {0, 1, 2, 3, 4, 5, 6}, new double[] {3.1, 4.2, 6.5, 9.8, 21, 48, 130})
                .line("1,000 events/s", new double[] {0, 1, 2, 3, 4, 5, 6}, new double[] {5.5, 8, 14, Double.NaN, 88, 240, 610})
                .reference("target p99 25 ms", 25)
                .write(file);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(PNG_SIGNATURE);
        BufferedImage image = read(file);
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(500);
        assertThat(image.getRGB(0, 0) & 0xffffff).as("white background").isEqualTo(0xffffff);
        assertThat(distinctColours(image)).as("distinct colours").isGreaterThan(20);
        assertThat(hasColour(image, 0x1f77b4)).as("first line drawn").isTrue();
        assertThat(hasColour(image, 0xd62728)).as("second line drawn").isTrue();
    }

    @Test
    void logAxesSkipZeroAndNegativeValuesWithoutThrowing() {
        Path file = dir.resolve("log.png");
        assertThatCode(() -> new LineChart("Lookup p50", "orders", "ms").logX().logY()
                .line("p50", new double[] {0, 10, 100, 1_000, 10_000}, new double[] {0.4, 0, 0.9, -1, 2.5})
                .reference("zero", 0)
                .write(file)).doesNotThrowAnyException();
        assertThat(file).isRegularFile();
    }

    @Test
    void emptyChartStillRenders() throws IOException {
        Path file = dir.resolve("empty.png");
        new LineChart("Nothing measured", "seconds", "orders").write(file);
        assertThat(read(file).getWidth()).isEqualTo(900);
    }

    @Test
    void formatsTickLabelsCompactly() {
        assertThat(LineChart.format(25_000)).isEqualTo("25k");
        assertThat(LineChart.format(2_000_000)).isEqualTo("2M");
        assertThat(LineChart.format(1_000)).isEqualTo("1000");
        assertThat(LineChart.format(2.5)).isEqualTo("2.5");
    }

    private static BufferedImage read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ImageIO.read(in);
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    private static boolean hasColour(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
