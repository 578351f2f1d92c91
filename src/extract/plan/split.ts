/**
 * Cells that hold several things: an Actions cell with "(1) ... (2) ... EMBEDDING (3) ...",
 * a Progress cell with "(1) On track ... (2) Completed ...", a lead cell with one lead
 * group per action ("QA Mgr. SM QA LSCB SP"), a lead cell naming several people
 * ("Teresa De Vito Vikki Rix").
 */
import { normalizeSpace } from '../../util/text.js';
import { PHASE_LABELS, ROLE_NOUN } from './vocabulary.js';
import { isWholeNumber } from '../text-rules.js';

const norm = normalizeSpace;

/** Phase labels some plans put above groups of actions ("MUST DO", "EMBEDDING"; data/plan-vocabulary.json). */
const PHASE_IN = new RegExp(`(?<=^|\\s)(${PHASE_LABELS})(?=\\s|$)`);

export interface ActionSegment {
  kind: 'label' | 'action' | 'cont';
  /** The action's number as written ("1", "11"), for kind 'action' with a marker. */
  num: string | null;
  /** Text without the "(n)" marker. */
  text: string;
}

/** Segments of an Actions cell: phase labels, "(n) ..." actions, and leading continuation text. */
export function actionSegments(paragraphs: string[]): ActionSegment[] {
  const segs: ActionSegment[] = [];
  const push = (text: string): void => {
    const t = norm(text);
    if (!t) return;
    const prev = segs[segs.length - 1];
    if (prev && prev.kind !== 'label') prev.text = norm(`${prev.text} ${t}`);
    else if (prev) segs.push({ kind: 'action', num: null, text: t });
    else segs.push({ kind: 'cont', num: null, text: t });
  };
  const re = new RegExp(`${PHASE_IN.source}|(?<=^|\\s)\\(?(\\d{1,2})\\)(?=\\s)`, 'g');
  for (const p of paragraphs) {
    re.lastIndex = 0;
    let last = 0;
    let prevNum = 0;
    for (let m = re.exec(p); m; m = re.exec(p)) {
      if (m[2] && Number(m[2]) <= prevNum) continue;
      push(p.slice(last, m.index));
      if (m[1]) segs.push({ kind: 'label', num: null, text: m[1] });
      else {
        prevNum = Number(m[2]);
        segs.push({ kind: 'action', num: m[2]!, text: '' });
      }
      last = m.index + m[0].length;
    }
    push(p.slice(last));
  }
  return segs.filter((s) => s.kind === 'label' || s.text || s.num);
}

export interface ProgressSegment {
  num: number | null;
  paragraphs: string[];
}

/** Segments of a Progress cell, split at "(n)" markers that increase; markers stay in the text. */
export function progressSegments(paragraphs: string[]): ProgressSegment[] {
  const segs: ProgressSegment[] = [];
  let prevNum = 0;
  for (const p of paragraphs) {
    const re = /(?<=^|\s)\((\d{1,2})(?:[a-z]|-\d+)?\)/g;
    let last = 0;
    let openedHere = false;
    const flush = (text: string): void => {
      const t = norm(text);
      if (!t) return;
      const cur = segs[segs.length - 1];
      if (cur && openedHere) cur.paragraphs[cur.paragraphs.length - 1] = norm(`${cur.paragraphs[cur.paragraphs.length - 1]} ${t}`);
      else if (cur) cur.paragraphs.push(t);
      else segs.push({ num: null, paragraphs: [t] });
    };
    for (let m = re.exec(p); m; m = re.exec(p)) {
      const n = Number(m[1]);
      if (n <= prevNum) continue;
      flush(p.slice(last, m.index));
      prevNum = n;
      segs.push({ num: n, paragraphs: [''] });
      openedHere = true;
      last = m.index;
    }
    const rest = norm(p.slice(last));
    if (openedHere) {
      const cur = segs[segs.length - 1]!;
      cur.paragraphs[cur.paragraphs.length - 1] = rest;
    } else flush(rest);
  }
  return segs;
}

/** Longest lead unit a lexicon keeps (a title or a name; longer is a sentence). */
const LEAD_UNIT_MAX = 40;

/**
 * The lead abbreviations a plan uses, gathered from the plan itself: its key table
 * ("Divisional Director Targeted Services | DD TS") and the lead cells that name one group.
 */
