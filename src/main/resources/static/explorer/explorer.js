// The ledger explorer: the node's status, the model's history, proposals with their votes, the
// newest blocks with their proof of work, and a verify button. It polls the node's status and
// redraws when the chain's head changes, so new blocks appear without a reload.

import * as api from './ledger-api.js';
import { badge, el, fact, hash, replaceChildren, time } from './elements.js';
import { drawModelHistory } from './model-plot.js';

const REFRESH_MS = 2000;
const BLOCKS_SHOWN = 50;
const PROPOSALS_SHOWN = 50;
const MODEL_ROWS_SHOWN = 50;

const $ = (id) => document.getElementById(id);

/** Blocks never change once mined, so a block's full records are fetched once. */
const blockDetails = new Map();
/** Blocks whose records the user opened; they stay open across refreshes. */
const openBlocks = new Set();
let shownHead = null;

async function refresh() {
  try {
    const status = await api.status();
    renderStatus(status);
    if (status.blockchain.head_hash !== shownHead) {
      const drawn = await Promise.all([
        section('chain-error', () => renderChain(status)),
        section('proposals-error', () => renderProposals()),
        section('model-error', () => renderModel(status)),
      ]);
      // A section that failed is retried on the next poll, even if the head has not moved.
      if (drawn.every(Boolean)) {
        shownHead = status.blockchain.head_hash;
        // Tests and scripts wait on this: the page now shows the chain up to this head.
        document.body.dataset.headHash = shownHead;
        document.body.dataset.chainLength = String(status.blockchain.chain_length);
      }
      markVerdictStale(status.blockchain.chain_length);
    }
    setLive('live', `live · updated ${new Date().toLocaleTimeString()}`);
  } catch (e) {
    setLive('offline', `node unreachable, retrying: ${e.message}`);
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

/**
 * Runs one section's redraw; a failure shows in that section only and leaves the others drawn.
 * Returns whether the section is now up to date.
 */
async function section(errorId, draw) {
  const error = $(errorId);
  try {
    await draw();
    error.hidden = true;
    return true;
  } catch (e) {
    error.textContent = `Could not load: ${e.message}`;
    error.hidden = false;
    return false;
  }
}

function setLive(state, text) {
  const live = $('live');
  live.dataset.state = state;
  live.textContent = text;
}

function renderStatus(status) {
  const chain = status.blockchain;
  const stats = status.decentralized_stats;
  const validity = chain.is_valid ? badge('valid', 'ok') : badge('INVALID', 'bad');
  // is_valid is the last full check's verdict; say when it ran and which blocks came after it.
  const since = chain.unchecked_blocks > 0 ? `, ${chain.unchecked_blocks} newer block${chain.unchecked_blocks === 1 ? '' : 's'} not re-verified (GET /verify checks now)` : '';
  const checked = chain.checked_at
    ? el('span', { cls: 'muted', attrs: { id: 'checked-at' } }, ' checked ', time(chain.checked_at), ` over ${chain.checked_blocks} blocks${since}`)
    : null;
  const mode = status.signatures_required
    ? `${status.validators_required} of ${status.validator_count} signed approvals`
    : `open mode, ${status.validators_required} approval${status.validators_required === 1 ? '' : 's'}, unsigned votes`;
  replaceChildren($('status'),
    ...fact('blocks', el('strong', { text: chain.chain_length, attrs: { id: 'chain-length' } })),
    ...fact('records', String(chain.total_records)),
    ...fact('head', hash(chain.head_hash)),
    ...fact('ledger', validity, checked,
      chain.invalid_reason ? el('span', { cls: 'error', text: ' ' + chain.invalid_reason }) : null),
    ...fact('difficulty', `${chain.difficulty} bits`),
    ...fact('consensus', mode),
    ...fact('proposals', `${stats.total_proposals} (${stats.applied_updates} applied)`),
    ...fact('votes', `${stats.total_approvals} approvals, ${stats.total_rejections} rejections`));
}

async function renderModel(status) {
  const model = status.model;
  const states = await api.modelHistory();
  replaceChildren($('model'),
    ...fact('name', model.name),
    ...fact('training steps', String(model.training_steps)),
    ...fact('vocabulary', `${model.vocab_size} words × ${model.dimensions} dimensions`),
    ...fact('model hash', el('code', { cls: 'hash full', text: model.model_hash, attrs: { id: 'model-hash' } })));
  drawModelHistory($('model-plot'), states, status.blockchain.chain_length - 1);
  const rows = states.slice(-MODEL_ROWS_SHOWN).reverse().map((s) => el('tr', { attrs: { 'data-block': s.block_index } },
    el('td', { text: s.block_index }),
    el('td', {}, time(s.timestamp)),
    el('td', { text: s.training_steps }),
    el('td', { text: s.vocab_size }),
    el('td', {}, el('code', { cls: 'hash full', text: s.model_hash })),
    el('td', {}, s.proposal_hash ? hash(s.proposal_hash) : el('span', { cls: 'muted', text: 'base model' }))));
  replaceChildren($('model-history').tBodies[0], ...rows);
}

async function renderProposals() {
  const { proposals, total } = await api.newestProposals(PROPOSALS_SHOWN);
  $('proposals-note').textContent = total > proposals.length ? `newest ${proposals.length} of ${total}` : `${total}`;
  replaceChildren($('proposals'), ...(proposals.length
    ? proposals.map(proposalCard)
    : [el('p', { cls: 'muted', text: 'No proposals yet.' })]));
}

/** A training batch or a governance change, with its state, tally and votes. */
function proposalCard(p) {
  const governance = p.kind === 'governance';
  return el('article', {
    cls: `proposal ${p.kind} ${p.state}`,
    attrs: { 'data-proposal-hash': p.proposal_hash, 'data-state': p.state, 'data-kind': p.kind },
  },
  el('header', {},
    badge(p.state, p.state),
    ' ',
    governance ? el('span', { cls: 'kind', text: 'governance' }) : null,
    governance ? ' ' : null,
    hash(p.proposal_hash),
    el('span', { cls: 'tally', text: `${p.approvals} of ${p.approvals_required} approvals, ${p.rejections} rejection${p.rejections === 1 ? '' : 's'}` })),
  ...(governance ? governanceBody(p) : trainingBody(p)),
  p.votes.length
    ? el('table', { cls: 'votes' },
      el('tbody', {}, ...p.votes.map((v) => el('tr', { cls: 'vote ' + v.vote },
        el('td', { cls: 'validator', text: v.validator_id }),
        el('td', {}, badge(v.vote, v.vote === 'approve' ? 'ok' : 'bad')),
        el('td', { text: `block ${v.block_index}` }),
        el('td', {}, time(v.timestamp))))))
    : el('p', { cls: 'muted', text: 'No votes yet.' }));
}

function trainingBody(p) {
  const content = p.proposal;
  return [
    el('p', { cls: 'meta' },
      `proposed in block ${p.proposed_in_block} · learning rate ${content.learning_rate} · on model `,
      hash(content.model_hash_before),
      content.allow_rebase ? ' · may rebase' : ''),
    p.applied_in_block === null ? null
      : el('p', {}, `applied in block ${p.applied_in_block} → model `, hash(p.model_hash_after)),
    el('ol', { cls: 'texts' }, ...content.texts.map((t) => el('li', { text: t }))),
  ];
}

/** A governance change has no texts and no model: it says what it changes in the validators or the policy. */
function governanceBody(p) {
  return [
    el('p', { cls: 'meta', text: `proposed in block ${p.proposed_in_block} · governance change` }),
    p.applied_in_block === null ? null
      : el('p', { text: `applied in block ${p.applied_in_block} → in force from block ${p.applied_in_block + 1}` }),
    el('p', { cls: 'change' }, ...describeChange(p.proposal)),
  ];
}

/** The change in words; each value goes in as text, never as markup. */
function describeChange(change) {
  const value = (v) => el('code', { text: v });
  switch (change.action) {
    case 'add_validator':
      return ['add validator ', value(change.validator_id), ` with weight ${change.weight}`,
        ...(change.public_key ? [' and key ', hash(change.public_key)] : [])];
    case 'remove_validator':
      return ['remove validator ', value(change.validator_id)];
    case 'set_weight':
      return ['set the weight of ', value(change.validator_id), ` to ${change.weight}`];
    case 'set_policy':
      return ['set the approval policy to ', value(change.policy)];
    default:
      return [`${change.action}: `, value(JSON.stringify(change))];
  }
}

async function renderChain(status) {
  const length = status.blockchain.chain_length;
  const blocks = await api.newestBlocks(length, BLOCKS_SHOWN);
  $('chain-note').textContent = length > blocks.length ? `newest ${blocks.length} of ${length} blocks` : `${length} blocks`;
  const rows = [];
  for (const b of blocks) {
    rows.push(blockRow(b));
    if (openBlocks.has(b.index)) {
      rows.push(await recordsRow(b.index));
    }
  }
  replaceChildren($('blocks').tBodies[0], ...rows);
}

function blockRow(b) {
  const types = el('button', {
    cls: 'records-toggle', text: `${b.record_count} record${b.record_count === 1 ? '' : 's'} ▸`,
    attrs: { type: 'button', 'aria-expanded': openBlocks.has(b.index) },
  });
  types.addEventListener('click', () => toggleBlock(b.index));
  const kinds = el('ul', { cls: 'record-types' }, ...b.records.map((r) => el('li', { cls: r.type, text: r.type, title: r.record_hash })));
  return el('tr', { cls: 'block', attrs: { 'data-block-index': b.index, 'data-hash': b.hash } },
    el('td', { cls: 'index', text: b.index }),
    el('td', {}, time(b.timestamp)),
    el('td', {}, types, kinds),
    el('td', { cls: 'pow' },
      el('span', { text: `${b.difficulty} zero bits` }), el('br'),
      el('span', { cls: 'muted', text: `nonce ${b.nonce}` })),
    el('td', {}, powHash(b.hash, b.difficulty)),
    el('td', {}, hash(b.previous_hash)));
}

/** The block hash with its leading zero hex digits set apart: what the proof of work bought. */
function powHash(blockHash, difficulty) {
  const zeros = Math.floor(difficulty / 4);
  return el('code', { cls: 'hash', title: blockHash, attrs: { 'data-hash': blockHash } },
    el('span', { cls: 'pow-zeros', text: blockHash.slice(0, zeros) }),
    blockHash.slice(zeros, 16) + '…');
}

async function toggleBlock(index) {
  if (openBlocks.has(index)) {
    openBlocks.delete(index);
  } else {
    openBlocks.add(index);
  }
  const status = await api.status();
  await section('chain-error', () => renderChain(status));
}

async function recordsRow(index) {
  if (!blockDetails.has(index)) {
    blockDetails.set(index, await api.block(index));
  }
  const full = blockDetails.get(index);
  return el('tr', { cls: 'records', attrs: { 'data-records-of': index } },
    el('td', { attrs: { colspan: 6 } },
      el('p', { cls: 'meta' }, 'Merkle root ', hash(full.merkle_root)),
      ...full.records.map((r) => el('details', { cls: 'record', attrs: { 'data-record-hash': r.record_hash } },
        el('summary', {}, el('span', { cls: 'type', text: r.type }), ' ', hash(r.record_hash)),
        el('pre', { text: JSON.stringify(r, null, 2) })))));
}

async function runVerify() {
  const button = $('verify-button');
  const result = $('verify-result');
  button.disabled = true;
  result.hidden = false;
  result.dataset.state = 'running';
  replaceChildren(result, el('p', { text: 'Verifying…' }));
  try {
    const report = await api.verify();
    result.dataset.state = report.valid ? 'valid' : 'invalid';
    result.dataset.blocksChecked = String(report.blocks_checked);
    replaceChildren(result,
      el('p', { cls: 'headline' }, badge(report.valid ? 'VALID' : 'INVALID', report.valid ? 'ok' : 'bad'),
        ` ${report.blocks_checked} blocks, ${report.records_checked} records and ${report.updates_replayed} updates checked at `,
        time(report.checked_at)),
      el('dl', { cls: 'facts' },
        ...fact('replayed model', el('code', { cls: 'hash full', text: report.replayed_model_hash || '—' })),
        ...fact('live model', el('code', { cls: 'hash full', text: report.live_model_hash || '—' }))),
      report.failure ? failure(report.failure) : null,
      el('p', { cls: 'stale muted', attrs: { hidden: '' } }));
  } catch (e) {
    result.dataset.state = 'error';
    replaceChildren(result, el('p', { cls: 'error', text: `Verification could not run: ${e.message}` }));
  } finally {
    button.disabled = false;
  }
}

function failure(f) {
  const where = f.record_index === null ? `block ${f.block_index}` : `block ${f.block_index}, record ${f.record_index}`;
  return el('div', { cls: 'failure' },
    el('p', { text: `${where}: ${f.check}: ${f.message}` }),
    el('p', { cls: 'meta', text: `computed ${f.computed}, expected ${f.expected}` }));
}

/** A verdict covers the blocks it checked; say so once the chain has grown past them. */
function markVerdictStale(chainLength) {
  const result = $('verify-result');
  const checked = Number(result.dataset.blocksChecked);
  const note = result.querySelector('.stale');
  if (note && checked && chainLength > checked) {
    note.textContent = `The chain has grown to ${chainLength} blocks since; verify again to check the new ones.`;
    note.hidden = false;
  }
}

$('verify-button').addEventListener('click', runVerify);
refresh();
