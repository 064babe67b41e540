/**
 * {@code ./tanji bench}: the ledger and API benchmarks behind docs/benchmarks.md, each with its
 * baseline measured in the same run, loads on loopback only, bounded in time.
 */
package org.tanji.gateway.bench;
