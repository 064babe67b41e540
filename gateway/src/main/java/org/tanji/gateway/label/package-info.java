/**
 * Carbon labels as consumers meet them: the public verification JSON and page, with status judged
 * live from the ledger and a cache that the ledger's events invalidate.
 */
package org.tanji.gateway.label;
