/**
 * Bad data (a CohortflowError) becomes a non-retryable ApplicationFailure whose type is the error's
 * class name; anything else is an infrastructure error that Temporal retries.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CohortflowError } from '../core/errors.js';

export function toFailure(e: unknown): unknown {
  if (e instanceof CohortflowError) return ApplicationFailure.create({ message: e.message, type: e.name, nonRetryable: e.nonRetryable });
  return e;
}

export async function withFailures<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toFailure(e);
  }
}
