/**
 * Wire types of the report methods (contract.ts): what the Export dialog and the Reports area
 * ask for and get back. The document itself is schemas/report.ts.
 */
import type { ReportFormat, ReportSection } from './names';

/** What to report on, and how. Several runs (or profiles) make an A/B report: A first. */
export interface ReportRequest {
  /** Runs (sweeps or imported results) by id, in order: A, B, … */
  runs: string[];
  /** Profiles by id, in order: A, B, … */
  profiles: string[];
  /** Sections to include, in any order (shown in the report's own order); omitted = all. */
  sections?: ReportSection[];
  /** The report's title; omitted = made from the inputs' names. */
  title?: string;
  /** Latency budget of the sweet spot, ms; omitted = the middle of the measured latencies. */
  budgetMs?: number;
  /** Free text shown in the report's Notes. */
  notes?: string;
}

/** The live preview: the report's HTML, exactly as an HTML export would write it. */
export interface ReportPreview {
  html: string;
  title: string;
  /** Sections that had something to show (a section without data is left out). */
  sections: ReportSection[];
}

/** An exported report as the Reports area lists it. */
export interface ReportEntry {
  /** Stable id in this workspace. */
  id: string;
  title: string;
  format: ReportFormat;
  /** ISO time exported. */
  createdAt: string;
  /** The request it was made from: exporting it again uses it. */
  request: ReportRequest;
  /** Names of the inputs, for the list. */
  inputs: string[];
  /** The file people download (a zip for CSV and Markdown) and its size. */
  fileName: string;
  sizeBytes: number;
  /** Where it is stored on the host. */
  path: string;
  /** The copy saved into the results folder of the settings, if one is set. */
  copy: string | null;
}

/** A stored report's file, for the page to save (base64: PDF and zip are binary). */
export interface ReportFile {
  fileName: string;
  mimeType: string;
  base64: string;
}
