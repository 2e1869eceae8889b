// Building DOM nodes from ledger data. Every text goes in through textContent or an attribute and
// is never parsed as markup: proposal texts and validator ids are user input.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An element with optional text, class, title and attributes, and children appended in order
 * (strings become text nodes; null and undefined are skipped).
 */
export function el(tag, options = {}, ...children) {
  return fill(document.createElement(tag), options, children);
}

/** The same for SVG elements. */
export function svg(tag, options = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), options, children);
}

function fill(node, { text, cls, title, attrs } = {}, children) {
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (cls) {
    node.setAttribute('class', cls);
  }
  if (title) {
    node.setAttribute('title', title);
  }
  for (const [name, value] of Object.entries(attrs || {})) {
    node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return node;
}

/** Replaces all children of {@code node}. */
export function replaceChildren(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined));
}

/** The first 12 hex digits, with the full hash as the tooltip and in data-hash for copying. */
export function hash(fullHash, cls = 'hash') {
  if (!fullHash) {
    return el('span', { cls: 'muted', text: '—' });
  }
  return el('code', { cls, text: fullHash.slice(0, 12) + '…', title: fullHash, attrs: { 'data-hash': fullHash } });
}

/** A term and its description, for a <dl>. */
export function fact(term, ...description) {
  return [el('dt', { text: term }), el('dd', {}, ...description)];
}

/** A UTC ISO-8601 ledger timestamp shown as "2026-11-25 17:30:02". */
export function time(timestamp) {
  return el('time', { text: timestamp.replace('T', ' ').replace(/(\.\d+)?Z$/, ''), attrs: { datetime: timestamp } });
}

/** A badge for a proposal state or a verdict; the class gives its colour. */
export function badge(text, kind) {
  return el('span', { cls: 'badge ' + kind, text });
}
