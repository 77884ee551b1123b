import { describe, expect, it } from 'vitest';
import { isCommand } from '../../../shared/commands';
import { commandForKey, commandForMouseButton, type KeyInput } from './shortcuts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inTextField: false,
  ...mods,
});

describe('commandForKey', () => {
  it.each<[string, KeyInput, boolean, string | null]>([
    ['Ctrl+L focuses the reference', key('l', { ctrlKey: true }), false, 'focus-reference'],
    ['⌘L on macOS', key('l', { metaKey: true }), true, 'focus-reference'],
    ['Ctrl+L is not the command on macOS', key('l', { ctrlKey: true }), true, null],
    ['Ctrl+Shift+L cycles the theme', key('L', { ctrlKey: true, shiftKey: true }), false, 'theme'],
    ['Ctrl+Enter inspects, even in a text field', key('Enter', { ctrlKey: true, inTextField: true }), false, 'inspect'],
    ['Ctrl+D compares', key('d', { ctrlKey: true }), false, 'compare'],
    ['Alt+3 by code', { ...key('£', { altKey: true }), code: 'Digit3' }, false, 'view:negotiation'],
    ['Alt+6 by key', key('6', { altKey: true }), false, 'view:log'],
    ['Alt+8 by code: the last view, the supply chain', { ...key('8', { altKey: true }), code: 'Digit8' }, false, 'view:supply'],
    ['Alt+9 is nothing', key('9', { altKey: true }), false, null],
    ['/ outside a text field', key('/'), false, 'focus-reference'],
    ['/ typed in a text field stays a slash', key('/', { inTextField: true }), false, null],
    ['? shows the shortcuts', key('?', { shiftKey: true }), false, 'shortcuts'],
    ['a plain letter is nothing', key('x'), false, null],
    ['browser mode, nothing of the app focused: Ctrl+L is the address bar', key('l', { ctrlKey: true, focusInApp: false }), false, null],
    ['browser mode, nothing of the app focused: Ctrl+D is a bookmark', key('d', { ctrlKey: true, focusInApp: false }), false, null],
    ['browser mode, a control focused: Ctrl+L is the app’s', key('l', { ctrlKey: true, focusInApp: true }), false, 'focus-reference'],
    [
      'browser mode, nothing focused: Ctrl+Shift+L is still the theme',
      key('L', { ctrlKey: true, shiftKey: true, focusInApp: false }),
      false,
      'theme',
    ],
    ['desktop: Alt+Left is Back', key('ArrowLeft', { altKey: true }), false, 'back'],
    ['desktop: Alt+Right is Forward', key('ArrowRight', { altKey: true }), false, 'forward'],
    ['desktop: ⌘[ and ⌘] on macOS', key('[', { metaKey: true }), true, 'back'],
    ['desktop: Ctrl+] elsewhere', key(']', { ctrlKey: true }), false, 'forward'],
    ['desktop: Alt+Left in a text field moves the caret', key('ArrowLeft', { altKey: true, inTextField: true }), false, null],
    ['desktop: Alt+Shift+Left selects', key('ArrowLeft', { altKey: true, shiftKey: true }), false, null],
    ['browser mode: Alt+Left is the browser’s own Back', key('ArrowLeft', { altKey: true, focusInApp: true }), false, null],
    ['browser mode: Ctrl+[ is not taken', key('[', { ctrlKey: true, focusInApp: false }), false, null],
  ])('%s', (_name, input, mac, command) => {
    expect(commandForKey(input, mac)).toBe(command);
  });
});

describe('commandForMouseButton', () => {
  it('takes the side buttons in the desktop app only, where Chromium does not walk the history', () => {
    expect([0, 1, 2, 3, 4].map((b) => commandForMouseButton(b, true))).toEqual([null, null, null, 'back', 'forward']);
    expect([3, 4].map((b) => commandForMouseButton(b, false))).toEqual([null, null]);
  });
});

describe('isCommand', () => {
  it('accepts the commands the menu may send and nothing else', () => {
    expect(isCommand('view:diff')).toBe(true);
    expect(isCommand('theme')).toBe(true);
    expect(isCommand('rm -rf')).toBe(false);
    expect(isCommand(42)).toBe(false);
  });
});
