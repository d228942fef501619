// datarun clerk UI: plain ES module, no build step, no runtime downloads.
// Talks only to the gateway's own /api/v1 (same origin) with the token kept in sessionStorage.

const API = '../api/v1';
const TOKEN_KEY = 'datarun.token';
const LANG_KEY = 'datarun.lang';

// Every user-visible string: key → [zh-CN, English], one table so a string cannot miss a language.
const STRINGS = {
  appTitle: ['datarun 窗口受理', 'datarun counter'],
  skip: ['跳到正文', 'Skip to content'],
  switchLang: ['English', '中文'],
  switchLangLabel: ['Switch to English', '切换到中文'],
  navForms: ['表单受理', 'Forms'],
  navCatalog: ['数据目录', 'Catalog'],
  navUsage: ['使用报告', 'Usage report'],
  navSignin: ['登录', 'Sign in'],
  signinTitle: ['登录', 'Sign in'],
  signinHelp: ['本地开发：用 ./datarun token --dept civil-affairs --groups clerk 生成令牌后粘贴。生产环境请通过统一身份认证登录。', 'Local development: paste a token from ./datarun token --dept civil-affairs --groups clerk. In production, sign in with the identity provider.'],
  tokenLabel: ['访问令牌（JWT）', 'Access token (JWT)'],
  signin: ['登录', 'Sign in'],
  signout: ['退出', 'Sign out'],
  tokenInvalid: ['这不是有效的 JWT 令牌。', 'This is not a valid JWT.'],
  tokenExpired: ['令牌已过期，请重新获取。', 'The token has expired; get a new one.'],
  signedInAs: ['当前用户', 'Signed in'],
  dept: ['部门', 'Department'],
  roles: ['角色', 'Roles'],
  expires: ['有效期至', 'Valid until'],
  notSignedIn: ['未登录', 'Not signed in'],
  formsTitle: ['表单受理', 'Forms'],
  chooseForm: ['选择表单', 'Form'],
  residentId: ['公民身份号码', 'Resident ID number'],
  purpose: ['使用目的', 'Purpose'],
  fetchPrefill: ['获取预填', 'Fetch prefill'],
  loading: ['加载中…', 'Loading…'],
  fieldsInfo: ['{fields} 项，其中 {sourced} 项可由部门数据预填', '{fields} fields, {sourced} can be prefilled from departmental data'],
  idEmpty: ['请输入 18 位公民身份号码。', 'Enter the 18-character resident ID number.'],
  idLength: ['公民身份号码应为 18 位（当前 {n} 位）。', 'A resident ID number has 18 characters ({n} so far).'],
  idFormat: ['前 17 位须为数字，最后一位为数字或 X。', 'The first 17 characters must be digits, the last a digit or X.'],
  idChecksum: ['校验码不符（GB 11643）：最后一位应为 {c}，请核对号码。', 'Check character mismatch (GB 11643): the last character should be {c}; check the number.'],
  idOk: ['号码格式正确（GB 11643 校验通过）。', 'Valid format (GB 11643 check passed).'],
  stPrefilled: ['已预填', 'Prefilled'],
  stConflict: ['冲突', 'Conflict'],
  stWithheld: ['不可见', 'Withheld'],
  stManual: ['需填写', 'To fill'],
  stAbsent: ['无记录', 'No record'],
  absentHint: ['{dept}没有此人的记录（在本部门授权范围内查询）。', '{dept} holds no record of this person (looked up within your department\'s grant).'],
  correctOpen: ['更正', 'Correct'],
  correctCancel: ['取消更正', 'Cancel correction'],
  correctReason: ['更正理由（必填，记入审计）', 'Reason for the correction (required, audited)'],
  correctReasonMissing: ['请填写更正理由', 'State the reason for the correction'],
  correctableHint: ['本部门此前录入，可更正（须说明理由），更正后作为新值发布。', 'Typed earlier by your department: it may be corrected (with a reason) and is then published as a new value.'],
  correctedResult: ['已更正：{fields}', 'Corrected: {fields}'],
  householdTitle: ['共同生活家庭成员', 'Household members'],
  householdHelp: ['同一户号下户籍登记的其他成员，仅显示本部门获授权查看的项目；每次查看均记入审计。', 'The other members registered under the same household number, only the items your department is granted; every view is audited.'],
  householdEmpty: ['户籍登记中没有本部门可查看的其他成员。', 'No other members your department may see are registered in the household.'],
  householdIncomplete: ['本节点未持有全部数据分区，成员可能不全。', 'This gateway node does not hold every partition: members may be missing.'],
  source: ['来源', 'Source'],
  updatedAt: ['更新于', 'updated'],
  olderRecord: ['较早的记录，无精确金额', 'an older record without the exact amount'],
  conflictHint: ['各来源数据不一致，请选择其中之一；对错误的一项请提出异议。', 'The sources disagree: choose one; raise a dispute against the wrong one.'],
  withheldHint: ['本部门在此目的下无权查看：{by}', 'Your department may not see it for this purpose: {by}'],
  manualNoWb: ['仅用于本次申请。', 'Used for this application only.'],
  summary: ['已预填 {prefilled} 项 · 无记录 {absent} 项 · 冲突 {conflict} 项 · 不可见 {withheld} 项 · 需填写 {manual} 项', '{prefilled} prefilled · {absent} no record · {conflict} conflicts · {withheld} withheld · {manual} to fill'],
  submit: ['提交', 'Submit'],
  print: ['打印', 'Print'],
  submitting: ['提交中…', 'Submitting…'],
  submitted: ['提交成功', 'Submitted'],
  resultText: ['共 {fields} 项：预填 {prefilled} 项，录入 {typed} 项，约节省 {keys} 次击键。', '{fields} fields: {prefilled} prefilled, {typed} typed, about {keys} keystrokes saved.'],
  publishedTo: ['已发布到 {dataset}（记录 {id}）：{fields}', 'Published to {dataset} (record {id}): {fields}'],
  errorsTitle: ['提交未通过，请检查标出的字段。', 'Not accepted: check the marked fields.'],
  required: ['必填', 'required'],
  chooseOne: ['请选择', 'Choose'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  catalogTitle: ['数据目录', 'Data catalog'],
  dataset: ['数据集', 'Dataset'],
  owner: ['所属部门', 'Owner'],
  title: ['名称', 'Title'],
  records: ['记录数', 'Records'],
  lastUpdate: ['最近更新', 'Last update'],
  cadence: ['更新周期', 'Cadence'],
  consumers: ['使用部门', 'Consumers'],
  recordsChart: ['各数据集记录数', 'Records per dataset'],
  usageTitle: ['使用报告', 'Usage report'],
  usageNeedsRole: ['使用报告需要管理员（admin）或数据管理员（steward）令牌。', 'The usage report needs an admin or steward token.'],
  readsChart: ['各数据集读取次数（近期）', 'Reads per dataset (recent)'],
  reads: ['读取次数', 'Reads'],
  stale: ['数据陈旧', 'stale'],
  unused: ['无人使用', 'unused'],
  retire: ['建议下线', 'retirement proposed'],
  ok: ['正常', 'ok'],
  flags: ['状态', 'Flags'],
  formsReportTitle: ['各表单自动填充率', 'Auto-fill ratio per form'],
  formsReportEmpty: ['尚无表单提交。', 'No form submitted yet.'],
  submissions: ['提交次数', 'Submissions'],
  generatedAt: ['生成时间', 'Generated'],
  never: ['从未', 'never'],
  none: ['无', 'none'],
  err401: ['未登录或令牌无效/已过期，请重新登录。', 'Not signed in, or the token is invalid or expired: sign in again.'],
  err403: ['无权执行此操作：{detail}', 'Not allowed: {detail}'],
  errNetwork: ['无法连接网关：{msg}', 'Cannot reach the gateway: {msg}'],
  errGeneric: ['请求失败（{status}）：{detail}', 'Request failed ({status}): {detail}'],
  yuan: ['元', 'yuan'],
  navLedger: ['表单台账', 'Form ledger'],
  navRefused: ['被拒数据', 'Refused rows'],
  refusedTitle: ['被拒数据（死信）', 'Refused rows (dead letters)'],
  refusedNeedsRole: ['被拒数据需要本部门数据管理员（steward）或管理员（admin）令牌。', 'Refused rows need a steward token of the owning department, or an admin token.'],
  refusedHelp: ['未通过入口校验的源数据行：来源、源位置和每条未满足的规则。请在源系统更正；映射错误修正后可由运维重放（./datarun connector replay）。', 'Source rows refused at the door: where they came from and every rule they broke. Correct them in the source system; after a mapping fix an operator replays them (./datarun connector replay).'],
  refusedNone: ['本部门没有数据集。', 'Your department owns no dataset.'],
  refusedEmpty: ['没有被拒数据。', 'No refused rows.'],
  refusedMore: ['更多', 'More'],
  refusedAt: ['拒收时间', 'Refused at'],
  refusedSource: ['来源', 'Source'],
  refusedPosition: ['源位置', 'Source position'],
  refusedRules: ['未满足的规则', 'Rules broken'],
  refusedRaw: ['源数据', 'Source values'],
  refusedRow: ['第 {n} 行', 'row {n}'],
  refusedKey: ['主键 {k}', 'key {k}'],
  signinOidc: ['通过统一身份认证登录', 'Sign in with the identity provider'],
  signinOidcHelp: ['将跳转到统一身份认证（{issuer}）登录，完成后返回本页。', 'You sign in at the identity provider ({issuer}) and come back to this page.'],
  devOnlyTitle: ['开发用：粘贴令牌（仅限开发，DEV-ONLY）', 'Development only: paste a token (DEV-ONLY)'],
  oidcUnavailable: ['统一身份认证暂不可用：{problem}', 'Sign-in with the identity provider is unavailable: {problem}'],
  oidcFailed: ['统一身份认证登录失败：{error}', 'Sign-in at the identity provider failed: {error}'],
  oidcStateMismatch: ['登录响应与本次登录请求不符，已拒绝，请重新登录。', 'The sign-in response does not match this sign-in request and was refused: sign in again.'],
  oidcNeedsSecure: ['浏览器只在 HTTPS 或本机地址下支持安全登录（PKCE），请通过 https:// 打开本页。', 'The browser allows the secure sign-in (PKCE) only over HTTPS or on localhost: open this page by https://.'],
  noSignin: ['网关未配置任何登录方式（统一身份认证或开发令牌）。', 'The gateway has no sign-in configured (identity provider or dev tokens).'],
  signingIn: ['正在登录…', 'Signing in…'],
  codeTitle: ['代码 {code}', 'code {code}'],
  ledgerTitle: ['表单负担台账', 'Form-burden ledger'],
  ledgerNeedsRole: ['表单台账需要管理员（admin）或数据管理员（steward）令牌。', 'The form ledger needs an admin or steward token.'],
  ledgerHelp: ['每张表单、每位窗口人员：提交的字段中由部门数据预填和手工录入各多少，以及估算节省的击键数。', 'Per form and per clerk: how many submitted fields came prefilled from departmental data, how many were typed, and the keystrokes saved (estimated).'],
  ledgerTotals: ['共 {submissions} 次提交 · 预填率 {share} · 录入 {typed} 项 · 约节省 {keys} 次击键', '{submissions} submissions · {share} prefilled · {typed} typed · about {keys} keystrokes saved'],
  ledgerChart: ['各窗口人员提交的字段：预填与录入', 'Submitted fields per clerk: prefilled and typed'],
  restCol: ['未填或不可见', 'left empty or withheld'],
  clerk: ['窗口人员', 'Clerk'], fieldsCol: ['字段数', 'Fields'], typedCol: ['录入', 'Typed'], shareCol: ['预填率', 'Prefilled share'],
  keysSaved: ['节省击键', 'Keystrokes saved'], lastSubmitted: ['最近提交', 'Last submitted'],
  // names instead of codes
  roleClerk: ['窗口人员', 'Clerk'], rolePublisher: ['数据发布员', 'Publisher'], roleSteward: ['数据管理员', 'Data steward'],
  roleAuditor: ['审计员', 'Auditor'], roleAdmin: ['系统管理员', 'Administrator'], roleResident: ['居民', 'Resident'],
  cadenceDaily: ['每日', 'daily'], cadenceWeekly: ['每周', 'weekly'], cadenceMonthly: ['每月', 'monthly'],
  cadenceYearly: ['每年', 'yearly'], cadenceDays: ['每 {n} 天', 'every {n} days'],
  publishedAs: ['已作为{dept}的数据共享（{dataset}）：{fields}', 'Shared as data of the {dept} ({dataset}): {fields}'],
  manualHintNamed: ['填写后将作为本部门数据共享（{dataset}），其他表单无需再录入。', 'What you type is shared as your department\'s data ({dataset}); no other form asks again.'],
  // disputes from the form
  dispute: ['提出异议', 'Dispute'],
  disputeTitle: ['对“{field}”提出异议', 'Dispute “{field}”'],
  disputeReason: ['异议理由', 'Why it is wrong'],
  disputeProposed: ['建议的正确值（可选）', 'The right value (optional)'],
  disputeSend: ['提交异议', 'Send dispute'],
  disputeCancel: ['取消', 'Cancel'],
  disputeReasonMissing: ['请写明异议理由。', 'Say why the value is wrong.'],
  disputeProposedCol: ['建议值', 'Proposed value'],
  disputeSent: ['异议已提交，由{owner}核实更正。', 'Dispute sent: the {owner} checks and corrects it.'],
  dsOPEN: ['异议处理中', 'Dispute open'], dsCORRECTED: ['异议已更正', 'Dispute: corrected'], dsREJECTED: ['异议已驳回', 'Dispute: rejected'],
  lockedNoteNamed: ['标为“已预填”的项目来自部门数据，已锁定（只读）。如信息有误，请点“提出异议”，由数据所属部门在源头更正，所有表单随之更正；本部门此前录入的项目可点“更正”（须说明理由）。', 'Prefilled fields come from departmental data and are locked (read-only). If one is wrong, press “Dispute”: the owning department corrects it at the source, and every form with it; a value your own department typed earlier can be corrected here (“Correct”, with a reason).'],
  lockedHintNamed: ['已锁定；如有误请提出异议。', 'Locked; if wrong, dispute it.'],
  navDisputes: ['数据异议', 'Disputes'],
  disputesTitle: ['数据异议', 'Data disputes'],
  disputesNeedsRole: ['数据异议处理需要本部门数据管理员（steward）令牌。', 'Resolving disputes needs a steward token of the owning department.'],
  disputesHelp: ['其他部门对本部门数据提出的异议：核实后更正（发布新值）或说明理由驳回。', 'Disputes other departments raised against your department\'s data: correct them (a new value is published) or reject them with a reason.'],
  disputesEmpty: ['没有待处理的异议。', 'No open dispute.'],
  disputeRaisedBy: ['提出部门', 'Raised by'], disputeValue: ['当前值', 'Current value'], disputeComment2: ['异议说明', 'Comment'],
  disputeField: ['字段', 'Field'], disputeStatus: ['状态', 'Status'], disputeRaisedAt: ['提出时间', 'Raised at'],
  correctedValue: ['更正后的值', 'Corrected value'], rejectReason: ['驳回理由', 'Reason for rejecting'],
  correct: ['更正', 'Correct'], reject: ['驳回', 'Reject'],
  // conflicts
  conflictChoose: ['各来源不一致，请选择其中之一。', 'The sources disagree: choose one.'],
  // printout
  signApplicant: ['申请人签字', 'Applicant\'s signature'], signClerk: ['经办人签字', 'Clerk\'s signature'], signDate: ['日期', 'Date'],
  draftRestored: ['已恢复本标签页中先前录入的内容。', 'What you typed earlier in this tab was restored.'],
  // the resident's own page
  navTrail: ['我的数据使用记录', 'Who used my data'],
  trailTitle: ['我的数据使用记录', 'Who used my data'],
  trailHelp: ['各部门每次读取您的数据的记录：哪个部门、为了什么、读了哪些信息、什么时间。每次查看本页也会被记录。', 'Every time a department read your data: which department, why, what, and when. Each view of this page is recorded too.'],
  trailNeedsRole: ['本页面供居民本人查看，需要居民身份登录。', 'This page is for residents, signed in as themselves.'],
  trailEmpty: ['暂无部门读取您的数据。', 'No department has read your data.'],
  trailIncomplete: ['只列出最近的记录。', 'Only the most recent reads are listed.'],
  trailAt: ['时间', 'Time'], trailDept: ['部门', 'Department'], trailPurpose: ['用途', 'Purpose'], trailDataset: ['数据', 'Data'], trailFields: ['读取的信息', 'What was read'],
};
const ROLE_KEYS = { clerk: 'roleClerk', publisher: 'rolePublisher', steward: 'roleSteward', auditor: 'roleAuditor', admin: 'roleAdmin', resident: 'roleResident' };
const LANGS = ['zh-CN', 'en'];

// Labels of the coded values (Avro enum symbols) the feeds deliver, key → [zh-CN, English]. The schemas
// carry no labels for enum symbols yet; until they do, this is the one table (GB/T 2261 for gender and
// marital status, the disability categories of GB/T 26341-2010).

let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
const t = (key, vars = {}) => (STRINGS[key]?.[LANGS.indexOf(lang)] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
const pick = (labels) => (labels ? labels[lang] ?? labels['zh-CN'] ?? labels.en ?? '' : '');

// --- names instead of codes: the directory (departments, purposes, divisions) and the catalog's dataset titles,
// read once per sign-in. A clerk sees names only; stewards, admins and auditors also see the codes.
let names = null;
async function loadNames() {
  if (names) return names;
  const empty = { departments: {}, purposes: {}, divisions: {}, datasets: {} };
  const byCode = (list) => Object.fromEntries((list || []).map((x) => [x.code, x.name]));
  try {
    const dir = await api('/directory');
    const roles = (claims() || {}).groups || [];
    const catalog = roles.some((r) => r !== 'resident') ? await api('/datasets').catch(() => []) : [];
    names = { departments: byCode(dir.departments), purposes: byCode(dir.purposes), divisions: byCode(dir.divisions),
      datasets: Object.fromEntries((Array.isArray(catalog) ? catalog : catalog.datasets || []).map((d) => [d.id, d.title])) };
  } catch { return empty; }
  return names;
}
const seesCodes = () => ((claims() || {}).groups || []).some((r) => ['steward', 'admin', 'auditor'].includes(r));
const named = (label, code) => (label ? (seesCodes() && code ? `${label} (${code})` : label) : code || '');
const deptName = (code) => named(pick(names?.departments?.[code]), code);
const datasetName = (id) => named(pick(names?.datasets?.[id]), id);
const purposeName = (code) => named(pick(names?.purposes?.[code]), code);
const divisionName = (code) => named(pick(names?.divisions?.[code]), code);
const roleName = (role) => (ROLE_KEYS[role] ? t(ROLE_KEYS[role]) : role);
// the catalog answers a cadence as a duration (PT168H, or P7D as declared): in days, then in words
function cadenceText(iso) {
  const m = /^P(\d+)D$/.exec(iso || '') || /^PT(\d+)H$/.exec(iso || '');
  if (!m) return iso || '';
  const days = iso.startsWith('PT') ? Number(m[1]) / 24 : Number(m[1]);
  if (!Number.isInteger(days)) return iso;
  if (days === 1) return t('cadenceDaily');
  if (days === 7) return t('cadenceWeekly');
  if (days >= 28 && days <= 31) return t('cadenceMonthly');
  if (days >= 365 && days <= 366) return t('cadenceYearly');
  return t('cadenceDays', { n: days });
}

// --- DOM helper: never innerHTML with data ---------------------------------------------------
function h(tag, attrs = {}, ...children) {
  const el = document.createElementNS(attrs.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'svg' || v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const s = (tag, attrs = {}, ...children) => h(tag, { ...attrs, svg: true }, ...children);

// --- token ---------------------------------------------------------------------------------
export function decodeToken(token) {
  const parts = (token || '').trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(b64 + '==='.slice((b64.length + 3) % 4)), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch { return null; }
}
const token = () => sessionStorage.getItem(TOKEN_KEY);
const claims = () => decodeToken(token());

// --- OIDC sign-in: authorization code flow with PKCE (S256), a public client, no secret in the page ----
// The gateway's /ui/settings names the provider's endpoints and the client. The access token goes to the
// API as before; the refresh token renews it shortly before it expires (Keycloak's default lifespan is 5 min).
const OIDC_PENDING_KEY = 'datarun.oidc.pending';
const OIDC_SESSION_KEY = 'datarun.oidc.session';
let signinMessage = null; // an OIDC failure to show on the sign-in page after the redirect back

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = (bytes) => b64url(crypto.getRandomValues(new Uint8Array(bytes)));
async function pkceChallenge(verifier) {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

let settingsPromise = null;
function uiSettings() {
  settingsPromise = settingsPromise || fetch('settings', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
    .catch((e) => { settingsPromise = null; return { devTokenSignIn: false, oidc: null, oidcProblem: e.message }; });
  return settingsPromise;
}

async function startOidcSignIn(oidc) {
  const verifier = randomString(48);
  const pending = { verifier, state: randomString(16), nonce: randomString(16), redirectUri: location.origin + location.pathname,
    clientId: oidc.clientId, tokenEndpoint: oidc.tokenEndpoint, endSessionEndpoint: oidc.endSessionEndpoint || null };
  sessionStorage.setItem(OIDC_PENDING_KEY, JSON.stringify(pending));
  location.assign(oidc.authorizationEndpoint + '?' + new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: pending.redirectUri, scope: oidc.scope || 'openid',
    state: pending.state, nonce: pending.nonce, code_challenge: await pkceChallenge(verifier), code_challenge_method: 'S256',
    ui_locales: lang,
  }));
}

async function tokenRequest(endpoint, params) {
  let res;
  try {
    res = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: new URLSearchParams(params) });
  } catch (e) { throw new Error(t('errNetwork', { msg: e.message })); }
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.access_token) throw new Error(body.error_description || body.error || 'HTTP ' + res.status);
  return body;
}

function keepOidcSession(tokens, base) {
  sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  sessionStorage.setItem(OIDC_SESSION_KEY, JSON.stringify({ clientId: base.clientId, tokenEndpoint: base.tokenEndpoint,
    endSessionEndpoint: base.endSessionEndpoint, redirectUri: base.redirectUri,
    refreshToken: tokens.refresh_token || null, idToken: tokens.id_token || base.idToken || null }));
}

// Back from the provider with ?code=&state= (or ?error=): check the state, trade the code for tokens, clean the address bar.
async function completeOidcSignIn() {
  const q = new URLSearchParams(location.search);
  if (!q.has('state') || !(q.has('code') || q.has('error'))) return;
  const pending = JSON.parse(sessionStorage.getItem(OIDC_PENDING_KEY) || 'null');
  sessionStorage.removeItem(OIDC_PENDING_KEY);
  history.replaceState(null, '', location.pathname + '#/signin');
  if (!pending || pending.state !== q.get('state')) { signinMessage = t('oidcStateMismatch'); return; }
  if (q.has('error')) { signinMessage = t('oidcFailed', { error: q.get('error_description') || q.get('error') }); return; }
  try {
    const tokens = await tokenRequest(pending.tokenEndpoint, { grant_type: 'authorization_code', code: q.get('code'),
      redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier });
    if (tokens.id_token && decodeToken(tokens.id_token)?.nonce !== pending.nonce) { signinMessage = t('oidcStateMismatch'); return; }
    keepOidcSession(tokens, pending);
    history.replaceState(null, '', location.pathname + '#/' + homeRoute());
  } catch (e) { signinMessage = t('oidcFailed', { error: e.message }); }
}

const oidcSession = () => JSON.parse(sessionStorage.getItem(OIDC_SESSION_KEY) || 'null');

// Renews the access token by the refresh token when it expires within 30 s; a failure leaves it to expire (then 401).
// Calls made at once (definition and prefill) share one renewal.
let renewal = null;
async function freshToken() {
  const session = oidcSession();
  const c = claims();
  if (session?.refreshToken && c?.exp && c.exp * 1000 - Date.now() < 30_000) {
    renewal = renewal || tokenRequest(session.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: session.refreshToken,
      client_id: session.clientId })
      .then((tokens) => keepOidcSession(tokens, session))
      .catch(() => sessionStorage.removeItem(OIDC_SESSION_KEY))
      .finally(() => { renewal = null; });
    await renewal;
  }
  return token();
}

