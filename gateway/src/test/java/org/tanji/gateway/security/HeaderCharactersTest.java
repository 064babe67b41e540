package org.tanji.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/** The regex-free header checks accept exactly what Spring Security's strict firewall accepts. */
class HeaderCharactersTest {

    @Test
    void everyCodePointIsJudgedAsTheFirewallJudgesIt() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = "x" + new String(Character.toChars(cp)) + "y";
            assertThat(HeaderCharacters.NAMES.test(s)).as("name U+%04X", cp)
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(s));
            assertThat(HeaderCharacters.VALUES.test(s)).as("value U+%04X", cp)
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(s));
        }
    }

    @Test
    void realisticAndRandomHeadersAreJudgedAlike() {
        List<String> samples = new ArrayList<>(List.of("", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc", "application/json; charset=utf-8",
                "a\tb", "\t", "line\r\nbreak", "nul\u0000", "碳迹 标签", "\uD83D\uDD0B", "lone \uD800 surrogate", "\uDC00", "del\u007F"));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                b.append((char) (random.nextBoolean() ? random.nextInt(0x20, 0x7F) : random.nextInt(0x10000)));
            }
            samples.add(b.toString());
        }
        assertThat(HeaderCharacters.VALUES.test(null)).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null)).isTrue();
        assertThat(HeaderCharacters.NAMES.test(null)).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(null));
        for (String s : samples) {
            assertThat(HeaderCharacters.NAMES.test(s)).as("name %s", s).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(s));
            assertThat(HeaderCharacters.VALUES.test(s)).as("value %s", s).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(s));
        }
    }
}
