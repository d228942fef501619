// Browser test of the clerk UI's OIDC sign-in against a real Keycloak (realm deploy/keycloak/datarun-realm.json,
// public client datarun-ui): authorization code with PKCE, Keycloak's own login form, back in the UI signed in,
// a prefill with the Keycloak token, sign-out at Keycloak. run.sh runs it when UI_TEST_OIDC=1; by hand:
//   OIDC_BASE_URL=http://127.0.0.1:28090 KEYCLOAK_URL=http://127.0.0.1:28180 RESIDENT=... node --test oidc.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, prefill, shot } from './browser.mjs';

const BASE = process.env.OIDC_BASE_URL || 'http://127.0.0.1:28090';
const KEYCLOAK = process.env.KEYCLOAK_URL || 'http://127.0.0.1:28180';
const RESIDENT = process.env.RESIDENT || '110101195803215030';

let browser;
let page;

before(async () => {
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
});

test('a gateway verifying Keycloak tokens offers OIDC sign-in and no token paste', async () => {
  await page.goto(BASE + '/ui/');
  await page.waitForSelector('#oidc-signin');
  assert.equal(await page.$('#token'), null);
  assert.match(await page.textContent('#oidc-help'), new RegExp(KEYCLOAK.replace(/[.:/]/g, '\\$&') + '/realms/datarun'));
});

test('signing in at Keycloak (authorization code + PKCE) lands in the UI signed in, and the prefill works with that token', async () => {
  await shot(page, 'oidc-signin');
  await page.click('#oidc-signin');
  await page.waitForURL((url) => url.href.startsWith(KEYCLOAK + '/realms/datarun/protocol/openid-connect/auth'));
  const authorize = new URL(page.url());
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('client_id'), 'datarun-ui');
  assert.equal(authorize.searchParams.get('client_secret'), null);
  await page.fill('#username', 'ca-clerk');
  await page.fill('#password', 'demo-only-ca-clerk');
  const started = Date.now();
  await page.click('#kc-login');
  await page.waitForURL((url) => url.href.startsWith(BASE + '/ui/'));
  await page.waitForFunction(() => location.hash === '#/forms' && document.querySelector('#form-select, main .alert'));
  console.log(`# measured: Keycloak login form submitted → UI signed in with its forms listed: ${Date.now() - started} ms`);
  assert.equal(new URL(page.url()).search, '', 'the code and state are gone from the address bar');
  // the header names the department and the role in the clerk's words, and the person Keycloak signed in
  const who = await page.textContent('#who');
  assert.match(who, /民政局/);
  assert.match(who, /窗口人员/);
  assert.match(who, /Fang Wang|ca-clerk/);

  await prefill(page, '最低生活保障申请', RESIDENT, 60);
  assert.equal((await page.textContent('[data-field="name"] .badge')).trim(), '已预填');
  assert.match(await page.textContent('#summary'), /已预填 1\d 项/);
});

// run.sh shortens the realm's access-token lifespan to 40 s for this test (Keycloak's default in the realm is 5 min)
test('the access token is renewed by the refresh token before it expires, without signing in again', async () => {
  const before = await page.evaluate(() => sessionStorage.getItem('datarun.token'));
  const exp = JSON.parse(Buffer.from(before.split('.')[1], 'base64url').toString()).exp * 1000;
  // the page renews a token that expires within 30 s, at its next API call
  await page.waitForTimeout(Math.max(0, exp - 29_000 - Date.now()));
  await page.click('#fetch-prefill');
  await page.waitForSelector('#filled-form');
  const after = await page.evaluate(() => sessionStorage.getItem('datarun.token'));
  assert.notEqual(after, before);
  assert.ok(JSON.parse(Buffer.from(after.split('.')[1], 'base64url').toString()).exp * 1000 > exp);
  assert.equal((await page.textContent('[data-field="name"] .badge')).trim(), '已预填');
  await shot(page, 'oidc-prefilled');
});

test('signing out ends the Keycloak session too: the next sign-in asks for the password again', async () => {
  await page.click('nav a[href="#/signin"]');
  await page.click('#signout');
  await page.waitForURL((url) => url.href.startsWith(BASE + '/ui/'));
  await page.waitForSelector('#oidc-signin');
  assert.match(await page.textContent('#who'), /未登录/);
  await page.click('#oidc-signin');
  await page.waitForSelector('#username');
});
