/** Deterministic multi-centre phantom studies (see generate-study.ts). */
export { generateSyntheticStudy, syntheticCaseId, type SyntheticCaseRow, type SyntheticManifest, type SyntheticStudyOptions } from './generate-study.js';
export { defaultSiteNames, scannerProfile, type ScannerProfile } from './scanner-profiles.js';
export { deriveSeed, Prng } from '../../core/random.js';
