package org.tanji.gateway.signing;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A label's QR text, parsed or about to be printed; the format is described in
 * {@code package-info.java}. Values are held decoded; times are held in their wire form (epoch
 * seconds with an optional fraction), which is also what is signed, so nothing is lost in a
 * round trip. {@code kid} and {@code sig} are {@code null} in an unsigned {@code /l/} link.
 */
public record QrText(String base, String labelId, String gtin, String lot, String serial, String value, String unit,
                     String grade, String validUntil, String issuedAt, String kid, String sig) {

    /** The longest text accepted, in characters (and, since it is ASCII, bytes). */
    public static final int MAX_LENGTH = 2048;
    /** GS1 limits AI 10 (lot) and AI 21 (serial) to 20 characters. */
    public static final int MAX_GS1_FIELD = 20;
    private static final String DOMAIN = "TANJI-LABEL-1";
    private static final Pattern BASE = Pattern.compile("^https?://[A-Za-z0-9.-]+(:\\d{1,5})?|^https?://\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("^(/[A-Za-z0-9._~-]+)*$");
    private static final Pattern LABEL_ID = Pattern.compile("^[A-Z2-7]{26,64}$");
    private static final Pattern GS1_CHARS = Pattern.compile("^[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}$");
    private static final Pattern TIME = Pattern.compile("^\\d{1,12}(\\.\\d{0,8}[1-9])?$");
    private static final Pattern KID = Pattern.compile("^[A-Za-z0-9_-]{16}$");
    private static final Pattern SIG = Pattern.compile("^[A-Za-z0-9_-]{86}$");
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d+(\\.\\d+)?$");

    /** The text is not a label text of this format; the message says what is wrong with it. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    public boolean signed() {
        return sig != null;
    }

    /** The text as printed: canonical, so it can be compared with a scanned text character by character. */
    public String format() {
        StringBuilder url = new StringBuilder(base);
        if (gtin == null) {
            url.append("/l/").append(labelId);
        } else {
            url.append("/01/").append(gtin);
            if (lot != null) {
                url.append("/10/").append(encode(lot));
            }
            if (serial != null) {
                url.append("/21/").append(encode(serial));
            }
        }
        if (!signed()) {
            return gtin == null ? url.toString() : url.append("?l=").append(labelId).toString();
        }
        url.append('?');
        if (gtin != null) {
            url.append("l=").append(labelId).append('&');
        }
        url.append("v=").append(encode(value)).append("&u=").append(encode(unit)).append("&g=").append(encode(grade))
                .append("&e=").append(validUntil).append("&i=").append(issuedAt).append("&k=").append(kid)
                .append("&s=").append(sig);
        return url.toString();
    }

    /** The bytes the certifier signs: a domain tag and every signed field, one per line, empty when absent. */
    public byte[] signedBytes() {
        return String.join("\n", DOMAIN, labelId, orEmpty(gtin), orEmpty(lot), orEmpty(serial), value, unit, grade,
                validUntil, issuedAt, kid).getBytes(StandardCharsets.UTF_8);
    }

    public QrText withSignature(String newKid, byte[] signature) {
        return new QrText(base, labelId, gtin, lot, serial, value, unit, grade, validUntil, issuedAt, newKid,
                Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    }

    public byte[] signatureBytes() {
        return sig == null ? null : Base64.getUrlDecoder().decode(sig);
    }

    public Instant issuedAtInstant() {
        return instant(issuedAt);
    }

    public Instant validUntilInstant() {
        return instant(validUntil);
    }

    /** An unsigned text for the given facts; sign {@link #signedBytes()} and add it with {@link #withSignature}. */
    public static QrText unsigned(String base, String labelId, String gtin, String lot, String serial, String value,
                                  String unit, String grade, Instant validUntil, Instant issuedAt) {
        if (gtin == null && (lot != null || serial != null)) {
            throw new IllegalArgumentException("a lot or serial needs a GTIN");
        }
        for (String gs1 : new String[] {lot, serial}) {
            if (gs1 != null && !GS1_CHARS.matcher(gs1).matches()) {
                throw new IllegalArgumentException("GS1 lot and serial numbers are 1 to 20 characters of GS1's set 82: \"" + gs1 + "\"");
            }
        }
        return new QrText(base, labelId, gtin, lot, serial, value, unit, grade, time(validUntil), time(issuedAt), null, null);
    }

    /** Epoch seconds, with the fraction only as long as needed: {@code 1767225600}, {@code 1767225600.25}. */
    public static String time(Instant t) {
        if (t.getNano() == 0) {
            return Long.toString(t.getEpochSecond());
        }
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros().toPlainString();
    }

    static Instant instant(String wire) {
        BigDecimal d = new BigDecimal(wire);
        long seconds = d.longValue();
        return Instant.ofEpochSecond(seconds, d.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValueExact());
    }

    /**
     * Parses a scanned text, strictly: a URL with an {@code /l/{labelId}} or GS1 Digital Link
     * {@code /01/{gtin}[/10/{lot}][/21/{serial}]} path and this format's query. An unsigned text
     * (no query on {@code /l/}, or only {@code l=} on a Digital Link) parses with {@code sig == null}.
     *
     * @throws Malformed naming what is wrong
     */
    public static QrText parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new Malformed("the text is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new Malformed("the text is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new Malformed("the text contains a character a label URL never has (U+" + String.format("%04X", (int) c)
                        + " at position " + i + ")");
            }
        }
        var baseMatch = BASE.matcher(text);
        if (!baseMatch.find()) {
            throw new Malformed("the text is not an http(s) URL");
        }
        String afterHost = text.substring(baseMatch.end());
        if (afterHost.indexOf('#') >= 0) {
            throw new Malformed("a label URL has no fragment (#)");
        }
        int q = afterHost.indexOf('?');
        String fullPath = q < 0 ? afterHost : afterHost.substring(0, q);
        // The registry may be published under a path prefix (https://host/registry/l/...).
        int start = firstOf(fullPath, "/l/", "/01/");
        if (start < 0 || !PREFIX.matcher(fullPath.substring(0, start)).matches()) {
            throw new Malformed("the path is neither /l/{labelId} nor a GS1 Digital Link /01/{gtin}");
        }
        String base = baseMatch.group() + fullPath.substring(0, start);
        String path = fullPath.substring(start);
        Map<String, String> query = query(q < 0 ? null : afterHost.substring(q + 1));
        String labelId;
        String gtin = null;
        String lot = null;
        String serial = null;
        if (path.startsWith("/l/")) {
            labelId = path.substring(3);
            if (!LABEL_ID.matcher(labelId).matches()) {
                throw new Malformed("the label id in /l/ is not a label id (26 to 64 characters A-Z, 2-7)");
            }
            if (query.containsKey("l")) {
                throw new Malformed("an /l/ URL names its label in the path, not in l=");
            }
        } else if (path.startsWith("/01/")) {
            String[] segments = path.substring(1).split("/", -1);
            if (segments.length % 2 != 0) {
                throw new Malformed("a GS1 Digital Link path is pairs of /{AI}/{value}");
            }
            gtin = gtin(decode(segments[1], "GTIN"));
            for (int i = 2; i < segments.length; i += 2) {
                String ai = segments[i];
                String value = decode(segments[i + 1], "AI " + ai);
                if ("10".equals(ai) && lot == null && serial == null) {
                    lot = gs1Field(value, "lot (AI 10)");
                } else if ("21".equals(ai) && serial == null) {
                    serial = gs1Field(value, "serial (AI 21)");
                } else {
                    throw new Malformed("a GTIN Digital Link here may only go on with /10/{lot} and then /21/{serial}; got /" + ai + "/");
                }
            }
            labelId = query.get("l");
            if (labelId == null) {
                throw new Malformed("the Digital Link carries no Tanji label id (l=)");
            }
            if (!LABEL_ID.matcher(labelId).matches()) {
                throw new Malformed("l= is not a label id (26 to 64 characters A-Z, 2-7)");
            }
        } else {
            throw new Malformed("the path is neither /l/{labelId} nor a GS1 Digital Link /01/{gtin}");
        }
        int signedFields = query.size() - (gtin == null ? 0 : 1);
        if (signedFields == 0) {
            return new QrText(base, labelId, gtin, lot, serial, null, null, null, null, null, null, null);
        }
        for (String key : new String[] {"v", "u", "g", "e", "i", "k", "s"}) {
            if (!query.containsKey(key)) {
                throw new Malformed("the signed text lacks its " + key + "= parameter");
            }
        }
        String value = query.get("v");
        if (!DECIMAL.matcher(value).matches()) {
            throw new Malformed("v= must be a decimal number");
        }
        for (String key : new String[] {"e", "i"}) {
            if (!TIME.matcher(query.get(key)).matches()) {
                throw new Malformed(key + "= must be epoch seconds (digits, an optional fraction without trailing zeros)");
            }
        }
        if (!KID.matcher(query.get("k")).matches()) {
            throw new Malformed("k= must be a 16-character key id (base64url)");
        }
        if (!SIG.matcher(query.get("s")).matches()) {
            throw new Malformed("s= must be a 64-byte signature in base64url (86 characters)");
        }
        return new QrText(base, labelId, gtin, lot, serial, value, query.get("u"), query.get("g"), query.get("e"),
                query.get("i"), query.get("k"), query.get("s"));
    }

    private static int firstOf(String path, String a, String b) {
        int i = path.indexOf(a);
        int j = path.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null) {
            return params;
        }
        if (raw.isEmpty()) {
            throw new Malformed("the query after ? is empty");
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Malformed("the query has a part that is not name=value: \"" + pair + "\"");
            }
            String name = pair.substring(0, eq);
            if (!name.matches("[lvugeiks]")) {
                throw new Malformed("unknown query parameter \"" + name + "\"");
            }
            String value = decode(pair.substring(eq + 1), name + "=");
            if (value.isEmpty()) {
                throw new Malformed(name + "= is empty");
            }
            if (params.put(name, value) != null) {
                throw new Malformed(name + "= appears twice");
            }
        }
        return params;
    }

    private static String gtin(String value) {
        if (!value.matches("\\d{8}|\\d{12}|\\d{13}|\\d{14}")) {
            throw new Malformed("the GTIN must be 8, 12, 13 or 14 digits");
        }
        String padded = "0".repeat(14 - value.length()) + value;
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (padded.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        if ((10 - sum % 10) % 10 != padded.charAt(13) - '0') {
            throw new Malformed("the GTIN's check digit is wrong");
        }
        return padded;
    }

    private static String gs1Field(String value, String what) {
        if (!GS1_CHARS.matcher(value).matches()) {
            throw new Malformed("the " + what + " must be 1 to " + MAX_GS1_FIELD + " characters of GS1's character set 82");
        }
        return value;
    }

    /** Strict percent-decoding to UTF-8; {@code +} is a plus sign, not a space. */
    private static String decode(String raw, String what) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new Malformed(what + " has a cut-off %-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Malformed(what + " has a bad %-escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(what + " is not UTF-8 once %-decoded");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new Malformed(what + " contains a control character once %-decoded");
            }
        }
        return decoded;
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, with upper-case hex. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
