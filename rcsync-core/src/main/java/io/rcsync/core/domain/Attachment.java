package io.rcsync.core.domain;

/** An attachment of a message (MMS media or the text part), kept for a future conversation view. */
public record Attachment(String id, String uri, String type, String contentType) {}
