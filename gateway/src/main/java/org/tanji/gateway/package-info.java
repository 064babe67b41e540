/**
 * The Tanji gateway: a reactive Spring Boot service. Its packages are capabilities (footprint,
 * certification, label, accreditation), the ledger port and its adapters, the off-chain store,
 * and security.
 */
package org.tanji.gateway;
