import { defineSearchAttributeKey } from '@temporalio/common';

/** Search attributes are not encrypted: they carry ids and states only, never PHI. */
export const StudyIdKey = defineSearchAttributeKey('StudyId', 'KEYWORD');
export const RunStatusKey = defineSearchAttributeKey('RunStatus', 'KEYWORD');
