// datarun clerk UI: plain ES module, no build step, no runtime downloads.
// Talks only to the gateway's own /api/v1 (same origin) with the token kept in sessionStorage.

const API = '../api/v1';
const TOKEN_KEY = 'datarun.token';
const LANG_KEY = 'datarun.lang';

// Every user-visible string, zh-CN and English.
const STRINGS = {
  'zh-CN': {
    appTitle: 'datarun 窗口受理', skip: '跳到正文', switchLang: 'English', switchLangLabel: 'Switch to English',
    navForms: '表单受理', navCatalog: '数据目录', navUsage: '使用报告', navSignin: '登录',
    signinTitle: '登录', signinHelp: '粘贴令牌（本地开发：./datarun token --dept civil-affairs --groups clerk 生成，仅限开发）。生产环境通过统一身份认证（OIDC）获取令牌。',
    tokenLabel: '访问令牌（JWT）', signin: '登录', signout: '退出', tokenInvalid: '这不是有效的 JWT 令牌。', tokenExpired: '令牌已过期，请重新获取。',
    signedInAs: '当前用户', dept: '部门', roles: '角色', expires: '有效期至', notSignedIn: '未登录',
    formsTitle: '表单受理', chooseForm: '选择表单', residentId: '公民身份号码', purpose: '使用目的',
    fetchPrefill: '获取预填', loading: '加载中…', fieldsInfo: '{fields} 项，其中 {sourced} 项可由部门数据预填',
    idEmpty: '请输入 18 位公民身份号码。', idLength: '公民身份号码应为 18 位（当前 {n} 位）。',
    idFormat: '前 17 位须为数字，最后一位为数字或 X。', idChecksum: '校验码不符（GB 11643）：最后一位应为 {c}，请核对号码。', idOk: '号码格式正确（GB 11643 校验通过）。',
    stPrefilled: '已预填', stConflict: '冲突', stWithheld: '不可见', stManual: '需填写',
    source: '来源', updatedAt: '更新于', lockedHint: '已锁定；如有误请提出异议，勿在表单中修改。', lockedNote: '标为“已预填”的项目来自部门数据，已锁定（只读）。如信息有误，请对来源数据提出异议（POST /api/v1/disputes），由数据所有部门在源头更正，所有表单随之更正。',
    conflictHint: '各来源数据不一致，请选择其中之一；对错误的一项请提出异议。', withheldHint: '本部门在此目的下无权查看：{by}',
    manualHint: '填写后将作为本部门数据共享（{wb}），其他表单无需再录入。', manualNoWb: '仅用于本次申请。',
    summary: '已预填 {prefilled} 项 · 冲突 {conflict} 项 · 不可见 {withheld} 项 · 需填写 {manual} 项',
    submit: '提交', print: '打印', submitting: '提交中…', submitted: '提交成功',
    resultText: '共 {fields} 项：预填 {prefilled} 项，录入 {typed} 项，约节省 {keys} 次击键。',
    publishedTo: '已发布到 {dataset}（记录 {id}）：{fields}', errorsTitle: '提交未通过，请检查标出的字段。',
    required: '必填', chooseOne: '请选择', yes: '是', no: '否',
    catalogTitle: '数据目录', dataset: '数据集', owner: '所属部门', title: '名称', records: '记录数', lastUpdate: '最近更新', cadence: '更新周期', consumers: '使用部门',
    recordsChart: '各数据集记录数',
    usageTitle: '使用报告', usageNeedsRole: '使用报告需要管理员（admin）或数据管理员（steward）令牌。', readsChart: '各数据集读取次数（近期）',
    reads: '读取次数', stale: '数据陈旧', unused: '无人使用', retire: '建议下线', ok: '正常', flags: '状态',
    formsReportTitle: '各表单自动填充率', formsReportEmpty: '尚无表单提交。', submissions: '提交次数',
    generatedAt: '生成时间', never: '从未', none: '无',
    err401: '未登录或令牌无效/已过期，请重新登录。', err403: '无权执行此操作：{detail}', errNetwork: '无法连接网关：{msg}', errGeneric: '请求失败（{status}）：{detail}',
    yuan: '元',
  },
  en: {
    appTitle: 'datarun counter', skip: 'Skip to content', switchLang: '中文', switchLangLabel: '切换到中文',
    navForms: 'Forms', navCatalog: 'Catalog', navUsage: 'Usage report', navSignin: 'Sign in',
    signinTitle: 'Sign in', signinHelp: 'Paste a token (local development: ./datarun token --dept civil-affairs --groups clerk, DEV-ONLY). In production the token comes from the OIDC provider.',
    tokenLabel: 'Access token (JWT)', signin: 'Sign in', signout: 'Sign out', tokenInvalid: 'This is not a valid JWT.', tokenExpired: 'The token has expired; get a new one.',
    signedInAs: 'Signed in', dept: 'Department', roles: 'Roles', expires: 'Valid until', notSignedIn: 'Not signed in',
    formsTitle: 'Forms', chooseForm: 'Form', residentId: 'Resident ID number', purpose: 'Purpose',
    fetchPrefill: 'Fetch prefill', loading: 'Loading…', fieldsInfo: '{fields} fields, {sourced} can be prefilled from departmental data',
    idEmpty: 'Enter the 18-character resident ID number.', idLength: 'A resident ID number has 18 characters ({n} so far).',
    idFormat: 'The first 17 characters must be digits, the last a digit or X.', idChecksum: 'Check character mismatch (GB 11643): the last character should be {c}; check the number.', idOk: 'Valid format (GB 11643 check passed).',
    stPrefilled: 'Prefilled', stConflict: 'Conflict', stWithheld: 'Withheld', stManual: 'To fill',
    source: 'Source', updatedAt: 'updated', lockedHint: 'Locked; if wrong, raise a dispute instead of editing.', lockedNote: 'Prefilled fields come from departmental data and are locked (read-only). If one is wrong, raise a dispute against its source (POST /api/v1/disputes): the owner corrects it at the source, and every form with it.',
    conflictHint: 'The sources disagree: choose one; raise a dispute against the wrong one.', withheldHint: 'Your department may not see it for this purpose: {by}',
    manualHint: 'What you type is shared as your department\'s data ({wb}); no other form asks again.', manualNoWb: 'Used for this application only.',
    summary: '{prefilled} prefilled · {conflict} conflicts · {withheld} withheld · {manual} to fill',
    submit: 'Submit', print: 'Print', submitting: 'Submitting…', submitted: 'Submitted',
    resultText: '{fields} fields: {prefilled} prefilled, {typed} typed, about {keys} keystrokes saved.',
    publishedTo: 'Published to {dataset} (record {id}): {fields}', errorsTitle: 'Not accepted: check the marked fields.',
    required: 'required', chooseOne: 'Choose', yes: 'Yes', no: 'No',
    catalogTitle: 'Data catalog', dataset: 'Dataset', owner: 'Owner', title: 'Title', records: 'Records', lastUpdate: 'Last update', cadence: 'Cadence', consumers: 'Consumers',
    recordsChart: 'Records per dataset',
    usageTitle: 'Usage report', usageNeedsRole: 'The usage report needs an admin or steward token.', readsChart: 'Reads per dataset (recent)',
    reads: 'Reads', stale: 'stale', unused: 'unused', retire: 'retirement proposed', ok: 'ok', flags: 'Flags',
    formsReportTitle: 'Auto-fill ratio per form', formsReportEmpty: 'No form submitted yet.', submissions: 'Submissions',
    generatedAt: 'Generated', never: 'never', none: 'none',
    err401: 'Not signed in, or the token is invalid or expired: sign in again.', err403: 'Not allowed: {detail}', errNetwork: 'Cannot reach the gateway: {msg}', errGeneric: 'Request failed ({status}): {detail}',
    yuan: 'yuan',
  },
};

