/**
 * Typed errors. Each says what went wrong, where (site, case, file) and how to fix it.
 * `nonRetryable` errors are bad data: retrying cannot help, so activities turn them into
 * non-retryable Temporal failures of the same type name.
 */
export interface ErrorWhere {
  site?: string;
  caseId?: string;
  file?: string;
}

export class CohortflowError extends Error {
  readonly nonRetryable: boolean = true;
  constructor(
    message: string,
    readonly where: ErrorWhere = {},
    readonly fix?: string,
  ) {
    super(formatMessage(message, where, fix));
    this.name = new.target.name;
  }
}

function formatMessage(message: string, where: ErrorWhere, fix?: string): string {
  const at = [
    where.site && `site ${where.site}`,
    where.caseId && `case ${where.caseId}`,
    where.file && `file ${where.file}`,
  ].filter(Boolean);
  return `${at.length ? at.join(', ') + ': ' : ''}${message}${fix ? `. ${fix}` : ''}`;
}

/** The input is malformed or missing (unreadable file, bad column, wrong type). */
export class InvalidInputError extends CohortflowError {}
/** Image and mask (or two images) do not share size, spacing, origin or direction. */
export class GeometryMismatchError extends CohortflowError {}
/** The mask has no voxel of the requested label, or too few to compute a feature. */
export class EmptyRegionError extends CohortflowError {}
/** A study file or its parameters are invalid. */
export class StudyValidationError extends CohortflowError {}
/** A federated partial would leak row-level data or comes from too few cases. */
export class PrivacyViolationError extends CohortflowError {}
/** A model file does not fit the data it is asked to process. */
export class ModelMismatchError extends CohortflowError {}
/** A numerical procedure cannot proceed (singular matrix, no convergence). */
export class NumericalError extends CohortflowError {}
