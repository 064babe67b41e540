/**
 * Accreditation of certification bodies by registry operators: grant within a scope, suspend,
 * withdraw. The chaincode enforces it on every footprint and certification.
 */
package org.tanji.gateway.accreditation;
