package dev.checkstand.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The markdown report: a table of targets first, then one section per figure, with PNG plots beside it. */
public final class Report {

    private final Path imagesDir;
    private final String imagesLink;
    private final List<String> header = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<StringBuilder> sections = new ArrayList<>();

    /** Whether a target was met; {@code NOT_MEASURED} when the figure could not be taken in this build. */
    public enum Verdict {
        MET("met"), MISSED("**missed**"), NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    private record Target(String figure, String target, String measured, Verdict verdict, String section) {
    }

    /** Plots go to {@code imagesDir}, linked from the report as {@code imagesLink/name.png}. */
    public Report(Path imagesDir, String imagesLink) {
        this.imagesDir = imagesDir;
        this.imagesLink = imagesLink;
    }

    public void header(String markdown) {
        header.add(markdown);
    }

    public void target(String figure, String target, String measured, Verdict verdict, String section) {
        targets.add(new Target(figure, target, measured, verdict, section));
    }

    /** Starts a section; append markdown lines to the returned builder. */
    public StringBuilder section(String title) {
        StringBuilder section = new StringBuilder("## ").append(title).append("\n\n");
        sections.add(section);
        return section;
    }

    /** The section started last. */
    public StringBuilder current() {
        return sections.get(sections.size() - 1);
    }

    /** Writes the chart and returns the markdown that shows it. */
    public String image(String name, String alt, LineChart chart) {
        try {
            chart.write(imagesDir.resolve(name + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "![" + alt + "](" + imagesLink + "/" + name + ".png)\n";
    }

    public void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        header.forEach(h -> md.append(h).append("\n"));
        md.append("## Targets\n\n| figure | target | measured | verdict |\n|---|---|---|---|\n");
        for (Target t : targets) {
            md.append("| [").append(t.figure()).append("](#").append(anchor(t.section())).append(") | ")
                    .append(t.target()).append(" | ").append(t.measured()).append(" | ").append(t.verdict().text)
                    .append(" |\n");
        }
        md.append("\n");
        sections.forEach(s -> md.append(s).append("\n"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
    }

    static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").trim().replace(' ', '-');
    }

    /** Formats a number for a table: no decimals from 100 on, else 3 significant digits. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    public static String ms(double v) {
        return num(v) + " ms";
    }
}
