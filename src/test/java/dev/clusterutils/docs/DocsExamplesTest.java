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
