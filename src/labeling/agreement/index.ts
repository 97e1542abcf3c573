/** labeling/agreement: inter-annotator agreement (percent, Cohen's κ, Fleiss' κ, Krippendorff's α) and its per-project report. */
export {
  type AgreementAnnotation,
  type AgreementReport,
  type AnnotatorAgreement,
  agreementReport,
  type ItemAgreement,
  strictMajority,
} from './report.js';
export {
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  type LabelValue,
  percentAgreement,
} from './statistics.js';
