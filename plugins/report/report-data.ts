/**
 * The input of the study report: everything `renderReport` draws, as plain JSON-safe aggregates.
 * The `report.html` stage builds it from the run (status, globals of the model and validation
 * stages); `cohortflow report` and tests can build it directly. Every field except `study` is
 * optional: a section without data is left out with a note, never drawn from made-up numbers.
 */

/** One site's external-validation result (what `evaluate.external` returns per site). */
export interface SiteValidation {
  n: number;
  events: number;
  auc: number;
  /** DeLong CI at 95%. */
  aucCi: [number, number];
  aucVariance?: number;
  /** Stratified bootstrap percentile CI at 95%. */
  bootstrapCi?: [number, number];
  brier?: number;
  calibration?: { intercept: number; slope: number; citl: number };
  /** ResourceSelection grouping; df = g − 2. */
  hosmerLemeshow?: { statistic: number; df: number; pValue: number };
  /** Metrics at the threshold chosen on the training data (Youden). */
  thresholdMetrics?: { threshold: number; accuracy: number; sensitivity: number; specificity: number; ppv: number; npv: number };
  /** ROC curve (fpr ascending). */
  roc?: { fpr: number; tpr: number }[];
  /** Bootstrap 95% band of sensitivity at each false-positive rate. */
  rocBand?: { fpr: number; lower: number; upper: number }[];
  /** Binned calibration: mean predicted vs observed event rate. */
  calibrationCurve?: { predicted: number; observed: number }[];
  /** Net benefit of the model and of treating all (dcurves conventions). */
  decisionCurve?: { threshold: number; model: number; treatAll: number }[];
}

export interface ReportStage {
  name: string;
  type: string;
  kind: 'site' | 'federated' | 'central';
  /** Upstream stages (the DAG's edges). */
  after: string[];
  state?: string;
  /** Per-site run: state, start/end (ISO) and cases. Central stages use the site name 'coordinator'. */
  sites: { site: string; state?: string; startedAt?: string; endedAt?: string; cases?: number; quarantined?: number }[];
}

export interface SiteDataSummary {
  site: string;
  cases: number;
  /** Outcome events (label = 1). */
  events?: number;
  /** Role in the validation design. */
  role?: 'training' | 'external' | 'both';
  /** Any further per-site aggregates worth a column (e.g. "age (mean)": 63.1). */
  extra?: Record<string, string | number>;
}

export interface ReportModel {
  /** e.g. "LASSO logistic regression (glmnet conventions)". */
  description: string;
  trainingSites: string[];
  intercept?: number;
  /** Selected features with coefficients on the original scale (non-zero only). */
  coefficients: { feature: string; coefficient: number }[];
  /** Candidate features before selection. */
  candidateFeatures?: number;
  lambda?: number;
  lambdaRule?: string;
  alpha?: number;
  /** CV curve (glmnet cvm ± cvsd by λ). */
  cv?: { lambda: number[]; cvm: number[]; cvsd: number[]; lambdaMin: number; lambda1se: number };
}

export interface ReportData {
  study: {
    id: string;
    runId?: string;
    title?: string;
    /** ISO time the report was generated. */
    generatedAt: string;
    sites: string[];
    outcome?: string;
  };
  stages?: ReportStage[];
  siteSummaries?: SiteDataSummary[];
  model?: ReportModel;
  /** External validation per held-out site. */
  validation?: Record<string, SiteValidation>;
  /** Pairwise paired DeLong tests between models or feature sets, per site. */
  comparisons?: { site: string; a: string; b: string; difference: number; z: number; pValue: number }[];
  /** SHAP summary: mean |φ| per feature (and optional spread). */
  shap?: { feature: string; meanAbs: number; q05?: number; q95?: number }[];
  /** ComBat effect: a site-effect statistic per feature before and after harmonization. */
  harmonization?: { feature: string; before: number; after: number; statistic?: string }[];
  /** Nomogram of the logistic model: points per axis tick, and total points → risk. */
  nomogram?: {
    pointsPerUnit: number;
    axes: { name: string; ticks: { label: string; points: number }[] }[];
    risk: { points: number; risk: number }[];
  };
  /** ICC per feature (reliability). */
  icc?: { feature: string; icc: number }[];
  /** Free-text notes shown at the end (e.g. what was not run). */
  notes?: string[];
}
