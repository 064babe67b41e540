package org.tanji.gateway.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a call to the server under test times out, records what every thread of this JVM (the
 * server runs in it) was doing, on the failure itself. A hang seen once on a loaded CI machine is
 * then diagnosable from the report instead of lost.
 */
final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (timedOut(thrown)) {
            thrown.addSuppressed(new ThreadDump(dump()));
        }
        throw thrown;
    }

    private static boolean timedOut(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || (t.getMessage() != null && t.getMessage().contains("Timeout on blocking read"))) {
                return true;
            }
        }
        return false;
    }

    static String dump() {
        StringBuilder out = new StringBuilder("threads at the timeout:\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private static final class ThreadDump extends RuntimeException {
        ThreadDump(String dump) {
            super(dump, null, false, false);
        }
    }
}