export class LeadLexicon {
  private units: string[] = [];
  add(unit: string): void {
    const u = norm(unit).replace(/[/,]+$/, '').trim();
    if (!u || u.length > LEAD_UNIT_MAX || this.units.includes(u)) return;
    this.units.push(u);
    this.units.sort((a, b) => b.length - a.length);
  }
  get size(): number {
    return this.units.length;
  }
  /** The unit that starts s at i (a trailing "." is tolerated either way). */
  private match(s: string, i: number): string | null {
    for (const u of this.units) {
      if (s.startsWith(u, i)) {
        const end = i + u.length;
        if (end === s.length || /[\s/.,]/.test(s[end]!) || /[\s/]/.test(s[end - 1]!)) return s[end] === '.' && !u.endsWith('.') ? `${u}.` : u;
      }
      const bare = u.replace(/\.$/, '');
      if (bare !== u && s.startsWith(bare, i) && (i + bare.length === s.length || /[\s/]/.test(s[i + bare.length]!))) return bare;
    }
    // Not in the key: an abbreviation qualified by its organisation ("NHS (DBD)", "Des. Dr. (NHS)").
    const q = /^(?:[A-Z][A-Za-z&]*\.? ){1,3}\([A-Z][A-Za-z&]+\)/.exec(s.slice(i));
    if (q) return q[0];
    return null;
  }
  /**
   * Groups of a lead cell: units joined by "/" form one group, a unit after a space starts
   * the next. Null when the cell holds something the lexicon does not know.
   */
  groups(s: string): string[] | null {
    const groups: { start: number; end: number }[] = [];
    let i = 0;
    let joined = true;
    while (i < s.length) {
      if (s[i] === ' ') {
        i++;
        continue;
      }
      if (s[i] === '/') {
        joined = true;
        i++;
        continue;
      }
      const unit = this.match(s, i);
      if (!unit) return null;
      if (joined && groups.length) groups[groups.length - 1]!.end = i + unit.length;
      else groups.push({ start: i, end: i + unit.length });
      joined = false;
      i += unit.length;
    }
    return groups.map((g, k) => s.slice(g.start, k === groups.length - 1 ? s.length : g.end).trim());
  }
  /** Units of a string, or null when it is not made of known units only. */
  tokens(s: string): string[] | null {
    const out: string[] = [];
    let i = 0;
    while (i < s.length) {
      if (/[\s/]/.test(s[i]!)) {
        i++;
        continue;
      }
      const unit = this.match(s, i);
      if (!unit) return null;
      out.push(unit);
      i += unit.length;
    }
    return out;
  }
}

