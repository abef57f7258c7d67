package dev.herald.broker.group;

/**
 * A committed offset as the coordinator holds it.
 *
 * @param logOffset where its record sits in {@code __consumer_offsets}: of two commits for one partition that
 *                  complete out of order, the later record wins, as it does after replay
 */
record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs, long logOffset) { }