let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
const t = (key, vars = {}) => (STRINGS[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
const pick = (labels) => (labels ? labels[lang] ?? labels['zh-CN'] ?? labels.en ?? '' : '');

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
  const headers = { Accept: 'application/json, application/problem+json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) };
  if (token()) headers.Authorization = 'Bearer ' + token();
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
  return t('errGeneric', { status: e.status, detail: [e.problem.code, e.problem.detail].filter(Boolean).join(': ') });
}
const alertBox = (text, kind = 'error') => h('div', { class: 'alert ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);

// --- formatting --------------------------------------------------------------------------------
const fmtTime = (iso) => { if (!iso) return t('never'); const d = new Date(iso); return isNaN(d) ? iso : d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }); };
const fmtValue = (v) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? t('yes') : t('no')) : String(v));

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
  nav.replaceChildren(...[['forms', 'navForms'], ['catalog', 'navCatalog'], ['usage', 'navUsage'], ['signin', 'navSignin']].map(([r, k]) =>
    h('a', { href: '#/' + r, 'aria-current': route === r ? 'page' : undefined }, t(k))));
  const c = claims();
  const who = document.getElementById('who');
  if (c) {
    who.replaceChildren(h('span', { class: 'dept', title: t('dept') }, c.dept || '—'), ' ',
      ...(c.groups || []).map((g) => h('span', { class: 'role' }, g)), ' ', h('span', { class: 'user' }, c.upn || c.sub || ''));
  } else who.replaceChildren(h('span', { class: 'muted' }, t('notSignedIn')));
}
const currentRoute = () => (location.hash.replace(/^#\/?/, '').split('?')[0] || (token() ? 'forms' : 'signin'));

async function route() {
  renderChrome();
  const r = currentRoute();
  const view = { forms: formsView, catalog: catalogView, usage: usageView, signin: signinView }[r] || formsView;
  if (r !== 'signin' && !token()) { location.hash = '#/signin'; return; }
  await view();
}

// --- sign in ------------------------------------------------------------------------------------
function signinView() {
  const c = claims();
  const msg = h('div', { id: 'token-msg', 'aria-live': 'polite' });
  const area = h('textarea', { id: 'token', rows: 5, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'token-help token-msg' });
  const form = h('form', { class: 'card', onsubmit: (e) => {
    e.preventDefault();
    const value = area.value.trim();
    const p = decodeToken(value);
    if (!p) { msg.replaceChildren(alertBox(t('tokenInvalid'))); area.focus(); return; }
    if (p.exp && p.exp * 1000 < Date.now()) { msg.replaceChildren(alertBox(t('tokenExpired'))); area.focus(); return; }
    sessionStorage.setItem(TOKEN_KEY, value);
    location.hash = '#/forms';
  } },
  h('h1', {}, t('signinTitle')),
  h('p', { id: 'token-help', class: 'muted' }, t('signinHelp')),
  h('label', { for: 'token' }, t('tokenLabel')), area, msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'signin' }, t('signin')),
    c ? h('button', { type: 'button', onclick: () => { sessionStorage.removeItem(TOKEN_KEY); route(); } }, t('signout')) : null));
  const info = c ? h('dl', { class: 'card claims' },
    h('dt', {}, t('signedInAs')), h('dd', {}, c.upn || c.sub || '—'),
    h('dt', {}, t('dept')), h('dd', { id: 'claim-dept' }, c.dept || '—'),
    h('dt', {}, t('roles')), h('dd', { id: 'claim-roles' }, (c.groups || []).join(', ') || '—'),
    h('dt', {}, t('expires')), h('dd', {}, c.exp ? fmtTime(new Date(c.exp * 1000).toISOString()) : '—')) : null;
  main().replaceChildren(form, info);
  area.focus();
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
    purposeSelect.replaceChildren(h('option', { value: f.purpose }, f.purpose));
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
      renderFilledForm(out, purposeSelect.value);
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
  if (state.prefill && state.prefill.form === state.formId) renderFilledForm(out, purposeSelect.value);
  if (state.subject) checkId(true);
  formSelect.focus();
}