function signOut() {
  const session = oidcSession();
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(OIDC_SESSION_KEY);
  clearDrafts(); // counter PCs are shared: what was typed leaves with the clerk
  names = null;
  Object.assign(state, { forms: null, prefill: null, definition: null, result: null });
  if (session?.endSessionEndpoint) {
    // end the provider's session too, or the next sign-in would be silent
    location.assign(session.endSessionEndpoint + '?' + new URLSearchParams({ client_id: session.clientId,
      post_logout_redirect_uri: session.redirectUri, ...(session.idToken ? { id_token_hint: session.idToken } : {}) }));
    return;
  }
  location.hash = '#/signin';
  route();
}

// --- GB 11643 resident ID check ------------------------------------------------------------
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
export function checkResidentId(raw) {
  const id = (raw || '').trim().toUpperCase();
  if (!id) return { ok: false, key: 'idEmpty', id };
  if (!/^[0-9]*[0-9X]?$/.test(id) || (id.length === 18 && !/^[0-9]{17}[0-9X]$/.test(id)) || /X./.test(id)) return { ok: false, key: 'idFormat', id };
  if (id.length !== 18) return { ok: false, key: 'idLength', vars: { n: id.length }, id };
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  const expected = CHECK[sum % 11];
  if (id[17] !== expected) return { ok: false, key: 'idChecksum', vars: { c: expected }, id };
  return { ok: true, key: 'idOk', id };
}

