/** The demo registry seeded by {@code ./tanji serve --demo}: clients, an accreditation, footprints and labels. */
package org.tanji.gateway.demo;
