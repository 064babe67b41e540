/**
 * Certification decisions (grant, suspend, revoke, renew) recorded on the ledger by accredited
 * certification bodies; a grant issues a label with an unguessable id.
 */
package org.tanji.gateway.certification;
