package dev.clusterutils.protocol;

import static dev.clusterutils.protocol.PickleBytes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Datagrams come from the network: anything that is not exactly a protocol message must end in a
 * {@link MalformedMessageException} that says why, and never execute, allocate without bound,
 * recurse without bound or throw anything else.
 */
class HostileInputTest {
    private final MessageDecoder decoder = new MessageDecoder();

    private String refused(byte[] data) {
        return assertThrows(MalformedMessageException.class, () -> decoder.decode(data, data.length)).getMessage();
    }

    // --- globals -------------------------------------------------------------------------------

    /** Pickles made by python3 with {@code __reduce__} returning a dangerous callable (protocols 2 and 4). */
    @ParameterizedTest
    @CsvSource({
        "posix.system, 800263706f7369780a73797374656d0a71005813000000746f756368202f746d702f63752d70776e656471018571025271032e",
        "posix.system, 8004952e000000000000008c05706f736978948c0673797374656d9493948c13746f756368202f746d702f63752d70776e656494859452942e",
        "__builtin__.eval, 800263636c75737465725f7574696c732e626173652e636f6d6d756e69636174696f6e0a4d65737361676554797065730a71004b028571015271024b017d710358040000006c6f73737104635f5f6275696c74696e5f5f0a6576616c0a7105582e0000005f5f696d706f72745f5f28276f7327292e73797374656d2827746f756368202f746d702f63752d70776e6564272971068571075271087386710986710a2e",
        "builtins.eval, 80049594000000000000008c20636c75737465725f7574696c732e626173652e636f6d6d756e69636174696f6e948c0c4d65737361676554797065739493944b02859452944b017d948c046c6f7373948c086275696c74696e73948c046576616c9493948c2e5f5f696d706f72745f5f28276f7327292e73797374656d2827746f756368202f746d702f63752d70776e65642729948594529473869486942e",
        "commands.Popen, 800263636c75737465725f7574696c732e626173652e636f6d6d756e69636174696f6e0a4d65737361676554797065730a71004b008571015271024b0163636f6d6d616e64730a506f70656e0a71035d7104285805000000746f7563687105580d0000002f746d702f63752d70776e656471066585710752710886710986710a2e",
        "subprocess.Popen, 80049578000000000000008c20636c75737465725f7574696c732e626173652e636f6d6d756e69636174696f6e948c0c4d65737361676554797065739493944b00859452944b018c0a73756270726f63657373948c05506f70656e9493945d94288c05746f756368948c0d2f746d702f63752d70776e6564946585945294869486942e",
    })
    void dangerousGlobalsFromRealPicklesAreRefused(String global, String hex) {
        String why = refused(PickleBytes.hex(hex));
        assertTrue(why.contains("global '" + global + "' is not allowed"), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"os.system", "posix.system", "builtins.eval", "builtins.exec", "builtins.__import__",
        "subprocess.Popen", "collections.OrderedDict", "datetime.datetime", "builtins.set", "copy_reg._reconstructor",
        "numpy.core.multiarray._reconstruct", "cluster_utils.base.communication.Other", "builtins.getattribute"})
    void everyOtherGlobalIsRefusedEvenThosePyroliteKnows(String qualified) {
        int dot = qualified.lastIndexOf('.');
        byte[] data = PickleBytes.proto(4).global(qualified.substring(0, dot), qualified.substring(dot + 1)).stop();
        assertTrue(refused(data).contains("global '" + qualified + "' is not allowed"));
    }

    @Test
    void getattrOnlyWorksOnMessageTypes() {
        byte[] onString = PickleBytes.proto(4).global("builtins", "getattr").str("os").str("system")
                .op(TUPLE2, REDUCE).stop();
        assertTrue(refused(onString).contains("getattr is only allowed"), refused(onString));
        byte[] dunder = message(p -> p.messageTypeByName("__class__"), p -> p.integer(1).op(TUPLE1));
        assertTrue(refused(dunder).contains("no member '__class__'"));
    }

    @Test
    void reduceAndBuildOnlyApplyToAllowedGlobals() {
        byte[] reduceOnString = PickleBytes.proto(4).str("os.system").str("x").op(TUPLE1, REDUCE).stop();
        assertTrue(refused(reduceOnString).contains("REDUCE on something that is not an allowed global"));
        byte[] buildOnDict = PickleBytes.proto(4).op(EMPTY_DICT).op(EMPTY_DICT).op(BUILD).stop();
        assertTrue(refused(buildOnDict).contains("BUILD is only allowed on numpy.dtype"));
    }

