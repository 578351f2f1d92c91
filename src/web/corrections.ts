/**
 * Corrections in the web app (issue 29): the list (/corrections, GET /api/corrections), the audit
 * log (/corrections/log, /api/corrections/log), and, only when `ofsted serve --edit` gave a
 * writable connection and a token, the writes: POST /api/corrections and the document page's form
 * (POST /corrections), behind a sign-in (/sign-in).
 *
 * - Sign-in: the edit token (OFSTED_EDIT_TOKEN, or the one `serve --edit` printed at start) and the
 *   name recorded in the audit log; a session cookie (HttpOnly, SameSite=Strict) that carries the
 *   name and the time of sign-in, signed (HMAC-SHA256) with a key made from the edit token: nothing
 *   is kept on the server, so a restart with the same token (OFSTED_EDIT_TOKEN) keeps the sessions
 *   valid, and a new token (one printed at start is new on every start) ends them all. A session
 *   lasts SESSION_MS. Signing out deletes the cookie and refuses that session from then on, until
 *   the server restarts (the list of signed-out sessions is in memory).
 * - Every write without a session or `Authorization: Bearer <token>` is refused with 401 and
 *   changes nothing (also on a read-only server: there is nothing to sign in to).
 * - CSRF: a write from a browser form carries the session's token (a hidden field) and must come from
 *   this site (Sec-Fetch-Site, else Origin or Referer, when sent); an API write must be `Content-Type: application/json` (which a
 *   cross-site form cannot send) and, with the session cookie, carry `X-CSRF-Token`.
 * - The one rule for what a correction may be and how it is applied: src/store/corrections.ts.
 * No script: plain forms, labelled, usable from the keyboard.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { DB } from '../db/types.js';
import { correct, correctionView, type CorrectionView, type LogView } from '../store/corrections.js';
import { RAGS } from '../model/document.js';
import { MAX_PAGE, type Row } from '../query/access.js';
import { correctionLogList, correctionsList, linkText, type ListPage, type Mark } from '../query/corrections.js';
import type { Reader } from '../query/reader.js';
import { documentHref, layout } from './pages.js';

type H = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface EditOptions {
  /** The writable connection, used for corrections only. */
  db: DB;
  /** The edit token a sign-in must give. */
  token: string;
}

interface Session {
  who: string;
  /** The session's CSRF token: the HMAC of its cookie, so it needs no storing either. */
  csrf: string;
  /** When it was signed in (ms): a session lasts SESSION_MS. */
  since: number;
  /** The session's own random part (what a sign-out refuses). */
  nonce: string;
}
/** How long a sign-in lasts (a working day), and how many signed-out sessions are remembered (the oldest go first). */
const SESSION_MS = 8 * 60 * 60 * 1000;
const MAX_SIGNED_OUT = 10_000;

/** Who is signed in on this request, with the session's CSRF token; null: nobody (or no --edit). */
export type Editor = { editing: boolean; session: Session | null };

const COOKIE = 'ofsted_edit';
const digest = (s: string) => createHash('sha256').update(s).digest();
const sameToken = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

function cookie(c: Context, name: string): string | undefined {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** A path to return to after signing in: one of this site's, never another's. */
const safeNext = (next: unknown): string => (typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%#]*$/.test(next) ? next : '/');

const where = (c: CorrectionView) => (c.target.type === 'document' ? 'the document' : `${c.target.type} ${JSON.stringify(c.target.key)}`);
const shown = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));

/** A value in words; a link as the report item it names ("item 29 of <report>", src/query/corrections.ts linkText). */
const valueText = (field: string, v: unknown): string => (field === 'link' ? linkText(v) : shown(v));

/** The mark beside a corrected value: "corrected", the extractor's value in words (title and visually hidden text). */
export function correctedMark(marks: readonly Mark[], field?: string): H | string {
  const m = marks.filter((x) => field === undefined || x.field === field);
  if (m.length === 0) return '';
  const was = m.map((x) => `${x.field} was ${shown(x.original)}`).join('; ');
  return html` <span class="tag corrected" title="${`Corrected by ${m[0]!.by}: ${was}`}">corrected<span class="visually-hidden"> (${was})</span></span>`;
}