// --- API -------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, problem) { super(problem?.detail || problem?.title || String(status)); this.status = status; this.problem = problem || {}; }
}
async function api(path, options = {}) {
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': lang, ...(options.body ? { 'Content-Type': 'application/json' } : {}) };
  const bearer = await freshToken();
  if (bearer) headers.Authorization = 'Bearer ' + bearer;
  let res;
  try { res = await fetch(API + path, { ...options, headers }); } catch (e) { throw new ApiError(0, { detail: t('errNetwork', { msg: e.message }) }); }
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { detail: text }; }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}
function problemText(e) {
  if (e.status === 401) return t('err401');
  if (e.status === 403) return t('err403', { detail: e.problem.detail || e.problem.code || '' });
  if (e.status === 0) return e.problem.detail;
  return t('errGeneric', { status: e.status, detail: e.problem.detail || e.problem.code || '' });
}
const alertBox = (text, kind = 'error') => h('div', { class: 'alert ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);

// --- formatting --------------------------------------------------------------------------------
const fmtTime = (iso) => { if (!iso) return t('never'); const d = new Date(iso); return isNaN(d) ? iso : d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }); };
const fmtValue = (v) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? t('yes') : t('no')) : String(v));
// a coded value (enum symbol) shows as its label; the code is what the form sends back
// a code's labels come with the form definition (optionLabels, from the datasets' schemas)
const codeLabel = (def, code) => (def?.optionLabels?.[code] ? pick(def.optionLabels[code]) : undefined);
// an exact amount (def.scale: the decimals of its Avro decimal) shows all of them: 980.10, not JSON.parse's 980.1
const fmtAmount = (def, v) => (typeof v === 'number' && Number.isInteger(def?.scale) ? v.toFixed(def.scale) : undefined);
const fmtField = (field, def, v) => (field.type === 'enum' && codeLabel(def, v)) || fmtAmount(def, v) || fmtValue(v);

