import { describe, expect, it } from 'vitest';
import { treeKeyAction, visibleItems, type TreeShape } from './treeKeys';

const node = (id: string, ...children: TreeShape[]): TreeShape => ({ id, children });
// index → [sig, amd64 → [att → [layer]], arm64]
const roots = [node('index', node('sig'), node('amd64', node('att', node('layer'))), node('arm64'))];
const all = new Set(['index', 'amd64', 'att']);

describe('visibleItems', () => {
  it('every item of open parents, in reading order', () => {
    expect(visibleItems(roots, all).map((v) => v.item.id)).toEqual(['index', 'sig', 'amd64', 'att', 'layer', 'arm64']);
  });
  it('a closed item hides its descendants', () => {
    expect(visibleItems(roots, new Set(['index'])).map((v) => v.item.id)).toEqual(['index', 'sig', 'amd64', 'arm64']);
  });
});

describe('treeKeyAction', () => {
  it.each<[string, string, ReadonlySet<string>, ReturnType<typeof treeKeyAction>]>([
    ['ArrowDown', 'att', all, { focus: 'layer' }],
    ['ArrowDown', 'arm64', all, null],
    ['ArrowUp', 'arm64', all, { focus: 'layer' }],
    ['ArrowUp', 'arm64', new Set(['index']), { focus: 'amd64' }],
    ['ArrowRight', 'amd64', new Set(['index']), { open: 'amd64' }],
    ['ArrowRight', 'amd64', all, { focus: 'att' }],
    ['ArrowRight', 'sig', all, null],
    ['ArrowLeft', 'amd64', all, { close: 'amd64' }],
    ['ArrowLeft', 'layer', all, { focus: 'att' }],
    ['ArrowLeft', 'index', new Set<string>(), null],
    ['Home', 'layer', all, { focus: 'index' }],
    ['End', 'sig', all, { focus: 'arm64' }],
    ['Enter', 'att', all, { close: 'att' }],
    ['Enter', 'att', new Set(['index', 'amd64']), { open: 'att' }],
    ['Enter', 'sig', all, null],
    ['a', 'sig', all, null],
  ])('%s on %s', (key, current, expanded, action) => {
    expect(treeKeyAction(key, roots, expanded, current)).toEqual(action);
  });
  it('focus lost (the item gone with a new answer) comes back to the first item', () => {
    expect(treeKeyAction('ArrowDown', roots, all, 'gone')).toEqual({ focus: 'index' });
  });
});