function correctionsTable(list: CorrectionView[]): H {
  if (list.length === 0) return html`<p>None.</p>`;
  return html`<table class="grid corrections"><thead><tr><th>State</th><th>Document</th><th>Target</th><th>Field</th><th>Extractor's value</th><th>Corrected value</th><th>By</th><th>When</th></tr></thead><tbody>${list.map(
    (c) => html`<tr class="state-${c.state}"><td>${c.state}</td><td>${c.document.id !== null ? html`<a href="${documentHref(c.document.id, 'corrections')}">${c.document.path ?? c.document.sha256}</a>` : c.document.path ?? c.document.sha256}</td><td>${where(c)}</td><td>${c.field}</td><td>${valueText(c.field, c.original)}</td><td>${valueText(c.field, c.value)}</td><td>${c.updatedBy}</td><td>${c.updatedAt}</td></tr>`,
  )}</tbody></table>`;
}

/**
 * Where a page of a long list stands: "Showing 101-200 of 250", and the links to the pages before
 * and after (the "more" note: a list is never read whole, src/query/corrections.ts).
 */
function pager(p: ListPage, href: (page: number) => string, noun: string): H | string {
  if (p.total <= p.pageSize && p.page === 1) return '';
  const first = (p.page - 1) * p.pageSize + 1;
  const last = Math.min(p.total, p.page * p.pageSize);
  const lastPage = Math.min(MAX_PAGE, Math.ceil(p.total / p.pageSize));
  return html`<p class="count more">${first <= p.total ? `Showing ${first}–${last} of ${p.total} ${noun}` : `${p.total} ${noun}: page ${p.page} is past the last`}${p.more ? `; ${p.total - last} more on later pages` : ''}${p.total > MAX_PAGE * p.pageSize ? ` (the pages stop at ${MAX_PAGE}: use ofsted corrections for all)` : ''}.</p>
<nav class="pager">${p.page > 1 ? html`<a rel="prev" href="${href(p.page - 1)}">← Previous</a>` : ''} ${p.more && p.page < lastPage ? html`<a rel="next" href="${href(p.page + 1)}">Next →</a>` : ''}</nav>`;
}

export function correctionsPage(list: CorrectionView[], orphaned: boolean, p?: ListPage): H {
  const href = (page: number) => `/corrections?${orphaned ? 'orphaned=1&' : ''}page=${page}`;
  return layout(
    'Corrections',
    '',
    html`<h1>${orphaned ? 'Orphaned corrections' : 'Corrections'}</h1>
<p>Corrections people made to what was read from the documents, kept when a file is imported again. An orphaned one's target is no longer in its document: it is kept and applied nowhere.</p>
<p><a href="${orphaned ? '/corrections' : '/corrections?orphaned=1'}">${orphaned ? 'All corrections' : 'Only the orphaned ones'}</a> · <a href="/corrections/log">The audit log</a></p>
${p ? pager(p, href, 'corrections') : ''}
${correctionsTable(list)}
${p?.more ? pager(p, href, 'corrections') : ''}`,
  );
}

export function correctionLogPage(entries: LogView[], p?: ListPage): H {
  const href = (page: number) => `/corrections/log?page=${page}`;
  return layout(
    'Audit log of corrections',
    '',
    html`<h1>Audit log of corrections</h1><p>Every change made to a correction: who, when, how, the value before and after. <a href="/corrections">All corrections</a></p>
${p ? pager(p, href, 'changes') : ''}
${entries.length
      ? html`<table class="grid log"><thead><tr><th>When</th><th>Who</th><th>How</th><th>Document (SHA-256)</th><th>Target</th><th>Field</th><th>Old</th><th>New</th></tr></thead><tbody>${entries.map(
          (e) => html`<tr><td>${e.at}</td><td>${e.who}</td><td>${e.via}</td><td><code>${e.document.slice(0, 12)}</code></td><td>${e.target.type} ${JSON.stringify(e.target.key)}</td><td>${e.field}</td><td>${valueText(e.field, e.old)}</td><td>${valueText(e.field, e.new)}</td></tr>`,
        )}</tbody></table>`
      : html`<p>No changes yet.</p>`}
${p?.more ? pager(p, href, 'changes') : ''}`,
  );
}

