package org.tanji.gateway.signing;

import java.io.PrintStream;

/** Lets tests in other packages run the offline verifier without exiting the JVM. */
public final class OfflineVerifierAccess {
    private OfflineVerifierAccess() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return OfflineVerifier.run(args, out, err);
    }
}
