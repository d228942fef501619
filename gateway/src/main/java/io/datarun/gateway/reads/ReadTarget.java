package io.datarun.gateway.reads;

/** One record a request reads: a subject's record in a dataset. */
public record ReadTarget(String datasetId, String subjectId) {
}
