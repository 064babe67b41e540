package org.tanji.chaincode.certification;

/** A certification body's decision on a footprint's label. */
public enum Decision {
    GRANTED, SUSPENDED, REVOKED, RENEWED
}