    @ParameterizedTest
    @ValueSource(ints = {NEWOBJ, INST, OBJ, BINPERSID, EXT1})
    void objectBuildingOpcodesAreRefused(int opcode) {
        byte[] data = PickleBytes.proto(4).global("numpy", "dtype").op(EMPTY_TUPLE).op(opcode).stop();
        assertTrue(refused(data).contains("not used by the protocol") || refused(data).contains("not a valid"));
    }

    @Test
    void numpyScalarsOnlyOfFixedSizeNumericDtypes() {
        byte[] objectDtype = numpyScalar("O8", "<", new byte[8]);
        assertTrue(refused(objectDtype).contains("numpy dtype 'O8' is not supported"));
        byte[] wrongSize = numpyScalar("f8", "<", new byte[3]);
        assertTrue(refused(wrongSize).contains("needs 8 bytes"));
    }

    @Test
    void numpyScalarsOfEveryNumericDtypeDecode() throws Exception {
        assertEquals(1.5, metric(numpyScalar("f2", "<", new byte[] {0x00, 0x3e})));
        assertEquals(-2.0, metric(numpyScalar("f2", "<", new byte[] {0x00, (byte) 0xc0})));
        assertEquals(0.25, metric(numpyScalar("f4", "<", new byte[] {0, 0, (byte) 0x80, 0x3e})));
        assertEquals(0.25, metric(numpyScalar("f4", ">", new byte[] {0x3e, (byte) 0x80, 0, 0})));
        assertEquals(-1L, metric(numpyScalar("i1", "|", new byte[] {(byte) 0xff})));
        assertEquals(255L, metric(numpyScalar("u1", "|", new byte[] {(byte) 0xff})));
        assertEquals(-2L, metric(numpyScalar("i2", "<", new byte[] {(byte) 0xfe, (byte) 0xff})));
        assertEquals(65534L, metric(numpyScalar("u2", "<", new byte[] {(byte) 0xfe, (byte) 0xff})));
        assertEquals(4294967295L, metric(numpyScalar("u4", "<", new byte[] {-1, -1, -1, -1})));
        assertEquals(-1L, metric(numpyScalar("i4", "<", new byte[] {-1, -1, -1, -1})));
        assertEquals(new java.math.BigInteger("18446744073709551615"),
                metric(numpyScalar("u8", "<", new byte[] {-1, -1, -1, -1, -1, -1, -1, -1})));
        assertEquals(true, metric(numpyScalar("b1", "|", new byte[] {1})));
    }

    // --- bounds --------------------------------------------------------------------------------

    @Test
    void oversizeDatagramsAreRefused() {
        byte[] data = new byte[MessageDecoder.MAX_DATAGRAM_BYTES + 1];
        assertTrue(refused(data).contains("exceeds the UDP limit of 65507"));
        assertTrue(refused(new byte[0]).contains("empty datagram"));
    }

    @Test
    void aDatagramAtTheLimitIsStillDecoded() throws Exception {
        String padding = "x".repeat(MessageDecoder.MAX_DATAGRAM_BYTES - 100);
        byte[] data = message(p -> p.messageType(0), p -> p.integer(7).str(padding).op(TUPLE2));
        byte[] full = new byte[MessageDecoder.MAX_DATAGRAM_BYTES];
        System.arraycopy(data, 0, full, 0, data.length);
        assertTrue(data.length <= MessageDecoder.MAX_DATAGRAM_BYTES);
        assertEquals(new JobMessage.JobStarted(7, padding), decoder.decode(full, data.length));
    }

    @Test
    void forgedLengthFieldsDoNotAllocate() {
        byte[] hugeUnicode = PickleBytes.proto(4).op(BINUNICODE).le(0x7fffffffL, 4).stop();
        assertTrue(refused(hugeUnicode).contains("length field 2147483647 exceeds"));
        byte[] hugeUnicode8 = PickleBytes.proto(4).op(BINUNICODE8).le(-1L, 8).stop();
        assertTrue(refused(hugeUnicode8).contains("exceeds"));
        byte[] hugeBytes = PickleBytes.proto(4).op(BINBYTES).le(0xfffffff0L, 4).stop();
        assertTrue(refused(hugeBytes).contains("exceeds"));
        byte[] negativeLong4 = PickleBytes.proto(4).op(LONG4).le(-5, 4).stop();
        assertTrue(refused(negativeLong4).contains("length field -5"));
    }

