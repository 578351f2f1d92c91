import type { Unit } from './units.js';
import { exactGrade } from './grades.js';

/**
 * Section headings. Readers mark headings where the source does (Markdown #, DOCX
 * heading styles, PDF font size); converted documents often lose that, so a short,
 * unpunctuated line standing alone also counts.
 */
export function isHeading(u: Unit): boolean {
  if (u.kind === 'heading') return !exactGrade(u.text);
  if (u.kind !== 'paragraph') return false;
  return looksLikeHeading(u.text);
}

export function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  if (t.length < 3 || t.length > 130) return false;
  if (!/^[A-Z0-9]/.test(t)) return false;
  if (/^\d{1,3}\.\s/.test(t)) return false; // numbered paragraph
  if (/[.,;]$/.test(t)) return false;
  if (exactGrade(t)) return false;
  if (t.split(/\s+/).length > 16) return false;
  return true;
}

/** Headings that only structure a section; the area heading above them names it better. */
const GENERIC = /^(?:inspection findings|summary|key findings|findings|areas? for (?:improvement|development)|what needs to improve.*|contents)$/i;

export function isGenericHeading(text: string): boolean {
  return GENERIC.test(text.trim());
}

/** True for the heading of a recommendations list, in any framework's words. */
export function isRecommendationsHeading(text: string): boolean {
  return /^(?:recommendations|areas? for (?:improvement|development)|priority (?:and immediate )?actions?|what needs to improve\b.*|what does the (?:local authority|la|lscb|local safeguarding children board) need to (?:do to )?improve\??):?$/i.test(text.trim());
}

/** The LSCB review part of a SIF report, or a bound-in LSCB report. */
export function isLscbHeading(text: string): boolean {
  const t = text.trim();
  if (/^(?:the )?local safeguarding children board\b|^review of the effectiveness of the local safeguarding children board|^the lscb\b/i.test(t)) return true;
  // "Section 2: The effectiveness of the Local Safeguarding Children Board", "Section 2: The effectiveness local
  // safeguarding children board", "The effectiveness of the X Safeguarding Children Board".
  return /^(?:section \d+\s*[:.–-]?\s*)?(?:the )?(?:review of )?(?:the )?effectiveness (?:of )?(?:the )?(?:lscb\b|.{0,40}?safeguarding children board)/i.test(t)
    || /^section \d+\b.{0,80}\b(?:lscb|safeguarding children board)\b/i.test(t);
}

/** Headings that end the LSCB part (the report's closing matter). */
export function isClosingHeading(text: string): boolean {
  return /^(?:information about this (?:inspection|review)|the inspection team|annex\b|appendix\b)/i.test(text.trim());
}
