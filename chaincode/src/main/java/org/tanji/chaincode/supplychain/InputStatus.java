package org.tanji.chaincode.supplychain;

/**
 * An input link as read now: the link, and the supplier footprint's status on the ledger at the time
 * of reading. {@code flagged} is true once that footprint is {@code Deprecated}: the downstream
 * footprint rests on a supplier figure that has been replaced ({@code supersededBy}) and should be
 * recalculated.
 */
public record InputStatus(InputLink link, String supplierStatus, String supersededBy, boolean flagged) {
}