// --- layout -----------------------------------------------------------------------------------
const main = () => document.getElementById('main');
function renderChrome() {
  document.documentElement.lang = lang;
  document.title = t('appTitle');
  document.querySelector('.skip').textContent = t('skip');
  const langBtn = document.getElementById('lang');
  langBtn.textContent = t('switchLang');
  langBtn.setAttribute('aria-label', t('switchLangLabel'));
  const route = currentRoute();
  const nav = document.getElementById('nav');
  const c = claims();
  const roles = c?.groups || [];
  const pages = roles.length === 1 && roles[0] === 'resident' ? [['trail', 'navTrail'], ['signin', 'navSignin']]
    : [['forms', 'navForms'], ['catalog', 'navCatalog'], ['usage', 'navUsage'], ['ledger', 'navLedger'], ['refused', 'navRefused'],
      ...(roles.includes('steward') ? [['disputes', 'navDisputes']] : []), ['signin', 'navSignin']];
  nav.replaceChildren(...pages.map(([r, k]) => h('a', { href: '#/' + r, 'aria-current': route === r ? 'page' : undefined }, t(k))));
  const who = document.getElementById('who');
  if (c) {
    who.replaceChildren(...(c.dept ? [h('span', { class: 'dept', title: t('dept') }, deptName(c.dept)), ' '] : []),
      ...roles.map((g) => h('span', { class: 'role' }, roleName(g))), ' ', h('span', { class: 'user' }, userName(c)));
  } else who.replaceChildren(h('span', { class: 'muted' }, t('notSignedIn')));
}
// a person's name, never a machine id (sub, upn): shown only when the provider gives one
const userName = (c) => c.name || c.preferred_username || '';
const isResident = () => { const g = (claims() || {}).groups || []; return g.length === 1 && g[0] === 'resident'; };
const homeRoute = () => (isResident() ? 'trail' : 'forms');
const currentRoute = () => (location.hash.replace(/^#\/?/, '').split('?')[0] || (token() ? homeRoute() : 'signin'));

async function route() {
  if (token()) await loadNames();
  renderChrome();
  const r = currentRoute();
  const view = { forms: formsView, catalog: catalogView, usage: usageView, ledger: ledgerView, refused: refusedView, disputes: disputesView,
    trail: trailView, signin: signinView }[r] || formsView;
  if (r !== 'signin' && !token()) { location.hash = '#/signin'; return; }
  await view();
}

// --- sign in ------------------------------------------------------------------------------------
async function signinView() {
  const c = claims();
  const root = main();
  root.replaceChildren(h('h1', {}, t('signinTitle')), h('p', { class: 'muted' }, t('loading')));
  const settings = await uiSettings();
  const parts = [h('h1', {}, t('signinTitle'))];
  if (signinMessage) { parts.push(alertBox(signinMessage)); signinMessage = null; }
  let focus = null;
  if (settings.oidc) {
    const secure = window.isSecureContext && crypto.subtle;
    const button = h('button', { type: 'button', class: 'primary', id: 'oidc-signin', disabled: !secure, onclick: async () => {
      button.disabled = true; button.textContent = t('signingIn');
      await startOidcSignIn(settings.oidc);
    } }, t('signinOidc'));
    parts.push(h('section', { class: 'card', id: 'oidc-card' },
      h('p', { class: 'muted', id: 'oidc-help' }, t('signinOidcHelp', { issuer: settings.oidc.issuer })),
      secure ? null : alertBox(t('oidcNeedsSecure')),
      h('div', { class: 'actions' }, button)));
    focus = button;
  } else if (settings.oidcProblem) {
    parts.push(alertBox(t('oidcUnavailable', { problem: settings.oidcProblem })));
  }
  if (settings.devTokenSignIn) {
    const msg = h('div', { id: 'token-msg', 'aria-live': 'polite' });
    const area = h('textarea', { id: 'token', rows: 5, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'token-help token-msg' });
    parts.push(h('form', { class: 'card dev-only', id: 'token-form', onsubmit: (e) => {
      e.preventDefault();
      const value = area.value.trim();
      const p = decodeToken(value);
      if (!p) { msg.replaceChildren(alertBox(t('tokenInvalid'))); area.focus(); return; }
      if (p.exp && p.exp * 1000 < Date.now()) { msg.replaceChildren(alertBox(t('tokenExpired'))); area.focus(); return; }
      sessionStorage.removeItem(OIDC_SESSION_KEY);
      sessionStorage.setItem(TOKEN_KEY, value);
      state.forms = null;
      names = null;
      location.hash = '#/' + homeRoute();
    } },
    h('h2', {}, t('devOnlyTitle')),
    h('p', { id: 'token-help', class: 'muted' }, t('signinHelp')),
    h('label', { for: 'token' }, t('tokenLabel')), area, msg,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'signin' }, t('signin')))));
    focus = focus || area;
  }
  if (!settings.oidc && !settings.devTokenSignIn && !settings.oidcProblem) parts.push(alertBox(t('noSignin')));
  if (c) {
    parts.push(h('dl', { class: 'card claims', id: 'claims' },
      h('dt', {}, t('signedInAs')), h('dd', { id: 'claim-user' }, userName(c) || '—'),
      h('dt', {}, t('dept')), h('dd', { id: 'claim-dept' }, c.dept ? deptName(c.dept) : '—'),
      h('dt', {}, t('roles')), h('dd', { id: 'claim-roles' }, (c.groups || []).map(roleName).join('、') || '—'),
      h('dt', {}, t('expires')), h('dd', {}, c.exp ? fmtTime(new Date(c.exp * 1000).toISOString()) : '—')),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'signout', onclick: signOut }, t('signout'))));
  }
  root.replaceChildren(...parts);
  focus?.focus();
}

// --- forms ---------------------------------------------------------------------------------------
const state = { forms: null, formId: null, subject: '', definition: null, prefill: null, result: null };

async function formsView() {
  const root = main();
  root.replaceChildren(h('h1', {}, t('formsTitle')), h('p', { class: 'muted' }, t('loading')));
  try {
    if (!state.forms) state.forms = await api('/forms');
  } catch (e) { root.replaceChildren(h('h1', {}, t('formsTitle')), alertBox(problemText(e))); return; }
  if (!state.formId && state.forms.length) state.formId = state.forms[0].id;
  const current = () => state.forms.find((f) => f.id === state.formId);

  const formSelect = h('select', { id: 'form-select' }, state.forms.map((f) => h('option', { value: f.id, selected: f.id === state.formId }, pick(f.title))));
  const info = h('p', { class: 'muted small', id: 'form-info' });
  const purposeSelect = h('select', { id: 'purpose' });
  const fillPurpose = () => {
    const f = current();
    purposeSelect.replaceChildren(h('option', { value: f.purpose }, purposeName(f.purpose)));
    info.textContent = t('fieldsInfo', { fields: f.fields, sourced: f.sourcedFields });
  };
  const idInput = h('input', { id: 'resident-id', type: 'text', inputmode: 'text', autocomplete: 'off', maxlength: 18, spellcheck: 'false',
    value: state.subject, 'aria-describedby': 'resident-id-msg', class: 'mono' });
  const idMsg = h('div', { id: 'resident-id-msg', class: 'hint', 'aria-live': 'polite' });
  const fetchBtn = h('button', { type: 'submit', class: 'primary', id: 'fetch-prefill' }, t('fetchPrefill'));
  const checkId = (final) => {
    const r = checkResidentId(idInput.value);
    const show = final || idInput.value.length >= 18 || (r.key === 'idFormat');
    idMsg.textContent = show || r.ok ? t(r.key, r.vars) : '';
    idMsg.className = 'hint ' + (r.ok ? 'ok' : show ? 'bad' : '');
    idInput.setAttribute('aria-invalid', show && !r.ok ? 'true' : 'false');
    return r;
  };
  idInput.addEventListener('input', () => checkId(false));
  formSelect.addEventListener('change', () => { state.formId = formSelect.value; state.prefill = null; state.result = null; fillPurpose(); out.replaceChildren(); });
  fillPurpose();
  const out = h('section', { id: 'prefill-out', 'aria-live': 'polite' });

  const picker = h('form', { class: 'card picker no-print', onsubmit: async (e) => {
    e.preventDefault();
    const r = checkId(true);
    if (!r.ok) { idInput.focus(); return; }
    state.subject = r.id; idInput.value = r.id;
    out.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    fetchBtn.disabled = true;
    try {
      const [definition, prefill] = await Promise.all([
        api('/forms/' + encodeURIComponent(state.formId)),
        api('/forms/' + encodeURIComponent(state.formId) + '/prefill?subject=' + encodeURIComponent(r.id) + '&purpose=' + encodeURIComponent(purposeSelect.value)),
      ]);
      state.definition = definition; state.prefill = prefill; state.result = null;
      await renderFilledForm(out, purposeSelect.value);
    } catch (err) {
      const fieldErr = err.problem?.errors?.[0];
      out.replaceChildren(alertBox(problemText(err) + (fieldErr ? ` (${fieldErr.field}: ${fieldErr.code})` : '')));
    } finally { fetchBtn.disabled = false; }
  } },
  h('div', { class: 'row' },
    h('div', { class: 'col' }, h('label', { for: 'form-select' }, t('chooseForm')), formSelect, info),
    h('div', { class: 'col' }, h('label', { for: 'resident-id' }, t('residentId')), idInput, idMsg),
    h('div', { class: 'col narrow' }, h('label', { for: 'purpose' }, t('purpose')), purposeSelect),
    h('div', { class: 'col action' }, fetchBtn)));

  root.replaceChildren(h('h1', { class: 'no-print' }, t('formsTitle')), picker, out);
  if (state.prefill && state.prefill.form === state.formId) await renderFilledForm(out, purposeSelect.value);
  if (state.subject) checkId(true);
  formSelect.focus();
}

const STATUS_KEY = { prefilled: 'stPrefilled', conflict: 'stConflict', withheld: 'stWithheld', manual: 'stManual', absent: 'stAbsent' };

function sourceLine(src) {
  const field = seesCodes() && src.field ? `.${src.field}` : '';
  // fallbackFor: the record lacks the exact field the form prefers (written before it existed), so the value stood in for it
  return h('span', { class: 'src' }, `${t('source')}: ${deptName(src.department)} · ${datasetName(src.dataset)}${field}` + (src.updatedAt ? ` · ${t('updatedAt')} ${fmtTime(src.updatedAt)}` : '')
    + (src.fallbackFor ? ` · ${t('olderRecord')}` : ''));
}