export function signInPage(o: { next: string; problem?: string; editing: boolean }): H {
  return layout(
    'Sign in to correct',
    '',
    html`<h1>Sign in to correct documents</h1>
${o.editing
      ? html`${o.problem ? html`<p class="problem" role="alert">${o.problem}</p>` : ''}
<p>Give the edit token that <code>ofsted serve --edit</code> printed when it started (or the value of <code>OFSTED_EDIT_TOKEN</code>), and your name: it is recorded with every change you make.</p>
<form class="sign-in" method="post" action="/sign-in">
<input type="hidden" name="next" value="${o.next}">
<p><label for="who">Your name</label><br><input id="who" name="who" type="text" autocomplete="name" required maxlength="100"></p>
<p><label for="token">Edit token</label><br><input id="token" name="token" type="password" autocomplete="current-password" required maxlength="200"></p>
<p><button type="submit">Sign in</button></p>
</form>`
      : html`<p>This server is read-only. Start it with <code>ofsted serve --edit</code> to correct documents.</p>`}`,
  );
}

/**
 * A plan's form to set an item's link to an item of the report it answers (or to none); the report
 * items are those of the report the plan answers (`linkTargets`). None: no form (the CLI and the API
 * name a report item of any stored report).
 */
function linkForm(items: Row[], targets: Row[], hidden: (field: string) => H): H | string {
  if (!items.length || !targets.length) return '';
  return html`<form class="correct" method="post" action="/corrections" aria-labelledby="fix-link"><h3 id="fix-link">Correct an item's link to the report</h3>${hidden('link')}
<p><label for="link-item">Plan item</label><br><select id="link-item" name="target">${items.map((r) => html`<option value="item#${Number(r.id)}">${String(r.rec_id)}: ${String(r.text).slice(0, 80)}</option>`)}</select></p>
<p><label for="link-value">The report item it answers</label><br><select id="link-value" name="value"><option value="none">none (linked to nothing)</option>${targets.map((r) => html`<option value="item#${Number(r.id)}">${String(r.rec_id)}: ${String(r.text).slice(0, 80)}</option>`)}</select></p>
<p><button type="submit">Save the link</button></p></form>`;
}

/** The document page's corrections: those of this document, and (signed in with --edit) the forms. */
export function documentCorrections(o: { doc: Row & { id: number }; recommendations: Row[]; actions: Row[]; corrections: CorrectionView[]; editor: Editor; path: string; linkTargets?: Row[] }): H {
  const s = o.editor.session;
  const hidden = (field: string) => html`<input type="hidden" name="csrf" value="${s?.csrf ?? ''}"><input type="hidden" name="document" value="${o.doc.id}"><input type="hidden" name="field" value="${field}">`;
  const actionLabel = (a: Row) => `${String(a.action_id ?? a.recommendation_ref ?? '')}: ${String(a.description).slice(0, 80)}`;
  const forms = s
    ? html`<div class="signed-in"><p>Signed in as ${s.who}.</p><form class="inline" method="post" action="/sign-out"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit">Sign out</button></form></div>
${o.actions.length
        ? html`<form class="correct" method="post" action="/corrections" aria-labelledby="fix-rag"><h3 id="fix-rag">Correct an action's RAG</h3>${hidden('rag')}
<p><label for="rag-action">Action</label><br><select id="rag-action" name="target">${o.actions.map((a) => html`<option value="action#${Number(a.id)}">${actionLabel(a)}</option>`)}</select></p>
<p><label for="rag-value">RAG</label><br><select id="rag-value" name="value"><option value="none">none</option>${RAGS.map((r) => html`<option value="${r}">${r}</option>`)}</select></p>
<p><button type="submit">Save the RAG</button></p></form>`
        : ''}
${o.recommendations.length
        ? html`<form class="correct" method="post" action="/corrections" aria-labelledby="fix-text"><h3 id="fix-text">Correct an item's text</h3>${hidden('text')}
<p><label for="text-item">Item</label><br><select id="text-item" name="target">${o.recommendations.map((r) => html`<option value="item#${Number(r.id)}">${String(r.rec_id)}: ${String(r.text).slice(0, 80)}</option>`)}</select></p>
<p><label for="text-value">Text</label><br><textarea id="text-value" name="value" rows="4" cols="60" required maxlength="20000"></textarea></p>
<p><button type="submit">Save the text</button></p></form>`
        : ''}
${linkForm(o.recommendations, o.linkTargets ?? [], hidden)}
<form class="correct" method="post" action="/corrections" aria-labelledby="fix-authority"><h3 id="fix-authority">Correct the document's authority</h3>${hidden('authority')}<input type="hidden" name="target" value="document">
<p><label for="authority-value">Authority (a name, alias or DfE code)</label><br><input id="authority-value" name="value" type="text" required maxlength="200" value="${String(o.doc.local_authority ?? '')}"></p>
<p><button type="submit">Save the authority</button></p></form>`
    : o.editor.editing
      ? html`<p><a href="/sign-in?next=${encodeURIComponent(o.path)}">Sign in to correct this document</a>.</p>`
      : '';
  return html`<section id="corrections"><h2>Corrections (${o.corrections.length})</h2>
${o.corrections.length ? correctionsTable(o.corrections) : html`<p>None: every value is as read from the file.</p>`}
${forms}</section>`;
}