const STATUS_KEY = { prefilled: 'stPrefilled', conflict: 'stConflict', withheld: 'stWithheld', manual: 'stManual' };

function sourceLine(src) {
  return h('span', { class: 'src' }, `${t('source')}: ${src.department} · ${src.dataset}` + (src.field ? `.${src.field}` : '') + (src.updatedAt ? ` · ${t('updatedAt')} ${fmtTime(src.updatedAt)}` : ''));
}

function inputFor(field, def, id, describedBy) {
  const c = def?.constraints || {};
  const common = { id, name: field.name, 'aria-describedby': describedBy, required: c.required || undefined };
  switch (field.type) {
    case 'enum':
      return h('select', common, h('option', { value: '' }, '— ' + t('chooseOne') + ' —'), (c.options || []).map((o) => h('option', { value: o }, o)));
    case 'boolean':
      return h('select', common, h('option', { value: '' }, '—'), h('option', { value: 'true' }, t('yes')), h('option', { value: 'false' }, t('no')));
    case 'date':
      return h('input', { ...common, type: 'date' });
    case 'number': case 'integer':
      return h('input', { ...common, type: 'number', step: field.type === 'integer' ? '1' : 'any', min: c.min, max: c.max });
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

function renderFilledForm(out, purpose) {
  const p = state.prefill;
  const defs = Object.fromEntries((state.definition?.fields || []).map((f) => [f.name, f]));
  const form = state.forms.find((f) => f.id === p.form) || { title: {} };
  const getters = {};
  const errorSlots = {};
  const rows = p.fields.map((field, i) => {
    const id = 'f-' + field.name;
    const msgId = id + '-msg';
    const hintId = id + '-hint';
    const def = defs[field.name];
    const required = def?.constraints?.required;
    const badge = h('span', { class: 'badge ' + field.status, id: id + '-badge' }, t(STATUS_KEY[field.status] || field.status));
    let control; let hint;
    if (field.status === 'prefilled') {
      control = h('input', { id, type: 'text', readonly: true, value: fmtValue(field.value), class: 'locked', 'aria-describedby': `${id}-badge ${hintId}` });
      hint = h('div', { id: hintId, class: 'hint' }, field.source ? sourceLine(field.source) : null, h('span', { class: 'lock' }, t('lockedHint')));
      getters[field.name] = () => field.value;
    } else if (field.status === 'conflict') {
      const name = id;
      const options = (field.candidates || []).map((cand, j) => h('label', { class: 'cand' },
        h('input', { type: 'radio', name, value: String(j), checked: j === 0 }), ' ', h('strong', {}, fmtValue(cand.value)), ' ', sourceLine(cand)));
      control = h('fieldset', { id, class: 'conflict-set', 'aria-describedby': hintId }, h('legend', { class: 'sr-only' }, pick(field.label)), options);
      hint = h('div', { id: hintId, class: 'hint' }, t('conflictHint'));
      getters[field.name] = () => {
        const chosen = control.querySelector('input:checked');
        return chosen ? field.candidates[Number(chosen.value)].value : null;
      };
    } else if (field.status === 'withheld') {
      control = h('input', { id, type: 'text', disabled: true, value: '', placeholder: '—', 'aria-describedby': `${id}-badge ${hintId}` });
      hint = h('div', { id: hintId, class: 'hint' }, t('withheldHint', { by: (field.withheldBy || []).join(', ') }));
    } else {
      control = inputFor(field, def, id, `${hintId} ${msgId}`);
      hint = h('div', { id: hintId, class: 'hint' }, field.writeBack ? t('manualHint', { wb: field.writeBack }) : t('manualNoWb'));
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
    submitBtn.disabled = true; result.replaceChildren(h('p', { class: 'muted' }, t('submitting')));
    try {
      const r = await api('/forms/' + encodeURIComponent(p.form) + '/submissions', { method: 'POST', body: JSON.stringify({ subject: p.subject, purpose, seal: p.seal, values }) });
      state.result = r;
      result.replaceChildren(h('div', { class: 'alert success', role: 'status', id: 'submit-ok' },
        h('strong', {}, t('submitted')), ' ', t('resultText', { fields: r.fields, prefilled: r.prefilled, typed: r.typed, keys: r.keystrokesSaved }),
        ...(r.published || []).map((pub) => h('div', { class: 'small' }, t('publishedTo', { dataset: pub.dataset, id: pub.recordId, fields: (pub.fields || []).join(', ') })))));
    } catch (err) {
      const errs = err.problem?.errors || [];
      const unplaced = [];
      let first = null;
      for (const fe of errs) {
        const slot = errorSlots[fe.field];
        if (slot) {
          slot.err.textContent = `${fe.message || fe.code} (${fe.code})`;
          slot.control.setAttribute('aria-invalid', 'true');
          slot.control.closest('.field').classList.add('has-error');
          first = first || slot.control;
        } else unplaced.push(`${fe.field}: ${fe.message || fe.code}`);
      }
      result.replaceChildren(alertBox([errs.length ? t('errorsTitle') : '', problemText(err), ...unplaced].filter(Boolean).join(' ')));
      if (first) first.focus();
    } finally { submitBtn.disabled = false; }
  } },
  h('header', { class: 'form-head' },
    h('h2', {}, pick(form.title) || p.form),
    h('div', { class: 'small muted' }, `${t('residentId')}: `, h('span', { class: 'mono' }, p.subject), ` · ${t('purpose')}: ${purpose} · v${p.version ?? ''}`),
    h('div', { class: 'small summary', id: 'summary' }, t('summary', { prefilled: sum.prefilled ?? 0, conflict: sum.conflict ?? 0, withheld: sum.withheld ?? 0, manual: sum.manual ?? 0 })),
    h('p', { class: 'small lock-note no-print', id: 'lock-note' }, t('lockedNote'))),
  h('div', { class: 'grid' }, rows),
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
    h('thead', {}, h('tr', {}, [t('dataset'), t('title'), t('owner'), t('records'), t('cadence'), t('lastUpdate'), t('consumers')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, list.map((d) => h('tr', {},
      h('td', { class: 'mono small' }, d.id), h('td', {}, pick(d.title)), h('td', {}, d.owner), h('td', { class: 'num' }, d.recordCount ?? ''),
      h('td', { class: 'mono small' }, d.cadence || ''), h('td', { class: 'small' }, fmtTime(d.lastUpdate)), h('td', { class: 'small' }, (d.consumers || []).join(', ') || t('none'))))));
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
    barChart(t('readsChart'), ds.map((d) => ({ label: d.dataset, value: d.reads || 0, flag: d.retirementProposed ? 'retire' : d.stale || d.unused ? 'warn' : '', flagText: flagText(d) })),
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
      h('td', { class: 'mono small' }, d.dataset), h('td', {}, d.owner), h('td', { class: 'num' }, d.reads ?? 0), h('td', { class: 'num' }, d.distinctConsumers ?? 0),
      h('td', { class: 'small' }, fmtTime(d.lastUpdate)), h('td', {}, flagText(d) ? h('span', { class: 'badge conflict' }, flagText(d)) : h('span', { class: 'badge prefilled' }, t('ok')))))))));
  root.replaceChildren(...parts);
}

// --- start ---------------------------------------------------------------------------------------
document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem(LANG_KEY, lang);
  route();
});
window.addEventListener('hashchange', () => { route(); main().focus({ preventScroll: true }); });
route();
