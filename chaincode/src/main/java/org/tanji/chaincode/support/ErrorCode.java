package org.tanji.chaincode.support;

/**
 * Why a contract refused a call. The code travels as the {@code ChaincodeException} payload so
 * that gateways can map it to a status without parsing messages.
 */
public enum ErrorCode {
    /** The input is malformed or breaks a rule of the record type. */
    INVALID_ARGUMENT,
    /** The referenced record does not exist. */
    NOT_FOUND,
    /** A record with this id already exists; records are never overwritten. */
    ALREADY_EXISTS,
    /** The caller's identity or role may not perform this action. */
    ACCESS_DENIED,
    /** The caller is a certifier without an active accreditation covering this scope. */
    NOT_ACCREDITED,
    /** The record's current state does not allow this transition. */
    CONFLICT,
    /** A green-electricity certificate in the request is already claimed; the message names the earlier claim. */
    ALREADY_CLAIMED,
    /** Green certificates would cover more electricity than the footprint's calculation consumed. */
    EXCEEDS_CONSUMPTION,
    /** The footprint's ledger record holds no electricity consumption (it was not calculated), so nothing can be claimed against it. */
    NO_CONSUMPTION,
    /** A green certificate's generation year is not a year of the reference period it would count for. */
    OUTSIDE_REFERENCE_PERIOD,
    /** No grading benchmark applies to the footprint's category, unit and day. */
    NO_BENCHMARK,
    /** A value the ledger holds fails its own check: not the caller's fault, and worth an operator's attention. */
    INTEGRITY
}
