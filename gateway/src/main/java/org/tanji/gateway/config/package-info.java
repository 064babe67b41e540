/** Configuration: the {@code tanji.*} properties and the URLs the registry prints. */
package org.tanji.gateway.config;
