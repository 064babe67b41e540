package org.tanji.gateway.security;

import java.util.Arrays;

/** The roles a client may hold. The chaincode sees the same name in the certificate's {@code tanji.role}. */
public enum Role {
    REGISTRY_ADMIN("registry-admin"),
    CERTIFIER("certifier"),
    COMPANY("company"),
    BANK("bank");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Spring Security authority for this role, e.g. {@code ROLE_certifier}. */
    public String authority() {
        return "ROLE_" + wireName;
    }

    public static Role of(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role " + wireName));
    }
}
