// The node's JSON endpoints, as the explorer reads them. Same origin: the page is served by the node.

/** Thrown for a refusal: carries the RFC 9457 problem's detail when the node sent one. */
export class NodeError extends Error {
  constructor(path, status, detail) {
    super(`${path}: HTTP ${status}${detail ? ': ' + detail : ''}`);
    this.status = status;
  }
}

/** GET {@code path} and its JSON body; throws NodeError for any status but 200. */
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    let detail = '';
    try {
      detail = (await response.json()).detail || '';
    } catch (notJson) {
      detail = response.statusText;
    }
    throw new NodeError(path, response.status, detail);
  }
  return response.json();
}

/** Largest page the list endpoints serve. */
const MAX_PAGE = 1000;

/** The base model and every applied update, oldest first, reading as many pages as it takes. */
export async function modelHistory() {
  const first = await getJson(`/model/history?page=0&size=${MAX_PAGE}`);
  const updates = [...first.updates];
  for (let page = 1; updates.length < first.total_updates; page++) {
    const next = await getJson(`/model/history?page=${page}&size=${MAX_PAGE}`);
    if (next.updates.length === 0) {
      break;
    }
    updates.push(...next.updates);
  }
  return [first.genesis, ...updates];
}

/** The newest {@code count} blocks, newest first, each with its records' hashes and types. */
export async function newestBlocks(chainLength, count) {
  const from = Math.max(0, chainLength - count);
  const answer = await getJson(`/blocks?from=${from}&size=${count}`);
  return answer.blocks.reverse();
}

/** One block with its records in full. Blocks never change, so callers may keep the answer. */
export function block(index) {
  return getJson(`/blocks/${encodeURIComponent(index)}`);
}

/**
 * The newest {@code count} proposals, training and governance, newest first, and how many the
 * ledger holds ({@code total}). The first page says the total; the newest ones are on the last
 * two pages of that size.
 */
export async function newestProposals(count) {
  const first = await getJson(`/decentralized/proposals?page=0&size=${count}`);
  const total = first.total_proposals;
  const lastPage = Math.max(0, Math.floor((total - 1) / count));
  const pages = [lastPage - 1, lastPage].filter((p) => p > 0);
  const answers = await Promise.all(pages.map((p) => getJson(`/decentralized/proposals?page=${p}&size=${count}`)));
  const proposals = (lastPage <= 1 ? [first, ...answers] : answers).flatMap((a) => a.proposals);
  return { proposals: proposals.slice(-count).reverse(), total };
}

export function status() {
  return getJson('/decentralized/status');
}

export function verify() {
  return getJson('/verify');
}