// --- typed values kept in this tab only (sessionStorage), per form and resident, so a token renewal or a new
// sign-in does not lose them; cleared on submit and on sign-out (counter PCs are shared)
const DRAFT_PREFIX = 'datarun.draft.';
const draftKey = (form, subject) => `${DRAFT_PREFIX}${form}.${subject}`;
const loadDraft = (form, subject) => JSON.parse(sessionStorage.getItem(draftKey(form, subject)) || '{}');
const saveDraft = (form, subject, values) => sessionStorage.setItem(draftKey(form, subject), JSON.stringify(values));
function clearDrafts() {
  for (let i = sessionStorage.length - 1; i >= 0; i--) { const k = sessionStorage.key(i); if (k?.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(k); }
}

// --- disputes the clerk's department raised, by dataset, subject and field (the newest per field)
// listing disputes is a read: a clerk names the form's purpose (stewards see their queue without one)
async function disputesOf(subject, purpose) {
  try {
    const list = await api('/disputes?purpose=' + encodeURIComponent(purpose));
    const by = {};
    for (const d of list) if (d.subjectId === subject) { const k = `${d.dataset}|${d.field}`; if (!by[k] || by[k].raisedAt < d.raisedAt) by[k] = d; }
    return by;
  } catch { return {}; }
}

/** 提出异议 on one prefilled value: reason and proposed value, sent to the owner's stewards. */
function disputeControl(field, src, subject, purpose, existing) {
  const wrap = h('div', { class: 'dispute no-print', id: `dispute-${field.name}` });
  const status = h('span', { class: 'dispute-status', id: `dispute-status-${field.name}`, role: 'status' });
  const show = (d) => { status.textContent = d ? t('ds' + d.status) : ''; status.className = 'dispute-status ' + (d ? d.status.toLowerCase() : ''); };
  show(existing);
  const open = h('button', { type: 'button', class: 'link', id: `dispute-open-${field.name}`, onclick: () => {
    open.hidden = true;
    const reason = h('textarea', { id: `dispute-reason-${field.name}`, rows: 2 });
    const proposed = h('input', { id: `dispute-value-${field.name}`, type: 'text' });
    const msg = h('div', { class: 'field-error', role: 'alert' });
    const box = h('div', { class: 'dispute-box', role: 'group', 'aria-label': t('disputeTitle', { field: pick(field.label) }) },
      h('label', { for: reason.id }, t('disputeReason')), reason,
      h('label', { for: proposed.id }, t('disputeProposed')), proposed, msg,
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: `dispute-send-${field.name}`, onclick: async () => {
          const why = reason.value.trim();
          if (!why) { msg.textContent = t('disputeReasonMissing'); reason.focus(); return; }
          const proposedValue = proposed.value.trim() || null;
          try {
            const d = await api('/disputes', { method: 'POST', body: JSON.stringify({ dataset: src.dataset, subjectId: subject, field: src.field, comment: why, proposedValue, purpose }) });
            box.remove(); open.hidden = false; show(d);
            status.textContent += ' — ' + t('disputeSent', { owner: deptName(d.owner) });
            open.focus();
          } catch (e) { msg.textContent = problemText(e); }
        } }, t('disputeSend')),
        h('button', { type: 'button', onclick: () => { box.remove(); open.hidden = false; open.focus(); } }, t('disputeCancel'))));
    wrap.append(box);
    reason.focus();
  } }, t('dispute'));
  wrap.append(open, ' ', status);
  return wrap;
}

/**
 * 更正 on a value the clerk's own department typed earlier: the field becomes editable with a required reason;
 * the new value is sent with its reason in `corrections` and published as a new value. Cancel restores the lock.
 */
function correctionControl(field, def, current, replace, getters, corrections) {
  const wrap = h('div', { class: 'correction no-print', id: `correction-${field.name}` });
  const open = h('button', { type: 'button', class: 'link', id: `correct-open-${field.name}`, onclick: () => {
    const locked = current();
    const input = inputFor(field, def, locked.id, locked.getAttribute('aria-describedby'));
    input.value = field.value ?? '';
    const reason = h('textarea', { id: `correct-reason-${field.name}`, rows: 2, required: true });
    const cancel = h('button', { type: 'button', id: `correct-cancel-${field.name}`, onclick: () => {
      input.replaceWith(locked); replace(locked); box.remove(); open.hidden = false;
      getters[field.name] = () => field.value; delete corrections[field.name]; open.focus();
    } }, t('correctCancel'));
    const box = h('div', { class: 'correction-box', role: 'group', 'aria-label': t('correctReason') },
      h('label', { for: reason.id }, t('correctReason')), reason, h('div', { class: 'actions' }, cancel));
    locked.replaceWith(input); replace(input);
    open.hidden = true; wrap.append(box);
    getters[field.name] = () => readValue(field, input);
    // only a changed value is a correction; an unchanged one stays the prefilled value
    corrections[field.name] = () => reason.value.trim();
    const sync = () => { if (String(readValue(field, input) ?? '') === String(field.value ?? '')) delete corrections[field.name]; else corrections[field.name] = () => reason.value.trim(); };
    input.addEventListener('input', sync); input.addEventListener('change', sync); sync();
    input.focus();
  } }, t('correctOpen'));
  wrap.append(open);
  return wrap;
}

/** The household's members from the household registry, as far as the grant shows them; printed with the form. */
function householdSection(p, purpose) {
  const hh = state.definition.household;
  const body = h('div', { class: 'household-body' }, h('p', { class: 'muted' }, t('loading')));
  const section = h('section', { class: 'household', id: 'household', 'aria-labelledby': 'household-title' },
    h('h3', { id: 'household-title' }, pick(hh.label) || t('householdTitle')), h('p', { class: 'small muted no-print' }, t('householdHelp')), body);
  api(`/forms/${encodeURIComponent(p.form)}/household?subject=${encodeURIComponent(p.subject)}&purpose=${encodeURIComponent(purpose)}`).then((v) => {
    const cols = Object.keys(v.fieldLabels || {}).filter((f) => (v.members || []).some((m) => f in m.fields));
    const show = (f, value) => codeLabel({ optionLabels: v.symbolLabels?.[f] }, value) ?? value;
    body.replaceChildren(
      (v.members || []).length ? h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'household-title' }, h('table', { class: 'data', id: 'household-table' },
        h('thead', {}, h('tr', {}, cols.map((f) => h('th', { scope: 'col' }, pick(v.fieldLabels[f]) || f)))),
        h('tbody', {}, v.members.map((m) => h('tr', { 'data-member': m.subjectId }, cols.map((f) => h('td', { class: f === 'residentId' ? 'mono small' : undefined }, String(show(f, m.fields[f]) ?? '—')))))))) : h('p', { class: 'muted', id: 'household-empty' }, t('householdEmpty')),
      ...(v.complete === false ? [h('p', { class: 'small muted' }, t('householdIncomplete'))] : []));
  }).catch((e) => body.replaceChildren(alertBox(problemText(e))));
  return section;
}

function inputFor(field, def, id, describedBy) {
  const c = def?.constraints || {};
  const common = { id, name: field.name, 'aria-describedby': describedBy, required: c.required || undefined };
  switch (field.type) {
    case 'enum':
      return h('select', common, h('option', { value: '' }, '— ' + t('chooseOne') + ' —'), (c.options || []).map((o) => h('option', { value: o }, codeLabel(def, o) ?? o)));
    case 'boolean':
      return h('select', common, h('option', { value: '' }, '—'), h('option', { value: 'true' }, t('yes')), h('option', { value: 'false' }, t('no')));
    case 'date':
      return h('input', { ...common, type: 'date' });
    case 'number': case 'integer':
      return h('input', { ...common, type: 'number', step: field.type === 'integer' ? '1' : Number.isInteger(def?.scale) ? String(10 ** -def.scale) : 'any', min: c.min, max: c.max });
    case 'mobile':
      return h('input', { ...common, type: 'tel', inputmode: 'numeric', maxlength: 11 });
    default:
      return h('input', { ...common, type: 'text', maxlength: c.maxLength, pattern: c.pattern });
  }
}

function readValue(field, el) {
  const v = el.value.trim();
  if (v === '') return null;
  if (field.type === 'number') return Number(v);
  if (field.type === 'integer') return Number.isInteger(Number(v)) ? Number(v) : v;
  if (field.type === 'boolean') return v === 'true';
  return v;
}

