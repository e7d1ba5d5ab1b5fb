// Browser test of the web page: starts the embedded sss-daemon on a free loopback port, drives
// Debian's headless chromium with playwright-core, and checks what a shopper sees. Every state it
// visits is also checked with axe-core (every rule axe runs by default): no violation allowed.
//
//   node browser.test.mjs            (scripts/test-web builds the daemon and runs this)
//
// SSS_DAEMON_BIN: the daemon binary (default: target/release/sss-daemon, else target/debug).
// SSS_CHROMIUM: the browser (default /usr/bin/chromium).
// SSS_ARTIFACTS_DIR: screenshots and the daemon's log (default .run/artifacts/web).
// SSS_WEB_URL: test a server already running there (say the stack's nginx) instead of starting
//   one; its cache may already hold the first view, so that view may be a HIT rather than a MISS.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BROWSER_FLAGS, browserPath, cleanerFor, guardRun, repo, sleep, startDaemon } from './lib.mjs';
import { SORTS } from '../../web/js/state/url.js';

const axeSource = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/axe-core/axe.min.js'), 'utf8');

const artifacts = path.resolve(repo, process.env.SSS_ARTIFACTS_DIR || '.run/artifacts/web');
const WAIT_MS = 10_000;      // any single wait in the page
const TOTAL_MS = 240_000;    // the whole run

