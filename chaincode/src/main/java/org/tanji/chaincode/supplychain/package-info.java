/**
 * Footprint requests between companies, anchored: who asked whom for which product, and what was
 * delivered: the hash of the exact document, the footprint it carries, and whether and by whom that
 * footprint was certified at delivery. The leader can later prove what it received; the supplier
 * cannot deny what it sent.
 */
package org.tanji.chaincode.supplychain;