async function renderFilledForm(out, purpose) {
  const p = state.prefill;
  const disputes = await disputesOf(p.subject, purpose);
  const draft = loadDraft(p.form, p.subject);
  let restored = false;
  const defs = Object.fromEntries((state.definition?.fields || []).map((f) => [f.name, f]));
  const form = state.forms.find((f) => f.id === p.form) || { title: {} };
  const getters = {};
  const errorSlots = {};
  const conflicts = [];
  const corrections = {}; // field name -> () => the reason typed, while a correction is open
  const rows = p.fields.map((field, i) => {
    const id = 'f-' + field.name;
    const msgId = id + '-msg';
    const hintId = id + '-hint';
    const def = defs[field.name];
    const required = def?.constraints?.required;
    const badge = h('span', { class: 'badge ' + field.status, id: id + '-badge' }, t(STATUS_KEY[field.status] || field.status));
    let control; let hint;
    if (field.status === 'prefilled') {
      const shown = field.type === 'division-code' ? divisionName(field.value) : fmtField(field, def, field.value);
      control = h('input', { id, type: 'text', readonly: true, value: shown, class: 'locked', 'data-code': field.type === 'enum' ? field.value : undefined,
        title: field.type === 'enum' && codeLabel(def, field.value) ? t('codeTitle', { code: field.value }) : undefined, 'aria-describedby': `${id}-badge ${hintId}` });
      hint = h('div', { id: hintId, class: 'hint' }, field.source ? sourceLine(field.source) : null,
        h('span', { class: 'lock' }, t(field.correctable ? 'correctableHint' : 'lockedHintNamed')),
        field.correctable ? correctionControl(field, def, () => control, (c) => { control = c; errorSlots[field.name].control = c; }, getters, corrections)
          : field.source?.field ? disputeControl(field, field.source, p.subject, purpose, disputes[`${field.source.dataset}|${field.source.field}`]) : null);
      getters[field.name] = () => field.value;
    } else if (field.status === 'absent') {
      // "no record" where the grant reaches: an answer (未在保), locked, nothing to type
      control = h('input', { id, type: 'text', readonly: true, value: pick(field.absentLabel) || t('stAbsent'), class: 'locked absent', 'aria-describedby': `${id}-badge ${hintId}` });
      hint = h('div', { id: hintId, class: 'hint' }, t('absentHint', { dept: (field.absentIn || []).map((d) => deptName(d.split('.')[0])).join('、') }));
    } else if (field.status === 'conflict') {
      const name = id;
      const options = (field.candidates || []).map((cand, j) => h('label', { class: 'cand' },
        h('input', { type: 'radio', name, value: String(j) }), ' ',
        h('strong', { 'data-code': field.type === 'enum' ? cand.value : undefined }, fmtField(field, def, cand.value)), ' ', sourceLine(cand)));
      control = h('fieldset', { id, class: 'conflict-set', 'aria-describedby': hintId }, h('legend', { class: 'sr-only' }, pick(field.label)), options);
      hint = h('div', { id: hintId, class: 'hint' }, t('conflictHint'));
      conflicts.push(field.name);
      getters[field.name] = () => {
        const chosen = control.querySelector('input:checked');
        return chosen ? field.candidates[Number(chosen.value)].value : null;
      };
    } else if (field.status === 'withheld') {
      control = h('input', { id, type: 'text', disabled: true, value: '', placeholder: '—', 'aria-describedby': `${id}-badge ${hintId}` });
      hint = h('div', { id: hintId, class: 'hint' }, t('withheldHint', { by: (field.withheldBy || []).map(datasetName).join('、') }));
    } else {
      control = inputFor(field, def, id, `${hintId} ${msgId}`);
      if (draft[field.name] !== undefined) { control.value = draft[field.name]; restored = true; }
      control.addEventListener('input', () => saveDraft(p.form, p.subject, { ...loadDraft(p.form, p.subject), [field.name]: control.value }));
      control.addEventListener('change', () => saveDraft(p.form, p.subject, { ...loadDraft(p.form, p.subject), [field.name]: control.value }));
      const wbDataset = field.writeBack ? field.writeBack.slice(0, field.writeBack.lastIndexOf('.')) : null;
      hint = h('div', { id: hintId, class: 'hint' }, wbDataset ? t('manualHintNamed', { dataset: datasetName(wbDataset) }) : t('manualNoWb'));
      getters[field.name] = () => readValue(field, control);
    }
    const err = h('div', { id: msgId, class: 'field-error', role: 'alert' });
    errorSlots[field.name] = { err, control };
    return h('div', { class: 'field status-' + field.status, 'data-field': field.name },
      h('div', { class: 'label-line' },
        field.status === 'conflict' ? h('span', { class: 'label' }, pick(field.label)) : h('label', { for: id, class: 'label' }, pick(field.label)),
        required ? h('span', { class: 'req', title: t('required') }, ' *') : null, ' ', badge),
      control, hint, err);
  });

  const sum = p.summary || {};
  const result = h('div', { id: 'submit-result', 'aria-live': 'polite' });
  const submitBtn = h('button', { type: 'submit', class: 'primary', id: 'submit' }, t('submit'));
  const formEl = h('form', { class: 'card filled', id: 'filled-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    for (const slot of Object.values(errorSlots)) { slot.err.textContent = ''; slot.control.removeAttribute('aria-invalid'); slot.control.closest('.field').classList.remove('has-error'); }
    const values = {};
    for (const [name, get] of Object.entries(getters)) { const v = get(); if (v !== null && v !== undefined) values[name] = v; }
    // a conflict has no default: the clerk chooses one of the sources
    const unchosen = conflicts.filter((name) => !(name in values));
    if (unchosen.length) {
      for (const name of unchosen) { const slot = errorSlots[name]; slot.err.textContent = t('conflictChoose'); slot.control.closest('.field').classList.add('has-error'); }
      result.replaceChildren(alertBox(t('errorsTitle')));
      errorSlots[unchosen[0]].control.querySelector('input')?.focus();
      return;
    }
    // a correction states its reason: stopped at the field before anything is sent
    const reasons = Object.fromEntries(Object.entries(corrections).map(([name, reason]) => [name, reason()]));
    const unexplained = Object.keys(reasons).filter((name) => !reasons[name]);
    if (unexplained.length) {
      for (const name of unexplained) { const slot = errorSlots[name]; slot.err.textContent = t('correctReasonMissing'); slot.control.closest('.field').classList.add('has-error'); }
      result.replaceChildren(alertBox(t('errorsTitle')));
      document.getElementById('correct-reason-' + unexplained[0])?.focus();
      return;
    }
    submitBtn.disabled = true; result.replaceChildren(h('p', { class: 'muted' }, t('submitting')));
    try {
      const r = await api('/forms/' + encodeURIComponent(p.form) + '/submissions', { method: 'POST', body: JSON.stringify({ subject: p.subject, purpose, seal: p.seal, values, corrections: reasons }) });
      state.result = r;
      sessionStorage.removeItem(draftKey(p.form, p.subject));
      // the published dataset fields, as the form's labels of the fields written back to them
      const labelOf = (dataset, f) => pick(p.fields.find((x) => x.writeBack === `${dataset}.${f}`)?.label) || f;
      result.replaceChildren(h('div', { class: 'alert success', role: 'status', id: 'submit-ok' },
        h('strong', {}, t('submitted')), ' ', t('resultText', { fields: r.fields, prefilled: r.prefilled, typed: r.typed, keys: r.keystrokesSaved }),
        (r.corrected || []).length ? h('div', { class: 'small', id: 'corrected' }, t('correctedResult', { fields: r.corrected.map((n) => pick(p.fields.find((x) => x.name === n)?.label) || n).join('、') })) : null,
        ...(r.published || []).map((pub) => h('div', { class: 'small published' }, seesCodes()
          ? t('publishedTo', { dataset: pub.dataset, id: pub.recordId, fields: (pub.fields || []).join(', ') })
          : t('publishedAs', { dept: deptName(pub.dataset.split('.')[0]), dataset: datasetName(pub.dataset), fields: (pub.fields || []).map((f) => labelOf(pub.dataset, f)).join('、') })))));
    } catch (err) {
      const errs = err.problem?.errors || [];
      const unplaced = [];
      let first = null;
      for (const fe of errs) {
        const slot = errorSlots[fe.field];
        if (slot) {
          slot.err.textContent = fe.message || fe.code;
          slot.control.setAttribute('aria-invalid', 'true');
          slot.control.closest('.field').classList.add('has-error');
          first = first || slot.control;
        } else unplaced.push(fe.message || fe.code);
      }
      result.replaceChildren(alertBox([errs.length ? t('errorsTitle') : '', problemText(err), ...unplaced].filter(Boolean).join(' ')));
      if (first) first.focus();
    } finally { submitBtn.disabled = false; }
  } },
  h('header', { class: 'form-head' },
    h('h2', {}, pick(form.title) || p.form),
    h('div', { class: 'small muted' }, `${t('residentId')}: `, h('span', { class: 'mono' }, p.subject), ` · ${t('purpose')}: ${purposeName(purpose)}`),
    h('div', { class: 'small summary', id: 'summary' }, t('summary', { prefilled: sum.prefilled ?? 0, absent: sum.absent ?? 0, conflict: sum.conflict ?? 0, withheld: sum.withheld ?? 0, manual: sum.manual ?? 0 })),
    h('p', { class: 'small lock-note no-print', id: 'lock-note' }, t('lockedNoteNamed')),
    restored ? h('p', { class: 'small muted no-print', id: 'draft-restored', role: 'status' }, t('draftRestored')) : null),
  h('div', { class: 'grid' }, rows),
  state.definition?.household ? householdSection(p, purpose) : null,
  // the printout is signed on paper: applicant, clerk, date
  h('div', { class: 'sign-blocks print-only', id: 'sign-blocks' },
    [t('signApplicant'), t('signClerk'), t('signDate')].map((label) => h('div', { class: 'sign' }, h('span', {}, label + '：'), h('span', { class: 'line' })))),
  h('div', { class: 'actions no-print' }, submitBtn, h('button', { type: 'button', id: 'print', onclick: () => window.print() }, t('print'))),
  result);
  out.replaceChildren(formEl);
}

