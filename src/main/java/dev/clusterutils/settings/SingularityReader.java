package dev.clusterutils.settings;

import java.nio.file.Path;
import java.util.List;

/** Validates the optional {@code singularity} section (spec §2.5); the image's existence is checked at start-up, not here. */
final class SingularityReader {
    private SingularityReader() {
    }

    static SingularitySettings read(Section s, Path home) {
        String image = s.string("image", true);
        String executable = s.string("executable", false);
        boolean useRun = s.bool("use_run", false);
        List<String> args = s.strings("args", false);
        s.rejectUnknown();
        return new SingularitySettings(image == null ? null : expandHome(image, home),
                executable == null ? "singularity" : executable, useRun, args == null ? List.of() : List.copyOf(args));
    }

    /** {@code ~} and {@code ~/x} as Python's expanduser; {@code ~user} is left alone. */
    static String expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home.toString();
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2)).toString();
        }
        return path;
    }
}
