package org.tanji.chaincode.support;

import java.nio.charset.StandardCharsets;

import org.hyperledger.fabric.shim.ChaincodeException;

/** A refusal with an {@link ErrorCode} payload, as the contract router reports it to clients. */
public final class TanjiException extends ChaincodeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public TanjiException(ErrorCode code, String message) {
        super(message, code.name().getBytes(StandardCharsets.UTF_8));
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static TanjiException invalid(String message) {
        return new TanjiException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static TanjiException notFound(String message) {
        return new TanjiException(ErrorCode.NOT_FOUND, message);
    }

    public static TanjiException denied(String message) {
        return new TanjiException(ErrorCode.ACCESS_DENIED, message);
    }

    public static TanjiException conflict(String message) {
        return new TanjiException(ErrorCode.CONFLICT, message);
    }
}