// --- catalog ---------------------------------------------------------------------------------------
function barChart(title, items, { id, flags } = {}) {
  // items: [{label, value, flag}] → horizontal bars in inline SVG
  const rowH = 24, labelW = 330, barW = 520, valueW = 70, pad = 6;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = items.length * rowH + pad * 2;
  return h('figure', { class: 'chart', id },
    h('figcaption', {}, title),
    s('svg', { viewBox: `0 0 ${labelW + barW + valueW + 300} ${height}`, width: '100%', role: 'img', 'aria-label': title },
      items.map((it, i) => {
        const y = pad + i * rowH;
        const w = Math.max(it.value > 0 ? 2 : 0, Math.round((it.value / max) * barW));
        return s('g', { class: 'bar ' + (it.flag || '') },
          s('title', {}, `${it.label}: ${it.value}${it.flagText ? ' — ' + it.flagText : ''}`),
          s('text', { x: labelW - 8, y: y + rowH * 0.68, 'text-anchor': 'end', class: 'lbl' }, it.label),
          s('rect', { x: labelW, y: y + 4, width: w, height: rowH - 8, rx: 2 }),
          s('text', { x: labelW + w + 6, y: y + rowH * 0.68, class: 'val' }, it.display ?? String(it.value)),
          it.flagText ? s('text', { x: labelW + barW + valueW, y: y + rowH * 0.68, class: 'flag' }, it.flagText) : null);
      })),
    flags ? h('p', { class: 'small muted legend' }, flags) : null);
}

async function catalogView() {
  const root = main();
  root.replaceChildren(h('h1', {}, t('catalogTitle')), h('p', { class: 'muted' }, t('loading')));
  let data;
  try { data = await api('/datasets'); } catch (e) { root.replaceChildren(h('h1', {}, t('catalogTitle')), alertBox(problemText(e))); return; }
  const list = Array.isArray(data) ? data : data.datasets || [];
  const table = h('table', { class: 'data', id: 'catalog-table' },
    h('caption', { class: 'sr-only' }, t('catalogTitle')),
    h('thead', {}, h('tr', {}, [...(seesCodes() ? [t('dataset')] : []), t('title'), t('owner'), t('records'), t('cadence'), t('lastUpdate'), t('consumers')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, list.map((d) => h('tr', { 'data-dataset': d.id },
      seesCodes() ? h('td', { class: 'mono small' }, d.id) : null, h('td', {}, pick(d.title) || d.id), h('td', { class: 'owner' }, deptName(d.owner)), h('td', { class: 'num' }, d.recordCount ?? ''),
      h('td', { class: 'cadence', title: d.cadence || '' }, cadenceText(d.cadence)), h('td', { class: 'small' }, fmtTime(d.lastUpdate)),
      h('td', { class: 'small' }, (d.consumers || []).map(deptName).join('、') || t('none'))))));
  root.replaceChildren(h('h1', {}, t('catalogTitle')),
    barChart(t('recordsChart'), list.map((d) => ({ label: pick(d.title) || d.id, value: d.recordCount || 0 })), { id: 'records-chart' }),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('catalogTitle') }, table));
}

// --- usage ------------------------------------------------------------------------------------------
async function usageView() {
  const root = main();
  const c = claims() || {};
  const roles = c.groups || [];
  root.replaceChildren(h('h1', {}, t('usageTitle')), h('p', { class: 'muted' }, t('loading')));
  if (!roles.includes('admin') && !roles.includes('steward')) { root.replaceChildren(h('h1', {}, t('usageTitle')), alertBox(t('usageNeedsRole'), 'info')); return; }
  let usage; let formsReport = null;
  try { usage = await api('/reports/usage'); } catch (e) { root.replaceChildren(h('h1', {}, t('usageTitle')), alertBox(problemText(e))); return; }
  try { formsReport = await api('/reports/forms'); } catch { formsReport = null; }
  const ds = usage.datasets || [];
  const flagText = (d) => [d.stale && t('stale'), d.unused && t('unused'), d.retirementProposed && t('retire')].filter(Boolean).join(' · ');
  const parts = [h('h1', {}, t('usageTitle')), h('p', { class: 'small muted' }, `${t('generatedAt')}: ${fmtTime(usage.generatedAt)}`),
    barChart(t('readsChart'), ds.map((d) => ({ label: datasetName(d.dataset), value: d.reads || 0, flag: d.retirementProposed ? 'retire' : d.stale || d.unused ? 'warn' : '', flagText: flagText(d) })),
      { id: 'reads-chart', flags: `■ ${t('stale')} / ${t('unused')} / ${t('retire')}` })];
  const formsList = Array.isArray(formsReport) ? formsReport : formsReport?.forms;
  if (formsList) {
    parts.push(formsList.length
      ? barChart(t('formsReportTitle'), formsList.map((f) => ({ label: `${f.form ?? f.id} (${t('submissions')} ${f.submissions})`, value: Math.round((f.prefilledShare || 0) * 100), display: Math.round((f.prefilledShare || 0) * 100) + ' %' })), { id: 'forms-chart' })
      : h('p', { class: 'muted' }, t('formsReportEmpty')));
  }
  parts.push(h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('usageTitle') }, h('table', { class: 'data', id: 'usage-table' },
    h('thead', {}, h('tr', {}, [t('dataset'), t('owner'), t('reads'), t('consumers'), t('lastUpdate'), t('flags')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ds.map((d) => h('tr', { class: d.retirementProposed ? 'retire' : d.stale || d.unused ? 'warn' : '' },
      h('td', { class: 'small' }, datasetName(d.dataset)), h('td', {}, deptName(d.owner)), h('td', { class: 'num' }, d.reads ?? 0), h('td', { class: 'num' }, d.distinctConsumers ?? 0),
      h('td', { class: 'small' }, fmtTime(d.lastUpdate)), h('td', {}, flagText(d) ? h('span', { class: 'badge conflict' }, flagText(d)) : h('span', { class: 'badge prefilled' }, t('ok')))))))));
  root.replaceChildren(...parts);
}

// --- form-burden ledger ------------------------------------------------------------------------------
const pct = (share) => Math.round((share || 0) * 100) + ' %';

// One horizontal bar per row, its submitted fields split into prefilled, typed and the rest (left empty or
// withheld), in inline SVG.
function stackedChart(title, rows, id) {
  const rowH = 26, labelW = 300, barW = 560, textW = 300, pad = 6;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.fields, r.prefilled + r.typed)));
  const height = rows.length * rowH + pad * 2;
  return h('figure', { class: 'chart', id },
    h('figcaption', {}, title),
    s('svg', { viewBox: `0 0 ${labelW + barW + textW} ${height}`, width: '100%', role: 'img', 'aria-label': title },
      rows.map((r, i) => {
        const y = pad + i * rowH;
        const wp = Math.round((r.prefilled / max) * barW);
        const wt = Math.round((r.typed / max) * barW);
        const wr = Math.max(0, Math.round((r.fields / max) * barW) - wp - wt);
        return s('g', { class: 'stack' },
          s('title', {}, `${r.label}: ${t('stPrefilled')} ${r.prefilled}, ${t('typedCol')} ${r.typed}, ${t('restCol')} ${Math.max(0, r.fields - r.prefilled - r.typed)}`),
          s('text', { x: labelW - 8, y: y + rowH * 0.66, 'text-anchor': 'end', class: 'lbl' }, r.label),
          s('rect', { x: labelW, y: y + 4, width: wp, height: rowH - 8, class: 'prefilled' }),
          s('rect', { x: labelW + wp, y: y + 4, width: wt, height: rowH - 8, class: 'typed' }),
          s('rect', { x: labelW + wp + wt, y: y + 4, width: wr, height: rowH - 8, class: 'rest' }),
          s('text', { x: labelW + wp + wt + wr + 6, y: y + rowH * 0.66, class: 'val' }, r.text));
      })),
    h('p', { class: 'small legend' }, h('span', { class: 'swatch prefilled' }), ' ', t('stPrefilled'), '  ',
      h('span', { class: 'swatch typed' }), ' ', t('typedCol'), '  ', h('span', { class: 'swatch rest' }), ' ', t('restCol')));
}

async function ledgerView() {
  const root = main();
  const roles = (claims() || {}).groups || [];
  root.replaceChildren(h('h1', {}, t('ledgerTitle')), h('p', { class: 'muted' }, t('loading')));
  if (!roles.includes('admin') && !roles.includes('steward')) { root.replaceChildren(h('h1', {}, t('ledgerTitle')), alertBox(t('ledgerNeedsRole'), 'info')); return; }
  let report;
  try { report = await api('/reports/forms'); } catch (e) { root.replaceChildren(h('h1', {}, t('ledgerTitle')), alertBox(problemText(e))); return; }
  const forms = report.forms || [];
  const parts = [h('h1', {}, t('ledgerTitle')), h('p', { class: 'small muted' }, t('ledgerHelp'), ' ', `${t('generatedAt')}: ${fmtTime(report.generatedAt)}`)];
  if (!forms.length) parts.push(h('p', { class: 'muted', id: 'ledger-empty' }, t('formsReportEmpty')));
  for (const f of forms) {
    const title = f.title && Object.keys(f.title).length ? `${pick(f.title)} (${f.form})` : f.form;
    parts.push(h('section', { class: 'card ledger', id: 'ledger-' + f.form, 'data-form': f.form },
      h('h2', {}, title),
      h('p', { class: 'small totals' }, t('ledgerTotals', { submissions: f.submissions, share: pct(f.prefilledShare), typed: f.typed, keys: f.keystrokesSaved })),
      stackedChart(t('ledgerChart'), (f.clerks || []).map((c) => ({ label: `${deptName(c.department)} / ${c.clerk}`, fields: c.fields, prefilled: c.prefilled, typed: c.typed,
        text: `${pct(c.prefilledShare)} · ${t('keysSaved')} ${c.keystrokesSaved}` })), 'ledger-chart-' + f.form),
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': title }, h('table', { class: 'data ledger-table' },
        h('thead', {}, h('tr', {}, [t('dept'), t('clerk'), t('submissions'), t('fieldsCol'), t('stPrefilled'), t('typedCol'), t('shareCol'), t('keysSaved'), t('lastSubmitted')]
          .map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, (f.clerks || []).map((c) => h('tr', { 'data-clerk': c.clerk },
          h('td', { 'data-dept': c.department }, deptName(c.department)), h('td', { class: 'mono small' }, c.clerk), h('td', { class: 'num' }, c.submissions), h('td', { class: 'num' }, c.fields),
          h('td', { class: 'num' }, c.prefilled), h('td', { class: 'num' }, c.typed), h('td', { class: 'num share' }, pct(c.prefilledShare)),
          h('td', { class: 'num keys' }, c.keystrokesSaved), h('td', { class: 'small' }, fmtTime(c.lastSubmittedAt)))))))));
  }
  root.replaceChildren(...parts);
}

