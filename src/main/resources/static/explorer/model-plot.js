// The model's history as an inline SVG step plot: vocabulary size (left axis) and training steps
// (right axis) against the block index. Drawn by hand because the page loads nothing from outside.

import { svg, replaceChildren } from './elements.js';

const WIDTH = 760;
const HEIGHT = 280;
const MARGIN = { left: 64, right: 64, top: 24, bottom: 44 };
/** Beyond this many updates the dots and hash labels would only smudge the lines. */
const MAX_DOTS = 300;
const MAX_HASH_LABELS = 8;

/**
 * Whole-number ticks covering {@code min}..{@code max}: steps of 1, 2 or 5 times a power of ten,
 * from the last step at or below {@code min} to the first at or above {@code max}.
 */
export function ticks(min, max, count = 5) {
  const raw = Math.max(max - min, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, Math.round([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)));
  const values = [Math.floor(min / step) * step];
  while (values[values.length - 1] < max || values.length < 2) {
    values.push(values[values.length - 1] + step);
  }
  return values;
}

/**
 * Draws {@code states} (the base model first, then the model after each update, oldest first)
 * into {@code plot}, with the x axis running to {@code headIndex}, the chain's newest block.
 */
export function drawModelHistory(plot, states, headIndex) {
  const lastBlock = Math.max(headIndex, states[states.length - 1].block_index, 1);
  const vocab = states.map((s) => s.vocab_size);
  // The vocabulary axis starts near the base model's size: from 0, the growth would be a flat line.
  const vocabTicks = ticks(Math.min(...vocab), Math.max(...vocab));
  const stepTicks = ticks(0, Math.max(...states.map((s) => s.training_steps)));
  const blockTicks = ticks(0, lastBlock, 8);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xMax = Math.max(lastBlock, blockTicks[blockTicks.length - 1]);
  const x = (block) => MARGIN.left + (block / xMax) * plotWidth;
  const scale = (axis) => (v) => MARGIN.top + plotHeight
    - ((v - axis[0]) / (axis[axis.length - 1] - axis[0])) * plotHeight;
  const yVocab = scale(vocabTicks);
  const ySteps = scale(stepTicks);
  const bottom = MARGIN.top + plotHeight;

  const grid = svg('g', { cls: 'grid-lines' },
    ...vocabTicks.map((v) => svg('line', { attrs: { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: yVocab(v), y2: yVocab(v) } })));
  const axes = svg('g', { cls: 'axes' },
    svg('line', { attrs: { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: bottom, y2: bottom } }),
    ...blockTicks.map((b) => svg('text', { text: b, attrs: { x: x(b), y: bottom + 16, 'text-anchor': 'middle' } })),
    svg('text', { text: 'block', attrs: { x: MARGIN.left + plotWidth / 2, y: HEIGHT - 6, 'text-anchor': 'middle' } }),
    ...vocabTicks.map((v) => svg('text', { cls: 'vocab', text: v, attrs: { x: MARGIN.left - 8, y: yVocab(v) + 4, 'text-anchor': 'end' } })),
    ...stepTicks.map((v) => svg('text', { cls: 'steps', text: v, attrs: { x: WIDTH - MARGIN.right + 8, y: ySteps(v) + 4 } })));

  const dots = states.length <= MAX_DOTS;
  const updates = states.slice(1);
  replaceChildren(plot,
    grid,
    axes,
    svg('path', { cls: 'line steps', attrs: { d: stepPath(states, x, (s) => ySteps(s.training_steps), x(lastBlock)) } }),
    svg('path', { cls: 'line vocab', attrs: { d: stepPath(states, x, (s) => yVocab(s.vocab_size), x(lastBlock)) } }),
    dots ? svg('g', { cls: 'points steps' }, ...states.map((s) => point(s, x(s.block_index), ySteps(s.training_steps)))) : null,
    dots ? svg('g', { cls: 'points vocab' }, ...states.map((s) => point(s, x(s.block_index), yVocab(s.vocab_size)))) : null,
    updates.length <= MAX_HASH_LABELS
      ? svg('g', { cls: 'hash-labels' }, ...updates.map((s) => hashLabel(s, x(s.block_index), yVocab(s.vocab_size))))
      : null);
  plot.dataset.points = String(states.length);
}

/** A step line: each state holds from its block until the next state's, the last one until {@code endX}. */
function stepPath(states, x, y, endX) {
  let d = `M ${x(states[0].block_index)} ${y(states[0])}`;
  for (const state of states.slice(1)) {
    d += ` H ${x(state.block_index)} V ${y(state)}`;
  }
  return d + ` H ${endX}`;
}

function point(state, cx, cy) {
  const what = state.proposal_hash ? 'update' : 'base model';
  return svg('circle', { attrs: { cx, cy, r: 4, 'data-block': state.block_index } },
    svg('title', { text: `block ${state.block_index} (${what}): ${state.vocab_size} words, `
      + `${state.training_steps} training steps, model ${state.model_hash}` }));
}

/** The first 8 hex digits of the model hash after an update, slanted above its dot. */
function hashLabel(state, px, py) {
  return svg('text', {
    text: state.model_hash.slice(0, 8),
    attrs: { x: px + 4, y: py - 8, transform: `rotate(-28 ${px + 4} ${py - 8})`, 'data-hash': state.model_hash },
  });
}
