package dev.clusterutils.backend.local;

import static dev.clusterutils.backend.Golden.assertGolden;
import static dev.clusterutils.backend.Specs.block;
import static dev.clusterutils.backend.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.Specs;
import org.junit.jupiter.api.Test;

/** The local run script (spec 7.2), plain and with a Singularity/Apptainer section. */
class LocalScriptGoldenTest {
    @Test
    void plain() throws Exception {
        assertGolden("local/plain.sh", LocalScript.render(spec("local", 7, block(7, null, ""))));
    }

    @Test
    void singularity() throws Exception {
        String s = LocalScript.render(spec("local", 7, block(7, Specs.singularity(), "")));
        assertGolden("local/singularity.sh", s);
        assertTrue(s.contains("\napptainer exec --bind=/tmp,/home/u/results/demo/working_directories/7,/home/u/project "
                + "--pwd=/home/u/project --env OMP_NUM_THREADS=1 --nv --cleanenv /images/env.sif python3 /home/u/project/train.py"));
    }
}