const TITLE = /^(?:Cllr|Clir|Cllr\.|Councillor|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Prof\.?)$/;
const PARTICLE = /^(?:De|Del|Della|Di|Da|Du|Van|Von|Le|La|Mac|St\.?)$/;
const ACRONYM = /^[A-Z][A-Z0-9&]*[A-Z0-9&]s?$/;
const PROPER = /^[A-Z][a-z'’-]+$/;

/**
 * People and roles named one after another with no separator, as Word tables converted
 * to text leave them: "Teresa De Vito Vikki Rix" -> ["Teresa De Vito", "Vikki Rix"],
 * "Ann Graham GMs (CN&SC)" -> ["Ann Graham", "GMs (CN&SC)"], "Helen Jenner Graham
 * Farrant Cllr Bill Turner" -> three people. Names are read as first name + surname.
 */
export function splitPeople(s: string): string[] {
  const tokens = norm(s).split(' ').filter(Boolean);
  const out: string[] = [];
  let i = 0;
  const append = (t: string): void => {
    if (out.length) out[out.length - 1] = `${out[out.length - 1]} ${t}`;
    else out.push(t);
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (/^\(.*\)$/.test(t) || /^\(/.test(t)) {
      // "(CN&SC)": qualifies the entry before it
      let j = i;
      let grp = tokens[j]!;
      while (!/\)$/.test(grp) && j + 1 < tokens.length) grp += ` ${tokens[++j]}`;
      append(grp);
      i = j + 1;
      continue;
    }
    if (/^(?:in|of|for|at)$/.test(t) && out.length && i + 1 < tokens.length) {
      append(`${t} ${tokens[i + 1]}`);
      i += 2;
      continue;
    }
    if (TITLE.test(t)) {
      const rest = tokens.slice(i + 1, i + 3).filter((x) => PROPER.test(x));
      const take = rest.length === 2 && tokens[i + 2] && PROPER.test(tokens[i + 2]!) ? 2 : Math.min(1, rest.length);
      out.push([t, ...tokens.slice(i + 1, i + 1 + take)].join(' '));
      i += 1 + take;
      continue;
    }
    if (ACRONYM.test(t) || /^[A-Z][a-z]*\.$/.test(t)) {
      // A role written as abbreviations ("SM QA", "Des. Nurse", "LSCB Chair", "TMs in CN&SC"): one lead
      // up to the next person named by first name and surname.
      let unit = t;
      let j = i + 1;
      while (j < tokens.length && !TITLE.test(tokens[j]!) && !(PROPER.test(tokens[j]!) && PROPER.test(tokens[j + 1] ?? '') && !ACRONYM.test(tokens[j + 1]!))) {
        const x = tokens[j]!;
        if (!(ACRONYM.test(x) || /\.$/.test(x) || /^\(/.test(x) || PROPER.test(x) || /^(?:in|of|for)$/.test(x))) break;
        if (PROPER.test(x) && j + 1 < tokens.length && !ACRONYM.test(unit.split(' ').pop()!) && !/\.$/.test(unit)) break;
        if (/\)$/.test(unit)) break; // "GMs (CN&SC) HR": a qualifier closes the role
        unit += ` ${x}`;
        j++;
      }
      out.push(unit);
      i = j;
      continue;
    }
    if (!PROPER.test(t)) {
      out.push(t);
      i++;
      continue;
    }
    // First name + surname (with particles: "De Vito").
    let name = t;
    let j = i + 1;
    while (j < tokens.length && PARTICLE.test(tokens[j]!) && j + 1 < tokens.length && PROPER.test(tokens[j + 1]!)) name += ` ${tokens[j++]}`;
    if (j < tokens.length && PROPER.test(tokens[j]!) && !TITLE.test(tokens[j]!)) name += ` ${tokens[j++]}`;
    out.push(name);
    i = j;
  }
  return out;
}

/** Does a lead text read as people's names ("Ann Graham Meena Kishinani") rather than abbreviations? */
export function looksLikeNames(s: string): boolean {
  const tokens = norm(s).split(' ');
  const proper = tokens.filter((t) => PROPER.test(t)).length;
  // Role phrases ("Head of Care and Planning") are not lists of names.
  if (tokens.some((t) => /^(?:of|and|for|the|to|&|with|from|by)$/i.test(t))) return false;
  return proper >= 2 && !tokens.some((t) => /\.$/.test(t) && !TITLE.test(t));
}

/** Words of a lead, without brackets and punctuation around them. */
const leadWords = (s: string): string[] => norm(s).split(' ').map((w) => w.replace(/^[(\[]+|[)\].,:;]+$/g, ''));

/**
 * A lead written as a job title of capitalised words ("Group Manager Multi Agency Safeguarding
 * Hub", "Head of Service Children Looked After"): three or more words, every word capitalised
 * (or a joining word), one of them a role noun (data/plan-vocabulary.json leadRoles), no
 * abbreviation: one lead, not people named one after another.
 */
export function isJobTitle(s: string): boolean {
  const words = leadWords(s).filter(Boolean);
  if (words.length < 3) return false;
  if (!words.every((w) => /^[A-Z][a-z'’-]+(?:['’]s)?$/.test(w) || /^(?:of|and|for|the|to|&|with|in)$/.test(w))) return false;
  return words.some((w) => ROLE_NOUN.test(w));
}

/**
 * Two job titles joined by " and " ("Head of Service Safeguarding and Designated Nurse
 * Safeguarding Children") are two leads; " and " inside one title ("Head of Care and Planning",
 * "Head of Safeguarding and Quality Assurance") is not: split only where the words on each
 * side make a job title of their own and the "and" does not follow "of <word>" ("Director of
 * Children and Families").
 */
function splitTitlesAtAnd(s: string): string[] {
  const parts = s.split(/\s+and\s+/);
  if (parts.length < 2) return [s];
  // "Director of Children and Families ...": "and" right after "of <word>" joins that phrase's nouns.
  const ofPhrase = parts.slice(0, -1).some((p) => /\b(?:of|for)\s+\S+$/i.test(p.trim()));
  return !ofPhrase && parts.every((p) => isJobTitle(p)) ? parts : [s];
}

/**
 * The leads of one lead cell (or group): split at "/", ";", "," and " and ", then each part
 * into the units the lexicon knows, else into people when it reads as names.
 */
