package io.medasr.whisper;

/** One cross-attention head (0-based decoder layer and head) whose attention follows the speech. */
public record AlignmentHead(int layer, int head) {}
