// The model as the unit-test support files see it: the one place that names src/model paths,
// so that moving model files changes this file only.
export { FIELDS, FIELD_IDS, editTuning, readTuning } from "../../../src/model/domain/domain-xml.ts";
export type { TuningChange } from "../../../src/model/types.ts";
