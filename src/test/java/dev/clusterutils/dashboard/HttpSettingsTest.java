package dev.clusterutils.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    private static HttpSettings of(Map<String, String> p) {
        return HttpSettings.from(p::get);
    }

    @Test
    void offWithoutAPortButAHostsTokenStillCounts() {
        assertFalse(of(Map.of(HttpSettings.ADDRESS, "0.0.0.0")).enabled());
        HttpSettings host = of(Map.of(HttpSettings.TOKEN, "h0st", HttpSettings.CAMEL_CONSOLE, "true"));
        assertFalse(host.enabled());
        assertEquals("h0st", host.token());
        assertTrue(host.camelConsole());
    }

    @Test
    void loopbackByDefaultAndWithoutToken() {
        HttpSettings s = of(Map.of(HttpSettings.PORT, "8080"));
        assertEquals("127.0.0.1", s.address());
        assertTrue(s.loopback());
        assertNull(s.token());
        assertEquals("http://127.0.0.1:8080/", s.url());
        assertTrue(of(Map.of(HttpSettings.PORT, "8080", HttpSettings.ADDRESS, "localhost")).loopback());
        assertTrue(of(Map.of(HttpSettings.PORT, "8080", HttpSettings.ADDRESS, "::1")).loopback());
    }

    @Test
    void anyOtherAddressGetsARandomTokenUnlessOneIsGiven() {
        HttpSettings a = of(Map.of(HttpSettings.PORT, "8080", HttpSettings.ADDRESS, "0.0.0.0"));
        HttpSettings b = of(Map.of(HttpSettings.PORT, "8080", HttpSettings.ADDRESS, "0.0.0.0"));
        assertFalse(a.loopback());
        assertTrue(a.token().length() >= 40, a.token());
        assertNotEquals(a.token(), b.token());
        assertTrue(a.url().endsWith(":8080/?token=" + a.token()), a.url());
        assertEquals("s3cret", of(Map.of(HttpSettings.PORT, "8080", HttpSettings.ADDRESS, "0.0.0.0", HttpSettings.TOKEN, "s3cret")).token());
        // a token asked for on loopback is required too
        assertEquals("t", of(Map.of(HttpSettings.PORT, "8080", HttpSettings.TOKEN, "t")).token());
    }

    @Test
    void malformedValuesNameTheirProperty() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of(HttpSettings.PORT, "http"))).getMessage()
                .startsWith("cu.http.port=http"));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(HttpSettings.PORT, "70000")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(HttpSettings.PORT, "-1")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(HttpSettings.PORT, "1", HttpSettings.CAMEL_CONSOLE, "yes")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(HttpSettings.PORT, "1", HttpSettings.ADDRESS, "no-such-host.invalid")));
    }

    @Test
    void portZeroIsAFreePortChosenAtOnceAndPrintedInTheUrl() throws Exception {
        HttpSettings s = of(Map.of(HttpSettings.PORT, "0"));
        assertTrue(s.enabled());
        assertTrue(s.port() > 0 && s.port() <= 65535, "port " + s.port());
        assertTrue(s.url().startsWith("http://127.0.0.1:" + s.port() + "/"), s.url());
        s.checkBindable();
    }

    @Test
    void aTakenPortIsToldBeforeAnythingRuns() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HttpSettings s = of(Map.of(HttpSettings.PORT, Integer.toString(taken.getLocalPort())));
            java.io.IOException e = assertThrows(java.io.IOException.class, s::checkBindable);
            assertTrue(e.getMessage().startsWith("127.0.0.1:" + taken.getLocalPort() + " cannot be bound for the dashboard"), e.getMessage());
        }
        HttpSettings.off().checkBindable();
    }
}
