/**
 * The inspection frameworks a document may belong to: a leaf module (no zod), so the CLI can
 * offer them as option choices without loading the document model.
 */
export const FRAMEWORKS = ['slac', 'cp2012', 'lac2012', 'sif', 'lscb_review', 'ilacs', 'ilacs2026', 'focused_visit', 'monitoring_visit', 'jtai',
  // Area SEND inspections (Ofsted and CQC): the 2023 framework, and the 2016-2022 local area SEND inspections and revisits.
  'area_send', 'local_area_send'] as const;
