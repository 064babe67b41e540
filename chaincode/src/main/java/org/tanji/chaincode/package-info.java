/**
 * Tanji's Java chaincode: one contract per business object (accreditations, footprints,
 * certifications and their labels). Every record is versioned and append-only, every state change
 * emits one chaincode event, and access is decided from the caller's X.509 identity plus on-ledger
 * accreditation, never from what the gateway claims.
 */
package org.tanji.chaincode;