/** Who may write, and whether a request comes from this site: the sessions of one server. */
interface Access {
  /** A new session for a name: the cookie's value. */
  signIn(who: string): string;
  /** A session refused from now on (until a restart). */
  signOut(s: Session): void;
  sessionOf(cookieValue: string | undefined): Session | undefined;
  editorOf(c: Context): Editor;
  crossSite(c: Context): boolean;
  refused401(c: Context, api: boolean): Response | Promise<Response>;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Sessions signed with a key made from the edit token (HMAC-SHA256): a cookie is
 * `<payload>.<signature>`, the payload the name, the time of sign-in and a random part; the CSRF
 * token is another HMAC of the payload. Nothing but the signed-out sessions is kept in memory.
 */
function sessionSigner(token: string) {
  const key = createHmac('sha256', token).update('ofsted-edit-session-v1').digest();
  const mac = (label: string, payload: string) => createHmac('sha256', key).update(`${label}\0${payload}`).digest();
  const session = (payload: string, p: { w: string; t: number; n: string }): Session => ({ who: p.w, since: p.t, nonce: p.n, csrf: b64(mac('csrf', payload)) });
  return {
    sign(who: string): { cookie: string; session: Session } {
      const p = { w: who, t: Date.now(), n: randomBytes(16).toString('base64url') };
      const payload = b64(JSON.stringify(p));
      return { cookie: `${payload}.${b64(mac('session', payload))}`, session: session(payload, p) };
    },
    /** The session a cookie carries, if its signature is this key's and it has not expired. */
    verify(value: string | undefined): Session | undefined {
      const [payload, sig, ...rest] = (value ?? '').split('.');
      if (!payload || !sig || rest.length || payload.length > 1000) return undefined;
      const want = mac('session', payload);
      const got = Buffer.from(sig, 'base64url');
      if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
      let p: { w?: unknown; t?: unknown; n?: unknown };
      try {
        p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof p;
      } catch {
        return undefined;
      }
      if (typeof p.w !== 'string' || typeof p.t !== 'number' || typeof p.n !== 'string') return undefined;
      const age = Date.now() - p.t;
      if (age > SESSION_MS || age < -60_000) return undefined;
      return session(payload, { w: p.w, t: p.t, n: p.n });
    },
  };
}

function access(edit: EditOptions | undefined): Access {
  const signer = edit ? sessionSigner(edit.token) : undefined;
  /** Signed-out sessions (nonce -> time of sign-in), refused until they would have expired anyway. */
  const signedOut = new Map<string, number>();
  const sessionOf = (value: string | undefined): Session | undefined => {
    const s = signer?.verify(value);
    return s && !signedOut.has(s.nonce) ? s : undefined;
  };
  const origin = (c: Context) => new URL(c.req.url).origin;
  /**
   * A browser's cross-site request: Sec-Fetch-Site other than same-origin (or none: typed by the user),
   * else an Origin (or, without one, a Referer) that is not this server's. (Under this app's
   * Referrer-Policy no-referrer a browser sends `Origin: null` with a form: Sec-Fetch-Site decides.)
   */
  const crossSite = (c: Context) => {
    const site = c.req.header('sec-fetch-site');
    if (site) return site !== 'same-origin' && site !== 'none';
    const o = c.req.header('origin');
    if (o && o !== 'null') return o !== origin(c);
    const r = c.req.header('referer');
    if (!r) return false;
    try {
      return new URL(r).origin !== origin(c);
    } catch {
      return true;
    }
  };
  return {
    signIn: (who) => signer!.sign(who).cookie,
    signOut: (s) => {
      for (const [n, t] of signedOut) if (Date.now() - t > SESSION_MS) signedOut.delete(n);
      // Maps keep insertion order: the oldest go first when there are too many.
      while (signedOut.size >= MAX_SIGNED_OUT) signedOut.delete(signedOut.keys().next().value!);
      signedOut.set(s.nonce, s.since);
    },
    sessionOf,
    editorOf: (c) => (edit ? { editing: true, session: sessionOf(cookie(c, COOKIE)) ?? null } : { editing: false, session: null }),
    crossSite,
    refused401: (c, api) => {
      const message = edit ? 'sign in first: a write needs the edit token (sign in at /sign-in, or send Authorization: Bearer <token>)' : 'this server is read-only: start it with ofsted serve --edit to correct documents';
      return api ? c.json({ error: message }, 401) : c.html(signInPage({ next: '/', problem: message, editing: !!edit }), 401);
    },
  };
}

/** A list's `page` parameter: 1 to MAX_PAGE (as search's and the review queue's), else 400. */
function pageParam(c: Context): number {
  const t = c.req.query('page')?.trim();
  if (!t) return 1;
  if (!/^\d{1,3}$/.test(t) || Number(t) < 1 || Number(t) > MAX_PAGE) throw new HTTPException(400, { message: `page must be between 1 and ${MAX_PAGE}` });
  return Number(t);
}

/**
 * The lists and the log, read-only, through the app's Reader (each statement under its time budget
 * and row cap), a page of CORRECTIONS_PAGE_SIZE at a time with the total and whether more follow.
 */
function mountLists(app: Hono, read: Reader): void {
  const orphanedParam = (c: Context) => c.req.query('orphaned') === '1' || c.req.query('orphaned') === 'true';
  app.get('/api/corrections', (c) => c.json(correctionsList(read, { orphaned: orphanedParam(c), page: pageParam(c) })));
  app.get('/api/corrections/log', (c) => c.json(correctionLogList(read, { page: pageParam(c) })));
  app.get('/corrections', (c) => {
    const orphaned = orphanedParam(c);
    const { corrections, ...p } = correctionsList(read, { orphaned, page: pageParam(c) });
    return c.html(correctionsPage(corrections, orphaned, p));
  });
  app.get('/corrections/log', (c) => {
    const { log, ...p } = correctionLogList(read, { page: pageParam(c) });
    return c.html(correctionLogPage(log, p));
  });
}

/** Signing in (the edit token and a name) and out. */
function mountSignIn(app: Hono, edit: EditOptions | undefined, a: Access): void {
  app.get('/sign-in', (c) => c.html(signInPage({ next: safeNext(c.req.query('next')), editing: !!edit })));
  app.post('/sign-in', async (c) => {
    if (!edit) return a.refused401(c, false);
    if (a.crossSite(c)) return c.html(signInPage({ next: '/', problem: 'refused: the form was not sent from this site', editing: true }), 403);
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const who = typeof form.who === 'string' ? form.who.trim().slice(0, 100) : '';
    const token = typeof form.token === 'string' ? form.token : '';
    if (!who || !sameToken(token, edit.token)) return c.html(signInPage({ next, problem: !who ? 'Give your name.' : 'That is not the edit token.', editing: true }), 401);
    c.header('Set-Cookie', `${COOKIE}=${a.signIn(who)}; Path=/; Max-Age=${SESSION_MS / 1000}; HttpOnly; SameSite=Strict`);
    return c.redirect(next, 303);
  });
  app.post('/sign-out', async (c) => {
    const id = cookie(c, COOKIE);
    const s = a.sessionOf(id);
    const form = await c.req.parseBody();
    if (s && typeof form.csrf === 'string' && sameToken(form.csrf, s.csrf) && !a.crossSite(c)) a.signOut(s);
    c.header('Set-Cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return c.redirect('/', 303);
  });
}

/** The document page's forms (POST /corrections). */
function mountForm(app: Hono, edit: EditOptions | undefined, a: Access): void {
  app.post('/corrections', async (c) => {
    const s = a.editorOf(c).session;
    if (!edit || !s) return a.refused401(c, false);
    const form = await c.req.parseBody();
    if (a.crossSite(c) || typeof form.csrf !== 'string' || !sameToken(form.csrf, s.csrf)) return c.html(signInPage({ next: '/', problem: 'refused: the form did not carry this session\'s token; reload the page and try again', editing: true }), 403);
    const document = String(form.document ?? '');
    const r = correct(edit.db, { document, target: String(form.target ?? ''), field: String(form.field ?? ''), value: form.value, by: s.who, via: 'web' });
    if (!r.ok) return c.html(layout('Correction refused', '', html`<h1>Correction refused</h1><p role="alert">${r.reason}. Nothing was written.</p>${/^\d+$/.test(String(document)) ? html`<p><a href="${documentHref(document, 'corrections')}">Back to the document</a></p>` : ''}`), r.status);
    return c.redirect(documentHref(r.documentId, 'corrections'), 303);
  });
}

/** The JSON API's write (POST /api/corrections): signed in or with the Bearer token, JSON only. */
function mountApi(app: Hono, edit: EditOptions | undefined, a: Access): void {
  app.post('/api/corrections', async (c) => {
    if (!edit) return a.refused401(c, true);
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const session = a.editorOf(c).session;
    const byToken = bearer !== undefined && sameToken(bearer, edit.token);
    if (!byToken && !session) return a.refused401(c, true);
    // CSRF: JSON only (a cross-site form cannot send it), from this site, and with the session cookie the session's token.
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '') || a.crossSite(c)) return c.json({ error: 'refused: send Content-Type: application/json from this site' }, 403);
    if (!byToken && !sameToken(c.req.header('x-csrf-token') ?? '', session!.csrf)) return c.json({ error: "refused: a write with the session cookie must carry the session's X-CSRF-Token" }, 403);
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ error: 'the body is not JSON' }, 400);
    }
    if (!body || typeof body !== 'object' || (typeof body.document !== 'string' && typeof body.document !== 'number') || typeof body.field !== 'string' || !('value' in body)) {
      return c.json({ error: 'give { "document": id or sha256, "target": "document" | "item:<number>" | "action:<id>" | ..., "field": ..., "value": ... }' }, 400);
    }
    const who = session?.who ?? (typeof body.by === 'string' && body.by.trim() ? `${body.by.trim().slice(0, 100)} (token)` : 'api (token)');
    const r = correct(edit.db, { document: body.document, target: body.target ?? 'document', field: body.field, value: body.value, by: who, via: 'api' });
    if (!r.ok) return c.json({ error: r.reason }, r.status);
    return c.json({ changed: r.changed, old: r.old, correction: correctionView(r.correction) }, r.changed ? 201 : 200);
  });
}

/**
 * The routes of corrections, mounted on the app. `edit` absent: the server is read-only; the lists
 * and the log are shown, every write is refused (401). Returns who is signed in on a request (for
 * the document page).
 */
export function mountCorrections(app: Hono, read: Reader, edit: EditOptions | undefined): (c: Context) => Editor {
  const a = access(edit);
  mountLists(app, read);
  mountSignIn(app, edit, a);
  mountForm(app, edit, a);
  mountApi(app, edit, a);
  return a.editorOf;
}
