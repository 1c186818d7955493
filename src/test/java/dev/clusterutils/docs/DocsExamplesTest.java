package dev.clusterutils.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The YAML listings in docs/extending.md are the tested files in examples/ (a listing whose first
 * line names a file must be that file, to the character), so the page cannot drift from them.
 */
class DocsExamplesTest {
    private static final Pattern LISTING = Pattern.compile("```yaml\\n# (examples/[^\\n]+)\\n(.*?)```", Pattern.DOTALL);

    /** A file the docs name under examples/ or src/ exists in the repository (a new user will look for it). */
    @Test
    void everyFileTheDocsNameExists() throws Exception {
        Pattern path = Pattern.compile("`((?:examples|src|bench|bin)/[A-Za-z0-9_./-]*[A-Za-z0-9_])`");
        java.util.List<Path> docs = new java.util.ArrayList<>(java.util.List.of(Path.of("README.md")));
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        int named = 0;
        for (Path doc : docs) {
            Matcher m = path.matcher(Files.readString(doc));
            while (m.find()) {
                named++;
                assertTrue(Files.exists(Path.of(m.group(1))), doc + " names " + m.group(1) + ", which is not in the repository");
            }
        }
        assertTrue(named > 10, "the docs name example files: " + named);
    }

    @Test
    void everyNamedListingIsItsFile() throws Exception {
        String doc = Files.readString(Path.of("docs/extending.md"));
        Matcher m = LISTING.matcher(doc);
        int listings = 0;
        while (m.find()) {
            listings++;
            assertEquals(Files.readString(Path.of(m.group(1))), m.group(2), m.group(1) + " in docs/extending.md");
        }
        assertTrue(listings >= 2, "the replace and intercept examples are listed");
    }
}
