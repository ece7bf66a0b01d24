export { studyWorkflow } from './study.js';
export { siteStageWorkflow } from './site-stage.js';
