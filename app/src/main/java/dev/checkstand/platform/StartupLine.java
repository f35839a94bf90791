package dev.checkstand.platform;

/** One line a module adds to the start-up banner: a label and what to show (never a secret). */
public record StartupLine(String label, String value) {
}
