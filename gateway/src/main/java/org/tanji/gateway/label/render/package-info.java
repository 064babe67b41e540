/**
 * Renderings of a label: its QR code (PNG, SVG), its printable artwork (SVG) and its A4
 * certificate (PDF), each from the label's live verification and its {@code QrTexts} text.
 */
package org.tanji.gateway.label.render;