export function splitLeads(s: string, lexicon: LeadLexicon): string[] {
  const out: string[] = [];
  for (const raw of s.split(/\s*[/;,]\s*/).flatMap(splitTitlesAtAnd)) {
    const part = norm(raw);
    if (!part) continue;
    if (isJobTitle(part)) {
      out.push(part);
      continue;
    }
    if (looksLikeNames(part)) {
      out.push(...splitPeople(part));
      continue;
    }
    const units = lexicon.size ? lexicon.tokens(part) : null;
    if (units && units.length) out.push(...units);
    else if (!lexicon.size && !/\./.test(part) && /^[A-Z(]/.test(part) && !/\b(?:of|and|for|the|to|with)\b|&\s/i.test(part)) out.push(...splitPeople(part));
    else out.push(part);
  }
  return out;
}

export interface SubList {
  /** The text that introduces the list, up to and including its colon. */
  intro: string;
  /** The items, in order, each with the label it is written with ("a", "2"). */
  items: { label: string; text: string }[];
  /** An action of the parent's level after a numbered sub-list ("1. ...: 1. ... 2. ... 2. ..."). */
  tail: { num: string; text: string } | null;
}

/** "a." "b)" "(c)" or "3." "3)": a list marker at i, preceded by the start or a space. */
function markerAt(text: string, label: string, from: number, letters: boolean): { index: number; end: number } | null {
  const esc = letters ? `[${label}${label.toUpperCase()}]` : label;
  const re = new RegExp(`(?<=^|\\s)\\(?${esc}[.)](?=\\s)`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? { index: m.index, end: m.index + m[0].length } : null;
}

/**
 * An action cell that introduces a list of its own items: "Improve plans through the
 * following actions: a. Training ... b. Multi-agency ..." or, from a nested list,
 * "1. Pathway planning ... through: 1. Increased ... 2. Training ... 2. Team manager ...".
 * The list starts right after a colon with "a" (or "1"); its items follow in sequence. A
 * numbered sub-list ends where the sequence breaks at the parent's next number, which starts
 * an action of the parent's level. Null when there is no such list of two items or more.
 */
export function subItems(text: string, parentNum: string | null): SubList | null {
  const colon = /:\s*(?=\(?(?:a|A|1)[.)]\s)/.exec(text);
  if (!colon) return null;
  const start = colon.index + colon[0].length;
  const letters = /^\(?[aA]/.test(text.slice(start));
  const marks = listMarks(text, letters, start);
  if (marks.length < 2 || marks[0]!.index !== start) return null;
  let tail: SubList['tail'] = null;
  let stop = text.length;
  if (!letters && parentNum && isWholeNumber(parentNum)) {
    const next = String(Number(parentNum) + 1);
    const m = markerAt(text, next, marks[marks.length - 1]!.end, false);
    if (m) {
      tail = { num: next, text: norm(text.slice(m.end)) };
      stop = m.index;
    }
  }
  const items = marks.map((m, k) => ({ label: m.label, text: norm(text.slice(m.end, k + 1 < marks.length ? marks[k + 1]!.index : stop)) }));
  if (items.some((i) => i.text.length < 3)) return null;
  return { intro: norm(text.slice(0, colon.index + 1)), items, tail };
}

/**
 * The lettered entries of a progress text ("a. Signs of Safety ... b. The advisers ... C. ..."):
 * the text before each letter in sequence, from "a"; the text before "a" comes first with no
 * letter. Fewer than two letters: null.
 */
export function letteredEntries(paragraphs: string[]): { letter: number | null; text: string }[] | null {
  const text = paragraphs.map((p) => norm(p.replace(/^[•▪◦\-–]\s*/, ''))).join('\n');
  const marks = letterMarks(text);
  if (marks.length < 2) return null;
  const out: { letter: number | null; text: string }[] = [];
  const head = norm(text.slice(0, marks[0]!.index));
  if (head) out.push({ letter: null, text: head });
  marks.forEach((m, k) => out.push({ letter: k, text: norm(text.slice(m.index, k + 1 < marks.length ? marks[k + 1]!.index : text.length)) }));
  return out;
}

/** The list markers "a.", "b)", "(c)" ... of a text, in sequence from "a" (either case). */
export function letterMarks(text: string): { index: number; end: number }[] {
  return listMarks(text, true, 0);
}

/** List markers in sequence from `from`: "a", "b", ... (either case) or "1", "2", ..., each after the one before. */
function listMarks(text: string, letters: boolean, from: number): { label: string; index: number; end: number }[] {
  const marks: { label: string; index: number; end: number }[] = [];
  for (let k = 0; k < 26; k++) {
    const label = letters ? String.fromCharCode(97 + k) : String(k + 1);
    const m = markerAt(text, label, from, letters);
    if (!m) break;
    marks.push({ label, ...m });
    from = m.end;
  }
  return marks;
}

/** The letter a progress entry opens with ("b. ...", "(c) ...", "• d) ..."): its index from "a", else null. */
export function openingLetter(text: string): number | null {
  const m = /^[•▪◦\-–\s]*\(?([a-zA-Z])[.)]\s/.exec(text);
  return m ? m[1]!.toLowerCase().charCodeAt(0) - 97 : null;
}
