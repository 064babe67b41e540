package org.tanji.chaincode.support;

import java.security.cert.X509Certificate;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;

/**
 * Who is calling, as the ledger sees it: the MSP that vouches for the certificate, the
 * certificate's common name, and the role carried in the certificate's {@code tanji.role}
 * attribute (Fabric CA attribute extension). The name {@code "<mspId>/<CN>"} is the stable id by
 * which accreditations and records refer to an identity.
 */
public record Caller(String mspId, String commonName, String role) {

    public static final String ROLE_ATTRIBUTE = "tanji.role";
    public static final String REGISTRY_ADMIN = "registry-admin";
    public static final String CERTIFIER = "certifier";
    public static final String COMPANY = "company";
    public static final String BANK = "bank";

    public static Caller of(Context ctx) {
        ClientIdentity identity = ctx.getClientIdentity();
        String role = identity.getAttributeValue(ROLE_ATTRIBUTE);
        return new Caller(identity.getMSPID(), commonName(identity.getX509Certificate()), role == null ? "" : role);
    }

    public String id() {
        return mspId + "/" + commonName;
    }

    /**
     * The MSP of a ledger id {@code "<mspId>/<CN>"}, as {@link #id()} builds it: what the ledger knows
     * of another party's organisation, e.g. whose implicit private data collection it reads from.
     * The id must already be checked to hold a {@code '/'}.
     */
    public static String mspOf(String ledgerId) {
        return ledgerId.substring(0, ledgerId.indexOf('/'));
    }

    public boolean is(String wanted) {
        return wanted.equals(role);
    }

    public void require(String wanted, String action) {
        if (!is(wanted)) {
            throw TanjiException.denied(action + " requires role " + wanted + "; caller " + id()
                    + " has role '" + role + "'");
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw TanjiException.denied("the caller's certificate subject is unreadable");
        }
        throw TanjiException.denied("the caller's certificate has no common name");
    }
}