// --- refused rows (dead letters) of the steward's datasets ---------------------------------------------
/** A source position as a steward reads it: file and row, change time and key, or the push; the JSON in the title. */
function fmtPosition(p) {
  if (!p) return '';
  if (p.original) return fmtPosition(p.original);
  if (p.file) return `${p.file} · ${t('refusedRow', { n: p.row })}`;
  if (p.ts) return `${String(p.ts).replace('T', ' ').slice(0, 19)} · ${t('refusedKey', { k: p.key })}`;
  if (p.pushedBy) return `${p.pushedBy} #${p.index}`;
  return JSON.stringify(p);
}

async function refusedView() {
  const root = main();
  const c = claims() || {};
  const roles = c.groups || [];
  const title = h('h1', {}, t('refusedTitle'));
  if (!roles.includes('admin') && !roles.includes('steward')) { root.replaceChildren(title, alertBox(t('refusedNeedsRole'), 'info')); return; }
  root.replaceChildren(title, h('p', { class: 'muted' }, t('loading')));
  let data;
  try { data = await api('/datasets'); } catch (e) { root.replaceChildren(title, alertBox(problemText(e))); return; }
  const owned = (Array.isArray(data) ? data : data.datasets || []).filter((d) => roles.includes('admin') || d.owner === c.dept);
  if (!owned.length) { root.replaceChildren(title, h('p', { class: 'muted' }, t('refusedNone'))); return; }
  const select = h('select', { id: 'refused-dataset', 'aria-label': t('dataset') },
    owned.map((d) => h('option', { value: d.id }, `${pick(d.title) || d.id} (${d.id})`)));
  const body = h('tbody', {});
  const empty = h('p', { class: 'muted', id: 'refused-empty', hidden: true }, t('refusedEmpty'));
  const more = h('button', { type: 'button', id: 'refused-more', hidden: true }, t('refusedMore'));
  let next = null;
  let latest = 0; // only the newest request may fill the table: a slower answer for another dataset is dropped
  const load = async (reset) => {
    const mine = ++latest;
    if (reset) { body.replaceChildren(); next = null; }
    let page;
    try {
      page = await api(`/datasets/${encodeURIComponent(select.value)}/dead-letters?limit=50` + (next ? `&after=${encodeURIComponent(next)}` : ''));
    } catch (e) { if (mine === latest) body.replaceChildren(h('tr', {}, h('td', { colspan: 5 }, alertBox(problemText(e))))); return; }
    if (mine !== latest) return;
    body.dataset.dataset = page.dataset;
    for (const d of page.deadLetters || []) {
      body.append(h('tr', { 'data-offset': d.offset },
        h('td', { class: 'small' }, fmtTime(d.rejectedAt)),
        h('td', { class: 'mono small' }, d.source || ''),
        h('td', { class: 'small', title: JSON.stringify(d.sourcePosition || {}) }, fmtPosition(d.sourcePosition)),
        h('td', {}, h('ul', { class: 'rules' }, (d.violations || []).map((v) => h('li', { 'data-code': v.code },
          h('span', { class: 'mono' }, v.field), ': ', pick(v.label) || v.message)))),
        h('td', { class: 'small' }, d.raw ? h('details', {}, h('summary', {}, t('refusedRaw')),
          h('pre', { class: 'mono small' }, JSON.stringify(d.raw, null, 1))) : '')));
    }
    const got = (page.deadLetters || []).length;
    next = page.next;
    empty.hidden = body.children.length > 0;
    more.hidden = got < 50;
  };
  select.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  root.replaceChildren(title, h('p', { class: 'small muted' }, t('refusedHelp')), h('label', {}, t('dataset'), ' ', select), empty,
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('refusedTitle') }, h('table', { class: 'data', id: 'refused-table' },
      h('thead', {}, h('tr', {}, [t('refusedAt'), t('refusedSource'), t('refusedPosition'), t('refusedRules'), t('refusedRaw')].map((x) => h('th', { scope: 'col' }, x)))),
      body)), more);
  await load(true);
}

// --- disputes against the steward's department's data ---------------------------------------------------
async function disputesView() {
  const root = main();
  const c = claims() || {};
  const title = h('h1', {}, t('disputesTitle'));
  if (!(c.groups || []).includes('steward')) { root.replaceChildren(title, alertBox(t('disputesNeedsRole'), 'info')); return; }
  root.replaceChildren(title, h('p', { class: 'muted' }, t('loading')));
  let list;
  try { list = (await api('/disputes?status=open')).filter((d) => d.owner === c.dept); } catch (e) { root.replaceChildren(title, alertBox(problemText(e))); return; }
  const rows = list.map((d) => {
    // the clerk's proposal is where the steward starts: usually the correction is exactly that
    const value = h('input', { type: 'text', id: `corrected-${d.id}`, 'aria-label': t('correctedValue'), value: d.proposedValue ?? '' });
    const reason = h('input', { type: 'text', id: `reason-${d.id}`, 'aria-label': t('rejectReason') });
    const msg = h('div', { class: 'field-error', role: 'alert' });
    const state = h('td', { class: 'status' }, t('dsOPEN'));
    const resolve = async (outcome) => {
      const body = outcome === 'corrected' ? { outcome, correctedValue: value.value.trim(), reason: reason.value.trim() || null } : { outcome, reason: reason.value.trim() };
      try { const r = await api(`/disputes/${encodeURIComponent(d.id)}/resolution`, { method: 'POST', body: JSON.stringify(body) }); state.textContent = t('ds' + r.status); msg.textContent = ''; }
      catch (e) { msg.textContent = problemText(e); }
    };
    return h('tr', { 'data-dispute': d.id },
      h('td', { class: 'small' }, fmtTime(d.raisedAt)), h('td', {}, deptName(d.raisedByDepartment)),
      h('td', {}, datasetName(d.dataset), ' · ', d.field), h('td', { class: 'mono small' }, d.disputedValue ?? ''),
      h('td', { class: 'mono small proposed' }, d.proposedValue ?? '—'), h('td', {}, d.comment),
      h('td', {}, h('label', { for: value.id }, t('correctedValue')), value, h('label', { for: reason.id }, t('rejectReason')), reason,
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'correct', onclick: () => resolve('corrected') }, t('correct')),
          h('button', { type: 'button', class: 'reject', onclick: () => resolve('rejected') }, t('reject'))), msg),
      state);
  });
  root.replaceChildren(title, h('p', { class: 'small muted' }, t('disputesHelp')),
    list.length ? h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('disputesTitle') }, h('table', { class: 'data', id: 'disputes-table' },
      h('thead', {}, h('tr', {}, [t('disputeRaisedAt'), t('disputeRaisedBy'), t('disputeField'), t('disputeValue'), t('disputeProposedCol'), t('disputeComment2'), '', t('disputeStatus')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows))) : h('p', { class: 'muted', id: 'disputes-empty' }, t('disputesEmpty')));
}

// --- the resident's own page: who read my data, when and why ------------------------------------------------
async function trailView() {
  const root = main();
  const title = h('h1', {}, t('trailTitle'));
  if (!((claims() || {}).groups || []).includes('resident')) { root.replaceChildren(title, alertBox(t('trailNeedsRole'), 'info')); return; }
  root.replaceChildren(title, h('p', { class: 'muted' }, t('loading')));
  let trail;
  try { trail = await api('/me/access-trail'); } catch (e) { root.replaceChildren(title, alertBox(problemText(e))); return; }
  const reads = trail.reads || [];
  root.replaceChildren(title, h('p', { class: 'small muted' }, t('trailHelp')),
    reads.length ? h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('trailTitle') }, h('table', { class: 'data', id: 'trail-table' },
      h('thead', {}, h('tr', {}, [t('trailAt'), t('trailDept'), t('trailPurpose'), t('trailDataset'), t('trailFields')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, reads.map((r) => h('tr', { 'data-dept': r.department, 'data-dataset': r.dataset },
        h('td', { class: 'small' }, fmtTime(r.at)), h('td', { class: 'dept' }, pick(r.departmentName) || r.department),
        h('td', {}, pick(r.purposeTitle) || r.purpose || ''), h('td', {}, pick(r.datasetTitle) || r.dataset),
        h('td', { class: 'fields' }, (r.fields || []).map((f) => pick(f.label) || f.name).join('、'))))))) : h('p', { class: 'muted', id: 'trail-empty' }, t('trailEmpty')),
    ...(trail.complete === false ? [h('p', { class: 'small muted' }, t('trailIncomplete'))] : []));
}

// --- start ---------------------------------------------------------------------------------------
document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem(LANG_KEY, lang);
  route();
});
window.addEventListener('hashchange', () => { route(); main().focus({ preventScroll: true }); });
completeOidcSignIn().then(route);