const cleanups = [];
let failures = 0;
let page;
const axeStates = [];

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const file of fs.readdirSync(artifacts)) {
    if (file.endsWith('.png')) fs.rmSync(path.join(artifacts, file));
  }
  const external = process.env.SSS_WEB_URL?.replace(/\/+$/, '');
  const base = external || await startDaemon({ logFile: path.join(artifacts, 'daemon.log'), cleanups });
  const { context, outside, cspErrors, pageErrors } = await startBrowser(base);
  page = context.pages()[0] ?? (await context.newPage());
  const api = (query) => fetch(`${base}/api/v1/products?${query}`, { signal: AbortSignal.timeout(WAIT_MS) });

  await check('the page loads with its title, search box and footer note', async () => {
    const response = await page.goto(`${base}/`, { timeout: WAIT_MS });
    assert(response.ok(), `GET / answered ${response.status()}`);
    assert((await page.title()).includes('SSS'), 'title names SSS');
    await page.getByRole('combobox', { name: 'Search products' }).waitFor();
    assert((await page.locator('footer').innerText()).includes('Prices are estimated'), 'footer says prices are estimated');
  });

  await check('the sidebar lists the categories with counts and the quick-pick groups', async () => {
    await page.locator('#category-tree .tree-root > li').first().waitFor();
    const top = await page.locator('#category-tree .tree-root > li > .row .cat-name').allInnerTexts();
    assert(top.includes("Women's Fashion") && top.includes("Men's Fashion"), `top level: ${top.join(', ')}`);
    const counts = await page.locator('#category-tree .tree-root > li > .row .count').allInnerTexts();
    assert(counts.every((c) => /\d/.test(c)), 'every top-level category shows a count');
    const groups = await page.locator('#quick-picks summary').allInnerTexts();
    assert(['WOMEN', 'MEN', 'BAGS', 'SHOES'].every((g) => groups.map((x) => x.toUpperCase()).includes(g)), `groups: ${groups}`);
    await shot('01-start');
    await accessible('01-start');
  });

  let dressesTotal = 0;
  let firstDress = '';
  await check('clicking "Dresses" shows product cards, the URL and MISS', async () => {
    await page.locator('#quick-picks a.cat[data-cat="dresses"]').click();
    await waitForResults();
    assert(new URL(page.url()).search === '?cat=dresses', `URL ${page.url()}`);
    const first = await cacheStatus();
    assert(first === 'MISS' || (external && ['HIT', 'STALE', 'STORE'].includes(first)), `status ${first}`);
    assert((await page.locator('#results-heading').innerText()) === 'Dresses', 'heading');
    const cards = page.locator('#grid .card:not(.skeleton)');
    assert(await cards.count() === 20, `${await cards.count()} cards`);
    for (const part of ['.card-brand', '.card-name a', '.card-price', '.chips .chip', '.card-colors']) {
      assert(await cards.first().locator(part).count() > 0, `the first card has ${part}`);
    }
    assert(await page.locator('#category-tree a.cat[data-cat="dresses"][aria-current="page"]').count() === 1,
      'Dresses is highlighted in the tree');
    dressesTotal = await total();
    assert(dressesTotal > 20, `total ${dressesTotal}`);
    firstDress = await cards.first().getAttribute('data-id');
    // Images cannot load here (no internet): every card must fall back to its placeholder.
    await page.waitForFunction(() => document.querySelectorAll('#grid .card-media.no-image').length > 0, null, { timeout: WAIT_MS });
    assert(await page.locator('#status').innerText().then((t) => /\d+ ms/.test(t)), 'status shows the request time');
    await shot('02-dresses');
    await accessible('02-dresses');
  });

  await check('the second visit of the same view shows HIT, and reload reproduces it', async () => {
    await page.locator('#quick-picks a.cat[data-cat="womens-tops"]').click();
    await waitForResults();
    assert(new URL(page.url()).searchParams.get('cat') === 'womens-tops', `URL ${page.url()}`);
    await page.locator('#quick-picks a.cat[data-cat="dresses"]').click();
    await waitForResults();
    assert(await cacheStatus() === 'HIT', `status ${await cacheStatus()}`);
    await page.reload({ timeout: WAIT_MS });
    await waitForResults();
    assert(await cacheStatus() === 'HIT', `after reload: ${await cacheStatus()}`);
    assert(await page.locator('#grid .card').first().getAttribute('data-id') === firstDress, 'same first card after reload');
  });

  let blueTotal = 0;
  let firstBlue = '';
  await check('searching "blue" narrows the results and puts fts in the URL', async () => {
    await page.locator('#fts').fill('blue');
    await page.locator('#fts').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('fts') === 'blue', { timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === '?cat=dresses&fts=blue', `URL ${page.url()}`);
    blueTotal = await total();
    assert(blueTotal > 0 && blueTotal < dressesTotal, `blue ${blueTotal} of ${dressesTotal}`);
    const texts = await page.locator('#grid .card').allInnerTexts();
    const blue = texts.filter((t) => t.toLowerCase().includes('blue')).length;
    assert(blue * 2 >= texts.length, `${blue} of ${texts.length} cards mention blue`);
    firstBlue = await page.locator('#grid .card').first().getAttribute('data-id');
    await shot('03-search-blue');
    await accessible('03-search-blue');
  });

  await check('sorting by price changes the order and the URL', async () => {
    await page.locator('#sort').selectOption('price-asc');
    await page.waitForURL((url) => url.searchParams.get('sort') === 'price-asc', { timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === '?cat=dresses&fts=blue&sort=price-asc', `URL ${page.url()}`);
    const prices = (await page.locator('#grid .card').evaluateAll((cards) => cards.map((c) => Number(c.dataset.price))));
    assert(prices.every((p, i) => i === 0 || prices[i - 1] <= p), `prices ascend: ${prices.join(' ')}`);
    assert(await total() === blueTotal, 'sorting keeps the total');
    await shot('04-sorted');
    await accessible('04-sorted');
  });

  await check('back and forward restore the previous views', async () => {
    await page.goBack({ timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === '?cat=dresses&fts=blue', `URL ${page.url()}`);
    assert(await page.locator('#sort').inputValue() === 'relevance', 'sort select back to relevance');
    assert(await page.locator('#grid .card').first().getAttribute('data-id') === firstBlue, 'first card as before');
    await page.goBack({ timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === '?cat=dresses', `URL ${page.url()}`);
    assert(await page.locator('#fts').inputValue() === '', 'search box emptied');
    assert(await total() === dressesTotal, 'dresses total again');
    await page.goForward({ timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === '?cat=dresses&fts=blue', `URL ${page.url()}`);
    assert(await page.locator('#fts').inputValue() === 'blue', 'search box refilled');
  });

  await check('next page and "load more" page through the results in the URL', async () => {
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    await page.locator('#more a[rel="next"]').click();
    await page.waitForURL((url) => url.searchParams.get('offset') === '20', { timeout: WAIT_MS });
    await waitForResults();
    assert((await page.locator('.pager-info').innerText()).startsWith('21–40'), await page.locator('.pager-info').innerText());
    await page.locator('#more .load-more').click();
    await page.waitForURL((url) => url.searchParams.get('limit') === '40', { timeout: WAIT_MS });
    await waitForResults();
    assert(await page.locator('#grid .card').count() === 40, `${await page.locator('#grid .card').count()} cards`);
    await accessible('load-more');
  });

  // --- the filter panel (facet counts from /api/v1/facets) ----------------------------------

  const facetsApi = async (query) => (await (await fetch(`${base}/api/v1/facets?${query}`, { signal: AbortSignal.timeout(WAIT_MS) })).json()).facets;
  const apiTotal = async (query) => (await (await api(query)).json()).total;
  let twoBrands = null; // { ids, names, counts, url, first }
  await check('filter panel: two brands narrow the results, change the other counts and both go in the URL', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    const dresses = await total();
    const colorsBefore = await facetCounts('color');
    const brandsBefore = await facetCounts('brand');
    // The panel's counts are the API's, in its order.
    const api0 = await facetsApi('cat=dresses');
    assert(JSON.stringify(brandsBefore.map((b) => [b.id, b.count])) === JSON.stringify(api0.brand.map((b) => [b.id, b.count])),
      `brand counts on screen are the API's: ${JSON.stringify(brandsBefore.slice(0, 3))}`);
    const button = page.locator('.facet-button[aria-controls="facet-brand"]');
    await button.click();
    assert(await button.getAttribute('aria-expanded') === 'true', 'the Brand button opens its choices');
    const [a, b] = brandsBefore;
    assert(a && b && a.count + b.count < dresses, `two brands: ${JSON.stringify([a, b])} of ${dresses}`);
    // Each choice's label names it with its count ("Femella 44 products").
    const label = await page.locator(`#facet-brand input[value="${a.id}"]`).evaluate((el) => el.closest('label').textContent);
    assert(label.includes(a.name) && label.includes(`${a.count} products`), `label: ${label}`);
    const requests = countRequests();
    await page.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(a.name)} `) }).check();
    await page.waitForURL((url) => url.searchParams.getAll('brand').join() === a.id, { timeout: WAIT_MS });
    await waitForResults();
    await page.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(b.name)} `) }).check();
    await page.waitForURL((url) => url.searchParams.getAll('brand').join() === `${a.id},${b.id}`, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    assert(new URL(page.url()).search === `?cat=dresses&brand=${a.id}&brand=${b.id}`, `URL ${page.url()}`);
    const narrowed = await total();
    assert(narrowed === a.count + b.count, `total ${narrowed} = ${a.count} + ${b.count}`);
    assert(narrowed === await apiTotal(`cat=dresses&brand=${a.id}&brand=${b.id}`), 'the API agrees on the total');
    const brands = await page.locator('#grid .card .card-brand').allInnerTexts();
    assert(brands.length && brands.every((name) => [a.name, b.name].map((n) => n.toUpperCase()).includes(name.toUpperCase())),
      `every card is ${a.name} or ${b.name}: ${[...new Set(brands)].join(', ')}`);
    // Disjunctive: the brands keep their counts; the colours count only these two brands now.
    const brandsAfter = await facetCounts('brand');
    assert(brandsAfter.find((x) => x.id === a.id)?.count === a.count && brandsAfter.find((x) => x.id === b.id)?.count === b.count,
      'the ticked brands keep their counts');
    assert(await page.locator('#facet-brand input:checked').count() === 2, 'both brands are ticked');
    const colorsAfter = await facetCounts('color');
    assert(JSON.stringify(colorsAfter) !== JSON.stringify(colorsBefore), 'the colour counts changed');
    assert(colorsAfter.reduce((n, c) => n + c.count, 0) < colorsBefore.reduce((n, c) => n + c.count, 0), 'and went down');
    const top = colorsAfter[0];
    assert(top.count === await apiTotal(`cat=dresses&brand=${a.id}&brand=${b.id}&color=${top.id}`),
      `${top.name}'s count (${top.count}) is the total of that search`);
    // One products and one facets request per choice.
    assert(requests.products() === 2 && requests.facets() === 2, `requests: ${requests.products()} products, ${requests.facets()} facets`);
    requests.stop();
    assert((await page.locator('.facet-button[aria-controls="facet-brand"] .facet-n').innerText()).startsWith('2'), 'the Brand button says 2');
    const chips = await page.locator('#active-filters .filter-chip').allInnerTexts();
    assert(chips.some((c) => c.includes(a.name)) && chips.some((c) => c.includes(b.name)), `chips: ${chips.join(' | ')}`);
    assert(await page.locator('#announce').innerText() === await page.locator('#summary').innerText(), 'the live region says the count');
    await shot('08-facets-brands');
    await accessible('08-facets-brands');
    twoBrands = { a, b, url: page.url(), total: narrowed, first: await page.locator('#grid .card').first().getAttribute('data-id') };
  });

  await check('filter panel: the URL restores the view (reload, back and forward) with the boxes ticked', async () => {
    assert(twoBrands, 'the previous check chose two brands');
    const { a, b } = twoBrands;
    await page.goto(twoBrands.url, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    assert(await total() === twoBrands.total, `total ${await total()}`);
    assert(await page.locator('#grid .card').first().getAttribute('data-id') === twoBrands.first, 'the same first card');
    const ticked = await page.locator('#facet-brand input:checked').evaluateAll((els) => els.map((el) => el.value));
    assert(ticked.sort().join() === [a.id, b.id].sort().join(), `ticked: ${ticked}`);
    const chips = await page.locator('#active-filters .filter-chip').allInnerTexts();
    assert(chips.some((c) => c.includes(a.name)) && chips.some((c) => c.includes(b.name)), `chips name the brands: ${chips.join(' | ')}`);
    // A chip removes its filter.
    await page.locator('#active-filters .filter-chip', { hasText: b.name }).click();
    await page.waitForURL((url) => url.searchParams.getAll('brand').join() === a.id, { timeout: WAIT_MS });
    await waitForResults();
    assert(await total() === a.count, `one brand: ${await total()}`);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.getAll('brand').length === 2, { timeout: WAIT_MS });
    await waitForResults();
    assert(await page.locator('#facet-brand input:checked').count() === 2, 'back: both boxes ticked again');
    assert(await total() === twoBrands.total, 'back: the two brands\' total');
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.getAll('brand').length === 1, { timeout: WAIT_MS });
    await waitForResults();
    const left = await page.locator('#facet-brand input:checked').evaluateAll((els) => els.map((el) => el.value));
    assert(left.join() === a.id, `forward: only ${a.name} ticked (${left})`);
  });

  await check('filter panel: keyboard only (Enter opens, Tab reaches a choice, Space ticks, Escape closes)', async () => {
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    const button = page.locator('.facet-button[aria-controls="facet-color"]');
    // From the results' heading, Tab walks to the panel's first button (Brand), then Colour.
    await page.locator('#results-heading').focus();
    for (let i = 0; i < 10 && !(await button.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert(await button.evaluate((el) => el === document.activeElement), 'Tab reaches the Colour button');
    await page.keyboard.press('Enter');
    assert(await button.getAttribute('aria-expanded') === 'true' && await page.locator('#facet-color').isVisible(), 'Enter opens it');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ type: document.activeElement?.type, value: document.activeElement?.value, inside: !!document.activeElement?.closest('#facet-color') }));
    assert(first.inside && first.type === 'checkbox', `Tab moves to the first colour: ${JSON.stringify(first)}`);
    const expected = (await facetsApi('cat=dresses')).color.find((c) => c.id === first.value);
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.searchParams.get('color') === first.value, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    assert(await total() === expected.count, `${expected.name}: ${await total()} = its count ${expected.count}`);
    const focus = await page.evaluate(() => ({ value: document.activeElement?.value, checked: document.activeElement?.checked }));
    assert(focus.value === first.value && focus.checked, `focus stays on the ticked box: ${JSON.stringify(focus)}`);
    assert(await page.locator('#facet-color').isVisible(), 'the choices stay open while the results change');
    await accessible('09-facets-keyboard');
    await page.keyboard.press('Escape');
    assert(!(await page.locator('#facet-color').isVisible()), 'Escape closes the choices');
    assert(await button.evaluate((el) => el === document.activeElement), 'and focus is back on the Colour button');
  });

  await check('filter panel: a price band and a minimum discount filter the results; Clear filters', async () => {
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    const bands = (await facetsApi('cat=dresses')).price;
    const band = bands.filter((p) => p.max !== undefined && p.count > 0).sort((x, y) => y.count - x.count)[0];
    await page.locator('.facet-button[aria-controls="facet-price"]').click();
    assert(await page.locator('#facet-price input[type="radio"]:checked').evaluate((el) => el.closest('label').textContent) === 'Any price', 'Any price is chosen first');
    await page.locator(`#facet-price input[value="${band.min}-${band.max}"]`).check();
    await page.waitForURL((url) => url.searchParams.get('minPrice') === String(band.min) && url.searchParams.get('maxPrice') === String(band.max), { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    assert(await total() === band.count, `${band.name}: total ${await total()} = its count ${band.count}`);
    const prices = await page.locator('#grid .card').evaluateAll((els) => els.map((el) => Number(el.dataset.price)));
    assert(prices.length && prices.every((p) => p >= band.min && p <= band.max), `every card's price within ${band.min}-${band.max}: ${prices.join(', ')}`);
    // Radio-like: another band replaces it.
    const other = bands.find((p) => p !== band && p.count > 0);
    await page.locator(`#facet-price input[value="${other.min}-${other.max ?? ''}"]`).check();
    await page.waitForURL((url) => url.searchParams.get('minPrice') === String(other.min), { timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).searchParams.getAll('minPrice').length === 1, 'one price band at a time');
    await page.locator(`#facet-price input[value="${band.min}-${band.max}"]`).check();
    await page.waitForURL((url) => url.searchParams.get('minPrice') === String(band.min), { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    // The discount counts are over the chosen band; the one chosen gives its count.
    const query = `cat=dresses&minPrice=${band.min}&maxPrice=${band.max}`;
    const discount = (await facetsApi(query)).discount.find((d) => d.min === 30);
    await page.locator('.facet-button[aria-controls="facet-discount"]').click();
    await page.getByRole('radio', { name: /^30% off or more/ }).check();
    await page.waitForURL((url) => url.searchParams.get('minDiscount') === '30', { timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === `?${query}&minDiscount=30`, `URL ${page.url()}`);
    assert(await total() === discount.count, `30% off in the band: ${await total()} = its count ${discount.count}`);
    const answer = await (await api(`${query}&minDiscount=30&limit=100`)).json();
    assert(answer.products.every((p) => p.discount >= 30 && (p.salePrice ?? p.price) >= band.min && (p.salePrice ?? p.price) <= band.max),
      'every product of the search is 30% off or more and within the band');
    const ids = await page.locator('#grid .card').evaluateAll((els) => els.map((el) => el.dataset.id));
    assert(ids.join() === answer.products.slice(0, ids.length).map((p) => p.id).join(), 'the cards are that search\'s products');
    const cards = await page.locator('#grid .card').evaluateAll((els) => els.map((el) => [Number(el.dataset.price), el.querySelector('.discount')?.textContent ?? '']));
    assert(cards.every(([p, d]) => p >= band.min && p <= band.max && Number.parseInt(d, 10) >= 30), `cards: ${JSON.stringify(cards.slice(0, 4))}`);
    await accessible('10-facets-price-discount');
    await page.keyboard.press('Escape'); // the open choices lie over the chips
    assert(!(await page.locator('#facet-discount').isVisible()), 'Escape closes the discount choices');
    await page.locator('#active-filters .filter-clear').click();
    await page.waitForURL((url) => url.search === '?cat=dresses', { timeout: WAIT_MS });
    await waitForResults();
    assert(await page.locator('#facet-discount input:checked').evaluate((el) => el.closest('label').textContent) === 'Any discount', 'Clear filters: any discount again');
    assert(!(await page.locator('#active-filters .filter-chip').count()), 'and no chips');
  });

  await check('filter panel: choices in quick succession ask once (debounced)', async () => {
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    const sizes = await facetCounts('size');
    const requests = countRequests();
    await page.locator('.facet-button[aria-controls="facet-size"]').click();
    // Two ticks in one go (a fast double choice): the second comes within the debounce.
    await page.locator('#facet-size').evaluate((pop, ids) => {
      for (const id of ids) pop.querySelector(`input[value="${id}"]`).click();
    }, [sizes[0].id, sizes[1].id]);
    await page.waitForURL((url) => url.searchParams.getAll('size').length === 2, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    assert(requests.products() === 1 && requests.facets() === 1, `one request each: ${requests.products()} products, ${requests.facets()} facets`);
    requests.stop();
    assert(await total() === await apiTotal(`cat=dresses&size=${sizes[0].id}&size=${sizes[1].id}`), 'the total of both sizes');
    // Sorting or paging the same search keeps the counts (no new facets request).
    const again = countRequests();
    await page.locator('#sort').selectOption('price-asc');
    await waitForResults();
    assert(again.facets() === 0 && again.products() === 1, `sorting asks for no new counts: ${again.facets()}`);
    again.stop();
  });

  await check('filter panel: counts that cannot be had are said so, and the results still show', async () => {
    const facetsPath = (url) => url.pathname === '/api/v1/facets';
    await page.route(facetsPath, (route) => route.abort('connectionrefused'));
    await page.goto(`${base}/?cat=handbags`, { timeout: WAIT_MS });
    await waitForResults();
    assert(await page.locator('#grid .card').count() > 0, 'the results are shown');
    await page.locator('.facet-button[aria-controls="facet-brand"]').click();
    await page.locator('#facet-brand .facet-note', { hasText: 'Counts unavailable' }).waitFor({ timeout: WAIT_MS });
    await accessible('facets-unavailable');
    await page.unroute(facetsPath);
    await page.keyboard.press('Escape');
  });

  await check('narrow: the filters are one disclosure, "Filters (n)", above the results', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/?cat=dresses&brand=${twoBrands?.a.id ?? '1'}&minDiscount=20`, { timeout: WAIT_MS });
    await waitForResults();
    await waitForCounts();
    const toggle = page.locator('#facets-toggle');
    assert(await toggle.isVisible() && (await toggle.innerText()).replace(/\s+/g, ' ').trim() === 'Filters (2)', `toggle: ${await toggle.innerText()}`);
    assert(!(await page.locator('.facet-button').first().isVisible()), 'the facets are folded away');
    const headingTop = await page.locator('#results-heading').evaluate((el) => el.getBoundingClientRect().top);
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert(await toggle.getAttribute('aria-expanded') === 'true', 'Enter opens it');
    assert(await page.locator('.facet-button').count() === 6 && await page.locator('.facet-button').nth(5).isVisible(), 'one section per facet');
    assert(await page.locator('#results-heading').evaluate((el) => el.getBoundingClientRect().top) === headingTop, 'the heading stays put');
    await page.locator('.facet-button[aria-controls="facet-color"]').click();
    const color = page.locator('#facet-color input[type="checkbox"]').first();
    await color.check();
    await page.waitForURL((url) => url.searchParams.has('color'), { timeout: WAIT_MS });
    await waitForResults();
    assert((await toggle.innerText()).replace(/\s+/g, ' ').trim() === 'Filters (3)', `after a colour: ${await toggle.innerText()}`);
    assert(await page.locator('#facet-color').isVisible(), 'the panel stays open');
    await shot('11-narrow-filters');
    await accessible('11-narrow-filters');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  // --- suggestions as you type (the search field's combobox, /api/v1/suggest) --------------

  const suggestApi = async (q) => (await (await fetch(`${base}/api/v1/suggest?q=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(WAIT_MS) })).json()).suggestions;
  const field = page.locator('#fts');
  const listbox = page.locator('#fts-listbox');
  const options = () => listbox.locator('[role="option"]');
  // The options on screen: [{ text, kind, count }].
  const shownOptions = () => options().evaluateAll((els) => els.map((el) => ({
    text: el.querySelector('.suggestion-text').textContent,
    kind: el.querySelector('.suggestion-kind').textContent,
    count: Number(el.querySelector('.suggestion-count').firstChild.textContent.replace(/,/g, '')),
  })));
  const activeOption = () => page.evaluate(() => {
    const input = document.getElementById('fts');
    const id = input.getAttribute('aria-activedescendant');
    const el = id ? document.getElementById(id) : null;
    return { id, text: el?.querySelector('.suggestion-text').textContent ?? null, selected: el?.getAttribute('aria-selected') ?? null,
      others: [...document.querySelectorAll('#fts-listbox [aria-selected="true"]')].length };
  });
  const KIND_LABELS = { category: 'Category', brand: 'Brand', query: 'Search' };
  // Types `text` into the empty search field with the keyboard and waits for its suggestions.
  async function typeAndWait(text) {
    await field.focus();
    await field.fill('');
    await page.keyboard.type(text);
    await page.waitForFunction((t) => document.getElementById('fts').getAttribute('aria-expanded') === 'true'
      && document.querySelector('#fts-listbox [role="option"]') && document.getElementById('fts').value === t, text, { timeout: WAIT_MS });
  }

  await check('suggestions: typing "sne" opens the combobox with the API\'s suggestions, "sneakers" among them', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    const attrs = await field.evaluate((el) => ({ role: el.getAttribute('role'), expanded: el.getAttribute('aria-expanded'),
      controls: el.getAttribute('aria-controls'), autocomplete: el.getAttribute('aria-autocomplete') }));
    assert(attrs.role === 'combobox' && attrs.expanded === 'false' && attrs.controls === 'fts-listbox' && attrs.autocomplete === 'list',
      `the field is a closed list-autocomplete combobox: ${JSON.stringify(attrs)}`);
    assert(await page.getByRole('combobox', { name: 'Search products' }).count() === 1, 'named "Search products"');
    assert(await listbox.getAttribute('role') === 'listbox' && !(await listbox.isVisible()), 'its listbox is hidden at first');
    const requests = countRequests();
    await typeAndWait('sne');
    assert(await field.getAttribute('aria-expanded') === 'true' && await listbox.isVisible(), 'aria-expanded=true and the list shows');
    const shown = await shownOptions();
    const expected = await suggestApi('sne');
    assert(shown.some((o) => o.text === 'sneakers' && o.kind === 'Search'), `"sneakers" (Search) is offered: ${JSON.stringify(shown)}`);
    assert(JSON.stringify(shown) === JSON.stringify(expected.map((s) => ({ text: s.text, kind: KIND_LABELS[s.kind], count: s.count }))),
      `the options are the API's, in its order, with kind and count: ${JSON.stringify(shown.slice(0, 3))}`);
    assert(requests.suggest() >= 1 && requests.suggest() <= 3, `at most one request a keystroke: ${requests.suggest()}`);
    assert(await page.locator('#fts-status').innerText() === `${shown.length} suggestions`, `the live region says ${await page.locator('#fts-status').innerText()}`);
    const name = await options().first().evaluate((el) => el.textContent);
    assert(name === `sneakers, Search, ${expected[0].count.toLocaleString('en-US')} products`, `an option's text names it, its kind and count: ${name}`);
    requests.stop();
    await shot('12-suggest-open');
    await accessible('12-suggest-open');
  });

  await check('suggestions: ArrowDown and ArrowUp move aria-activedescendant (wrapping); the focus stays in the field', async () => {
    const n = await options().count();
    assert(n >= 3, `${n} options`);
    assert((await activeOption()).id === null, 'no active option at first');
    await page.keyboard.press('ArrowDown');
    let a = await activeOption();
    assert(a.id === 'fts-listbox-0' && a.selected === 'true' && a.others === 1, `ArrowDown: the first option: ${JSON.stringify(a)}`);
    await page.keyboard.press('ArrowDown');
    a = await activeOption();
    assert(a.id === 'fts-listbox-1' && a.selected === 'true' && a.others === 1, `ArrowDown: the second: ${JSON.stringify(a)}`);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    a = await activeOption();
    assert(a.id === `fts-listbox-${n - 1}`, `ArrowUp from the first wraps to the last: ${JSON.stringify(a)}`);
    await page.keyboard.press('ArrowDown');
    assert((await activeOption()).id === 'fts-listbox-0', 'ArrowDown from the last wraps to the first');
    assert(await page.evaluate(() => document.activeElement?.id) === 'fts', 'the focus stays in the field');
    assert(await field.inputValue() === 'sne', 'the text stays as typed');
    await accessible('13-suggest-active');
  });

  await check('suggestions: Escape closes the list, a second Escape clears the field; no request for empty text', async () => {
    await page.keyboard.press('Escape');
    assert(await field.getAttribute('aria-expanded') === 'false' && !(await listbox.isVisible()), 'Escape closes the list');
    assert(await field.getAttribute('aria-activedescendant') === null, 'and no option is active');
    assert(await field.inputValue() === 'sne', 'the first Escape keeps the text');
    assert(await page.evaluate(() => document.activeElement?.id) === 'fts', 'the focus stays in the field');
    // Alt+ArrowDown opens it with no option active, Alt+ArrowUp closes it.
    await page.keyboard.press('Alt+ArrowDown');
    await page.waitForFunction(() => document.getElementById('fts').getAttribute('aria-expanded') === 'true', null, { timeout: WAIT_MS });
    assert((await activeOption()).id === null, 'Alt+ArrowDown opens the list without choosing');
    await page.keyboard.press('Alt+ArrowUp');
    assert(await field.getAttribute('aria-expanded') === 'false', 'Alt+ArrowUp closes it');
    // ArrowDown opens it again on its first option.
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.getElementById('fts').getAttribute('aria-expanded') === 'true', null, { timeout: WAIT_MS });
    assert((await activeOption()).id === 'fts-listbox-0', 'ArrowDown on the closed list opens it on its first option');
    await page.keyboard.press('Escape');
    const requests = countRequests();
    await page.keyboard.press('Escape');
    assert(await field.inputValue() === '', 'the second Escape clears the field');
    // Emptying the field by typing asks nothing and keeps the list closed.
    await page.keyboard.type('s');
    await page.keyboard.press('Backspace');
    await sleep(400);
    assert(await field.getAttribute('aria-expanded') === 'false', 'empty text: the list stays closed');
    assert(requests.suggest() === 0, `empty text asks nothing: ${requests.suggest()} requests`);
    requests.stop();
    assert(new URL(page.url()).search === '?cat=dresses', `the view is unchanged: ${page.url()}`);
  });

  await check('suggestions: Enter on a category option opens that category', async () => {
    await typeAndWait('sne');
    const shown = await shownOptions();
    const index = shown.findIndex((o) => o.kind === 'Category');
    assert(index >= 0, `a category is offered: ${JSON.stringify(shown)}`);
    const category = (await suggestApi('sne'))[index];
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
    assert((await activeOption()).text === category.text, `the active option is ${category.text}`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === `?cat=${category.id}`, { timeout: WAIT_MS });
    await waitForResults();
    assert(await field.getAttribute('aria-expanded') === 'false' && !(await listbox.isVisible()), 'the list is closed');
    const known = (await (await fetch(`${base}/api/v1/categories`, { signal: AbortSignal.timeout(WAIT_MS) })).json()).categories.find((c) => c.id === category.id);
    assert(known && known.fullName === category.text, `the option names the category by its full name: ${category.text}`);
    assert(await page.locator('#results-heading').innerText() === known.name, `heading ${await page.locator('#results-heading').innerText()}`);
    assert(await total() === category.count, `the category's ${category.count} products: ${await total()}`);
  });

  await check('suggestions: a click on a brand searches that brand within the category on screen', async () => {
    const here = new URL(page.url()).searchParams.get('cat');
    await typeAndWait('nik');
    const nike = (await suggestApi('nik')).find((s) => s.kind === 'brand' && s.text === 'Nike');
    assert(nike, 'the API offers the brand Nike for "nik"');
    const option = options().filter({ hasText: 'Nike' }).filter({ hasText: 'Brand' });
    await option.click();
    await page.waitForURL((url) => url.searchParams.get('brand') === nike.id, { timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === `?cat=${here}&brand=${nike.id}`, `URL ${page.url()}`);
    assert(await total() === await apiTotal(`cat=${here}&brand=${nike.id}`), 'the total is the API\'s for that category and brand');
    const brands = await page.locator('#grid .card .card-brand').allInnerTexts();
    assert(brands.length && brands.every((b) => b.toUpperCase() === 'NIKE'), `every card is Nike: ${[...new Set(brands)]}`);
    assert(!(await listbox.isVisible()), 'the list is closed');
    // Outside any category, the brand is searched over the whole tree (its root).
    await page.goto(`${base}/`, { timeout: WAIT_MS });
    await waitForResults();
    await page.locator('#category-tree .tree-root > li').first().waitFor();
    const root = (await (await fetch(`${base}/api/v1/categories`, { signal: AbortSignal.timeout(WAIT_MS) })).json()).root;
    await typeAndWait('nik');
    const at = (await shownOptions()).findIndex((o) => o.text === 'Nike' && o.kind === 'Brand');
    for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('brand') === nike.id, { timeout: WAIT_MS });
    await waitForResults();
    assert(new URL(page.url()).search === `?cat=${root}&brand=${nike.id}`, `URL ${page.url()}`);
    assert(await page.locator('#results-heading').innerText() === 'All products', `heading ${await page.locator('#results-heading').innerText()}`);
    assert(await total() === nike.count, `every Nike product, as the option said: ${await total()} vs ${nike.count}`);
  });

  await check('suggestions: a query option searches its text; Enter without one searches the text as typed', async () => {
    await page.goto(`${base}/`, { timeout: WAIT_MS });
    await waitForResults();
    await typeAndWait('blu');
    const shown = await shownOptions();
    const index = shown.findIndex((o) => o.kind === 'Search' && o.text === 'blue');
    assert(index >= 0, `"blue" is offered: ${JSON.stringify(shown)}`);
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?fts=blue', { timeout: WAIT_MS });
    await waitForResults();
    assert(await field.inputValue() === 'blue', 'the field holds the text taken');
    assert(await total() === shown[index].count, `the option's count is the search's total: ${shown[index].count} vs ${await total()}`);
    // Enter straight after typing searches the text as typed, and no late answer reopens the list.
    await field.fill('');
    await page.keyboard.type('dres');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.search === '?fts=dres', { timeout: WAIT_MS });
    await waitForResults();
    await sleep(400);
    assert(await field.getAttribute('aria-expanded') === 'false', 'the list stays closed after the search');
  });

  await check('suggestions: a newer keystroke aborts the request still waiting; Tab and a click elsewhere close the list', async () => {
    // Four changes of the text within the wait ask once, for the last text.
    const burst = countRequests();
    await field.focus();
    await field.evaluate((el) => {
      for (const text of ['b', 'bl', 'bla', 'blac']) {
        el.value = text;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await page.waitForFunction(() => document.getElementById('fts').getAttribute('aria-expanded') === 'true', null, { timeout: WAIT_MS });
    await sleep(300);
    assert(burst.suggest() === 1, `one request for four quick changes: ${burst.suggest()}`);
    burst.stop();
    const blac = (await suggestApi('blac')).map((s) => s.text);
    assert(JSON.stringify((await shownOptions()).map((o) => o.text)) === JSON.stringify(blac), 'the list is the last text\'s');
    // The answers for "sne" come late; typing on aborts that request and shows "sneak"'s.
    const suggestPath = (url) => url.pathname === '/api/v1/suggest';
    await page.route(suggestPath, async (route) => {
      if (new URL(route.request().url()).searchParams.get('q') === 'sne') await sleep(1500);
      await route.fallback();
    });
    const aborted = [];
    const onFailed = (request) => {
      if (suggestPath(new URL(request.url()))) aborted.push(new URL(request.url()).searchParams.get('q'));
    };
    page.on('requestfailed', onFailed);
    const asked = [];
    const onRequest = (request) => {
      if (suggestPath(new URL(request.url()))) asked.push(new URL(request.url()).searchParams.get('q'));
    };
    page.on('request', onRequest);
    await field.focus();
    await field.fill('');
    await page.keyboard.type('sne');
    for (let i = 0; i < 50 && !asked.includes('sne'); i++) await sleep(20);
    assert(asked.includes('sne'), `"sne" was asked for: ${asked}`);
    await page.keyboard.type('ak');
    await page.waitForFunction(() => document.getElementById('fts').getAttribute('aria-expanded') === 'true', null, { timeout: WAIT_MS });
    const expected = (await suggestApi('sneak')).map((s) => s.text);
    assert(JSON.stringify((await shownOptions()).map((o) => o.text)) === JSON.stringify(expected), 'the list is "sneak"\'s');
    await sleep(1700);
    assert(aborted.includes('sne'), `the stale request was aborted: ${JSON.stringify(aborted)}`);
    assert(JSON.stringify((await shownOptions()).map((o) => o.text)) === JSON.stringify(expected), 'and its late answer never replaced the list');
    page.off('requestfailed', onFailed);
    page.off('request', onRequest);
    await page.unroute(suggestPath);
    await page.keyboard.press('Tab');
    assert(await field.getAttribute('aria-expanded') === 'false' && !(await listbox.isVisible()), 'Tab closes the list');
    await typeAndWait('sne');
    await page.locator('label[for="cat-finder"]').click();
    assert(await field.getAttribute('aria-expanded') === 'false' && !(await listbox.isVisible()), 'a click elsewhere closes it');
  });

  await check('suggestions: the narrow layout shows the open list across the screen (axe)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    await typeAndWait('sne');
    await page.keyboard.press('ArrowDown');
    const box = await listbox.boundingBox();
    assert(box && box.width >= 340 && box.x >= 0 && box.x + box.width <= 390, `the list fits the screen: ${JSON.stringify(box)}`);
    await shot('14-suggest-narrow');
    await accessible('14-suggest-narrow');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('a misspelled search says "Showing results for" the corrected words; a spelled-right one does not', async () => {
    const answer = await (await api('fts=sneekers')).json();
    assert(answer.corrected === 'sneakers', `the API corrects "sneekers": ${answer.corrected}`);
    await page.goto(`${base}/?fts=sneekers`, { timeout: WAIT_MS });
    await waitForResults();
    const summary = await page.locator('#summary').innerText();
    assert(summary.startsWith('Showing results for sneakers'), `summary: ${summary}`);
    assert(summary.includes(`${answer.total.toLocaleString('en-US')} products`), `and the count: ${summary}`);
    assert((await page.locator('#announce').innerText()).startsWith('Showing results for sneakers.'), 'the live region says it');
    assert(await page.locator('#results-heading').innerText() === 'Search: “sneekers”', 'the heading keeps the text as typed');
    assert(await field.inputValue() === 'sneekers', 'and so does the field');
    await shot('15-corrected');
    await accessible('15-corrected');
    await page.goto(`${base}/?fts=nike`, { timeout: WAIT_MS });
    await waitForResults();
    assert(!(await page.locator('#summary').innerText()).includes('Showing results for'), 'nike is not corrected');
  });

  await check('an API error is shown in the page with the API\'s own message', async () => {
    const expected = (await (await api('cat=no-such-category')).json()).error.message;
    await page.goto(`${base}/?cat=no-such-category`, { timeout: WAIT_MS });
    const alert = page.locator('.notice-error[role="alert"]');
    await alert.waitFor({ timeout: WAIT_MS });
    assert((await alert.locator('.error-message').innerText()) === expected, `shown: ${await alert.innerText()}`);
    assert(expected.includes('no-such-category'), `API message: ${expected}`);
    assert(await cacheStatus() === 'ERROR', 'status says ERROR');
    assert((await page.locator('#status').innerText()).includes('400'), 'status shows 400');
    await shot('05-error');
    await accessible('05-error');
  });

  await check('rate limiting (429) and network failure are shown in the page', async () => {
    const products = (url) => url.pathname === '/api/v1/products';
    await page.route(products, (route) => route.fulfill({ status: 429, headers: { 'Retry-After': '7', 'Content-Type': 'text/html' }, body: '<html>429 Too Many Requests</html>' }));
    await page.goto(`${base}/?cat=handbags`, { timeout: WAIT_MS });
    await page.locator('.notice-error').waitFor({ timeout: WAIT_MS });
    const limited = await page.locator('.notice-error').innerText();
    assert(limited.includes('Too many requests') && limited.includes('7 s'), limited);
    await accessible('rate-limited');
    await page.unroute(products);
    await page.route(products, (route) => route.abort('connectionrefused'));
    await page.locator('.notice-error button', { hasText: 'Try again' }).click();
    await page.locator('.notice-error', { hasText: 'cannot be reached' }).waitFor({ timeout: WAIT_MS });
    await accessible('unreachable');
    await page.unroute(products);
    await page.locator('.notice-error button', { hasText: 'Try again' }).click();
    await waitForResults();
    assert(await page.locator('#grid .card').count() > 0, 'cards after retrying');
  });

  await check('a search with no results says so', async () => {
    await page.goto(`${base}/?cat=dresses&fts=qqqzzzxxx`, { timeout: WAIT_MS });
    await page.locator('.notice', { hasText: 'No products match' }).waitFor({ timeout: WAIT_MS });
    assert(await page.locator('#grid .card').count() === 0, 'no cards');
    await accessible('no-results');
  });

  await check('controls are labelled and reachable by keyboard', async () => {
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
      .filter((el) => !el.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') && !el.textContent.trim())
      .map((el) => el.outerHTML.slice(0, 80)));
    assert(!unlabelled.length, `unlabelled: ${unlabelled.join(' | ')}`);
    const options = await page.locator('#sort option').evaluateAll((els) => els.map((o) => [o.value, o.textContent]));
    assert(JSON.stringify(options) === JSON.stringify(SORTS), `index.html's sort options are url.js's SORTS: ${JSON.stringify(options)}`);
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'first Tab reaches the skip link');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement?.id === 'fts'), 'then the search box');
    const toggle = page.locator('#category-tree .tree-root > li').nth(1).locator(':scope > .row > .toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert(await toggle.getAttribute('aria-expanded') === 'true', 'Enter opens a tree node');
  });

  await check('a narrow screen shows one column and a categories toggle', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    assert(!(await page.locator('#sidebar').isVisible()), 'sidebar hidden at first');
    await shot('06-narrow');
    await accessible('06-narrow');
    await page.locator('#sidebar-toggle').click();
    assert(await page.locator('#sidebar').isVisible(), 'the toggle shows the sidebar');
    await page.locator('#quick-picks a.cat').first().waitFor();
    await shot('07-narrow-categories');
    await accessible('07-narrow-categories');
    assert(await page.getByRole('link', { name: 'ShopStyleSearch' }).isVisible(), 'the logo link keeps its name');
  });

  await check('narrow: the Categories panel lies over the results, Escape closes it, Enter keeps focus', async () => {
    await page.goto(`${base}/?cat=dresses`, { timeout: WAIT_MS });
    await waitForResults();
    const headingTop = () => page.locator('#results-heading').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const before = await headingTop();
    await page.locator('#sidebar-toggle').focus();
    await page.keyboard.press('Enter');
    assert(await page.locator('#sidebar').isVisible(), 'Enter on the toggle opens the panel');
    assert(Math.abs(await headingTop() - before) < 1, `the results stay put (${before} -> ${await headingTop()})`);
    // Escape in the finder clears it first; a second Escape closes the panel and returns to the toggle.
    await page.locator('#cat-finder').focus();
    await page.keyboard.type('jeans');
    await page.keyboard.press('Escape');
    assert(await page.locator('#cat-finder').inputValue() === '', 'the first Escape clears the finder');
    assert(await page.locator('#sidebar').isVisible(), 'and leaves the panel open');
    await page.keyboard.press('Escape');
    assert(!(await page.locator('#sidebar').isVisible()), 'the second Escape closes the panel');
    assert(await page.evaluate(() => document.activeElement?.id) === 'sidebar-toggle', 'focus is back on the toggle');
    assert(await page.locator('#sidebar-toggle').getAttribute('aria-expanded') === 'false', 'the toggle says closed');
    // Enter on a category in the panel: the panel closes and focus moves to the new results.
    await page.keyboard.press('Enter');
    const tops = page.locator('#quick-picks a.cat[data-cat="womens-tops"]');
    await tops.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('cat') === 'womens-tops', { timeout: WAIT_MS });
    await waitForResults();
    assert(!(await page.locator('#sidebar').isVisible()), 'choosing a category closes the panel');
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    assert(focused === 'results-heading', `focus on the results heading, not ${focused}`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('the first row\'s pictures load at once, the first with high priority, over https', async () => {
    // Pictures answered by the test (a 1x1 PNG) instead of failing, so their attributes stay.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=', 'base64');
    const pictures = [];
    const outsideImage = (url) => url.origin !== base;
    await page.route(outsideImage, (route) => {
      if (route.request().resourceType() !== 'image') return route.fallback();
      pictures.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: png });
    });
    await page.goto(`${base}/?cat=dresses&fts=blue`, { timeout: WAIT_MS });
    await waitForResults();
    await page.waitForFunction(() => document.querySelectorAll('#grid .card-media.has-image').length >= 4, null, { timeout: WAIT_MS });
    // One entry per card, in page order; a card whose product has no picture has no <img>.
    const cards = await page.locator('#grid .card').evaluateAll((els) => els.map((card) => {
      const el = card.querySelector('img');
      return el && { loading: el.getAttribute('loading'), priority: el.getAttribute('fetchpriority'), src: el.getAttribute('src') || el.dataset.src };
    }));
    const imgs = cards.filter(Boolean);
    assert(imgs.length >= 5, `${imgs.length} pictures`);
    const row = cards.slice(0, 4).filter(Boolean);
    assert(row.length > 0 && row.every((i) => i.loading === 'eager'), `the first row (four cards at 1280 px) is eager: ${JSON.stringify(cards.slice(0, 4))}`);
    assert(cards.slice(4).filter(Boolean).every((i) => i.loading === 'lazy'), 'the rest are lazy');
    assert(imgs.filter((i) => i.priority === 'high').length === (cards[0] ? 1 : 0) && (!cards[0] || cards[0].priority === 'high'),
      'only the first card\'s picture has fetchpriority=high');
    assert(imgs.every((i) => i.src.startsWith('https://')), `over https: ${imgs[0].src}`);
    assert(pictures.length >= 4 && pictures.every((u) => u.startsWith('https://')), `asked for: ${pictures.slice(0, 2)}`);
    await page.unroute(outsideImage);
  });

  await check('axe-core found no violation in any state', async () => {
    const bad = axeStates.filter((s) => s.violations.length);
    assert(axeStates.length >= 12, `${axeStates.length} states checked`);
    assert(!bad.length, bad.map((s) => `${s.state}: ${s.violations.map((v) => v.id).join(', ')}`).join('; '));
    console.log(`# axe: ${axeStates.length} states, ${axeStates.map((s) => s.state).join(', ')}`);
  });

  await check('only the SSS server was contacted, with no CSP violation or script error', async () => {
    assert(!outside.length, `outside requests: ${outside.slice(0, 5).join(', ')}`);
    assert(!cspErrors.length, `CSP: ${cspErrors.slice(0, 3).join(' | ')}`);
    assert(!pageErrors.length, `page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
  });
}

// --- the browser -----------------------------------------------------------------------------

async function startBrowser(base) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sss-web-test-'));
  cleanups.push(() => fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: true,
    timeout: WAIT_MS * 3,
    // Signals are ours (below): close the browser, stop the daemon, then exit.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1280, height: 800 },
    args: BROWSER_FLAGS,
  });
  cleanups.push(() => context.close().catch(() => {}));
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);

  // Product images live on a CDN: fail them at once (as offline). Anything else outside is a bug.
  const outside = [];
  await context.route((url) => url.origin !== base, (route) => {
    if (route.request().resourceType() !== 'image') outside.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  // Serve the page under the stack's strict CSP, so an inline script or style would show up.
  await context.route((url) => url.origin === base && url.pathname === '/', async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: {
        ...response.headers(),
        'content-security-policy': "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'",
      },
    });
  });
  const cspErrors = [];
  const pageErrors = [];
  context.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
  context.on('weberror', (err) => pageErrors.push(err.error().message));
  return { context, outside, cspErrors, pageErrors };
}

// --- helpers ---------------------------------------------------------------------------------

async function waitForResults() {
  // main.js sets body[data-shown] to the query string of the view it finished drawing.
  await page.waitForFunction(() => document.body.dataset.shown === location.search, null, { timeout: WAIT_MS });
}

// The choices of a facet on screen with their counts: [{ id, name, count }], in order.
async function facetCounts(key) {
  return page.locator(`#facet-${key} .facet-option`).evaluateAll((labels) => labels.filter((l) => l.querySelector('.facet-count')).map((l) => ({
    id: l.querySelector('input').value,
    name: l.querySelector('.facet-name').textContent,
    count: Number(l.querySelector('.facet-count').textContent.replace(/,/g, '')),
  })));
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function waitForCounts() {
  await page.waitForFunction(() => !document.getElementById('facet-groups').hasAttribute('aria-busy')
    && document.querySelector('#facet-brand .facet-option'), null, { timeout: WAIT_MS });
}

