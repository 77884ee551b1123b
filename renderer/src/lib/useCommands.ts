import { useEffect, useEffectEvent } from 'react';
import { COMMAND_EVENT, isCommand, type Command } from '../../../shared/commands';
import { commandForKey, commandForMouseButton } from './shortcuts';

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', 'password', 'number', 'tel']);

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName === 'INPUT') return TEXT_INPUT_TYPES.has((target as HTMLInputElement).type);
  // Monaco's hidden textarea is caught above; its other parts still take plain keys as navigation.
  return target.closest('.monaco-editor') !== null;
}

/** Runs `onCommand` for keyboard shortcuts and for commands the Electron menu sends. */
export function useCommands(onCommand: (command: Command) => void): void {
  const handle = useEffectEvent(onCommand);
  useEffect(() => {
    const mac = /Mac|iPhone|iPad/.test(navigator.platform);
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const command = commandForKey(
        {
          key: e.key,
          code: e.code,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          shiftKey: e.shiftKey,
          inTextField: inTextField(e.target),
          // The desktop app (the preload bridge) owns every key; a browser tab shares some with the browser.
          ...(window.lens ? {} : { focusInApp: document.activeElement !== null && document.activeElement !== document.body }),
        },
        mac,
      );
      if (!command) return;
      e.preventDefault();
      handle(command);
    };
    // Chromium's mouse back/forward buttons walk the history in a browser tab, not in Electron.
    const onMouseUp = (e: MouseEvent) => {
      const command = commandForMouseButton(e.button, window.lens !== undefined);
      if (!command) return;
      e.preventDefault();
      handle(command);
    };
    const onMenu = (e: Event) => {
      const detail = (e as CustomEvent<unknown>).detail;
      if (isCommand(detail)) handle(detail);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('mouseup', onMouseUp);
    window.addEventListener(COMMAND_EVENT, onMenu);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('mouseup', onMouseUp);
      window.removeEventListener(COMMAND_EVENT, onMenu);
    };
  }, []);
}
