package dev.clusterutils.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clusterutils.backend.ScriptFiles;
import dev.clusterutils.settings.EnvironmentSetup;
import dev.clusterutils.settings.SingularitySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandTest {
    static final Path MAIN = Path.of("/home/u/project dir");

    static Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lr", 0.001);
        p.put("name", "it's \"$HOME\" `date`");
        p.put("working_dir", "/res/working_directories/3");
        p.put("id", 3L);
        return p;
    }

    @Test
    void theBlockHasTheOriginalsLinesInOrderWithEveryWordQuoted() {
        EnvironmentSetup env = new EnvironmentSetup("venv", "myenv", new LinkedHashMap<>(Map.of("GREETING", "a $b \"c\"")),
                "/abs/pre job.sh", true, false, "python3");
        String block = new JobCommand(env, MAIN, "src/train.py", null, Path.of("/cache/client")).block(42, "127.0.0.1:5000",
                params(), Path.of("/res/working_directories/3"), "");
        List<String> lines = List.of(block.split("\n"));
        assertEquals("cd '/home/u/project dir'", lines.get(0));
        assertEquals("source venv/bin/activate", lines.get(1));
        assertEquals("eval \"$(conda shell.bash hook)\" && conda activate myenv", lines.get(2));
        assertEquals("export GREETING='a $b \"c\"'", lines.get(3));
        assertEquals("'/abs/pre job.sh'", lines.get(4));
        assertEquals("export PYTHONPATH=/cache/client${PYTHONPATH:+:$PYTHONPATH}", lines.get(5));
        assertEquals("python3 '/home/u/project dir/src/train.py' --job-id=42 --cluster-utils-server=127.0.0.1:5000 "
                + "--parameter-dict '{'\\''lr'\\'': 0.001, '\\''name'\\'': '\\''it\\'\\''s \"$HOME\" `date`'\\'', "
                + "'\\''working_dir'\\'': '\\''/res/working_directories/3'\\'', '\\''id'\\'': 3}'", lines.get(6));
    }

    @Test
    void parametersTooLongForOneArgumentGoToAFileTheClientReads(@TempDir Path tmp) throws Exception {
        String fits = "x".repeat(JobCommand.MAX_ARGUMENT_BYTES);
        assertTrue(JobCommand.fitsOneArgument(fits));
        assertTrue(!JobCommand.fitsOneArgument(fits + "x"));
        assertTrue(!JobCommand.fitsOneArgument("\u00e9".repeat(JobCommand.MAX_ARGUMENT_BYTES / 2 + 1)), "bytes, not chars");
        EnvironmentSetup env = new EnvironmentSetup(null, null, Map.of(), null, true, false, "python3");
        Path file = tmp.resolve("1_0.params.json");
        String block = new JobCommand(env, MAIN, "t.py", null, null).block(7, "h:2", "{}", file, Path.of("/w/7"), "");
        assertTrue(block.endsWith("--job-id=7 --cluster-utils-server=h:2 " + ScriptFiles.quote(file.toString())), block);
        assertTrue(!block.contains("--parameter-dict"), block);
    }

    @Test
    void bashHandsTheJobExactlyThePythonLiteral(@TempDir Path tmp) throws Exception {
        EnvironmentSetup env = new EnvironmentSetup(null, null, Map.of(), null, true, false, "python3");
        Files.writeString(tmp.resolve("echo.py"), "import sys, ast\nd = ast.literal_eval(sys.argv[sys.argv.index('--parameter-dict') + 1])\n"
                + "print(d['name'])\n");
        String block = new JobCommand(env, tmp, "echo.py", null, null).block(1, "127.0.0.1:1", params(), tmp, "");
        Process p = new ProcessBuilder("bash", "-c", block).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("it's \"$HOME\" `date`", out, "no shell expansion, no broken quoting");
    }

    @Test
    void moduleAndNonPythonJobsAndTheSrunPrefix() {
        EnvironmentSetup module = new EnvironmentSetup(null, null, Map.of(), null, true, true, "python3");
        assertEquals("python3 -m pkg.sub.train", new JobCommand(module, MAIN, "pkg/sub/train.py", null, null).executable());
        EnvironmentSetup binary = new EnvironmentSetup(null, null, Map.of(), null, false, false, "python3");
        assertEquals("'/home/u/project dir/run.sh'", new JobCommand(binary, MAIN, "run.sh", null, null).executable());
        String block = new JobCommand(binary, MAIN, "run.sh", null, null).block(1, "h:1", Map.of("id", 1L), MAIN, "srun ");
        assertTrue(block.endsWith("srun '/home/u/project dir/run.sh' --job-id=1 --cluster-utils-server=h:1 --parameter-dict "
                + "'{'\\''id'\\'': 1}'"), block);
    }

    @Test
    void singularityWrapsTheJobCommand() {
        EnvironmentSetup env = new EnvironmentSetup(null, null, new LinkedHashMap<>(Map.of("A", "1")), null, true, false, "python3");
        SingularitySettings sif = new SingularitySettings("/img/c.sif", "apptainer", true, List.of("--nv", "--cleanenv"));
        String block = new JobCommand(env, Path.of("/p"), "t.py", sif, null).block(7, "h:2", Map.of("id", 7L), Path.of("/w/7"), "srun ");
        String last = block.substring(block.lastIndexOf('\n') + 1);
        assertEquals("srun apptainer run --bind=/tmp,/w/7,/p --pwd=/p --env A=1 --nv --cleanenv /img/c.sif "
                + "python3 /p/t.py --job-id=7 --cluster-utils-server=h:2 --parameter-dict '{'\\''id'\\'': 7}'", last);
    }

    @Test
    void aRelativePreJobScriptWithoutTheExecutableBitRunsWithBash(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("pre.sh"), "echo pre\n");
        EnvironmentSetup env = new EnvironmentSetup(null, null, Map.of(), "pre.sh", true, false, "python3");
        List<String> lines = new JobCommand(env, tmp, "t.py", null, null).environmentLines();
        assertEquals("bash " + tmp.resolve("pre.sh"), lines.get(4));
        Files.setPosixFilePermissions(tmp.resolve("pre.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("./pre.sh", new JobCommand(env, tmp, "t.py", null, null).environmentLines().get(4));
    }

    @Test
    void hostileValuesAndPathsReachTheJobLiterallyThroughBash(@TempDir Path tmp) throws Exception {
        String hostile = "a'b \"c\" $(touch pwned) `touch pwned`; touch pwned\nnext line $HOME \\ *";
        Path dir = Files.createDirectories(tmp.resolve("dir " + hostile.replace("\n", " ").replace("/", "")));
        // the virtual environment: its activate script only records that it was sourced
        Path venv = Files.createDirectories(dir.resolve("venv " + hostile.replace("/", "") + "/bin"));
        Files.writeString(venv.resolve("activate"), "export ACTIVATED=yes\n");
        Path pre = dir.resolve("pre " + hostile.replace("\n", "").replace("/", "") + ".sh");
        Files.writeString(pre, "echo \"pre ran\"\n");
        Files.setPosixFilePermissions(pre, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path python = dir.resolve("py " + hostile.replace("\n", "").replace("/", ""));
        Files.writeString(python, "#!/bin/sh\nexec python3 \"$@\"\n");
        Files.setPosixFilePermissions(python, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("echo.py"), "import os, sys, ast\n"
                + "d = ast.literal_eval(sys.argv[sys.argv.index('--parameter-dict') + 1])\n"
                + "sys.stdout.write(os.environ['ACTIVATED'] + '|' + os.environ['V'] + '|' + d['name'] + '|' + os.getcwd())\n");
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("V", hostile);
        EnvironmentSetup env = new EnvironmentSetup(dir.relativize(venv.getParent()).toString(), null, variables,
                pre.toString(), true, false, python.toString());
        Map<String, Object> params = new LinkedHashMap<>(Map.of("name", hostile));
        String block = new JobCommand(env, dir, "echo.py", null, null).block(1, "127.0.0.1:1", params, tmp, "");
        Process p = new ProcessBuilder("bash", "-c", block).directory(tmp.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), block);
        assertEquals("pre ran\nyes|" + hostile + "|" + hostile + "|" + dir, out);
        try (var files = Files.walk(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().equals("pwned")).toList());
        }
    }

    @Test
    void anExecutableThatLooksLikeAnAssignmentIsQuoted(@TempDir Path tmp) throws Exception {
        Path exe = tmp.resolve("PY=1");
        Files.writeString(exe, "#!/bin/sh\necho ran \"$1\"\n");
        Files.setPosixFilePermissions(exe, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        EnvironmentSetup env = new EnvironmentSetup(null, null, Map.of(), null, true, false, "PY=1");
        JobCommand command = new JobCommand(env, tmp, "t.py", null, null);
        assertEquals("'PY=1' " + tmp.resolve("t.py"), command.executable());
        Process p = new ProcessBuilder("bash", "-c", "PATH=" + ScriptFiles.quote(tmp.toString()) + ":$PATH; " + command.executable())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("ran " + tmp.resolve("t.py"), out, "bash ran the executable, not an assignment");
    }
}