    @Test
    void nestingDeeperThan32IsRefused() throws Exception {
        assertTrue(refused(nestedLists(31)).contains("nesting deeper than 32"));
        // outer tuple (1), payload (2), metrics dict (3): 29 lists still fit in 32 levels
        JobMessage ok = decoder.decode(nestedLists(29));
        assertInstanceOf(JobMessage.SentResults.class, ok);
    }

    @Test
    void selfContainingListsAndSharedExplosionsEndQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // l = []; l.append(l)
            byte[] selfRef = message(p -> p.messageType(2), p -> p.integer(1).op(EMPTY_DICT).str("loss")
                    .op(EMPTY_LIST, MEMOIZE, BINGET, 0).op(APPEND).op(SETITEM).op(TUPLE2));
            assertTrue(refused(selfRef).contains("nesting deeper"), refused(selfRef));
            // a = (x, x); b = (a, a); ... 25 levels of sharing: 2^25 leaves if expanded, within the depth bound
            PickleBytes p = PickleBytes.proto(4).messageType(2).integer(1).op(EMPTY_DICT).str("loss").str("leaf");
            for (int i = 0; i < 25; i++) {
                p.op(DUP, TUPLE2);
            }
            byte[] bomb = p.op(SETITEM).op(TUPLE2).op(TUPLE2).stop();
            assertTrue(refused(bomb).contains("more than 200000 values"), refused(bomb));
        });
    }

    @Test
    void unhashableKeysAreRefusedBeforeHashing() {
        // {[...]: 1} where the list contains itself would overflow Java's hashCode
        byte[] data = PickleBytes.proto(4).op(EMPTY_DICT).op(EMPTY_LIST, MEMOIZE, BINGET, 0, APPEND)
                .integer(1).op(SETITEM).stop();
        assertTrue(refused(data).contains("unhashable dict key"));
        byte[] setOfLists = PickleBytes.proto(4).op(EMPTY_SET).op(MARK).op(EMPTY_LIST).op(ADDITEMS).stop();
        assertTrue(refused(setOfLists).contains("unhashable"));
    }

    // --- truncation and garbage ----------------------------------------------------------------

    @Test
    void everyTruncationOfEverySampleIsMalformed() {
        int checked = 0;
        for (Path bin : WireSamples.captured()) {
            byte[] data = WireSamples.bytes(bin);
            for (int len = 0; len < data.length; len++) {
                final int n = len;
                assertThrows(MalformedMessageException.class, () -> decoder.decode(data, n),
                        bin.getFileName() + " truncated to " + n);
                checked++;
            }
        }
        assertTrue(checked > 5_000);
    }

    @Test
    void trailingBytesAfterStopAreMalformed() {
        byte[] data = WireSamples.bytes(WireSamples.DIR.resolve("c_api_ok_07_JOB_CONCLUDED.bin"));
        byte[] longer = java.util.Arrays.copyOf(data, data.length + 1);
        assertTrue(refused(longer).contains("after the end of the pickle"));
    }

    @Test
    void randomGarbageAndMutatedSamplesNeverEscapeAsAnythingElse() {
        Random random = new Random(20240611);
        List<Path> samples = WireSamples.captured();
        int decoded = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] data;
            if (i % 3 == 0) {
                data = new byte[random.nextInt(300)];
                random.nextBytes(data);
                if (data.length > 2 && random.nextBoolean()) {
                    data[0] = (byte) 0x80;
                    data[1] = (byte) (2 + random.nextInt(4));
                }
            } else {
                data = WireSamples.bytes(samples.get(random.nextInt(samples.size())));
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                decoder.decode(data, data.length);
                decoded++;
            } catch (MalformedMessageException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (Throwable t) {
                fail("input " + java.util.HexFormat.of().formatHex(data) + " escaped as " + t, t);
            }
        }
        assertTrue(decoded > 0, "some mutations only change a value and still decode");
    }

    @Test
    void protocolZeroAndOnePicklesAreRefused() {
        assertTrue(refused("(I0\nI1\nt.".getBytes()).contains("protocol 2 or later"));
        assertTrue(refused(new byte[] {(byte) 0x80, 6, '.'}).contains("unsupported pickle protocol 6"));
    }

    // --- payload shapes ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "started without hostname | 0 | (id,)                 | payload must be (job id, hostname)",
        "started with int host    | 0 | (id, 5)               | hostname is not a str",
        "error with str           | 1 | (id, 'boom')          | traceback is not a list of str",
        "error with ints          | 1 | (id, [1])             | traceback line is not a str",
        "results as list          | 2 | (id, [1])             | metrics are not a dict",
        "results with int key     | 2 | (id, {1: 2})          | metric name is not a str",
        "concluded with extra     | 3 | (id, 'x')             | payload must be (job id,)",
        "resume with extra        | 4 | (id, 1)               | payload must be (job id,)",
        "progress as str          | 5 | (id, 'half')          | fraction is not a number",
        "progress as bool         | 5 | (id, True)            | fraction is not a number",
        "early report none        | 6 | (id, None)            | metrics are not a dict",
        "id as str                | 3 | ('7',)                | job id is not an int",
        "negative id              | 3 | (-1,)                 | outside 0..9223372036854775807",
        "id beyond 63 bits        | 3 | (2**64,)              | outside 0..9223372036854775807",
        "payload is a list        | 3 | [id]                  | payload is not a tuple",
    })
    void wrongPayloadShapesAreRefused(String name, int type, String payload, String reason) {
        String why = refused(message(p -> p.messageType(type), p -> payload(p, payload)));
        assertTrue(why.contains(reason), why);
    }

    @Test
    void theOuterStructureMustBeATypeAndPayload() {
        assertTrue(refused(PickleBytes.proto(4).integer(3).stop()).contains("not a (message type, payload) tuple"));
        assertTrue(refused(PickleBytes.proto(4).integer(9).integer(1).op(TUPLE1).op(TUPLE2).stop())
                .contains("unknown message type 9"));
        assertTrue(refused(PickleBytes.proto(4).str("JOB_CONCLUDED").integer(1).op(TUPLE1).op(TUPLE2).stop())
                .contains("not a MessageTypes member"));
        assertTrue(refused(message(p -> p.messageType(7), p -> p.integer(1).op(TUPLE1)))
                .contains("no member with value 7"));
    }

    @Test
    void aPlainIntTypeIsAcceptedLikeTheOriginalServerDoes() throws Exception {
        byte[] data = PickleBytes.proto(4).integer(3).integer(12).op(TUPLE1).op(TUPLE2).stop();
        assertEquals(new JobMessage.Concluded(12), decoder.decode(data));
    }

    @Test
    void a63BitJobIdIsALong() throws Exception {
        long id = 0x7fff_ffff_ffff_fff0L;
        byte[] data = message(p -> p.messageTypeByName("EXIT_FOR_RESUME"), p -> p.integer(id).op(TUPLE1));
        assertEquals(new JobMessage.ExitForResume(id), decoder.decode(data));
    }

    @Test
    void nestedMetricValuesAreNormalised() throws Exception {
        // {'a': (1, [2.5, None]), 'b': {'c': b'\x01'}}
        byte[] data = message(p -> p.messageType(6), p -> p.integer(4).op(EMPTY_DICT)
                .str("a").integer(1).op(EMPTY_LIST).op(MARK).op(BINFLOAT).raw(PickleBytes.hex("4004000000000000"))
                .op(NONE).op(APPENDS).op(TUPLE2).op(SETITEM)
                .str("b").op(EMPTY_DICT).str("c").op(SHORT_BINBYTES, 1, 1).op(SETITEM).op(SETITEM)
                .op(TUPLE2));
        JobMessage.EarlyReport m = assertInstanceOf(JobMessage.EarlyReport.class, decoder.decode(data));
        assertEquals(dev.clusterutils.value.PyTuple.of(1L, java.util.Arrays.asList(2.5, null)), m.metrics().get("a"));
        Map<?, ?> b = (Map<?, ?>) m.metrics().get("b");
        assertTrue(java.util.Arrays.equals(new byte[] {1}, (byte[]) b.get("c")));
    }

    /** Issue 16, defect 8: a nested dict holding None was dropped with a NullPointerException. */
    @Test
    void noneInsideANestedDictOfResultsIsDecoded() throws Exception {
        // (JOB_SENT_RESULTS, (3, {'a': {'b': None, 'c': 1}, 'd': {'e': None}})) as Python pickles it:
        // SETITEMS for several items, SETITEM for one
        byte[] data = message(p -> p.messageType(2), p -> p.integer(3).op(EMPTY_DICT).op(MARK)
                .str("a").op(EMPTY_DICT).op(MARK).str("b").op(NONE).str("c").integer(1).op(SETITEMS)
                .str("d").op(EMPTY_DICT).str("e").op(NONE).op(SETITEM)
                .op(SETITEMS).op(TUPLE2));
        JobMessage.SentResults m = assertInstanceOf(JobMessage.SentResults.class, decoder.decode(data));
        Map<?, ?> a = (Map<?, ?>) m.metrics().get("a");
        assertTrue(a.containsKey("b") && a.get("b") == null, a.toString());
        assertEquals(1L, a.get("c"));
        Map<?, ?> d = (Map<?, ?>) m.metrics().get("d");
        assertTrue(d.containsKey("e") && d.get("e") == null, d.toString());
    }

    // --- helpers -------------------------------------------------------------------------------

    private interface Part {
        PickleBytes write(PickleBytes p);
    }

    /** {@code (type, payload)} with the given writers for the type and the payload tuple. */
    private static byte[] message(Part type, Part payload) {
        PickleBytes p = PickleBytes.proto(4);
        type.write(p);
        payload.write(p);
        return p.op(TUPLE2).stop();
    }

    private static PickleBytes payload(PickleBytes p, String shape) {
        switch (shape) {
            case "(id,)" -> p.integer(7).op(TUPLE1);
            case "(id, 5)", "(id, 1)" -> p.integer(7).integer(shape.contains("5") ? 5 : 1).op(TUPLE2);
            case "(id, 'boom')" -> p.integer(7).str("boom").op(TUPLE2);
            case "(id, 'x')" -> p.integer(7).str("x").op(TUPLE2);
            case "(id, 'half')" -> p.integer(7).str("half").op(TUPLE2);
            case "(id, True)" -> p.integer(7).op(NEWTRUE).op(TUPLE2);
            case "(id, None)" -> p.integer(7).op(NONE).op(TUPLE2);
            case "(id, [1])" -> p.integer(7).op(EMPTY_LIST).integer(1).op(APPEND).op(TUPLE2);
            case "(id, {1: 2})" -> p.integer(7).op(EMPTY_DICT).integer(1).integer(2).op(SETITEM).op(TUPLE2);
            case "('7',)" -> p.str("7").op(TUPLE1);
            case "(-1,)" -> p.integer(-1).op(TUPLE1);
            case "(2**64,)" -> p.op(0x8a, 9).raw(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1}).op(TUPLE1);
            case "[id]" -> p.op(EMPTY_LIST).integer(7).op(APPEND);
            default -> throw new IllegalArgumentException(shape);
        }
        return p;
    }

    /** A JOB_SENT_RESULTS whose metric 'x' is a numpy scalar, pickled the way numpy 1.x does it. */
    private static byte[] numpyScalar(String code, String byteOrder, byte[] raw) {
        return message(p -> p.messageType(2), p -> p.integer(1).op(EMPTY_DICT).str("x")
                .global("numpy.core.multiarray", "scalar")
                .global("numpy", "dtype").str(code).op(0x89).op(NEWTRUE).op(TUPLE3).op(REDUCE)
                .op(MARK).integer(3).str(byteOrder).op(NONE, NONE, NONE).integer(-1).integer(-1).integer(0).op(TUPLE)
                .op(BUILD)
                .op(SHORT_BINBYTES, raw.length).raw(raw).op(TUPLE2).op(REDUCE)
                .op(SETITEM).op(TUPLE2));
    }

    private Object metric(byte[] data) throws MalformedMessageException {
        return ((JobMessage.SentResults) decoder.decode(data)).metrics().get("x");
    }

    /** JOB_SENT_RESULTS with {'deep': [[[...]]]} nested {@code lists} times. */
    private static byte[] nestedLists(int lists) {
        PickleBytes p = PickleBytes.proto(4).messageType(2).integer(1).op(EMPTY_DICT).str("deep");
        for (int i = 0; i < lists; i++) {
            p.op(EMPTY_LIST);
        }
        p.integer(0);
        for (int i = 0; i < lists; i++) {
            p.op(APPEND);
        }
        return p.op(SETITEM).op(TUPLE2).op(TUPLE2).stop();
    }
}
