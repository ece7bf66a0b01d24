/** Signals and queries of the study workflow, shared by the workflow and its clients. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RunStatus } from '../core/run-status.js';

export const statusQuery = defineQuery<RunStatus>('status');
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelStageSignal = defineSignal<[string]>('cancelStage');
/** A site coordinator approves a stage's results at a site (the optional QC gate). */
export const approveSignal = defineSignal<[{ stage: string; site: string }]>('approve');

/** Child → parent: progress of one stage at one site. */
export const siteProgressSignal = defineSignal<[{ stage: string; site: string; done: number; total: number; quarantined: number; attempts: number; state?: string }]>('siteProgress');
/** Parent → child: pause state and approval. */
export const childPauseSignal = defineSignal<[boolean]>('childPause');
export const childApproveSignal = defineSignal('childApprove');