// Counts the page's requests to /api/v1/products, /api/v1/facets and /api/v1/suggest from now on.
function countRequests() {
  const seen = { products: 0, facets: 0, suggest: 0 };
  const listener = (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === '/api/v1/products') seen.products++;
    if (pathname === '/api/v1/facets') seen.facets++;
    if (pathname === '/api/v1/suggest') seen.suggest++;
  };
  page.on('request', listener);
  return { products: () => seen.products, facets: () => seen.facets, suggest: () => seen.suggest, stop: () => page.off('request', listener) };
}

const cacheStatus = () => page.locator('#status').getAttribute('data-cache');

async function total() {
  const info = await page.locator('.pager-info').innerText({ timeout: WAIT_MS });
  return Number(info.split(' of ')[1].replace(/,/g, ''));
}

async function shot(name) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), timeout: WAIT_MS });
}

// axe-core on the page as it is now; a violation fails the check that asked (and is listed).
async function accessible(state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })));
  axeStates.push({ state, violations });
  assert(!violations.length, `axe in ${state}: ${violations.map((v) => `${v.id} (${v.impact}) at ${v.nodes.join(' | ')}`).join('; ')}`);
}

async function check(name, fn) {
  if (cleanup.started) return;
  const started = Date.now();
  try {
    await fn();
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(err.stack || err).split('\n').slice(0, 4).join('\n  ')}`);
    if (page) await shot(`failed-${failures}`).catch(() => {});
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(`expected: ${message}`);
}

// Runs once, however many times it is called (the end of the run, a signal, the watchdog).
const cleanup = cleanerFor(cleanups);

const watchdog = guardRun(cleanup, TOTAL_MS, 'the run');

const started = Date.now();
try {
  await main();
} catch (err) {
  failures++;
  console.log(`not ok - setup: ${err.message}`);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
console.log(`# ${failures ? `${failures} failed` : 'all passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
process.exit(failures ? 1 : 0);
